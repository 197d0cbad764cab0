using System.Globalization;
using System.Text;

namespace Greenspace.Learning.Persistence;

/// <summary>
/// The short Markdown card of a saved model (after Mitchell et al., "Model Cards for Model Reporting", FAT* 2019):
/// what it predicts and on what scale, how it is made and how its hyperparameters were chosen, the data it saw,
/// its error and calibration on held-out molecules, its domain, and the energy behind its labels and its training.
/// </summary>
public static class ModelCard
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Write(SavedModel model)
    {
        var m = model.Metadata;
        var label = m.Label;
        string unit = label.Unit;
        var text = new StringBuilder();
        text.AppendLine(C, $"# Model card: {m.Name}");
        text.AppendLine();
        text.AppendLine(C, $"Predicts **{label.Name}** in {unit}, at {label.Fidelity ?? "a fidelity not stated"}; zero: {label.Zero}. Labels from {label.Source}.");
        text.AppendLine(C, $"Made by Greenspace {m.CreatorVersion} on {m.CreatedAt:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine();

        text.AppendLine("## Model");
        if (model.Model is KernelRidgeComponent k)
        {
            var h = k.Model.Hyperparameters;
            text.AppendLine(C, $"- Representation: {k.Representation.Name}; {k.Representation.Citation}.");
            text.AppendLine(C, $"- Kernel ridge regression read as a Gaussian process (Rasmussen and Williams 2006), {h.Kernel.Kind.ToString().ToLowerInvariant()} kernel{(k.Representation.IsLocal ? ", summed over same-element atom pairs" : "")}; each prediction has a sigma.");
        }
        else
            text.AppendLine(C, $"- A model of type {model.Model.Type}.");
        var s = m.Selection;
        text.AppendLine(C, $"- Hyperparameters: width {s.Width:G4}, lambda {s.Lambda:G2}; chosen by {s.Criterion} over {s.Widths.Count} widths x {s.Lambdas.Count} lambdas ({s.WidthRule}); cross-validated MAE {s.CrossValidatedMae:G4} {unit}.");
        text.AppendLine(C, $"- Sigma scale {m.SigmaScale:F3}, {m.SigmaScaleSource}.");
        text.AppendLine();

        var t = m.Training;
        text.AppendLine("## Training data");
        text.AppendLine(C, $"- N = {t.Count} molecules from {t.Source}; elements {string.Join(", ", t.Elements)}.");
        text.AppendLine(C, $"- Each molecule is listed in the saved model by its SHA-256 content hash (canonical atom order, coordinates to 1e-4 angstrom, charge, multiplicity){(t.MoleculeHashes.Count > 0 ? $", e.g. {t.MoleculeHashes[0][..16]}..." : "")}.");
        if (t.LeftOut.Count > 0)
            text.AppendLine(C, $"- {t.LeftOut.Count} records left out: {string.Join("; ", t.LeftOut.Take(3))}{(t.LeftOut.Count > 3 ? "; ..." : "")}.");
        text.AppendLine();

        text.AppendLine("## Held-out error and calibration");
        if (m.HeldOut is { } r)
        {
            text.AppendLine(C, $"- {t.TestCount} test molecules ({t.TestSplit}), never used to choose anything: MAE {r.MeanAbsoluteError:G4} {unit}, RMSE {r.RootMeanSquareError:G4} {unit}.");
            text.AppendLine(C, $"- Calibration (sigmas scaled): {Coverage(r, 0.55):P0} of errors inside the central 55% interval, {Coverage(r, 0.95):P0} inside the 95% one; miscalibration area {r.MiscalibrationArea:F3}; ENCE {r.Ence:F3}; NLL {r.NegativeLogLikelihood:F3} per molecule; Spearman(|error|, sigma) {r.SpearmanAbsoluteErrorSigma:F2}.");
        }
        else
            text.AppendLine("- No molecules were held out; the error above is cross-validated inside the training set only.");
        if (m.LearningCurve.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(C, $"| N | MAE ({unit}) | RMSE ({unit}) | width | lambda |");
            text.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
            foreach (var p in m.LearningCurve)
                text.AppendLine(C, $"| {p.TrainingCount} | {p.MeanAbsoluteError:G4} | {p.RootMeanSquareError:G4} | {p.Width:G4} | {p.Lambda:G2} |");
        }
        text.AppendLine();

        text.AppendLine("## Domain");
        var d = model.Model.Domain;
        text.AppendLine(C, $"- Elements seen: {string.Join(", ", t.Elements)}; a molecule with another element gets no prediction.");
        text.AppendLine(C, $"- Nearest-neighbour distance within the training set ({d.Metric}): smallest {d.Smallest:G4}, median {d.Median:G4}, largest {d.Largest:G4}. A molecule farther than {d.Largest:G4} from every training molecule is predicted with a warning.");
        text.AppendLine();

        text.AppendLine("## Energy");
        if (m.Energy is { } e)
        {
            text.AppendLine(C, $"- Labels: {(e.TrainingLabelsKwh is { } lk ? $"{Kwh(lk)} for the training labels" + (e.TestLabelsKwh is { } tk ? $", {Kwh(tk)} for the test labels" : "") + "; " : "")}{e.LabelNote}.");
            text.AppendLine(C, $"- Training: {Kwh(e.TrainingKwh)}, {e.TrainingCarbonGco2e:G3} gCO2e ({e.TrainingCpuSeconds:F1} CPU s); {e.TrainingNote}.");
        }
        else
            text.AppendLine("- Not recorded.");
        if (m.Notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Notes");
            foreach (var note in m.Notes)
                text.AppendLine(C, $"- {note}");
        }
        return text.ToString();
    }

    private static double Coverage(Calibration.CalibrationReport r, double nominal) =>
        r.Coverage.MinBy(p => Math.Abs(p.Nominal - nominal))!.Observed;

    private static string Kwh(double kwh) => kwh >= 0.1 ? $"{kwh:G3} kWh" : $"{kwh * 1000:G3} Wh";
}
