using System.Diagnostics;
using Greenspace.Chemistry;
using Greenspace.Learning.Representations;

namespace Greenspace.Benchmarks;

/// <summary>
/// Featurising all 7,101 QM7 molecules with each representation: molecules per second on one thread (the baseline)
/// and on every core, the ratio between them, and the size of the matrix made. Fast representations are timed
/// over repeated passes (the median pass counts); slow ones over one pass after a warm-up.
/// </summary>
public static class RepresentationThroughput
{
    private const double TargetCoulombPerSecond = 10_000;

    public static void Run()
    {
        var molecules = XyzFormat.Read(new StreamReader(StoreOverhead.DataPath("qm7", "qm7_pbe0_dftb.xyz")), "qm7")
            .Select(r => r.Molecule ?? throw new InvalidOperationException(r.Error)).ToList();
        int cores = Environment.ProcessorCount;
        Console.WriteLine($"Representation throughput, QM7 ({molecules.Count} molecules, {molecules.Sum(m => m.AtomCount)} atoms), 1 thread vs {cores} cores:");
        // The cores are shared: a busy machine lowers the parallel figures first.
        if (File.Exists("/proc/loadavg"))
            Console.WriteLine($"  load average at the start (1, 5, 15 min): {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ')[..3])}");

        var fitClock = Stopwatch.StartNew();
        var bob = BagOfBonds.Fit(molecules);
        double bobFit = fitClock.Elapsed.TotalMilliseconds;
        fitClock.Restart();
        var slatm = Slatm.Fit(molecules);
        double slatmFit = fitClock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"  fitted on the set: bag of bonds in {bobFit:F0} ms ({bob.Bags.Count} bags), SLATM in {slatmFit:F0} ms ({slatm.Blocks.Count} many-body types)");
        Console.WriteLine($"  {"representation",-34} {"values",8} {"matrix",9} {"1 thread",14} {cores + " cores",14} {"ratio",6}");

        double coulombRate = 0;
        foreach (var (representation, repeat) in new (object, bool)[]
                 { (new CoulombMatrix(), true), (bob, true), (new Ecfp(), true), (slatm, false), (new Fchl19(), false) })
        {
            var (serial, parallel, values) = representation switch
            {
                IGlobalRepresentation global => Measure(() => global.Featurise(molecules, 1).Values.LongLength, () => global.Featurise(molecules).Values.LongLength, repeat),
                ILocalRepresentation local => Measure(() => local.Featurise(molecules, 1).Values.LongLength, () => local.Featurise(molecules).Values.LongLength, repeat),
                _ => throw new InvalidOperationException(),
            };
            string name = representation is IGlobalRepresentation g ? g.Name : ((ILocalRepresentation)representation).Name;
            int width = representation is IGlobalRepresentation gw ? gw.Length : ((ILocalRepresentation)representation).FeatureCount;
            double serialRate = molecules.Count / serial, parallelRate = molecules.Count / parallel;
            if (representation is CoulombMatrix)
                coulombRate = parallelRate;
            Console.WriteLine($"  {Shorten(name),-34} {width,8} {values * 8 / 1e6,6:F0} MB {serialRate,10:N0} /s {parallelRate,10:N0} /s {serial / parallel,5:F2}x");
        }
        Console.WriteLine($"  target: Coulomb matrices at >= {TargetCoulombPerSecond:N0} molecules/s on {cores} cores: {(coulombRate >= TargetCoulombPerSecond ? "met" : "MISSED")} ({coulombRate:N0}/s)");
    }

    // Seconds per pass on one thread and on all cores (median of the passes when repeating), and the values made.
    private static (double Serial, double Parallel, long Values) Measure(Func<long> serial, Func<long> parallel, bool repeat)
    {
        long values = parallel(); // warm-up: JIT, page faults of the first large allocation
        serial();
        return (Time(serial, repeat), Time(parallel, repeat), values);
    }

    private static double Time(Func<long> pass, bool repeat)
    {
        var seconds = new List<double>();
        var total = Stopwatch.StartNew();
        do
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            pass();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        while (repeat && (seconds.Count < 5 || total.Elapsed.TotalSeconds < 2));
        seconds.Sort();
        return seconds[seconds.Count / 2];
    }

    private static string Shorten(string name) => name.Length <= 34 ? name : name[..33] + "…";
}
