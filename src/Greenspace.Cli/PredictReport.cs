using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Greenspace.Execution;
using Greenspace.Learning.Persistence;
using Greenspace.Ledger;
using Greenspace.Store;
using Spectre.Console;

namespace Greenspace.Cli;

/// <summary>What <c>predict</c> tells the user: one row per input record with the prediction and its sigma, or why there is none, and what the run cost.</summary>
public sealed record PredictReport(SavedModel Model, long? ModelId, IReadOnlyList<InputMolecule> Inputs, IReadOnlyList<MoleculePrediction> Predictions, RunTotals Ledger, MachineProfile Machine)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public int Predicted => Predictions.Count(p => p.Predicted);
    public int OutsideDomain => Predictions.Count(p => p.Warning is not null);

    public void Print(IAnsiConsole console)
    {
        var m = Model.Metadata;
        string unit = m.Label.Unit;
        console.MarkupLineInterpolated($"model {(ModelId is { } id ? $"{id} " : "")}'{m.Name}': {m.Label.Name} in {unit}; sigma = calibrated 1-sigma uncertainty (scale {m.SigmaScale:F3}); held-out MAE {m.HeldOut?.MeanAbsoluteError.ToString("G4", C) ?? "-"} {unit}");
        var table = new Table().RoundedBorder().AddColumns("#", "molecule", $"prediction ({unit})", $"sigma ({unit})", "nearest training", "domain");
        foreach (var (input, p) in Inputs.Zip(Predictions))
            table.AddRow(
                (input.Index + 1).ToString(C),
                Markup.Escape(Truncate(input.Smiles ?? input.Label, 40)),
                p.Value?.ToString("F3", C) ?? "-",
                p.Sigma?.ToString("F3", C) ?? "-",
                p.NearestTrainingDistance?.ToString("G4", C) ?? "-",
                p.Problem is not null ? "[red]no prediction[/]" : p.Warning is not null ? "[yellow]outside[/]" : "inside");
        console.Write(table);
        foreach (var (input, p) in Inputs.Zip(Predictions))
        {
            if (p.Problem is not null)
                console.MarkupLineInterpolated($"[red]no prediction[/] for {input.Location} ({Truncate(input.Label, 60)}): {p.Problem}");
            else if (p.Warning is not null)
                console.MarkupLineInterpolated($"[yellow]warning[/] {input.Location} ({Truncate(input.Label, 60)}): {p.Warning}");
        }
        console.MarkupLineInterpolated($"{Predicted} of {Inputs.Count} molecules predicted; {OutsideDomain} outside the model's domain");
        RunLedgerReport.Print(console, Ledger, Machine);
    }

    public string ToJson()
    {
        var m = Model.Metadata;
        var records = new JsonArray();
        foreach (var (input, p) in Inputs.Zip(Predictions))
            records.Add(new JsonObject
            {
                ["index"] = input.Index,
                ["location"] = input.Location,
                ["name"] = input.Molecule?.Name,
                ["formula"] = input.Molecule?.Formula,
                ["smiles"] = input.Smiles,
                ["canonical_smiles"] = input.CanonicalSmiles,
                ["prediction"] = p.Value,
                ["sigma"] = p.Sigma,
                ["unit"] = m.Label.Unit,
                ["nearest_training_distance"] = p.NearestTrainingDistance,
                ["domain"] = p.Problem is not null ? "none" : p.Warning is not null ? "outside" : "inside",
                ["warning"] = p.Warning,
                ["error"] = p.Problem,
            });
        var root = new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["id"] = ModelId,
                ["name"] = m.Name,
                ["label"] = m.Label.Name,
                ["unit"] = m.Label.Unit,
                ["zero"] = m.Label.Zero,
                ["sigma_scale"] = m.SigmaScale,
                ["largest_training_nearest_distance"] = Model.Model.Domain.Largest,
                ["distance_metric"] = Model.Model.Domain.Metric,
            },
            ["summary"] = new JsonObject
            {
                ["records"] = Inputs.Count,
                ["predicted"] = Predicted,
                ["outside_domain"] = OutsideDomain,
                ["not_predicted"] = Inputs.Count - Predicted,
            },
            ["records"] = records,
            ["ledger"] = RunLedgerReport.Json(Ledger, Machine),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
