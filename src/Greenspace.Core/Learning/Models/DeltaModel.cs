using System.Text;

namespace Greenspace.Learning.Models;

/// <summary>
/// Delta-learning (Ramakrishnan, Dral, Rupp and von Lilienfeld, J. Chem. Theory Comput. 11, 2087 (2015)): a kernel
/// model of the difference between a target fidelity and a cheap baseline computed at every molecule, trained and
/// predicting with any representation and kernel. A prediction is baseline + offsets + correction, and its sigma is
/// the correction's Gaussian-process sigma (the baseline is a computed number, not a guess).
/// </summary>
/// <remarks>
/// The two fidelities are put on one scale either by their own zeros (atomization energies from free atoms at each
/// level) or by per-element offsets fitted by least squares on the training molecules' element counts, which bridge
/// any zeros and take the extensive part out of the difference; <see cref="Describe"/> says which. With a baseline of
/// zero and no offsets the model is plain kernel ridge regression on the target.
/// </remarks>
public sealed class DeltaModel
{
    private DeltaModel(Fidelity target, Fidelity baseline, ElementOffsets offsets, KernelRidgeModel correction, string hyperparameterChoice)
    {
        Target = target;
        Baseline = baseline;
        Offsets = offsets;
        Correction = correction;
        HyperparameterChoice = hyperparameterChoice;
    }

    public Fidelity Target { get; }
    public Fidelity Baseline { get; }

    /// <summary>Per-element offsets of target minus baseline, or <see cref="ElementOffsets.None"/>.</summary>
    public ElementOffsets Offsets { get; }

    /// <summary>The kernel model of target - baseline - offsets.</summary>
    public KernelRidgeModel Correction { get; }

    /// <summary>How the correction's hyperparameters were chosen.</summary>
    public string HyperparameterChoice { get; }

    public int TrainingCount => Correction.Training.Count;

    /// <summary>Learns <paramref name="target"/> - <paramref name="baseline"/> at <paramref name="molecules"/>.</summary>
    /// <param name="targetLabels">One target label per molecule, in the target fidelity's unit.</param>
    /// <param name="baselineLabels">One baseline label per molecule, in the same unit.</param>
    /// <param name="elementOffsets">Fit per-element offsets of the difference (required when the zeros differ).</param>
    /// <exception cref="LearningInputException">for fidelities on different scales, a missing label or lengths that disagree.</exception>
    public static DeltaModel Fit(MoleculeInputs molecules, Fidelity target, IReadOnlyList<double> targetLabels,
        Fidelity baseline, IReadOnlyList<double> baselineLabels, bool elementOffsets, HyperparameterChoice hyperparameters)
    {
        if (target.ScaleMismatch(baseline, elementOffsets) is { } mismatch)
            throw new LearningInputException($"a Delta model of {target} from {baseline} cannot subtract them: {mismatch}");
        CheckLabels(molecules.Count, targetLabels, target, "training");
        CheckLabels(molecules.Count, baselineLabels, baseline, "training");
        var difference = new double[molecules.Count];
        for (int i = 0; i < difference.Length; i++)
            difference[i] = targetLabels[i] - baselineLabels[i];
        var offsets = elementOffsets ? ElementOffsets.Fit(molecules.Compositions, difference) : ElementOffsets.None;
        for (int i = 0; i < difference.Length; i++)
            difference[i] -= offsets.Of(molecules.Compositions[i]);
        var chosen = hyperparameters.Choose(molecules.Features, difference);
        return new DeltaModel(target, baseline, offsets, KernelRidge.Fit(molecules.Features, difference, chosen), hyperparameters.Describe());
    }

    /// <summary>The target at <paramref name="molecules"/>, from their baseline labels, with the correction's sigma.</summary>
    /// <exception cref="LearningInputException">for a missing baseline label, an element without an offset, or features the model cannot read.</exception>
    public Prediction Predict(MoleculeInputs molecules, IReadOnlyList<double> baselineLabels)
    {
        CheckLabels(molecules.Count, baselineLabels, Baseline, "predicted");
        for (int i = 0; i < molecules.Count; i++)
            if (Offsets.Problem(molecules.Compositions[i]) is { } problem)
                throw new LearningInputException($"the Delta model cannot predict molecule {i} ({molecules.Compositions[i]}): {problem}");
        var correction = Correction.Predict(molecules.Features);
        var mean = new double[molecules.Count];
        for (int i = 0; i < mean.Length; i++)
            mean[i] = baselineLabels[i] + Offsets.Of(molecules.Compositions[i]) + correction.Mean[i];
        return new Prediction(mean, correction.Sigma);
    }

    /// <summary>A few lines for a model card.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"Delta model: {Target} = {Baseline} + offsets + kernel correction, trained on {TrainingCount} molecules");
        text.AppendLine($"  scale: {Target} at {Fidelity.Describe(Target.Zero)}, {Baseline} at {Fidelity.Describe(Baseline.Zero)}; element offsets {Offsets.Describe(Target.Unit)}");
        text.AppendLine($"  correction: {Correction.Hyperparameters}, chosen by {HyperparameterChoice}");
        return text.ToString();
    }

    private static void CheckLabels(int count, IReadOnlyList<double> labels, Fidelity fidelity, string which)
    {
        if (labels.Count != count)
            throw new LearningInputException($"{count} {which} molecules were given {labels.Count} {fidelity} labels; give exactly one per molecule");
        for (int i = 0; i < labels.Count; i++)
            if (!double.IsFinite(labels[i]))
                throw new LearningInputException($"{which} molecule {i} has no {fidelity} label ({labels[i]}); compute it first, a Delta model needs it at every molecule it learns from or predicts");
    }
}
