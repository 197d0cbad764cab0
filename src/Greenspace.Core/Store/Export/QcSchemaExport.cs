using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Store.Export;

/// <summary>
/// Stored results as MolSSI QCSchema records, one per line (JSON Lines). An energy or gradient is an
/// <c>AtomicResult</c> (<c>qcschema_output</c>, version 1); an optimisation, for which QCSchema's
/// single-point driver has no value, is an <c>OptimizationResult</c> (<c>qcschema_optimization_output</c>)
/// whose trajectory keeps the final step only (protocol <c>final</c>: the store keeps no intermediate steps).
/// Geometries are in bohr, energies in Hartree, gradients in Hartree/bohr, dipoles in e a0, as QCSchema
/// has them. A heat of formation or force-field energy has no QCSchema slot: it is not a
/// <c>return_energy</c>, and goes to <c>extras.greenspace.energy</c> with its kind, unit and zero.
/// </summary>
/// <remarks>
/// JSON Lines rather than one array: each record is a complete QCSchema document, as QCSchema defines
/// them one at a time; a reader can stream a store of any size a line at a time (pandas'
/// <c>read_json(lines=True)</c>, Hugging Face <c>datasets</c>, <c>jq -c</c>) and a truncated file loses
/// only its last line. The file should be named <c>.jsonl</c>.
/// </remarks>
public static class QcSchemaExport
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // QCSchema v1 AtomicResultProperties that are energies in Hartree: a stored extra named "<name>_hartree" fills them.
    private static readonly HashSet<string> HartreeProperties =
    [
        "nuclear_repulsion_energy",
        "scf_one_electron_energy", "scf_two_electron_energy", "scf_vv10_energy", "scf_xc_energy", "scf_dispersion_correction_energy", "scf_total_energy",
        "mp2_same_spin_correlation_energy", "mp2_opposite_spin_correlation_energy", "mp2_singles_energy", "mp2_doubles_energy", "mp2_correlation_energy", "mp2_total_energy",
        "ccsd_same_spin_correlation_energy", "ccsd_opposite_spin_correlation_energy", "ccsd_singles_energy", "ccsd_doubles_energy", "ccsd_correlation_energy", "ccsd_total_energy",
        "ccsd_prt_pr_correlation_energy", "ccsd_prt_pr_total_energy",
        "ccsdt_correlation_energy", "ccsdt_total_energy", "ccsdtq_correlation_energy", "ccsdtq_total_energy",
    ];

    // The QCSchema name of a method's total energy, where the method is one level of theory QCSchema names.
    private static readonly Dictionary<string, string> MethodTotalEnergy = new(StringComparer.Ordinal)
    {
        ["hf"] = "scf_total_energy",
        ["scf"] = "scf_total_energy",
        ["mp2"] = "mp2_total_energy",
        ["ccsd"] = "ccsd_total_energy",
        ["ccsd(t)"] = "ccsd_prt_pr_total_energy",
    };

    // Methods whose dipole is the SCF dipole (Hartree-Fock and the density functionals Greenspace runs).
    private static readonly HashSet<string> ScfDipoleMethods = ["hf", "scf", "b3lyp", "pbe0", "pbe"];

    public static void Write(string path, IEnumerable<StoredCalculation> calculations)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, Options);
        foreach (var calculation in calculations)
        {
            WriteRecord(json, calculation);
            json.Flush();
            stream.WriteByte((byte)'\n');
            json.Reset();
        }
    }

    private static void WriteRecord(Utf8JsonWriter json, StoredCalculation c)
    {
        if (c.Driver == Driver.Optimization)
            WriteOptimization(json, c);
        else
            WriteAtomicResult(json, c, c.Molecule, c.Driver.ToWire(), withGreenspaceExtras: true);
    }

    private static void WriteAtomicResult(Utf8JsonWriter json, StoredCalculation c, Molecule molecule, string driver, bool withGreenspaceExtras)
    {
        var result = c.Result;
        var p = result.Properties;
        json.WriteStartObject();
        json.WriteString("schema_name", "qcschema_output");
        json.WriteNumber("schema_version", 1);
        json.WritePropertyName("molecule");
        WriteMolecule(json, molecule);
        json.WriteString("driver", driver);
        WriteModel(json, c);
        WriteKeywords(json, c);
        WriteProvenance(json, c);
        json.WritePropertyName("properties");
        WriteProperties(json, c, molecule);
        json.WritePropertyName("return_result");
        if (p is null)
        {
            // Required by the schema even when the run failed; an empty object is "blank" and still valid.
            json.WriteStartObject();
            json.WriteEndObject();
        }
        else if (driver == "gradient" && !p.GradientHartreePerBohr.IsDefaultOrEmpty)
            WriteFlat(json, p.GradientHartreePerBohr, 1.0);
        else if (p.TotalEnergyHartree is { } hartree)
            json.WriteNumberValue(hartree);
        else
        {
            // Not a total energy, so not a number QCSchema readers would take for one: name it with its unit.
            json.WriteStartObject();
            json.WriteNumber(ExportConventions.EnergyKey(p.EnergyKind), p.Energy);
            json.WriteEndObject();
        }
        json.WriteBoolean("success", result.Succeeded);
        if (!result.Succeeded)
            WriteError(json, c);
        if (withGreenspaceExtras)
            WriteExtras(json, c);
        json.WriteEndObject();
    }

    private static void WriteOptimization(Utf8JsonWriter json, StoredCalculation c)
    {
        var result = c.Result;
        var p = result.Properties;
        var final = ExportConventions.ResultMolecule(c);
        json.WriteStartObject();
        json.WriteString("schema_name", "qcschema_optimization_output");
        json.WriteNumber("schema_version", 1);
        json.WritePropertyName("initial_molecule");
        WriteMolecule(json, c.Molecule);
        json.WritePropertyName("final_molecule");
        if (result.Succeeded)
            WriteMolecule(json, final);
        else
            json.WriteNullValue();

        // The program optimised with its own optimiser, from gradients; its keywords are the request's.
        json.WriteStartObject("input_specification");
        json.WriteString("schema_name", "qcschema_input");
        json.WriteNumber("schema_version", 1);
        json.WriteString("driver", "gradient");
        WriteModel(json, c);
        WriteKeywords(json, c);
        json.WriteEndObject();
        json.WriteStartObject("keywords");
        json.WriteEndObject();

        json.WriteStartObject("protocols");
        json.WriteString("trajectory", result.Succeeded ? "final" : "none");
        json.WriteEndObject();
        json.WriteStartArray("trajectory");
        if (result.Succeeded)
            WriteAtomicResult(json, c, final, "energy", withGreenspaceExtras: false);
        json.WriteEndArray();
        json.WriteStartArray("energies");
        if (p?.TotalEnergyHartree is { } hartree)
            json.WriteNumberValue(hartree);
        json.WriteEndArray();

        WriteProvenance(json, c);
        json.WriteBoolean("success", result.Succeeded);
        if (!result.Succeeded)
            WriteError(json, c);
        WriteExtras(json, c);
        json.WriteEndObject();
    }

    private static void WriteMolecule(Utf8JsonWriter json, Molecule molecule)
    {
        json.WriteStartObject();
        json.WriteString("schema_name", "qcschema_molecule");
        json.WriteNumber("schema_version", 2);
        json.WriteStartArray("symbols");
        foreach (var symbol in molecule.Symbols)
            json.WriteStringValue(symbol);
        json.WriteEndArray();
        json.WritePropertyName("geometry");
        WriteFlat(json, molecule.PositionsAngstrom, Units.BohrPerAngstrom);
        json.WriteNumber("molecular_charge", molecule.Charge);
        json.WriteNumber("molecular_multiplicity", molecule.Multiplicity);
        // Per-atom results (gradients) belong to this frame: a reader must not move or turn it.
        json.WriteBoolean("fix_com", true);
        json.WriteBoolean("fix_orientation", true);
        json.WriteStartObject("identifiers");
        json.WriteString("molecular_formula", molecule.Formula);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter json, StoredCalculation c)
    {
        json.WriteStartObject("model");
        json.WriteString("method", c.Method);
        json.WriteString("basis", c.Basis); // null for methods without a basis set, as QCSchema allows
        json.WriteEndObject();
    }

    private static void WriteKeywords(Utf8JsonWriter json, StoredCalculation c)
    {
        json.WriteStartObject("keywords");
        foreach (var (key, value) in c.Keywords)
            json.WriteString(key, value);
        json.WriteEndObject();
    }

    private static void WriteProvenance(Utf8JsonWriter json, StoredCalculation c)
    {
        var run = c.Result.Provenance;
        json.WriteStartObject("provenance");
        json.WriteString("creator", c.Program);
        json.WriteString("version", run.ProgramVersion);
        json.WriteString("routine", $"{run.Creator} {run.CreatorVersion}");
        json.WriteEndObject();
    }

    private static void WriteProperties(Utf8JsonWriter json, StoredCalculation c, Molecule molecule)
    {
        json.WriteStartObject();
        if (c.Result.Properties is { } p)
        {
            json.WriteNumber("calcinfo_natom", molecule.AtomCount);
            var written = new HashSet<string>(StringComparer.Ordinal);
            void Energy(string name, double hartree)
            {
                if (written.Add(name))
                    json.WriteNumber(name, hartree);
            }
            if (p.TotalEnergyHartree is { } total)
            {
                Energy("return_energy", total);
                if (MethodTotalEnergy.TryGetValue(c.Method, out var name))
                    Energy(name, total);
            }
            foreach (var (key, value) in p.Extras)
                if (key.EndsWith("_hartree", StringComparison.Ordinal) && HartreeProperties.Contains(key[..^"_hartree".Length]))
                    Energy(key[..^"_hartree".Length], value);
            if (p.DipoleDebye is { } d && ScfDipoleMethods.Contains(c.Method))
            {
                json.WritePropertyName("scf_dipole_moment");
                WriteFlat(json, [d], 1.0 / Units.DebyePerAtomicUnit);
            }
            if (!p.GradientHartreePerBohr.IsDefaultOrEmpty)
            {
                json.WritePropertyName("return_gradient");
                WriteFlat(json, p.GradientHartreePerBohr, 1.0);
            }
        }
        json.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter json, StoredCalculation c)
    {
        var message = c.Result.Error ?? "failed without a stated reason";
        json.WriteStartObject("error");
        json.WriteString("error_type", ErrorType(message));
        json.WriteString("error_message", message);
        if (c.Result.OutputTail is { } tail)
        {
            json.WriteStartObject("extras");
            json.WriteString("output_tail", tail);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>QCEngine's short classifiers: a convergence failure, a limit of time or memory, or otherwise unknown.</summary>
    public static string ErrorType(string message) =>
        message.Contains("converge", StringComparison.OrdinalIgnoreCase) ? "convergence_error"
        : message.Contains("time limit", StringComparison.OrdinalIgnoreCase) || message.Contains("memory", StringComparison.OrdinalIgnoreCase) ? "resource_error"
        : "unknown_error";

    private static void WriteExtras(Utf8JsonWriter json, StoredCalculation c)
    {
        var result = c.Result;
        json.WriteStartObject("extras");
        json.WriteStartObject("greenspace");
        json.WriteString("request_hash", c.RequestHash);
        json.WriteNumber("result_id", c.ResultId);
        json.WriteString("molecule_hash", c.MoleculeHash);
        json.WriteString("status", ExportConventions.Status(c));
        json.WriteString("driver", c.Driver.ToWire());
        if (result.Properties is { } p)
        {
            json.WriteStartObject("energy");
            json.WriteString("kind", p.EnergyKind.ToWire());
            json.WriteNumber("value", p.Energy);
            json.WriteString("unit", p.EnergyKind.Unit());
            json.WriteString("zero", p.EnergyKind.Zero());
            json.WriteEndObject();
            WriteGreenspaceProperties(json, p);
        }
        json.WriteStartObject("cost");
        json.WriteNumber("cpu_seconds", result.Cost.CpuSeconds);
        json.WriteNumber("wall_seconds", result.Cost.WallSeconds);
        json.WriteNumber("peak_memory_bytes", result.Cost.PeakMemoryBytes);
        json.WriteString("meter", result.Cost.Meter);
        json.WriteEndObject();
        var run = result.Provenance;
        json.WriteStartObject("run");
        json.WriteString("program", run.Program);
        json.WriteString("program_version", run.ProgramVersion);
        json.WriteString("host", run.Host);
        json.WriteString("started_at", run.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("ended_at", run.EndedAt.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("creator", run.Creator);
        json.WriteString("creator_version", run.CreatorVersion);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    // Everything the program gave, in Greenspace's units (named in each key), including what QCSchema has no slot for.
    private static void WriteGreenspaceProperties(Utf8JsonWriter json, ResultProperties p)
    {
        json.WriteStartObject("properties");
        var written = new HashSet<string>(StringComparer.Ordinal);
        void Number(string key, double? value)
        {
            if (value is { } v && written.Add(key))
                json.WriteNumber(key, v);
        }
        Number(ExportConventions.EnergyKey(p.EnergyKind), p.Energy);
        Number("homo_hartree", p.HomoHartree);
        Number("lumo_hartree", p.LumoHartree);
        Number("homo_lumo_gap_hartree", p.HomoLumoGapHartree);
        if (p.DipoleDebye is { } d)
        {
            json.WritePropertyName("dipole_debye");
            WriteFlat(json, [d], 1.0);
        }
        if (!p.PartialCharges.IsDefaultOrEmpty)
        {
            json.WriteStartArray("partial_charges");
            foreach (var q in p.PartialCharges)
                json.WriteNumberValue(q);
            json.WriteEndArray();
            json.WriteString("charge_model", p.ChargeModel);
        }
        if (p.Iterations is { } iterations)
            json.WriteNumber("iterations", iterations);
        // An extra never repeats a key written above (JSON readers keep only one of two equal keys).
        foreach (var (key, value) in p.Extras)
            if (key is not ("dipole_debye" or "partial_charges" or "charge_model" or "iterations"))
                Number(key, value);
        json.WriteEndObject();
    }

    private static void WriteFlat(Utf8JsonWriter json, IEnumerable<Vec3> vectors, double factor)
    {
        json.WriteStartArray();
        foreach (var v in vectors)
        {
            json.WriteNumberValue(v.X * factor);
            json.WriteNumberValue(v.Y * factor);
            json.WriteNumberValue(v.Z * factor);
        }
        json.WriteEndArray();
    }
}
