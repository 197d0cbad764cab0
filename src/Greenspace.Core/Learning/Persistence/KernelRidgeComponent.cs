using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Greenspace.Chemistry;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;
using Greenspace.Learning.Models;

namespace Greenspace.Learning.Persistence;

/// <summary>
/// One kernel ridge / Gaussian-process model with the representation it reads molecules with: everything a
/// prediction needs, saved as it is (training features, α, ȳ, s², the Cholesky factor of K + λI), so that a model
/// read back predicts the same numbers, bit for bit, as the one that was trained.
/// </summary>
public sealed class KernelRidgeComponent : IModelComponent
{
    public const string TypeName = "kernel-ridge";

    private KernelRidgeComponent(RepresentationSpec representation, KernelRidgeModel model, ImmutableSortedSet<int> elements, FeatureDomain domain)
    {
        Representation = representation;
        Model = model;
        Elements = elements;
        Domain = domain;
    }

    public string Type => TypeName;
    public RepresentationSpec Representation { get; }
    public KernelRidgeModel Model { get; }
    public ImmutableSortedSet<int> Elements { get; }
    public FeatureDomain Domain { get; }

    /// <summary>The component of a trained model, with the elements of its training molecules; measures the training set's nearest-neighbour distances.</summary>
    public static KernelRidgeComponent Create(RepresentationSpec representation, KernelRidgeModel model, IEnumerable<Molecule> trainingMolecules) =>
        new(representation, model, trainingMolecules.SelectMany(m => m.AtomicNumbers).ToImmutableSortedSet(),
            NearestNeighbours.Domain(model.Hyperparameters.Kernel, model.Training));

    public string? Problem(Molecule molecule) => Refusal(molecule, Elements, Representation);

    /// <summary>Why a model trained on <paramref name="elements"/> with <paramref name="representation"/> cannot predict <paramref name="molecule"/>, or null.</summary>
    internal static string? Refusal(Molecule molecule, ImmutableSortedSet<int> elements, RepresentationSpec representation)
    {
        foreach (int z in molecule.AtomicNumbers.Distinct().Order())
            if (!elements.Contains(z))
                return $"it contains {Chemistry.Elements.Symbol(z)}, an element the model never saw in training (it knows {string.Join(", ", elements.Select(Chemistry.Elements.Symbol))}); train on molecules with {Chemistry.Elements.Symbol(z)} to predict it";
        return representation.Problem(molecule);
    }

    public ComponentPrediction Predict(IReadOnlyList<Molecule> molecules)
    {
        var features = Representation.Featurise(molecules);
        var prediction = Model.Predict(features);
        var distances = NearestNeighbours.Distances(Model.Hyperparameters.Kernel, features, Model.Training);
        return new ComponentPrediction(prediction.Mean, prediction.Sigma, distances);
    }

    public JsonObject Write(ArrayBlockWriter arrays, string path)
    {
        var h = Model.Hyperparameters;
        var factor = Model.Factor.Storage;
        int n = factor.Rows;
        // The factor lives in the upper triangle of its rows (see CholeskyFactor); only that half is kept.
        var upper = new double[(long)n * (n + 1) / 2];
        for (int i = 0, k = 0; i < n; i++)
        {
            factor.Row(i)[i..].CopyTo(upper.AsSpan(k));
            k += n - i;
        }
        return new JsonObject
        {
            ["type"] = TypeName,
            ["representation"] = Representation.ToJson(),
            ["kernel"] = h.Kernel.Kind.ToString().ToLowerInvariant(),
            ["width"] = h.Kernel.Width,
            ["lambda"] = h.Lambda,
            ["label_mean"] = Model.LabelMean,
            ["signal_variance"] = Model.SignalVariance,
            ["log_marginal_likelihood"] = Model.LogMarginalLikelihood,
            ["elements"] = new JsonArray([.. Elements.Select(z => (JsonNode)z)]),
            ["domain"] = new JsonObject
            {
                ["metric"] = Domain.Metric,
                ["smallest"] = Domain.Smallest,
                ["median"] = Domain.Median,
                ["largest"] = Domain.Largest,
            },
            ["training_features"] = FeatureSetCodec.Write(Model.Training, arrays, $"{path}/training_features"),
            ["alpha"] = arrays.Add($"{path}/alpha", Model.Alpha.AsSpan()),
            ["cholesky_upper_rows"] = arrays.Add($"{path}/cholesky_upper_rows", upper),
        };
    }

    public static KernelRidgeComponent Read(JsonObject node, ArrayBlockReader arrays)
    {
        var representation = RepresentationSpec.FromJson(node.RequiredObject("representation"));
        string kernelName = node.Required<string>("kernel");
        if (!Enum.TryParse<KernelKind>(kernelName, ignoreCase: true, out var kind))
            throw new ModelFormatException($"the model uses the kernel '{kernelName}', which this Greenspace does not know; use a newer Greenspace");
        var hyperparameters = new Hyperparameters(new Kernel(kind, node.Required<double>("width")), node.Required<double>("lambda"));
        var training = FeatureSetCodec.Read(node.RequiredObject("training_features"), arrays);
        var alpha = arrays.Doubles(node.Required<string>("alpha"));
        var upper = arrays.Doubles(node.Required<string>("cholesky_upper_rows"));
        int n = training.Count;
        if (alpha.Length != n || upper.Length != (long)n * (n + 1) / 2)
            throw new ModelFormatException($"the model has {alpha.Length} weights and a factor of {upper.Length} numbers for {n} training molecules; save it again");
        var storage = new Matrix(n, n);
        for (int i = 0, k = 0; i < n; i++)
        {
            upper.AsSpan(k, n - i).CopyTo(storage.Row(i)[i..]);
            k += n - i;
        }
        var model = new KernelRidgeModel(training, hyperparameters, node.Required<double>("label_mean"), alpha,
            node.Required<double>("signal_variance"), node.Required<double>("log_marginal_likelihood"), CholeskyFactor.FromStorage(storage));
        var d = node.RequiredObject("domain");
        var domain = new FeatureDomain(d.Required<string>("metric"), d.Required<double>("smallest"), d.Required<double>("median"), d.Required<double>("largest"));
        var elements = node.RequiredArray("elements").Select(e => e!.GetValue<int>()).ToImmutableSortedSet();
        return new KernelRidgeComponent(representation, model, elements, domain);
    }
}
