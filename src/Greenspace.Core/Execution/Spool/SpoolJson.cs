using System.Text.Json;
using System.Text.Json.Serialization;
using Greenspace.Chemistry;
using Greenspace.Records;
using Greenspace.Store;

namespace Greenspace.Execution.Spool;

/// <summary>One calculation a batch sends out: the stored (canonical, filled) request, its hash and the program version its identity was made with.</summary>
public sealed record SpoolCalculation(string Hash, string ProgramVersion, CalculationRequest Request);

/// <summary>What a worker needs to run a batch: its calculations and how each may run.</summary>
public sealed record SpoolManifest(string Batch, IReadOnlyList<SpoolCalculation> Calculations, int Threads, TimeSpan TimeLimit, int MemoryMiB);

/// <summary>
/// The spool's files as JSON. Doubles are written in their shortest round-trip form, so a position or an energy read
/// back equals the one written, bit for bit.
/// </summary>
internal static class SpoolJson
{
    public static string Manifest(SpoolManifest m) => JsonSerializer.Serialize(new ManifestDto
    {
        Batch = m.Batch,
        Threads = m.Threads,
        TimeLimitSeconds = m.TimeLimit.TotalSeconds,
        MemoryMiB = m.MemoryMiB,
        Calculations = [.. m.Calculations.Select(c => new CalculationDto
        {
            Hash = c.Hash,
            ProgramVersion = c.ProgramVersion,
            AtomicNumbers = [.. c.Request.Molecule.AtomicNumbers],
            PositionsAngstrom = [.. c.Request.Molecule.PositionsAngstrom.Select(p => new[] { p.X, p.Y, p.Z })],
            Charge = c.Request.Molecule.Charge,
            Multiplicity = c.Request.Molecule.Multiplicity,
            Program = c.Request.Program,
            Method = c.Request.Method,
            Basis = c.Request.Basis,
            Driver = c.Request.Driver.ToWire(),
            Keywords = new SortedDictionary<string, string>(c.Request.Keywords.ToDictionary(), StringComparer.Ordinal),
        })],
    }, SpoolJsonContext.Default.ManifestDto);

    public static SpoolManifest Manifest(string json)
    {
        var d = JsonSerializer.Deserialize(json, SpoolJsonContext.Default.ManifestDto) ?? throw new FormatException("the manifest is empty");
        return new SpoolManifest(d.Batch, [.. d.Calculations.Select(c =>
        {
            if (!DriverNames.TryParse(c.Driver, out var driver))
                throw new FormatException($"calculation {c.Hash} has the unknown driver '{c.Driver}'");
            var molecule = Molecule.Create(c.AtomicNumbers, c.PositionsAngstrom.Select(p => new Vec3(p[0], p[1], p[2])), c.Charge, c.Multiplicity);
            return new SpoolCalculation(c.Hash, c.ProgramVersion, new CalculationRequest(molecule, c.Program, c.Method, c.Basis, driver, c.Keywords));
        })], d.Threads, TimeSpan.FromSeconds(d.TimeLimitSeconds), d.MemoryMiB);
    }

    public static string Result(string hash, CalculationResult r) => JsonSerializer.Serialize(new ResultDto
    {
        Hash = hash,
        Status = r.Succeeded ? "success" : "failed",
        Properties = r.Properties is null ? null : StoreJson.Properties(r.Properties),
        Error = r.Error,
        OutputTail = r.OutputTail,
        Program = r.Provenance.Program,
        ProgramVersion = r.Provenance.ProgramVersion,
        Host = r.Provenance.Host,
        StartedAt = r.Provenance.StartedAt,
        EndedAt = r.Provenance.EndedAt,
        CreatorVersion = r.Provenance.CreatorVersion,
        Job = r.Provenance.Job,
        WallSeconds = r.Cost.WallSeconds,
        CpuSeconds = r.Cost.CpuSeconds,
        PeakMemoryBytes = r.Cost.PeakMemoryBytes,
        Meter = r.Cost.Meter,
        PackageEnergyJoules = r.Cost.PackageEnergyJoules,
    }, SpoolJsonContext.Default.ResultDto);

    public static (string Hash, CalculationResult Result) Result(string json)
    {
        var d = JsonSerializer.Deserialize(json, SpoolJsonContext.Default.ResultDto) ?? throw new FormatException("the result is empty");
        var provenance = new Provenance(d.Program, d.ProgramVersion, d.Host, d.StartedAt, d.EndedAt) { CreatorVersion = d.CreatorVersion, Job = d.Job };
        var cost = new ComputeCost(d.WallSeconds, d.CpuSeconds, d.PeakMemoryBytes, d.Meter) { PackageEnergyJoules = d.PackageEnergyJoules };
        var result = new CalculationResult
        {
            Status = d.Status == "success" ? CalculationStatus.Success : CalculationStatus.Failed,
            Properties = d.Properties is null ? null : StoreJson.Properties(d.Properties),
            Error = d.Error,
            OutputTail = d.OutputTail,
            Provenance = provenance,
            Cost = cost,
        };
        return (d.Hash, result);
    }
}

internal sealed class ManifestDto
{
    public string Batch { get; set; } = "";
    public int Threads { get; set; } = 1;
    public double TimeLimitSeconds { get; set; }
    public int MemoryMiB { get; set; }
    public List<CalculationDto> Calculations { get; set; } = [];
}

internal sealed class CalculationDto
{
    public string Hash { get; set; } = "";
    public string ProgramVersion { get; set; } = "";
    public int[] AtomicNumbers { get; set; } = [];
    public double[][] PositionsAngstrom { get; set; } = [];
    public int Charge { get; set; }
    public int Multiplicity { get; set; }
    public string Program { get; set; } = "";
    public string Method { get; set; } = "";
    public string? Basis { get; set; }
    public string Driver { get; set; } = "";
    public SortedDictionary<string, string> Keywords { get; set; } = [];
}

internal sealed class ResultDto
{
    public string Hash { get; set; } = "";
    public string Status { get; set; } = "";
    public string? Properties { get; set; }
    public string? Error { get; set; }
    public string? OutputTail { get; set; }
    public string Program { get; set; } = "";
    public string ProgramVersion { get; set; } = "";
    public string Host { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset EndedAt { get; set; }
    public string CreatorVersion { get; set; } = "";
    public string? Job { get; set; }
    public double WallSeconds { get; set; }
    public double CpuSeconds { get; set; }
    public long PeakMemoryBytes { get; set; }
    public string Meter { get; set; } = "";
    public double? PackageEnergyJoules { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ManifestDto))]
[JsonSerializable(typeof(ResultDto))]
internal sealed partial class SpoolJsonContext : JsonSerializerContext;
