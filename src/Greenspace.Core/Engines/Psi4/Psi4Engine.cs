using System.Globalization;
using System.Text.RegularExpressions;
using Greenspace.Records;

namespace Greenspace.Engines.Psi4;

/// <summary>
/// psi4 (Debian package <c>psi4</c>, 1.3.2): HF, B3LYP, PBE0, MP2 and CCSD(T) energies, gradients and
/// optimisations in any basis psi4 ships, or one given as a G94 file (<c>basis_file</c>). Results: the
/// total energy (Hartree), HOMO/LUMO and gap from the SCF orbitals (for MP2 and CCSD(T), those of
/// their reference SCF), the SCF dipole (Debye; HF and DFT only), gradient (Hartree/bohr) and
/// optimised geometry (angstrom).
/// </summary>
/// <remarks>
/// Runs as <c>psi4 -n THREADS -i in.dat -o out.dat</c> in its own scratch directory, with
/// <c>PSI_SCRATCH</c> there and <c>HOME</c> there too, so that no <c>~/.psi4rc</c> can change the
/// defaults, and without <c>PSIPATH</c>, which could shadow library basis sets. The split follows
/// QCEngine: <see cref="Psi4Keywords"/> and <see cref="Psi4Defaults"/> fill the keywords,
/// <see cref="Psi4InputWriter"/> writes the input, <see cref="Psi4Harvester"/> reads the numbers.
/// Behaviour measured on 1.3.2: a wrong charge or multiplicity, or a basis without functions for an
/// element, exits 1 with the Python exception in out.dat; an SCF that does not converge raises
/// <c>SCFConvergenceError</c> and then aborts (SIGABRT, exit 134); either way the input's own error
/// handler has written the exception to the results file first, and the failure reports it.
/// </remarks>
public sealed partial class Psi4Engine : ProcessEngine
{
    public override string Name => "psi4";
    protected override string ExecutableName => "psi4";
    public override string InstallHint => "apt-get install psi4";

    protected override string? ReadVersion(string executablePath, EngineEnvironment environment)
    {
        var m = VersionPattern().Match(RunForText(executablePath, environment, "--version"));
        return m.Success ? m.Groups[1].Value : null;
    }

    public override KeywordsOrError FillDefaults(CalculationRequest request, EngineProbe probe) =>
        Psi4Keywords.Fill(request, probe);

    protected override async Task<CalculationResult> RunFoundAsync(CalculationRequest request, EngineProbe probe, EngineRunOptions options, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        if (Psi4Keywords.CanonicalMethod(request.Method) is null)
            return CalculationResult.Failure($"psi4 adapter has no method '{request.Method}'; use hf, b3lyp, pbe0, mp2 or ccsd(t)", MakeProvenance(probe, started, started), ComputeCost.None);
        using var scratch = new Scratch(options, Name);

        if (request.Keyword(Psi4Keywords.BasisFileKey) is { } basisFile)
        {
            // The identity holds the content's hash from when the defaults were filled; a file changed
            // since then would give numbers that belong to another request.
            var content = File.Exists(basisFile) ? await File.ReadAllTextAsync(basisFile, cancellationToken) : null;
            if (content is null || RequestIdentity.Sha256Hex(content) != request.Keyword(Psi4Keywords.BasisFileHashKey))
                return CalculationResult.Failure($"the basis_file {basisFile} is missing or has changed since the request was made; make the request again", MakeProvenance(probe, started, DateTimeOffset.UtcNow), ComputeCost.None);
            await File.WriteAllTextAsync(scratch.File(Psi4InputWriter.UserBasisName + ".gbs"), content, cancellationToken);
        }
        await File.WriteAllTextAsync(scratch.File(Psi4InputWriter.InputFileName), Psi4InputWriter.Write(request, options.MemoryMiB), cancellationToken);

        var env = ThreadEnvironment(options);
        env["PSI_SCRATCH"] = scratch.Path;
        env["HOME"] = scratch.Path;
        env["PSIPATH"] = null;
        var args = new[] { "-n", options.Threads.ToString(CultureInfo.InvariantCulture), "-i", Psi4InputWriter.InputFileName, "-o", Psi4InputWriter.OutputFileName };
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec(probe.ExecutablePath!, args, scratch.Path, options.TimeLimit) { Environment = env }, cancellationToken);

        var log = Tail(ReadIfExists(scratch.File(Psi4InputWriter.OutputFileName)));
        if (outcome.TimedOut || outcome.Cancelled)
            return FailureIfAbnormal(outcome, probe, options.TimeLimit, log)!;
        var json = ReadIfExists(scratch.File(Psi4InputWriter.ResultFileName));
        if (json is null)
            return FailureIfAbnormal(outcome, probe, options.TimeLimit, log)
                ?? Failure("psi4 finished without writing its results file; the output does not come from the input Greenspace wrote", probe, outcome, log);

        // psi4's own exception says more than how the process ended (an SCF that does not converge
        // raises, then aborts with SIGABRT), so it comes first.
        var harvest = Psi4Harvester.Read(json, request);
        if (harvest.Error is not null)
            return Failure(outcome.ExitedNormally ? harvest.Error : $"{harvest.Error}; {outcome.Describe(Name, options.TimeLimit)}", probe, outcome, log);
        if (FailureIfAbnormal(outcome, probe, options.TimeLimit, log) is { } abnormal)
            return abnormal;
        return CalculationResult.Success(harvest.Properties!, MakeProvenance(probe, outcome), outcome.Cost);
    }

    [GeneratedRegex(@"^\s*(\d+\.\d+(?:\.\d+)?)", RegexOptions.Multiline)]
    private static partial Regex VersionPattern();
}
