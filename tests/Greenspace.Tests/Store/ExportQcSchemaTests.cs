using System.Text.Json;
using Greenspace.Records;
using Greenspace.Store;
using Greenspace.Store.Export;
using Greenspace.Tests.Chemistry;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Store;

/// <summary>
/// The QCSchema export read back by Python's json module and validated by QCElemental 0.25 (Debian's
/// python3-qcelemental, MolSSI's own pydantic models of QCSchema), both run as a process.
/// </summary>
public class ExportQcSchemaTests
{
    private const double AngstromPerBohr = 0.529177210903; // CODATA 2018, as QCSchema's bohr

    // Reads every line with json.loads, then has QCElemental parse it as the model its schema_name names.
    private const string ReadScript = """
        import json, sys
        from qcelemental.models import AtomicResult, OptimizationResult
        models = {'qcschema_output': AtomicResult, 'qcschema_optimization_output': OptimizationResult}
        out = []
        with open(sys.argv[1], encoding='utf-8') as f:
            for line in f:
                raw = json.loads(line)
                try:
                    model = models[raw['schema_name']](**raw)
                    molecule = model.molecule if raw['schema_name'] == 'qcschema_output' else model.initial_molecule
                    out.append({'raw': raw, 'valid': True, 'qcel_geometry_bohr': molecule.geometry.ravel().tolist()})
                except Exception as e:
                    out.append({'raw': raw, 'valid': False, 'problem': f'{type(e).__name__}: {e}'})
        print(json.dumps(out))
        """;

    private sealed record Read(JsonElement Raw, bool Valid, string? Problem, double[]? QcelGeometryBohr);

