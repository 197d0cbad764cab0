using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace Greenspace.Ledger;

/// <summary>One row of a Green Algorithms export: the job its input columns describe, and the figures the calculator reported, if the row has them.</summary>
public sealed record GreenAlgorithmsCsvRow(int LineNumber, GreenAlgorithmsJob Job, GreenAlgorithmsReported? Reported);

/// <summary>The headline figures a Green Algorithms export reports for a row, kept apart from the job so they are only ever compared, never used.</summary>
public sealed record GreenAlgorithmsReported(double? PowerNeededW, double? EnergyNeededKwh, double? CarbonEmissionsGco2e, double? ManufacturingCarbonEmissionsGco2e,
    double? ManufacturingAbioticResourcesKgSbe = null);

/// <summary>
/// Reads and writes the Green Algorithms calculator's CSV export (the columns of its "export" button,
/// as in data/susml/green-algorithms-v3.1-runs.csv; ';' or ',' separated, an optional second line of units).
/// Reading takes only the input columns: the result columns go to <see cref="GreenAlgorithmsReported"/>.
/// </summary>
public static class GreenAlgorithmsCsv
{
    /// <summary>The calculator v3.1's export columns, in its order.</summary>
    public static readonly string[] Columns =
    [
        "name", "source", "coreType", "CPUmodel", "numberCPUs", "CPU_model_n_cores", "tdpCPU", "CPU_die_area", "usageCPUradio", "usageCPU",
        "GPUmodel", "numberGPUs", "tdpGPU", "GPU_die_area", "GPU_memory", "usageGPUradio", "usageGPU", "memory", "runTime_hour", "runTime_min",
        "platformType", "locationContinent", "locationCountry", "locationRegion", "provider", "serverContinent", "server", "location",
        "carbonIntensity", "PUE", "PUEradio", "mult_factor", "mult_factor_radio", "appVersion", "energy_needed", "carbonEmissions",
        "manufacturing_carbonEmissions", "manufacturing_abiotic_resources", "runTime", "power_needed", "CE_CPU", "CE_GPU", "CE_core", "CE_memory",
        "manufacturing_CE_CPU", "manufacturing_CE_GPU", "manufacturing_CE_memory", "manufacturing_CE_other",
        "manufacturing_ADP_CPU", "manufacturing_ADP_GPU", "manufacturing_ADP_memory", "manufacturing_ADP_other",
    ];

    /// <summary>The units line of the export, column by column.</summary>
    public static readonly string[] Units =
    [
        "string", "string", "string", "string", "unit", "unit", "Watt", "cm2", "< 1", "string", "string", "unit", "Watt", "cm2", "GB", "str", "< 1",
        "GB", "hour", "minutes", "string", "string", "string", "string", "string", "string", "string", "string", "gCO2e/kWh", "> 1", "string", "> 0",
        "string", "string", "kWh", "gCO2e", "gCO2e", "kgSbe", "hour", "Watt", "gCO2e", "gCO2e", "gCO2e", "gCO2e", "gCO2e", "gCO2e", "gCO2e", "gCO2e",
        "kgSbe", "kgSbe", "kgSbe", "kgSbe",
    ];

    private static readonly string[] RequiredColumns = ["coreType", "memory", "runTime_hour", "platformType"];

    public static IReadOnlyList<GreenAlgorithmsCsvRow> Read(string path)
    {
        if (!File.Exists(path))
            throw new FootprintInputException($"the Green Algorithms export {path} does not exist; give the path of a CSV saved from the calculator");
        using var text = new StreamReader(path);
        return Read(text, Path.GetFileName(path));
    }

