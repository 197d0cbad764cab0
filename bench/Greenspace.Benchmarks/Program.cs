using Greenspace.Benchmarks;

// Benchmarks print ratios against a baseline measured in the same run. Usage:
//   dotnet run -c Release --project bench/Greenspace.Benchmarks -- [store] [smiles [N]] [krr [N]] [repr] [curves [minutes] [cm|bob|slatm|fchl19 ...]]
//     [slurm [N]] [learn [seeds]] [campaigns [seeds] [relative] [mirror] [stop] [reference|cost-blind|single-fidelity|greedy|delta-greedy ...] [acquisition=ei|pmin|ucb|thompson] [representation=cm|bob] [batch=N]]
// (curves, the QM7 learning curves, takes about an hour and runs only when named; naming representations runs only those.
//  campaigns, the QM7 isomer campaigns against their baselines, runs only when named; relative is the second objective, mirror the tuning objective, stop where the expected-recall rule stops the reference campaign.)
var which = args.Length == 0 ? ["store", "smiles", "krr", "repr"] : args;
if (which.Contains("store"))
    await StoreOverhead.RunAsync();
if (which.Contains("smiles"))
    await SmilesThroughput.RunAsync(NumberAfter("smiles", 1000));
if (which.Contains("krr"))
{
    CholeskyVersusMathNet.Run();
    KrrVersusSklearn.Run(NumberAfter("krr", 6000));
}
if (which.Contains("repr"))
    RepresentationThroughput.Run();
if (which.Contains("curves"))
{
    int index = Array.IndexOf(which, "curves");
    double minutes = index + 1 < which.Length && double.TryParse(which[index + 1], System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 60;
    LearningCurves.Run(minutes, [.. which.Skip(index + 1).Where(a => a is "cm" or "bob" or "slatm" or "fchl19")]);
}
if (which.Contains("campaigns"))
{
    int index = Array.IndexOf(which, "campaigns");
    await CampaignBenchmark.RunAsync(which.Contains("mirror"), which.Contains("relative"), NumberAfter("campaigns", 10),
        [.. which.Skip(index + 1).Where(a => a is "reference" or "cost-blind" or "single-fidelity" or "greedy" or "delta-greedy")],
        [.. which.Skip(index + 1).Where(a => a.Contains('='))], which.Contains("stop"));
}
if (which.Contains("slurm"))
    await SlurmOverhead.RunAsync(NumberAfter("slurm", 100));
if (which.Contains("learn"))
    await LearnCampaignBenchmark.RunAsync(NumberAfter("learn", 1));

// The count written after a verb (e.g. "smiles 5000"), else its default.
int NumberAfter(string verb, int fallback)
{
    int index = Array.IndexOf(which, verb);
    return index + 1 < which.Length && int.TryParse(which[index + 1], out var n) ? n : fallback;
}
