using Greenspace.Learning.Calibration;

namespace Greenspace.Learning.Persistence;

/// <summary>What a model predicts: the label's name as its source wrote it, its unit and zero, the fidelity, and where the labels came from.</summary>
/// <param name="Zero">What a label of 0 means (e.g. "free atoms at the same level: an atomization energy"), or a sentence saying it was not stated.</param>
/// <param name="Fidelity">The level of theory of the labels (e.g. "PBE0/def2-TZVP"), or null when not stated.</param>
public sealed record LabelInfo(string Name, string Unit, string Zero, string? Fidelity, string Source);

/// <summary>
/// The molecules a model was trained on, by content hash (Greenspace's canonical molecule hash: atoms in canonical
/// order, coordinates to 1e-4 angstrom, charge and multiplicity), with the molecules held out to test it.
/// </summary>
/// <param name="LeftOut">Records not used, each with its location and the reason.</param>
public sealed record TrainingSetInfo(
    int Count,
    IReadOnlyList<string> MoleculeHashes,
    IReadOnlyList<string> Elements,
    string Source,
    int TestCount,
    string TestSplit,
    IReadOnlyList<string> LeftOut);

/// <summary>How the hyperparameters were chosen: k-fold cross-validation inside the training set, over a grid of widths and regularisers.</summary>
/// <param name="CrossValidatedMae">The mean absolute error of the chosen point over the held-out folds, in the label's unit.</param>
public sealed record SelectionInfo(
    string Criterion,
    int Folds,
    int Seed,
    IReadOnlyList<double> Widths,
    IReadOnlyList<double> Lambdas,
    string WidthRule,
    double Width,
    double Lambda,
    double CrossValidatedMae);

/// <summary>One point of a learning curve: a model trained on the first N training molecules (hyperparameters chosen by CV inside them), tested on the held-out molecules.</summary>
public sealed record LearningCurvePoint(int TrainingCount, double MeanAbsoluteError, double RootMeanSquareError, double Width, double Lambda, double CrossValidatedMae, double Seconds);

/// <summary>
/// The energy behind a model, from the ledger: its labels' calculations where Greenspace computed them (null with a
/// note where it did not), and its training (one ledger entry of kind 'training').
/// </summary>
public sealed record EnergyInfo(
    double? TrainingLabelsKwh,
    double? TestLabelsKwh,
    string LabelNote,
    double TrainingKwh,
    double TrainingCpuSeconds,
    double TrainingCarbonGco2e,
    string TrainingNote);

/// <summary>
/// Everything said about a saved model besides its numbers: what it predicts, from what data, how its
/// hyperparameters and sigma scale were chosen, how it did on held-out molecules, and what it cost.
/// </summary>
/// <param name="SigmaScale">The factor every predicted sigma is multiplied by, fitted on out-of-fold predictions inside the training set.</param>
/// <param name="HeldOut">Errors and calibration on the held-out test molecules (sigmas scaled), or null without a test set.</param>
public sealed record ModelMetadata(
    string Name,
    DateTimeOffset CreatedAt,
    string CreatorVersion,
    LabelInfo Label,
    TrainingSetInfo Training,
    SelectionInfo Selection,
    double SigmaScale,
    string SigmaScaleSource,
    CalibrationReport? HeldOut,
    IReadOnlyList<LearningCurvePoint> LearningCurve,
    EnergyInfo? Energy,
    IReadOnlyList<string> Notes);