    public static IReadOnlyList<GreenAlgorithmsCsvRow> Read(TextReader text, string fileName)
    {
        // No separator given: Sep detects ';' (as in the SusML file) or ',' (as the calculator writes) from the header.
        using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All }).From(text);
        var names = reader.Header.ColNames;
        var header = names.ToHashSet(StringComparer.Ordinal);
        foreach (var column in RequiredColumns)
            if (!header.Contains(column))
                throw new FootprintInputException($"the CSV file {fileName} has no column '{column}'; export the job again from the Green Algorithms calculator, which writes it");
        var rows = new List<GreenAlgorithmsCsvRow>();
        foreach (var row in reader)
        {
            // Sep's row is a ref struct: copy the cells out before building the job.
            var cells = new Dictionary<string, string?>(names.Count);
            foreach (var n in names)
                cells[n] = Clean(row[n].ToString());
            string? Cell(string column) => cells.GetValueOrDefault(column);
            if (Cell("coreType") == "string")
                continue; // the units line
            var line = row.LineNumberFrom;
            var where = $"{fileName} line {line}";
            var job = ToJob(Cell, where);
            rows.Add(new GreenAlgorithmsCsvRow(line, job, new GreenAlgorithmsReported(
                Number(Cell("power_needed"), where), Number(Cell("energy_needed"), where),
                Number(Cell("carbonEmissions"), where), Number(Cell("manufacturing_carbonEmissions"), where),
                Number(Cell("manufacturing_abiotic_resources"), where))));
        }
        return rows;
    }

    /// <summary>A job from the input columns of one row (a function from column name to cell, null when absent or "None").</summary>
    public static GreenAlgorithmsJob ToJob(Func<string, string?> cell, string where)
    {
        var coreType = CoreTypes.Parse(cell("coreType"));
        var usesCpu = coreType.HasFlag(CoreType.Cpu);
        var usesGpu = coreType.HasFlag(CoreType.Gpu);
        double Required(string column) => Number(cell(column), where)
            ?? throw new FootprintInputException($"{where} has no value in column '{column}'; the calculator needs it for this row");
        return new GreenAlgorithmsJob
        {
            Name = cell("name") ?? where,
            CoreType = coreType,
            CpuModel = usesCpu ? cell("CPUmodel") : null,
            CpuCores = usesCpu ? Required("numberCPUs") : 0,
            CpuModelCores = Number(cell("CPU_model_n_cores"), where),
            CpuTdpW = Number(cell("tdpCPU"), where),
            CpuDieAreaCm2 = Number(cell("CPU_die_area"), where),
            CpuUsageGiven = IsYes(cell("usageCPUradio")),
            CpuUsage = Number(cell("usageCPU"), where) ?? 1,
            GpuModel = usesGpu ? cell("GPUmodel") : null,
            GpuCount = usesGpu ? Required("numberGPUs") : 0,
            GpuTdpW = Number(cell("tdpGPU"), where),
            GpuDieAreaCm2 = Number(cell("GPU_die_area"), where),
            GpuMemoryGb = Number(cell("GPU_memory"), where),
            GpuUsageGiven = IsYes(cell("usageGPUradio")),
            GpuUsage = Number(cell("usageGPU"), where) ?? 1,
            MemoryGb = Required("memory"),
            RuntimeHours = Required("runTime_hour") + (Number(cell("runTime_min"), where) ?? 0) / 60.0,
            Platform = ComputingPlatforms.Parse(cell("platformType")),
            Provider = cell("provider"),
            Server = cell("server"),
            // "location" is the zone the calculator resolved (from the region, or from the data centre); fall back on the region.
            Location = cell("location") ?? cell("locationRegion") ?? cell("locationCountry"),
            CarbonIntensityGramsPerKwh = Number(cell("carbonIntensity"), where),
            PueGiven = IsYes(cell("PUEradio")),
            Pue = Number(cell("PUE"), where),
            MultiplierGiven = IsYes(cell("mult_factor_radio")),
            Multiplier = Number(cell("mult_factor"), where) ?? 1,
            LocationContinent = cell("locationContinent"),
            LocationCountry = cell("locationCountry"),
            LocationRegion = cell("locationRegion"),
            ServerContinent = cell("serverContinent"),
        };
    }

    /// <summary>Writes results as the calculator's export (header, units line, one row each), so they can be loaded into the calculator to cross-check.</summary>
    public static void Write(TextWriter writer, IEnumerable<GreenAlgorithmsResult> results, char separator = ';', string source = "greenspace")
    {
        writer.WriteLine(string.Join(separator, Columns));
        writer.WriteLine(string.Join(separator, Units));
        foreach (var r in results)
            writer.WriteLine(string.Join(separator, Cells(r, source).Select(c => Escape(c, separator))));
    }

    public static string ToText(IEnumerable<GreenAlgorithmsResult> results, char separator = ';')
    {
        var sb = new StringWriter(CultureInfo.InvariantCulture);
        Write(sb, results, separator);
        return sb.ToString();
    }

    private static IEnumerable<string> Cells(GreenAlgorithmsResult r, string source)
    {
        var j = r.Job;
        string N(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        string S(string? s) => s ?? "None";
        string YesNo(bool b) => b ? "Yes" : "No";
        var hours = Math.Floor(j.RuntimeHours);
        return
        [
            S(j.Name), source, j.CoreType.ToCalculatorName(), j.UsesCpu ? S(j.CpuModel) : "None", N(j.CpuCores), N(r.CpuModelCores), N(r.CpuTdpW), N(r.CpuDieAreaCm2),
            YesNo(j.CpuUsageGiven), N(j.UsesCpu ? r.CpuUsage : 1), j.UsesGpu ? S(j.GpuModel) : "None", N(j.GpuCount), N(r.GpuTdpW), N(r.GpuDieAreaCm2), N(r.GpuMemoryGb),
            YesNo(j.GpuUsageGiven), N(j.UsesGpu ? r.GpuUsage : 1), N(j.MemoryGb), N(hours), N((j.RuntimeHours - hours) * 60),
            j.Platform.ToCalculatorName(), S(j.LocationContinent), S(j.LocationCountry), S(j.LocationRegion ?? r.ZoneId), S(j.Provider), S(j.ServerContinent), S(j.Server), S(r.ZoneId),
            N(r.CarbonIntensityGramsPerKwh), N(r.Pue), YesNo(j.PueGiven), N(r.Multiplier), YesNo(j.MultiplierGiven), "v3.1",
            N(r.EnergyNeededKwh), N(r.CarbonEmissionsGco2e), N(r.ManufacturingCarbonEmissionsGco2e), N(r.ManufacturingAbioticResourcesKgSbe), N(j.RuntimeHours),
            N(r.PowerNeededW), N(r.CarbonCpuGco2e), N(r.CarbonGpuGco2e), N(r.CarbonCoreGco2e), N(r.CarbonMemoryGco2e),
            N(r.ManufacturingCpuGco2e), N(r.ManufacturingGpuGco2e), N(r.ManufacturingMemoryGco2e), N(r.ManufacturingOtherGco2e),
            N(r.ManufacturingCpuKgSbe), N(r.ManufacturingGpuKgSbe), N(r.ManufacturingMemoryKgSbe), N(r.ManufacturingOtherKgSbe),
        ];
    }

    private static string Escape(string cell, char separator) =>
        cell.Contains(separator) || cell.Contains('"') ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;

    private static string? Clean(string s) => s.Length == 0 || s == "None" || s == "nan" ? null : s;

    private static bool IsYes(string? s) => string.Equals(s, "Yes", StringComparison.OrdinalIgnoreCase);

    private static double? Number(string? s, string where)
    {
        if (s is null)
            return null;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x
            : throw new FootprintInputException($"{where} has '{s}' where a number belongs; correct the cell or export the job again");
    }
}
