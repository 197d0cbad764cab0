using System.Text.Json;
using Greenspace.Records;
using Greenspace.Store;
using Greenspace.Store.Export;
using Greenspace.Tests.Chemistry;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Store;

/// <summary>
/// The extended XYZ export read back by ASE 3.22 (Debian's python3-ase, run as a process): the same
/// positions and energies as the store holds, converted here independently with CODATA 2018 factors.
/// </summary>
public class ExportExtXyzTests
{
    // CODATA 2018, typed here rather than taken from Greenspace's Units, so that a wrong factor there shows.
    private const double ElectronVoltPerHartree = 27.211386245988;
    private const double AngstromPerBohr = 0.529177210903;

    private static async Task<(JsonElement[] Frames, IReadOnlyList<StoredCalculation> Exported)> ExportAndReadAsync(bool includeFailures)
    {
        var contents = await ExportTestStore.GetAsync();
        var exported = includeFailures ? contents.All : contents.Successes;
        var path = Path.Combine(TestData.NewTempDirectory(), "results.extxyz");
        ExtXyzExport.Write(path, exported);
        var json = await ExternalPrograms.AseReadAsync(path);
        return ([.. JsonDocument.Parse(json).RootElement.EnumerateArray()], exported);
    }

    private static double[][] Rows(JsonElement e) => [.. e.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray())];

    [Fact]
    public async Task ASE_reads_the_stored_positions_and_total_energies_in_eV_and_forces_where_a_gradient_was_computed()
    {
        var (frames, exported) = await ExportAndReadAsync(includeFailures: false);
        Assert.Equal(exported.Count, frames.Length);
        int withForces = 0, optimised = 0;
        for (int i = 0; i < frames.Length; i++)
        {
            var c = exported[i];
            var p = c.Result.Properties!;
            var frame = frames[i];
            var info = frame.GetProperty("info");
            var results = frame.GetProperty("results");
            Assert.Equal(c.Molecule.AtomicNumbers, frame.GetProperty("numbers").EnumerateArray().Select(z => z.GetInt32()));

            // Optimisations carry the optimised geometry, which moved away from the input; the rest the input geometry.
            var expected = c.Driver == Driver.Optimization ? p.FinalPositionsAngstrom : c.Molecule.PositionsAngstrom;
            var positions = Rows(frame.GetProperty("positions"));
            for (int a = 0; a < expected.Length; a++)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(expected[a][k], positions[a][k], 1e-9);
            if (c.Driver == Driver.Optimization)
            {
                optimised++;
                Assert.True(expected.Zip(c.Molecule.PositionsAngstrom).Max(t => Greenspace.Chemistry.Vec3.Distance(t.First, t.Second)) > 1e-3);
            }

            if (p.EnergyKind == EnergyKind.TotalElectronic)
            {
                // In ASE's calculator, in eV; and in Hartree under a name that says so.
                Assert.Equal(p.Energy * ElectronVoltPerHartree, results.GetProperty("energy").GetDouble(), 1e-9);
                Assert.Equal(p.Energy, info.GetProperty("total_energy_hartree").GetDouble());
            }
            else
            {
                // A heat of formation or a force-field energy is not ASE's energy: no calculator energy, only its own key.
                Assert.False(results.TryGetProperty("energy", out _), $"{c.Program} {c.Method}: a {p.EnergyKind} must not become ASE's energy");
                Assert.False(info.TryGetProperty("energy", out _));
                var key = p.EnergyKind == EnergyKind.HeatOfFormation ? "heat_of_formation_kcal_per_mol" : "force_field_energy_kcal_per_mol";
                Assert.Equal(p.Energy, info.GetProperty(key).GetDouble());
            }

            if (!p.GradientHartreePerBohr.IsDefaultOrEmpty)
            {
                withForces++;
                var forces = Rows(results.GetProperty("forces"));
                for (int a = 0; a < forces.Length; a++)
                    for (int k = 0; k < 3; k++)
                        Assert.Equal(-p.GradientHartreePerBohr[a][k] * ElectronVoltPerHartree / AngstromPerBohr, forces[a][k], 1e-12);
            }
            else
                Assert.False(results.TryGetProperty("forces", out _));

            Assert.Equal(c.Program, info.GetProperty("program").GetString());
            Assert.Equal(c.Method, info.GetProperty("method").GetString());
            Assert.Equal(c.Driver.ToWire(), info.GetProperty("driver").GetString());
            Assert.Equal(c.RequestHash, info.GetProperty("request_hash").GetString());
            Assert.Equal(c.Molecule.Formula, info.GetProperty("formula").GetString());
            Assert.Equal(0, info.GetProperty("charge").GetInt32());
            Assert.Equal(1, info.GetProperty("spin").GetInt32());
            Assert.Equal(c.Result.Cost.CpuSeconds, info.GetProperty("cpu_seconds").GetDouble());
            Assert.Equal(c.Result.Cost.PeakMemoryBytes, info.GetProperty("peak_memory_bytes").GetInt64());
            if (p.HomoLumoGapHartree is { } gap)
                Assert.Equal(gap, info.GetProperty("homo_lumo_gap_hartree").GetDouble());
            if (p.DipoleDebye is { } d)
                Assert.Equal([d.X, d.Y, d.Z], info.GetProperty("dipole_debye").EnumerateArray().Select(x => x.GetDouble()));
        }
        Assert.Equal(3, withForces); // xtb on water and methanol, MOPAC on methanol
        Assert.Equal(2, optimised);
    }

    [Fact]
    public async Task Partial_charges_are_a_column_named_after_their_model_and_sum_to_the_total_charge()
    {
        var (frames, exported) = await ExportAndReadAsync(includeFailures: false);
        var xtb = Enumerable.Range(0, frames.Length).Where(i => exported[i].Program == "xtb").ToList();
        Assert.NotEmpty(xtb);
        foreach (int i in xtb)
        {
            var arrays = frames[i].GetProperty("arrays");
            Assert.False(arrays.TryGetProperty("charges", out _)); // ASE's own name means initial charges
            var q = arrays.GetProperty("charges_mulliken").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.Equal(exported[i].Result.Properties!.PartialCharges, q);
            Assert.Equal(0, q.Sum(), 1e-6);
            Assert.StartsWith("Mulliken", frames[i].GetProperty("info").GetProperty("charge_model").GetString());
        }
    }

    [Fact]
    public async Task A_failure_is_a_frame_only_when_asked_and_carries_its_error_and_no_energy()
    {
        var (without, _) = await ExportAndReadAsync(includeFailures: false);
        Assert.All(without, f => Assert.Equal("success", f.GetProperty("info").GetProperty("status").GetString()));

        var (frames, exported) = await ExportAndReadAsync(includeFailures: true);
        Assert.Equal(exported.Count, frames.Length);
        int i = exported.ToList().FindIndex(c => !c.Result.Succeeded);
        var info = frames[i].GetProperty("info");
        Assert.Equal("failed", info.GetProperty("status").GetString());
        Assert.Equal(exported[i].Result.Error, info.GetProperty("error").GetString());
        Assert.Contains("did not converge", info.GetProperty("error").GetString());
        Assert.Empty(frames[i].GetProperty("results").EnumerateObject());
        Assert.True(info.GetProperty("cpu_seconds").GetDouble() >= 0);
    }
}
