using System.Text.RegularExpressions;
using Greenspace.Records;

namespace Greenspace.Engines.NwChem;

/// <summary>
/// NWChem (Debian package <c>nwchem</c>, 7.0.2, with basis sets from <c>nwchem-data</c>): HF, B3LYP and
/// PBE0 energies and gradients. Results: total energy (Hartree), HOMO/LUMO and gap, dipole (Debye),
/// gradient (Hartree/bohr, six decimals as NWChem prints it).
/// </summary>
/// <remarks>
/// Runs as one process, <c>nwchem input.nw</c> (OpenMPI's singleton mode, which also works as root),
/// in its own scratch directory, which is also its scratch_dir and permanent_dir; <c>HOME</c> points
/// there too, so that no <c>~/.nwchemrc</c> reaches the run. Spherical or Cartesian functions come from
/// the basis directive (see <see cref="NwChemKeywords"/>); NWChem's "b3lyp" uses VWN1-RPA local
/// correlation, the same as psi4's and Gaussian's for closed shells. Measured on 7.0.2: the
/// nwchem-data file for 6-31G(2df,p) gives hydrogen two p shells (1.5 and 0.375, the 6-311G(2df,2pd)
/// set) where Gaussian's 6-31G(2df,p) has one, so QM9 energies are reproduced to about 1 mEh only.
/// NWChem has no version flag; an empty input makes it print its banner, version included, and stop.
/// </remarks>
public sealed partial class NwChemEngine : ProcessEngine
{
    public override string Name => "nwchem";
    protected override string ExecutableName => "nwchem";
    public override string InstallHint => "apt-get install nwchem nwchem-data";

    protected override string? ReadVersion(string executablePath, EngineEnvironment environment)
    {
        var dir = Directory.CreateTempSubdirectory("greenspace-nwchem-version-");
        try
        {
            var empty = Path.Combine(dir.FullName, "empty.nw");
            File.WriteAllText(empty, "");
            var m = VersionPattern().Match(RunForText(executablePath, environment, empty));
            return m.Success ? m.Groups[1].Value : null;
        }
        finally
        {
            try { dir.Delete(true); } catch (IOException) { }
        }
    }

    public override KeywordsOrError FillDefaults(CalculationRequest request, EngineProbe probe) =>
        NwChemKeywords.Fill(request, probe);

    protected override async Task<CalculationResult> RunFoundAsync(CalculationRequest request, EngineProbe probe, EngineRunOptions options, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var basisFile = request.Keyword(NwChemKeywords.BasisFileKey);
        var content = basisFile is not null && File.Exists(basisFile) ? await File.ReadAllTextAsync(basisFile, cancellationToken) : null;
        // The identity holds the basis file's hash from when the defaults were filled.
        if (content is null || RequestIdentity.Sha256Hex(content) != request.Keyword(NwChemKeywords.BasisFileHashKey))
            return CalculationResult.Failure($"the basis file {basisFile ?? "(none: fill the request's defaults first)"} is missing or has changed since the request was made; make the request again", MakeProvenance(probe, started, DateTimeOffset.UtcNow), ComputeCost.None);

        using var scratch = new Scratch(options, Name);
        await File.WriteAllTextAsync(scratch.File(NwChemInputWriter.InputFileName), NwChemInputWriter.Write(request, content, scratch.Path, options.MemoryMiB), cancellationToken);
        var env = ThreadEnvironment(options);
        env["HOME"] = scratch.Path;
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec(probe.ExecutablePath!, [NwChemInputWriter.InputFileName], scratch.Path, options.TimeLimit) { Environment = env }, cancellationToken);
        if (outcome.TimedOut || outcome.Cancelled || outcome.Signal is not null)
            return FailureIfAbnormal(outcome, probe, options.TimeLimit)!;

        // NWChem stops with exit code 255 (MPI_ABORT) for most errors, an SCF that does not converge
        // among them; what its output says comes first.
        var harvest = NwChemHarvester.Read(outcome.StandardOutput, request);
        if (outcome.ExitCode != 0)
            return Failure(harvest.Error is null ? outcome.Describe(Name, options.TimeLimit) : $"{harvest.Error}; {outcome.Describe(Name, options.TimeLimit)}", probe, outcome);
        return harvest.Error is not null
            ? Failure(harvest.Error, probe, outcome)
            : CalculationResult.Success(harvest.Properties!, MakeProvenance(probe, outcome), outcome.Cost);
    }

    [GeneratedRegex(@"\(NWChem\)\s+(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex VersionPattern();
}