    private static async Task<(Read[] Records, IReadOnlyList<StoredCalculation> Exported)> ExportAndReadAsync()
    {
        var contents = await ExportTestStore.GetAsync();
        var path = Path.Combine(TestData.NewTempDirectory(), "results.qcschema.jsonl");
        QcSchemaExport.Write(path, contents.All);
        Assert.Equal(contents.All.Count, File.ReadAllLines(path).Length); // one record per line
        var json = await ExternalPrograms.RunAsync(Path.GetDirectoryName(path)!, ExternalPrograms.Python, "-c", ReadScript, path);
        var records = JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => new Read(
            e.GetProperty("raw"),
            e.GetProperty("valid").GetBoolean(),
            e.TryGetProperty("problem", out var p) ? p.GetString() : null,
            e.TryGetProperty("qcel_geometry_bohr", out var g) ? [.. g.EnumerateArray().Select(x => x.GetDouble())] : null)).ToArray();
        return (records, contents.All);
    }

    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(x => x.GetDouble())];

    private static void AssertMolecule(JsonElement molecule, StoredCalculation c, IReadOnlyList<Greenspace.Chemistry.Vec3> positionsAngstrom)
    {
        Assert.Equal("qcschema_molecule", molecule.GetProperty("schema_name").GetString());
        Assert.Equal(c.Molecule.Symbols, molecule.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()));
        var geometry = Numbers(molecule.GetProperty("geometry"));
        Assert.Equal(3 * positionsAngstrom.Count, geometry.Length); // flat, as QCSchema writes it
        for (int a = 0; a < positionsAngstrom.Count; a++)
            for (int k = 0; k < 3; k++)
                Assert.Equal(positionsAngstrom[a][k] / AngstromPerBohr, geometry[3 * a + k], 1e-12);
        Assert.Equal(c.Molecule.Charge, molecule.GetProperty("molecular_charge").GetDouble());
        Assert.Equal(c.Molecule.Multiplicity, molecule.GetProperty("molecular_multiplicity").GetInt32());
    }

    [Fact]
    public async Task QCElemental_accepts_every_record_and_json_reads_geometry_in_bohr_and_energies_in_Hartree()
    {
        var (records, exported) = await ExportAndReadAsync();
        Assert.Equal(exported.Count, records.Length);
        for (int i = 0; i < records.Length; i++)
        {
            var (raw, c) = (records[i].Raw, exported[i]);
            Assert.True(records[i].Valid, $"{c.Program} {c.Method} {c.Driver.ToWire()}: QCElemental refused the record: {records[i].Problem}");
            Assert.Equal(1, raw.GetProperty("schema_version").GetInt32());
            Assert.Equal(c.Result.Succeeded, raw.GetProperty("success").GetBoolean());
            Assert.Equal(c.Program, raw.GetProperty("provenance").GetProperty("creator").GetString());
            Assert.Equal(c.Result.Provenance.ProgramVersion, raw.GetProperty("provenance").GetProperty("version").GetString());
            var greenspace = raw.GetProperty("extras").GetProperty("greenspace");
            Assert.Equal(c.RequestHash, greenspace.GetProperty("request_hash").GetString());
            Assert.Equal(c.Result.Cost.CpuSeconds, greenspace.GetProperty("cost").GetProperty("cpu_seconds").GetDouble());
            Assert.Equal(c.Result.Cost.WallSeconds, greenspace.GetProperty("cost").GetProperty("wall_seconds").GetDouble());

            // QCElemental's parsed geometry is the file's, unchanged (it does not re-centre a fixed frame).
            Assert.Equal(c.Molecule.PositionsAngstrom.SelectMany(r => new[] { r.X, r.Y, r.Z }).Select(x => x / AngstromPerBohr), records[i].QcelGeometryBohr!,
                (x, y) => Math.Abs(x - y) < 1e-8);
            if (!c.Result.Succeeded)
                continue;

            var p = c.Result.Properties!;
            var spec = c.Driver == Driver.Optimization ? raw.GetProperty("input_specification") : raw;
            Assert.Equal(c.Method, spec.GetProperty("model").GetProperty("method").GetString());
            Assert.Equal(JsonValueKind.Null, spec.GetProperty("model").GetProperty("basis").ValueKind); // xtb, MOPAC and MMFF94 have none

            var atomic = raw;
            if (c.Driver == Driver.Optimization)
            {
                Assert.Equal("qcschema_optimization_output", raw.GetProperty("schema_name").GetString());
                AssertMolecule(raw.GetProperty("initial_molecule"), c, c.Molecule.PositionsAngstrom);
                AssertMolecule(raw.GetProperty("final_molecule"), c, p.FinalPositionsAngstrom);
                Assert.Equal([p.Energy], Numbers(raw.GetProperty("energies")));
                atomic = Assert.Single(raw.GetProperty("trajectory").EnumerateArray());
                AssertMolecule(atomic.GetProperty("molecule"), c, p.FinalPositionsAngstrom);
                Assert.Equal("energy", atomic.GetProperty("driver").GetString());
            }
            else
            {
                Assert.Equal("qcschema_output", raw.GetProperty("schema_name").GetString());
                Assert.Equal(c.Driver.ToWire(), raw.GetProperty("driver").GetString());
                AssertMolecule(raw.GetProperty("molecule"), c, c.Molecule.PositionsAngstrom);
            }

            var properties = atomic.GetProperty("properties");
            var returned = atomic.GetProperty("return_result");
            Assert.Equal(c.Molecule.AtomCount, properties.GetProperty("calcinfo_natom").GetInt32());
            if (p.EnergyKind == EnergyKind.TotalElectronic)
            {
                Assert.Equal(p.Energy, properties.GetProperty("return_energy").GetDouble());
                if (c.Driver != Driver.Gradient)
                    Assert.Equal(p.Energy, returned.GetDouble());
            }
            else
            {
                // No QCSchema slot: not a return_energy, and the energy is under extras with its kind and unit.
                Assert.False(properties.TryGetProperty("return_energy", out _), $"{c.Program}: a {p.EnergyKind} is not QCSchema's return_energy");
                var energy = greenspace.GetProperty("energy");
                Assert.Equal(p.EnergyKind.ToWire(), energy.GetProperty("kind").GetString());
                Assert.Equal("kcal/mol", energy.GetProperty("unit").GetString());
                Assert.Equal(p.Energy, energy.GetProperty("value").GetDouble());
                if (c.Driver == Driver.Energy)
                    Assert.Equal(JsonValueKind.Object, returned.ValueKind);
            }
            if (c.Driver == Driver.Gradient)
            {
                var flat = p.GradientHartreePerBohr.SelectMany(g => new[] { g.X, g.Y, g.Z }).ToArray();
                Assert.Equal(flat, Numbers(returned));
                Assert.Equal(flat, Numbers(properties.GetProperty("return_gradient")));
            }
        }
    }

    [Fact]
    public async Task A_failure_is_an_unsuccessful_AtomicResult_with_its_error()
    {
        var (records, exported) = await ExportAndReadAsync();
        int i = exported.ToList().FindIndex(c => !c.Result.Succeeded);
        var raw = records[i].Raw;
        Assert.True(records[i].Valid, records[i].Problem);
        Assert.False(raw.GetProperty("success").GetBoolean());
        var error = raw.GetProperty("error");
        Assert.Equal("convergence_error", error.GetProperty("error_type").GetString());
        Assert.Equal(exported[i].Result.Error, error.GetProperty("error_message").GetString());
        Assert.Equal("failed", raw.GetProperty("extras").GetProperty("greenspace").GetProperty("status").GetString());
        Assert.False(raw.GetProperty("properties").TryGetProperty("return_energy", out _));
    }
}
