using System.Globalization;
using System.Text.RegularExpressions;
using nietras.SeparatedValues;

namespace Greenspace.Ledger;

/// <summary>
/// The data tables of the Green Algorithms v3.1 model (CPUs, GPUs, carbon intensity by zone, default PUE,
/// manufacturing constants, CPU families), read from data/green-algorithms/ (embedded in the assembly at
/// build time; see that folder's README for origin, version, date and licence).
/// </summary>
public sealed class GreenAlgorithmsTables
{
    /// <summary>The zone used when no location is known: the world average (the calculator v3.1's "GLOBAL" row).</summary>
    public const string WorldZoneId = "GLOBAL";

    /// <summary>The calculator's entry for a CPU or GPU it does not list ("I can't find my CPU" uses typed values; "Average" is this row).</summary>
    public const string AverageModel = "Average";

    private const string ResourcePrefix = "GreenAlgorithms.";

    private readonly Dictionary<string, CpuSpec> _cpus;
    private readonly Dictionary<string, GpuSpec> _gpus;
    private readonly Dictionary<string, GridCarbonIntensity> _zones;
    private readonly Dictionary<string, GridCarbonIntensity> _countries;
    private readonly Dictionary<string, PueDefault> _pue;
    private readonly Dictionary<string, CloudDatacentre> _datacentres;

    public IReadOnlyList<CpuSpec> Cpus { get; }
    public IReadOnlyList<GpuSpec> Gpus { get; }
    public IReadOnlyList<GridCarbonIntensity> CarbonIntensities { get; }
    public IReadOnlyList<PueDefault> PueDefaults { get; }
    public IReadOnlyList<CloudDatacentre> Datacentres { get; }
    public IReadOnlyList<CpuFamily> CpuFamilies { get; }
    public HardwareImpacts Impacts { get; }

