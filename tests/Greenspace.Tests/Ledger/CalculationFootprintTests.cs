using Greenspace.Ledger;

namespace Greenspace.Tests.Ledger;

/// <summary>The per-calculation convention: equal to the Green Algorithms calculator for the same job, its band, the measured path, and bad usage.</summary>
public sealed class CalculationFootprintTests
{
    private static readonly GreenAlgorithmsTables Tables = GreenAlgorithmsTables.Default;
    private const double Gb = 1024.0 * 1024 * 1024;

    /// <summary>A two-socket Xeon Platinum 8460Y+ server (80 cores, no SMT), 512 GB, in Switzerland, PUE 1.25.</summary>
    private static MachineProfile Server(bool vm = false) => MachineProfile.Build(Tables,
        new MachineSettings { CpuModel = "Xeon Platinum 8460Y+", Location = "CH", Pue = 1.25 },
        new CpuInfo("GenuineIntel", 6, 143, "Intel(R) Xeon(R) Platinum 8460Y+", 80, 80, false, vm), 512, new EnergyCounterProbe([], [], false));

    [Fact]
    public void A_calculation_that_keeps_its_cores_busy_costs_what_the_calculator_says_for_that_job()
    {
        // 8 of 80 cores busy for 2 h: CPU seconds = 8 x 7200. The calculator, given 8 cores, 51.2 GB (8/80 of 512) and 2 h, must agree.
        var usage = new CalculationUsage(8 * 7200, 7200, (long)(10 * Gb), 0.1);
        var ours = new CalculationFootprintModel(Tables).Estimate(usage, Server());
        var theirs = new GreenAlgorithmsCalculator(Tables).Compute(new GreenAlgorithmsJob
        {
            CpuModel = "Xeon Platinum 8460Y+", CpuCores = 8, MemoryGb = 51.2, RuntimeHours = 2, Location = "CH", PueGiven = true, Pue = 1.25,
        });
        Assert.Equal(EnergyMethod.CpuTimeTimesModel, ours.Method);
        Assert.Equal(theirs.EnergyNeededKwh, ours.EnergyKwh, 9);
        Assert.Equal(theirs.CarbonEmissionsGco2e, ours.OperationalCarbonGco2e, 6);
        Assert.Equal(theirs.ManufacturingCarbonEmissionsGco2e, ours.EmbodiedCarbonGco2e, 6);
        Assert.Equal(51.2, ours.MemoryChargedGb, 9);
    }

    [Fact]
    public void A_slurm_job_costs_what_green_algorithms_for_hpc_computed_for_it()
    {
        // The same convention (CPU time x TDP/core + requested memory x 0.3725 W/GB x wall time, x PUE) is the one of
        // GreenAlgorithms4HPC. Its golden output for one SLURM job (Green-Algorithms-core, commit 59c53c26,
        // tests/testdata/slurm/expected/single_job_completed_expected.csv, with tests/conftest.py's cluster: 9.4 W per
        // core, PUE 1.15, 231.12 gCO2e/kWh): 22 h 40 min of CPU time, 2 h 50 min wall, 16 GB requested.
        var machine = MachineProfile.Build(Tables,
            new MachineSettings { TdpPerCoreW = 9.4, Pue = 1.15, CarbonIntensityGramsPerKwh = 231.12 },
            new CpuInfo("GenuineIntel", 6, 85, "Intel(R) Xeon(R) Gold 6142 CPU", 32, 32, false, false), 384, new EnergyCounterProbe([], [], false));
        var usage = new CalculationUsage((22 * 60 + 40) * 60, (2 * 60 + 50) * 60, (long)(12 * Gb), 8.0 / 32) { GrantedMemoryBytes = (long)(16 * Gb) };
        var footprint = new CalculationFootprintModel(Tables).Estimate(usage, machine);
        Assert.Equal(0.26444633333333334, footprint.EnergyKwh, 12);
        Assert.Equal(61.118836560000005, footprint.OperationalCarbonGco2e, 9);
    }

    [Fact]
    public void The_band_spans_half_tdp_half_a_core_and_peak_memory()
    {
        var usage = new CalculationUsage(3600, 3600, (long)(2 * Gb), 0.1);
        var model = new CalculationFootprintModel(Tables);
        var bare = model.Estimate(usage, Server());
        var pue = 1.25;
        Assert.Equal((3600 * 7.5 * 0.5 + 2 * 0.3725 * 3600) * pue / 3.6e6, bare.EnergyLowKwh, 12);
        Assert.Equal(bare.EnergyKwh, bare.EnergyHighKwh, 12); // an identified CPU: no family range above
        var vm = model.Estimate(usage, Server(vm: true));
        Assert.Equal((3600 * 7.5 * 0.25 + 2 * 0.3725 * 3600) * pue / 3.6e6, vm.EnergyLowKwh, 12);
        Assert.True(vm.OperationalCarbonLowGco2e < vm.OperationalCarbonGco2e);
    }

    [Fact]
    public void A_sleeping_process_costs_only_its_memory()
    {
        var footprint = new CalculationFootprintModel(Tables).Estimate(new CalculationUsage(0, 60, 1 << 20, 0.5), Server());
        Assert.Equal(0, footprint.CpuEnergyKwh);
        Assert.Equal(256 * 0.3725 * 60 * 1.25 / 3.6e6, footprint.EnergyKwh, 12);
    }

    [Fact]
    public void A_measured_package_energy_replaces_the_cpu_model_and_says_so()
    {
        var usage = new CalculationUsage(3600, 3600, (long)Gb, 0.1) { MeasuredPackageJoules = 20000 };
        var footprint = new CalculationFootprintModel(Tables).Estimate(usage, Server());
        Assert.Equal(EnergyMethod.MeasuredRapl, footprint.Method);
        Assert.Equal(20000 * 1.25 / 3.6e6, footprint.CpuEnergyKwh, 12);
        Assert.Equal(footprint.CpuEnergyKwh + footprint.MemoryEnergyKwh, footprint.EnergyKwh, 12);
    }

    [Fact]
    public void Impossible_usage_is_refused()
    {
        var model = new CalculationFootprintModel(Tables);
        Assert.Throws<FootprintInputException>(() => model.Estimate(new CalculationUsage(-1, 1, 0, 0.5), Server()));
        Assert.Throws<FootprintInputException>(() => model.Estimate(new CalculationUsage(1, 1, 0, 0), Server()));
    }
}
