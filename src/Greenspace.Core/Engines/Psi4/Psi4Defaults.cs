namespace Greenspace.Engines.Psi4;

/// <summary>
/// The defaults of one psi4 version that change the numbers, as psi4's driver applies them. psi4
/// picks many of them at run time from the method and the driver, so they are written out here,
/// one record per major.minor version, and copied into the request's keywords (and so its identity).
/// </summary>
/// <remarks>
/// Measured on Debian's psi4 1.3.2 by printing the options each method ran with, and read in its
/// driver (driver.py, driver_util._set_convergence_criterion, procrouting/proc.py): SCF-only and
/// density-fitted methods set <c>scf_type df</c>, conventional MP2 and CCSD(T) keep the option
/// table's <c>pk</c>; the SCF convergence is 1e-6 for an SCF energy, 1e-8 for an SCF gradient or
/// for the reference of a correlated energy, 1e-10 for the reference of a correlated gradient; the
/// correlated methods converge their energy to 1e-6 (1e-8 for gradients); the guess is SAD for
/// molecules and CORE for a single atom; DFT grids are Treutler (75 radial, 302 Lebedev points).
/// </remarks>
public sealed record Psi4Defaults
{
    /// <summary>scf_type where psi4 picks density fitting: SCF-only methods, DF-MP2, DF-CC.</summary>
    public required string DensityFittedScfType { get; init; }

    /// <summary>scf_type psi4 keeps for conventional correlated methods (its option table's default).</summary>
    public required string ConventionalScfType { get; init; }

    public required string Mp2Type { get; init; }
    public required string CcType { get; init; }
    public required bool FreezeCore { get; init; }

    public required double ScfConvergenceEnergy { get; init; }
    public required double ScfConvergenceDerivative { get; init; }
    public required double ReferenceConvergenceEnergy { get; init; }
    public required double ReferenceConvergenceDerivative { get; init; }
    public required double CorrelatedConvergenceEnergy { get; init; }
    public required double CorrelatedConvergenceDerivative { get; init; }

    /// <summary>ccenergy's residual convergence.</summary>
    public required double CcResidualConvergence { get; init; }

    public required int DftSphericalPoints { get; init; }
    public required int DftRadialPoints { get; init; }
    public required string DftRadialScheme { get; init; }
    public required string DftNuclearScheme { get; init; }

    /// <summary>optking's convergence set and step limit.</summary>
    public required string GConvergence { get; init; }
    public required int GeomMaxIter { get; init; }

    /// <summary>
    /// Fitting basis sets psi4 falls back to when the orbital basis has none of its own name, as a
    /// caller's basis file never has (qcdb's univdef): the SCF's and DF-MP2's auxiliary basis.
    /// </summary>
    public required string FallbackJkFit { get; init; }
    public required string FallbackRiFit { get; init; }

    /// <summary>PUREAM when a basis file does not say spherical or cartesian.</summary>
    public required bool PureAmWithoutHeader { get; init; }

    /// <summary>The tables Greenspace knows, by major.minor version.</summary>
    public static IReadOnlyDictionary<string, Psi4Defaults> ByVersion { get; } = new Dictionary<string, Psi4Defaults>
    {
        ["1.3"] = new()
        {
            DensityFittedScfType = "df",
            ConventionalScfType = "pk",
            Mp2Type = "df",
            CcType = "conv",
            FreezeCore = false,
            ScfConvergenceEnergy = 1e-6,
            ScfConvergenceDerivative = 1e-8,
            ReferenceConvergenceEnergy = 1e-8,
            ReferenceConvergenceDerivative = 1e-10,
            CorrelatedConvergenceEnergy = 1e-6,
            CorrelatedConvergenceDerivative = 1e-8,
            CcResidualConvergence = 1e-7,
            DftSphericalPoints = 302,
            DftRadialPoints = 75,
            DftRadialScheme = "treutler",
            DftNuclearScheme = "treutler",
            GConvergence = "qchem",
            GeomMaxIter = 50,
            FallbackJkFit = "def2-qzvpp-jkfit",
            FallbackRiFit = "def2-qzvpp-ri",
            PureAmWithoutHeader = true,
        },
    };
}
