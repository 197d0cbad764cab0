using System.Globalization;

namespace Greenspace.Ledger;

/// <summary>
/// Human forms of footprint figures as the SusML perspective's table shows them ("3.27 M CPU-hours",
/// "9.14 t CO2e", "237 kg CO2e", "20,600 t CO2e"): three significant figures, a unit scaled to the value.
/// </summary>
public static class FootprintFormat
{
    private const double GramsPerKg = 1e3;
    private const double GramsPerTonne = 1e6;

    /// <summary>gCO2e as "812 g CO2e", "237 kg CO2e", "9.14 t CO2e", "20,600 t CO2e".</summary>
    public static string Carbon(double gramsCo2e) => gramsCo2e switch
    {
        >= GramsPerTonne => $"{ThreeFigures(gramsCo2e / GramsPerTonne)} t CO2e",
        >= GramsPerKg => $"{ThreeFigures(gramsCo2e / GramsPerKg)} kg CO2e",
        >= 1 => $"{ThreeFigures(gramsCo2e)} g CO2e",
        _ => $"{ThreeFigures(gramsCo2e * 1e3)} mg CO2e",
    };

    /// <summary>kWh as "12.3 Wh", "446 kWh", "22.8 MWh", "51.5 GWh".</summary>
    public static string Energy(double kwh) => kwh switch
    {
        >= 1e6 => $"{ThreeFigures(kwh / 1e6)} GWh",
        >= 1e3 => $"{ThreeFigures(kwh / 1e3)} MWh",
        >= 1 => $"{ThreeFigures(kwh)} kWh",
        _ => $"{ThreeFigures(kwh * 1e3)} Wh",
    };

    /// <summary>Processor-hours as "2,640 GPU-hours", "3.27 M CPU-hours", "6.60 B CPU-hours".</summary>
    public static string ProcessorHours(double hours, string processor) => hours switch
    {
        >= 1e9 => $"{ThreeFigures(hours / 1e9)} B {processor}-hours",
        >= 1e6 => $"{ThreeFigures(hours / 1e6)} M {processor}-hours",
        _ => $"{ThreeFigures(hours)} {processor}-hours",
    };

    /// <summary>
    /// A row of the SusML table in Markdown: name, description, computing time (GPU-hours when the job used
    /// GPUs, else CPU core-hours; both x the multiplier) and carbon footprint (operational, as the table gives it).
    /// </summary>
    public static string SusMlRow(string name, string description, GreenAlgorithmsResult result)
    {
        var job = result.Job;
        return job.UsesGpu
            ? SusMlRow(name, description, job.GpuCount * job.RuntimeHours * result.Multiplier, "GPU", result.CarbonEmissionsGco2e)
            : SusMlRow(name, description, job.CpuCores * job.RuntimeHours * result.Multiplier, "CPU", result.CarbonEmissionsGco2e);
    }

    /// <summary>A SusML row from processor-hours and operational carbon, e.g. for what a store's ledger holds.</summary>
    public static string SusMlRow(string name, string description, double processorHours, string processor, double carbonGco2e) =>
        $"| {Cell(name)} | {Cell(description)} | {ProcessorHours(processorHours, processor)} | {Carbon(carbonGco2e)} |";

    public const string SusMlHeader = "| Name | Description | Computing time | Carbon footprint |\n| --- | --- | --- | --- |";

    /// <summary>Three significant figures, thousands separated: 9.14, 237, 2,640, 20,600.</summary>
    public static string ThreeFigures(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
            return value.ToString(CultureInfo.InvariantCulture);
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        if (magnitude >= 2)
        {
            var scale = Math.Pow(10, magnitude - 2);
            return (Math.Round(value / scale) * scale).ToString("N0", CultureInfo.InvariantCulture);
        }
        var decimals = 2 - magnitude;
        return Math.Round(value, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace('\n', ' ');
}
