using System.Globalization;
using System.Text.Json;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Cli;

/// <summary><c>greenspace track</c> on real programs, checked against the kernel's own accounting read another way.</summary>
[Collection(Exclusive.Name)]
public class TrackCommandTests
{
    // Two processes that each keep one core busy for the given seconds (Python's multiprocessing waits for both).
    private const string Burn = """
        import multiprocessing, sys, time
        def spin(seconds):
            end = time.time() + seconds
            while time.time() < end:
                pass
        if __name__ == "__main__":
            workers = [multiprocessing.Process(target=spin, args=(float(sys.argv[1]),)) for _ in range(2)]
            for w in workers: w.start()
            for w in workers: w.join()
        """;

    private static JsonElement Measure(CliRunner.Run run)
    {
        var json = run.Stdout[run.Stdout.IndexOf('{')..];
        return JsonDocument.Parse(json).RootElement;
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public async Task A_program_keeping_both_cores_busy_reports_twice_its_wall_time_in_cpu_and_what_the_kernel_counted()
    {
        var dir = TestData.NewTempDirectory();
        var script = Path.Combine(dir, "burn.py");
        File.WriteAllText(script, Burn);
        var independent = Path.Combine(dir, "rusage");
        // GNU time inside the tracked command reads the kernel's wait4 accounting of the same tree,
        // independently of Greenspace's cgroup meter.
        var run = await CliRunner.RunAsync(["track", "--json", "--", "/usr/bin/time", "-f", "%U %S", "-o", independent, "/usr/bin/python3", script, "5"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var m = Measure(run);
        double cpu = m.GetProperty("cpu_seconds").GetDouble();
        double wall = m.GetProperty("wall_seconds").GetDouble();
        Assert.InRange(cpu / wall, 1.8, 2.05);
        var kernel = File.ReadAllText(independent).Trim().Split(' ').Sum(x => double.Parse(x, CultureInfo.InvariantCulture));
        Assert.Equal(1.0, cpu / kernel, 0.02);
    }

    [Fact]
    public async Task A_program_that_sleeps_reports_nearly_no_cpu_and_its_exit_code_passes_through()
    {
        var sleep = await CliRunner.RunAsync(["track", "--json", "--", "sleep", "1"]);
        Assert.Equal(0, sleep.ExitCode);
        var m = Measure(sleep);
        Assert.InRange(m.GetProperty("wall_seconds").GetDouble(), 0.95, 2.0);
        Assert.InRange(m.GetProperty("cpu_seconds").GetDouble(), 0, 0.05);

        var failing = await CliRunner.RunAsync(["track", "--json", "--", "false"]);
        Assert.Equal(1, failing.ExitCode);
    }

    [Fact]
    public async Task No_program_or_a_program_not_on_path_is_a_usage_error()
    {
        var none = await CliRunner.RunAsync(["track"]);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("name the program to track", none.Stderr);
        var missing = await CliRunner.RunAsync(["track", "--", "no-such-program-here"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("'no-such-program-here' was not found on PATH", missing.Stderr);
    }
}
