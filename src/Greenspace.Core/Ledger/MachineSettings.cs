using System.Globalization;
using System.Text.Json;

namespace Greenspace.Ledger;

/// <summary>
/// What a user says about the machine, each field optional: from the config file
/// (~/.config/greenspace/machine.json), environment variables (GREENSPACE_*) and command-line flags,
/// merged so that flags win over the environment, which wins over the file.
/// </summary>
public sealed record MachineSettings
{
    /// <summary>A CPU model of data/green-algorithms/cpus.csv, overriding what /proc/cpuinfo says.</summary>
    public string? CpuModel { get; init; }
    public double? TdpPerCoreW { get; init; }
    public double? MemoryGb { get; init; }
    public double? Pue { get; init; }
    /// <summary>An electricity zone (DE, US-CAL-CISO) or a country name.</summary>
    public string? Location { get; init; }
    public double? CarbonIntensityGramsPerKwh { get; init; }
    /// <summary>localServer (default), cloudComputing, desktop_computer or personal_laptop.</summary>
    public string? Platform { get; init; }
    public string? Provider { get; init; }

    /// <summary>Fields set in <paramref name="over"/> replace these.</summary>
    public MachineSettings Merge(MachineSettings? over) => over is null ? this : new MachineSettings
    {
        CpuModel = over.CpuModel ?? CpuModel,
        TdpPerCoreW = over.TdpPerCoreW ?? TdpPerCoreW,
        MemoryGb = over.MemoryGb ?? MemoryGb,
        Pue = over.Pue ?? Pue,
        Location = over.Location ?? Location,
        CarbonIntensityGramsPerKwh = over.CarbonIntensityGramsPerKwh ?? CarbonIntensityGramsPerKwh,
        Platform = over.Platform ?? Platform,
        Provider = over.Provider ?? Provider,
    };

    public static readonly string[] EnvironmentVariables =
    [
        "GREENSPACE_CPU_MODEL", "GREENSPACE_TDP_PER_CORE_W", "GREENSPACE_MEMORY_GB", "GREENSPACE_PUE",
        "GREENSPACE_LOCATION", "GREENSPACE_CARBON_INTENSITY", "GREENSPACE_PLATFORM", "GREENSPACE_PROVIDER",
    ];

    public static MachineSettings FromEnvironment(Func<string, string?>? get = null)
    {
        get ??= Environment.GetEnvironmentVariable;
        double? Number(string name)
        {
            var s = get(name);
            if (string.IsNullOrWhiteSpace(s))
                return null;
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x
                : throw new FootprintInputException($"the environment variable {name}='{s}' is not a number; set it to a number or unset it");
        }
        string? Text(string name) => string.IsNullOrWhiteSpace(get(name)) ? null : get(name)!.Trim();
        return new MachineSettings
        {
            CpuModel = Text("GREENSPACE_CPU_MODEL"),
            TdpPerCoreW = Number("GREENSPACE_TDP_PER_CORE_W"),
            MemoryGb = Number("GREENSPACE_MEMORY_GB"),
            Pue = Number("GREENSPACE_PUE"),
            Location = Text("GREENSPACE_LOCATION"),
            CarbonIntensityGramsPerKwh = Number("GREENSPACE_CARBON_INTENSITY"),
            Platform = Text("GREENSPACE_PLATFORM"),
            Provider = Text("GREENSPACE_PROVIDER"),
        };
    }

    /// <summary>$GREENSPACE_MACHINE_CONFIG, else $XDG_CONFIG_HOME/greenspace/machine.json, else ~/.config/greenspace/machine.json.</summary>
    public static string DefaultConfigPath(Func<string, string?>? get = null)
    {
        get ??= Environment.GetEnvironmentVariable;
        if (get("GREENSPACE_MACHINE_CONFIG") is { Length: > 0 } explicitPath)
            return explicitPath;
        var config = get("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "greenspace", "machine.json");
    }

    /// <summary>The config file's settings, or empty settings when there is no file.</summary>
    public static MachineSettings FromFile(string path)
    {
        if (!File.Exists(path))
            return new MachineSettings();
        try
        {
            return JsonSerializer.Deserialize<MachineSettings>(File.ReadAllText(path), JsonOptions) ?? new MachineSettings();
        }
        catch (JsonException e)
        {
            throw new FootprintInputException($"the machine config {path} is not valid JSON ({e.Message}); fix it or remove it");
        }
    }

    /// <summary>File, then environment, then <paramref name="flags"/>: the later wins.</summary>
    public static MachineSettings Load(MachineSettings? flags = null, Func<string, string?>? environment = null) =>
        FromFile(DefaultConfigPath(environment)).Merge(FromEnvironment(environment)).Merge(flags);

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
}
