using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Greenspace.Chemistry;

namespace Greenspace.Learning.Persistence;

/// <summary>
/// A trained model as a record: the component that predicts (<see cref="IModelComponent"/>) and its
/// <see cref="ModelMetadata"/>, saved as one <see cref="ModelContainer"/> whose JSON header holds
/// <c>"format": "greenspace.model"</c>, <c>"metadata"</c> (every member of <see cref="ModelMetadata"/>, snake_case)
/// and <c>"model"</c> (the component's node, e.g. kernel-ridge: representation with its fitted state, kernel,
/// width, λ, ȳ, s², the training elements and nearest-neighbour distances, and the names of its arrays:
/// training features, α and the Cholesky factor of K + λI).
/// </summary>
public sealed class SavedModel
{
    public const string FormatName = "greenspace.model";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public SavedModel(IModelComponent model, ModelMetadata metadata)
    {
        if (!(metadata.SigmaScale > 0) || !double.IsFinite(metadata.SigmaScale))
            throw new LearningInputException($"a sigma scale must be a positive number, not {metadata.SigmaScale}");
        Model = model;
        Metadata = metadata;
    }

    public IModelComponent Model { get; }
    public ModelMetadata Metadata { get; }

    public SavedModel WithMetadata(ModelMetadata metadata) => new(Model, metadata);

    /// <summary>
    /// Predicts every molecule the model can take; the others get the reason instead. A molecule farther from every
    /// training molecule than any training molecule is from its nearest neighbour is predicted, with a warning.
    /// Sigmas are multiplied by <see cref="ModelMetadata.SigmaScale"/>.
    /// </summary>
    public IReadOnlyList<MoleculePrediction> Predict(IReadOnlyList<Molecule> molecules)
    {
        var results = new MoleculePrediction[molecules.Count];
        var takeable = new List<int>();
        for (int i = 0; i < molecules.Count; i++)
        {
            if (Model.Problem(molecules[i]) is { } problem)
                results[i] = new MoleculePrediction(i, null, null, null, null, problem);
            else
                takeable.Add(i);
        }
        if (takeable.Count > 0)
        {
            var predicted = Model.Predict([.. takeable.Select(i => molecules[i])]);
            var domain = Model.Domain;
            for (int k = 0; k < takeable.Count; k++)
            {
                double distance = predicted.NearestTrainingDistance[k];
                string? warning = distance > domain.Largest
                    ? $"it lies outside the model's domain: its nearest training molecule is {distance:G4} away, beyond the largest nearest-neighbour distance in training ({domain.Largest:G4}, {domain.Metric}); trust this prediction less than its sigma says"
                    : null;
                results[takeable[k]] = new MoleculePrediction(takeable[k], predicted.Mean[k], predicted.Sigma[k] * Metadata.SigmaScale, distance, warning, null);
            }
        }
        return results;
    }

    public byte[] ToBytes()
    {
        var arrays = new ArrayBlockWriter();
        var header = new JsonObject
        {
            ["format"] = FormatName,
            ["metadata"] = JsonSerializer.SerializeToNode(Metadata, Json),
            ["model"] = Model.Write(arrays, "model"),
        };
        return ModelContainer.Write(header, arrays);
    }

    /// <exception cref="ModelFormatException">for bytes that are not a saved model this Greenspace can read.</exception>
    public static SavedModel FromBytes(byte[] bytes, string source)
    {
        var (header, arrays) = ModelContainer.Read(bytes, source);
        if ((header["format"] as JsonValue)?.ToString() != FormatName)
            throw new ModelFormatException($"{source} holds '{header["format"]}', not a {FormatName}; give a model saved by greenspace learn");
        try
        {
            var metadata = header.RequiredObject("metadata").Deserialize<ModelMetadata>(Json)!;
            return new SavedModel(ModelComponents.Read(header.RequiredObject("model"), arrays), metadata);
        }
        catch (ModelFormatException e)
        {
            throw new ModelFormatException($"{source} could not be read: {e.Message}");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new ModelFormatException($"{source} could not be read as a model ({e.Message}); save it again");
        }
    }

    public void Save(string path) => File.WriteAllBytes(path, ToBytes());

    /// <exception cref="ModelFormatException">for a file that is not a saved model this Greenspace can read.</exception>
    public static SavedModel Load(string path) => FromBytes(File.ReadAllBytes(path), path);
}
