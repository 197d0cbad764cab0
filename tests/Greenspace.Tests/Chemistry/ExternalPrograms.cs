using Greenspace.Engines;

namespace Greenspace.Tests.Chemistry;

/// <summary>Runs the independent programs that cross-check the readers and writers: ASE through Debian's Python, and Open Babel.</summary>
internal static class ExternalPrograms
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs a program with argv in <paramref name="directory"/> and returns its standard output; a failure fails the test with the program's own words.</summary>
    public static async Task<string> RunAsync(string directory, string executable, params string[] arguments)
    {
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec(executable, arguments, directory, TimeSpan.FromSeconds(120)));
        Assert.True(outcome.ExitedNormally, $"{outcome.Describe(executable, TimeSpan.FromSeconds(120))}: {outcome.StandardError}");
        return outcome.StandardOutput;
    }

    /// <summary>Every frame ASE 3.22 reads from an extended XYZ file, as JSON: numbers, positions, pbc, info, arrays and the calculator's results.</summary>
    public static Task<string> AseReadAsync(string path) => RunAsync(Path.GetDirectoryName(path)!, Python, "-c", AseReadScript, path);

    private const string AseReadScript = """
        import json, sys
        import numpy as np
        from ase.io import read

        def plain(v):
            if isinstance(v, np.ndarray):
                return v.tolist()
            if isinstance(v, np.generic):
                return v.item()
            if isinstance(v, (list, tuple)):
                return [plain(x) for x in v]
            return v

        frames = []
        for atoms in read(sys.argv[1], index=':', format='extxyz'):
            frames.append({
                'numbers': atoms.numbers.tolist(),
                'positions': atoms.positions.tolist(),
                'pbc': atoms.pbc.tolist(),
                'info': {k: plain(v) for k, v in atoms.info.items()},
                'arrays': {k: plain(v) for k, v in atoms.arrays.items() if k not in ('numbers', 'positions')},
                'results': {k: plain(v) for k, v in (atoms.calc.results.items() if atoms.calc is not None else [])},
            })
        print(json.dumps(frames))
        """;
}
