using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Greenspace.Learning.Persistence;
using Greenspace.Ledger;
using Greenspace.Store;
using Spectre.Console;

namespace Greenspace.Cli;

/// <summary>What <c>learn</c> tells the user: the learning curve, the calibration on held-out molecules, the domain, where the model was saved, and what the run cost.</summary>
public sealed record LearnReport(long ModelId, SavedModel Model, string Card, int Bytes, string StorePath, string? File, TrainingOutcome Outcome, IReadOnlyList<string> Problems)
{
    public RunTotals? Ledger { get; init; }
    public MachineProfile? Machine { get; init; }

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public void Print(IAnsiConsole console)
    {
        var m = Model.Metadata;
        var k = (KernelRidgeComponent)Model.Model;
        string unit = m.Label.Unit;
        console.MarkupLineInterpolated($"[bold]{m.Name}[/]: {m.Label.Name} ({unit}) from {k.Representation.Name}, {k.Model.Hyperparameters.Kernel.Kind.ToString().ToLowerInvariant()} kernel; {m.Training.Count} training and {m.Training.TestCount} test molecules");
        var curve = new Table().RoundedBorder().Title("learning curve (held-out molecules; width and lambda chosen by CV inside each training set)")
            .AddColumns("N", $"MAE ({unit})", $"RMSE ({unit})", $"CV MAE ({unit})", "width", "lambda", "s");
        foreach (var p in m.LearningCurve)
            curve.AddRow(p.TrainingCount.ToString(C), p.MeanAbsoluteError.ToString("G4", C), p.RootMeanSquareError.ToString("G4", C),
                p.CrossValidatedMae.ToString("G4", C), p.Width.ToString("G4", C), p.Lambda.ToString("G2", C), p.Seconds.ToString("F1", C));
        console.Write(curve);
        if (m.HeldOut is { } heldOut)
            console.WriteLine(heldOut.ToText(unit).TrimEnd());
        var d = k.Domain;
        console.MarkupLineInterpolated($"domain: elements {string.Join(", ", m.Training.Elements)}; nearest-neighbour distance in training ({d.Metric}) {d.Smallest:G4} to {d.Largest:G4}, median {d.Median:G4}; {Outcome.TestOutsideDomain} of {m.Training.TestCount} test molecules lie beyond {d.Largest:G4}");
        foreach (var problem in Problems.Take(20))
            console.MarkupLineInterpolated($"[yellow]left out[/] {problem}");
        if (Problems.Count > 20)
            console.MarkupLineInterpolated($"[yellow]... and {Problems.Count - 20} more records left out[/] (use --json for all)");
        if (Ledger is not null && Machine is not null)
            RunLedgerReport.Print(console, Ledger, Machine);
        console.MarkupLineInterpolated($"saved: model {ModelId} '{m.Name}' in the store {StorePath} ({Bytes / 1024.0:F0} KiB){(File is null ? "" : $" and in {File}")}; predict with: greenspace predict --model {ModelId} --input FILE");
    }

    public string ToJson()
    {
        var m = Model.Metadata;
        var k = (KernelRidgeComponent)Model.Model;
        var root = new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["id"] = ModelId,
                ["name"] = m.Name,
                ["store"] = StorePath,
                ["file"] = File,
                ["bytes"] = Bytes,
                ["representation"] = k.Representation.Name,
                ["kernel"] = k.Model.Hyperparameters.Kernel.Kind.ToString().ToLowerInvariant(),
                ["width"] = k.Model.Hyperparameters.Kernel.Width,
                ["lambda"] = k.Model.Hyperparameters.Lambda,
                ["training_count"] = m.Training.Count,
                ["test_count"] = m.Training.TestCount,
                ["cross_validated_mae"] = m.Selection.CrossValidatedMae,
                ["sigma_scale"] = m.SigmaScale,
            },
            ["label"] = JsonSerializer.SerializeToNode(m.Label, Json),
            ["learning_curve"] = JsonSerializer.SerializeToNode(m.LearningCurve, Json),
            ["held_out"] = m.HeldOut is null ? null : JsonSerializer.SerializeToNode(m.HeldOut, Json),
            ["domain"] = JsonSerializer.SerializeToNode(k.Domain, Json),
            ["test_outside_domain"] = Outcome.TestOutsideDomain,
            ["energy"] = JsonSerializer.SerializeToNode(m.Energy, Json),
            ["left_out"] = new JsonArray([.. Problems.Select(p => (JsonNode)p)]),
            ["card"] = Card,
        };
        if (Ledger is not null && Machine is not null)
            root["ledger"] = RunLedgerReport.Json(Ledger, Machine);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
