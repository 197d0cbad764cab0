using Greenspace.Benchmarks;

// Benchmarks print ratios against a baseline measured in the same run. Usage:
//   dotnet run -c Release --project bench/Greenspace.Benchmarks -- [store] [smiles [N]] [krr [N]] [repr] [curves [minutes] [cm|bob|slatm|fchl19 ...]]
//     [slurm [N]] [learn [seeds]] [campaigns [seeds] [relative] [mirror] [reference|cost-blind|single-fidelity|greedy|delta-greedy ...] [acquisition=ei|pmin|ucb|thompson] [representation=cm|bob] [batch=N]]
// (curves, the QM7 learning curves, takes about an hour and runs only when named; naming representations runs only those.
//  campaigns, the QM7 isomer campaigns against their baselines, runs only when named; relative is the second objective, mirror the tuning objective.)
var which = args.Length == 0 ? ["store", "smiles", "krr", "repr"] : args;
if (which.Contains("store"))
    await StoreOverhead.RunAsync();
if (which.Contains("smiles"))
{
    int index = Array.IndexOf(which, "smiles");
    int count = index + 1 < which.Length && int.TryParse(which[index + 1], out var n) ? n : 1000;
    await SmilesThroughput.RunAsync(count);
}
if (which.Contains("krr"))
{
    int index = Array.IndexOf(which, "krr");
    int training = index + 1 < which.Length && int.TryParse(which[index + 1], out var n) ? n : 6000;
    CholeskyVersusMathNet.Run();
    KrrVersusSklearn.Run(training);
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
    int seeds = index + 1 < which.Length && int.TryParse(which[index + 1], out var n) ? n : 10;
    await CampaignBenchmark.RunAsync(which.Contains("mirror"), which.Contains("relative"), seeds,
        [.. which.Skip(index + 1).Where(a => a is "reference" or "cost-blind" or "single-fidelity" or "greedy" or "delta-greedy")],
        [.. which.Skip(index + 1).Where(a => a.Contains('='))]);
}
if (which.Contains("slurm"))
{
    int index = Array.IndexOf(which, "slurm");
    int count = index + 1 < which.Length && int.TryParse(which[index + 1], out var n) ? n : 100;
    await SlurmOverhead.RunAsync(count);
}
if (which.Contains("learn"))
{
    int index = Array.IndexOf(which, "learn");
    int seeds = index + 1 < which.Length && int.TryParse(which[index + 1], out var n) ? n : 1;
    await LearnCampaignBenchmark.RunAsync(seeds);
}