    private GreenAlgorithmsTables(Func<string, TextReader> open)
    {
        Cpus = ReadRows(open("cpus.csv"), r => new CpuSpec(r["model"], NullIfEmpty(r["manufacturer"]), Number(r, "tdp_w"), Number(r, "n_cores"), Number(r, "die_area_cm2")));
        Gpus = ReadRows(open("gpus.csv"), r => new GpuSpec(r["model"], Number(r, "tdp_w"), Number(r, "die_area_cm2"), Number(r, "memory_gb")));
        CarbonIntensities = ReadRows(open("carbon-intensity.csv"), r => new GridCarbonIntensity(
            r["zone_id"], r["country"], r["zone_name"], Number(r, "carbon_intensity_gco2e_per_kwh"), (int)Number(r, "year"), SourceName(r["source"])));
        PueDefaults = ReadRows(open("pue-defaults.csv"), r => new PueDefault(r["provider"], Number(r, "pue"), (int)Number(r, "year"), r["source"]));
        Datacentres = ReadRows(open("cloud-datacentres.csv"), r => new CloudDatacentre(r["provider"], r["name"], r["location"],
            r["pue"].Length == 0 ? null : Number(r, "pue")));
        var impacts = ReadRows(open("hardware-impacts.csv"), r => (Name: r["variable"], Value: Number(r, "value")));
        Impacts = HardwareImpacts.From(impacts.ToDictionary(i => i.Name, i => i.Value));

        _cpus = Cpus.ToDictionary(c => Normalize(c.Model));
        _gpus = Gpus.ToDictionary(g => Normalize(g.Model));
        _zones = CarbonIntensities.ToDictionary(z => z.ZoneId, StringComparer.OrdinalIgnoreCase);
        _countries = CarbonIntensities.Where(z => z.ZoneName == z.Country)
            .GroupBy(z => z.Country, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _pue = PueDefaults.ToDictionary(p => p.Provider, StringComparer.OrdinalIgnoreCase);
        _datacentres = Datacentres.ToDictionary(d => d.ServerId, StringComparer.OrdinalIgnoreCase);
        foreach (var d in Datacentres)
            if (!_zones.ContainsKey(d.ZoneId))
                throw new InvalidDataException($"cloud-datacentres.csv: {d.ServerId} draws from zone '{d.ZoneId}', which carbon-intensity.csv lacks");
        CpuFamilies = ReadRows(open("cpu-families.csv"), r => FamilyRow(r, Cpus));
    }

    /// <summary>The tables shipped in the assembly (copied from data/green-algorithms/ at build time).</summary>
    public static GreenAlgorithmsTables Default => _default.Value;
    private static readonly Lazy<GreenAlgorithmsTables> _default = new(() => new GreenAlgorithmsTables(OpenResource));

    /// <summary>Tables read from a directory holding the same CSV files (to try other data).</summary>
    public static GreenAlgorithmsTables FromDirectory(string directory) =>
        new(file => new StreamReader(Path.Combine(directory, file)));

    public CpuSpec AverageCpu => _cpus[Normalize(AverageModel)];
    public GpuSpec AverageGpu => _gpus[Normalize(AverageModel)];
    public GridCarbonIntensity World => _zones[WorldZoneId];
    public PueDefault UnknownPue => _pue["Unknown"];

    /// <summary>A CPU by the calculator's name ("Xeon Platinum 8460Y+", "Average"), ignoring case and vendor prefixes ("AMD EPYC 7513" finds "EPYC 7513").</summary>
    public CpuSpec? FindCpu(string? model) =>
        model is not null && _cpus.TryGetValue(Normalize(model), out var cpu) ? cpu : null;

    public GpuSpec? FindGpu(string? model) =>
        model is not null && _gpus.TryGetValue(Normalize(model), out var gpu) ? gpu : null;

    /// <summary>A zone by Electricity Maps id ("DE", "US-CAL-CISO", "GLOBAL") or by country name ("Germany": the whole-country zone); "WORLD" and "World" are the world average too.</summary>
    public GridCarbonIntensity? FindZone(string? zoneOrCountry)
    {
        if (string.IsNullOrWhiteSpace(zoneOrCountry))
            return null;
        var key = zoneOrCountry.Trim();
        return _zones.TryGetValue(key, out var z) ? z
            : _countries.TryGetValue(key, out var c) ? c
            : key.Equals("World", StringComparison.OrdinalIgnoreCase) ? World
            : null;
    }

    /// <summary>A data centre by the calculator's server id ("gcp--europe-west3"), or null.</summary>
    public CloudDatacentre? FindDatacentre(string? serverId) =>
        serverId is not null && _datacentres.TryGetValue(serverId.Trim(), out var d) ? d : null;

    /// <summary>Whether the calculator lists data centres for this provider (it does not for AWS: there the user picks a location).</summary>
    public bool ListsDatacentres(string? provider) =>
        provider is not null && Datacentres.Any(d => d.Provider.Equals(provider, StringComparison.OrdinalIgnoreCase));

    /// <summary>The default PUE of a cloud provider ("gcp", "aws", ...), or null when the table has none.</summary>
    public PueDefault? FindProviderPue(string? provider) =>
        provider is not null && _pue.TryGetValue(provider, out var p) ? p : null;

    /// <summary>
    /// The table's CPU whose name a /proc/cpuinfo "model name" contains, longest match first
    /// ("AMD EPYC 7763 64-Core Processor" is "EPYC 7763"); null when none does ("AMD EPYC").
    /// </summary>
    public CpuSpec? IdentifyCpu(string modelName)
    {
        var tokens = Normalize(modelName).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var text = " " + string.Join(' ', tokens) + " ";
        return Cpus.Where(c => c.Model != AverageModel && text.Contains(" " + Normalize(c.Model) + " ", StringComparison.Ordinal))
            .OrderByDescending(c => c.Model.Length)
            .FirstOrDefault();
    }

    public CpuFamily? FindFamily(string vendorId, int family, int model) =>
        CpuFamilies.FirstOrDefault(f => f.Matches(vendorId, family, model));

    internal static string Normalize(string name)
    {
        var s = name.ToLowerInvariant().Replace("(r)", " ").Replace("(tm)", " ").Replace("®", " ").Replace("™", " ");
        s = Regex.Replace(s, @"\s+", " ").Trim();
        foreach (var vendor in new[] { "amd ", "intel " })
            if (s.StartsWith(vendor, StringComparison.Ordinal))
                s = s[vendor.Length..];
        return s;
    }

    private static CpuFamily FamilyRow(Row r, IReadOnlyList<CpuSpec> cpus)
    {
        var pattern = r["model_pattern"];
        double min, max;
        if (pattern.Length > 0)
        {
            var regex = new Regex(pattern);
            var members = cpus.Where(c => regex.IsMatch(c.Model)).ToList();
            if (members.Count == 0)
                throw new InvalidDataException($"cpu-families.csv: the pattern {pattern} matches no row of cpus.csv");
            min = members.Min(c => c.TdpPerCoreW);
            max = members.Max(c => c.TdpPerCoreW);
        }
        else
        {
            min = Number(r, "tdp_per_core_min_w");
            max = Number(r, "tdp_per_core_max_w");
        }
        return new CpuFamily(r["vendor_id"], (int)Number(r, "cpu_family"), (int)Number(r, "model_min"), (int)Number(r, "model_max"),
            r["family"], min, max, r["range_source"]);
    }

    private static string SourceName(string key) => key switch
    {
        "electricitymaps-2024" => "Electricity Maps 2024 yearly life-cycle average",
        "ember-2024" => "Ember Global Electricity Review 2024, world average (the calculator v3.1's GLOBAL row)",
        _ => key,
    };

    private static TextReader OpenResource(string file)
    {
        var stream = typeof(GreenAlgorithmsTables).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidDataException($"the Green Algorithms table {file} is not embedded in Greenspace.Core; rebuild it");
        return new StreamReader(stream);
    }

    private sealed class Row(Dictionary<string, string> cells)
    {
        public string this[string column] => cells.TryGetValue(column, out var v) ? v : "";
    }

    private static List<T> ReadRows<T>(TextReader text, Func<Row, T> map)
    {
        using var _ = text;
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, Trim = SepTrim.All }).From(text);
        var names = reader.Header.ColNames;
        var rows = new List<T>();
        foreach (var row in reader)
        {
            var cells = new Dictionary<string, string>(names.Count);
            foreach (var n in names)
                cells[n] = row[n].ToString();
            rows.Add(map(new Row(cells)));
        }
        return rows;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static double Number(Row r, string column)
    {
        var s = r[column];
        return s.Length == 0 ? 0 : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
