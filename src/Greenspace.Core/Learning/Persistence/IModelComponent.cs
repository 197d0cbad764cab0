using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Greenspace.Chemistry;

namespace Greenspace.Learning.Persistence;

/// <summary>
/// The part of a saved model that turns molecules into predictions: today one kernel model
/// (<see cref="KernelRidgeComponent"/>); a Delta or multi-fidelity model is a component made of several
/// (see <see cref="ModelComponents"/> for how such a model joins the format).
/// </summary>
public interface IModelComponent
{
    /// <summary>The "type" member of the component's node in the header ("kernel-ridge").</summary>
    string Type { get; }

    /// <summary>Every element the component saw in training; a molecule with any other gets no prediction.</summary>
    ImmutableSortedSet<int> Elements { get; }

    /// <summary>The nearest-neighbour distances of the training set, against which a new molecule's distance is judged.</summary>
    FeatureDomain Domain { get; }

    /// <summary>Why the component cannot predict <paramref name="molecule"/> (an element it never saw, a molecule its representation cannot take), or null.</summary>
    string? Problem(Molecule molecule);

    /// <summary>Predictions for molecules that all pass <see cref="Problem"/>, with uncalibrated sigmas and each molecule's distance to its nearest training molecule.</summary>
    ComponentPrediction Predict(IReadOnlyList<Molecule> molecules);

    /// <summary>The component's header node; its arrays go into <paramref name="arrays"/> under names that start with <paramref name="path"/>.</summary>
    JsonObject Write(ArrayBlockWriter arrays, string path);
}

/// <summary>Means, uncalibrated sigmas and nearest-training distances, one each per molecule, in the label's unit (distances in the domain's metric).</summary>
public sealed record ComponentPrediction(double[] Mean, double[] Sigma, double[] NearestTrainingDistance);

/// <summary>
/// Reads a component node by its "type". The extension point of the format: a new kind of model writes a node
/// with its own type and its sub-components as nested nodes, each with its own array prefix, and adds its reader
/// here; older readers then refuse it with a sentence instead of misreading it. A Delta model would be, e.g.,
/// <c>{"type": "delta", "baseline": {"label": "E_DFTB_kcalmol", ...}, "correction": {"type": "kernel-ridge", ...}}</c>
/// and a multi-fidelity model <c>{"type": "combination", "terms": [{"coefficient": 1, "component": {...}}, ...],
/// "element_offsets": {"unit": "kcal/mol", "values": [[1, -0.5], ...]}}</c>, with its arrays under
/// "model/terms/0/...", "model/terms/1/..." and so on.
/// </summary>
public static class ModelComponents
{
    /// <exception cref="ModelFormatException">for a type this Greenspace does not know.</exception>
    public static IModelComponent Read(JsonObject node, ArrayBlockReader arrays)
    {
        string type = node.Required<string>("type");
        return type switch
        {
            KernelRidgeComponent.TypeName => KernelRidgeComponent.Read(node, arrays),
            _ => throw new ModelFormatException($"the model is of the type '{type}', which this Greenspace cannot read; use a newer Greenspace"),
        };
    }
}
