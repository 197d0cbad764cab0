namespace Greenspace.Chemistry;

/// <summary>
/// Conversion factors, used only at the edges (parsers, writers, exporters).
/// CODATA 2018 values. (ASE 3.22 and QCElemental 0.25 use CODATA 2014: 8e-9 relative apart, below any tolerance here.)
/// </summary>
public static class Units
{
    public const double BohrPerAngstrom = 1.0 / AngstromPerBohr;
    public const double AngstromPerBohr = 0.529177210903;
    public const double ElectronVoltPerHartree = 27.211386245988;
    public const double KcalPerMolPerHartree = 627.5094740631;
    public const double KjPerMolPerHartree = 2625.4996394799;
    public const double KcalPerMolPerElectronVolt = KcalPerMolPerHartree / ElectronVoltPerHartree;
    /// <summary>Debye per atomic unit of dipole (e a0).</summary>
    public const double DebyePerAtomicUnit = 2.541746473;
}
