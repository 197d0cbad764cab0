using Greenspace.Ledger;

namespace Greenspace.Tests.Ledger;

/// <summary>The shipped Green Algorithms tables: lookups by the names people use, the world default, and CPU families for a bare "AMD EPYC".</summary>
public sealed class GreenAlgorithmsTablesTests
{
    private static readonly GreenAlgorithmsTables Tables = GreenAlgorithmsTables.Default;

    [Fact]
    public void Zones_are_found_by_id_or_country_with_year_and_source()
    {
        var germany = Tables.FindZone("Germany")!;
        Assert.Equal("DE", germany.ZoneId);
        Assert.Equal(333.77, germany.GramsCo2ePerKwh);
        Assert.Equal(2024, germany.Year);
        Assert.Equal(227.14, Tables.FindZone("us-cal-ciso")!.GramsCo2ePerKwh);
        Assert.Null(Tables.FindZone("Atlantis"));
        // The calculator v3.1's world row: GLOBAL, 480 gCO2e/kWh for 2023 (Ember), not the older 475 of IEA 2019.
        Assert.Equal("GLOBAL", Tables.World.ZoneId);
        Assert.Equal(480, Tables.World.GramsCo2ePerKwh);
        Assert.Equal(2023, Tables.World.Year);
        Assert.Same(Tables.World, Tables.FindZone("WORLD"));
        Assert.Same(Tables.World, Tables.FindZone("Global"));
    }

    [Fact]
    public void Cpus_are_found_with_or_without_the_vendor_and_from_a_cpuinfo_model_name()
    {
        Assert.Equal(7.5, Tables.FindCpu("Intel Xeon Platinum 8460Y+")!.TdpPerCoreW);
        Assert.Equal(4.375, Tables.FindCpu("AMD EPYC 7763")!.TdpPerCoreW);
        Assert.Equal(4.375, Tables.FindCpu("EPYC 7763")!.TdpPerCoreW);
        Assert.Equal("AMD EPYC 7763", Tables.IdentifyCpu("AMD EPYC 7763 64-Core Processor")!.Model);
        Assert.Equal("Xeon Platinum 8480+", Tables.IdentifyCpu("Intel(R) Xeon(R) Platinum 8480+")!.Model);
        Assert.Null(Tables.IdentifyCpu("AMD EPYC"));
    }

    [Fact]
    public void A_zen3_epyc_that_reports_only_its_family_gets_the_milan_range()
    {
        var family = Tables.FindFamily("AuthenticAMD", 25, 1)!;
        Assert.Contains("Milan", family.Name);
        // EPYC 7713 (225 W / 64 cores) is the frugalest Milan part in the table, EPYC 72F3 (180 W / 8 cores) the hungriest.
        Assert.Equal(225.0 / 64, family.TdpPerCoreMinW, 6);
        Assert.Equal(180.0 / 8, family.TdpPerCoreMaxW, 6);
        Assert.Contains("Turin", Tables.FindFamily("AuthenticAMD", 26, 2)!.Name);
    }

    [Fact]
    public void Gpus_carry_tdp_die_and_memory()
    {
        var h100 = Tables.FindGpu("NVIDIA H100 PCIe")!;
        Assert.Equal((350, 8.14, 80), (h100.TdpW, h100.DieAreaCm2, h100.MemoryGb));
    }

    [Fact]
    public void The_gpu_average_and_list_are_v3_1s()
    {
        // v3.1's GPUs-manual.csv: "Average" is 231 W, 6.162 cm2, 25.36 GB (the older draft's "Any" row was 220.7 W); the Quadro RTX 5000 is listed.
        var average = Tables.AverageGpu;
        Assert.Equal((231, 6.162, 25.36), (average.TdpW, average.DieAreaCm2, average.MemoryGb));
        var quadro = Tables.FindGpu("NVIDIA Quadro RTX 5000")!;
        Assert.Equal((230, 5.45, 16), (quadro.TdpW, quadro.DieAreaCm2, quadro.MemoryGb));
        Assert.Equal(26, Tables.Gpus.Count); // 25 models and Average
    }

    [Fact]
    public void The_cpu_list_is_v3_1s()
    {
        // v3.1's CPUs-manual.csv: 152 models and Average; it has the Core i7-4790 and Xeon W-2155, and not the EPYC Embedded 9124 of the draft.
        Assert.Equal(153, Tables.Cpus.Count);
        var i7 = Tables.FindCpu("Core i7-4790")!;
        Assert.Equal((84, 4, 1.77), (i7.TdpW, i7.Cores, i7.DieAreaCm2));
        var w2155 = Tables.FindCpu("Xeon W-2155")!;
        Assert.Equal((140, 10, 4.84), (w2155.TdpW, w2155.Cores, w2155.DieAreaCm2));
        Assert.Null(Tables.FindCpu("EPYC Embedded 9124"));
    }

    [Fact]
    public void Cloud_data_centres_carry_their_zone_and_their_own_pue_when_listed()
    {
        var belgium = Tables.FindDatacentre("gcp--europe-west1")!;
        Assert.Equal(("BE", 1.08), (belgium.ZoneId, belgium.Pue));
        var frankfurt = Tables.FindDatacentre("gcp--europe-west3")!;
        Assert.Equal("DE", frankfurt.ZoneId);
        Assert.Null(frankfurt.Pue); // the calculator then takes gcp's default, 1.12
        Assert.Equal("AU-VIC", Tables.FindDatacentre("azure--Australia Southeast")!.ZoneId);
        Assert.True(Tables.ListsDatacentres("azure"));
        Assert.False(Tables.ListsDatacentres("aws"));
        Assert.Null(Tables.FindDatacentre("azure--Qatar Central")); // no zone in the v3.1 file, so the calculator drops it
        Assert.Equal(57, Tables.Datacentres.Count);
    }

    [Fact]
    public void The_platforms_are_v3_1s_and_the_older_personal_computer_is_refused()
    {
        Assert.Equal(ComputingPlatform.DesktopComputer, ComputingPlatforms.Parse("desktop_computer"));
        Assert.Equal(ComputingPlatform.PersonalLaptop, ComputingPlatforms.Parse("personal_laptop"));
        var e = Assert.Throws<FootprintInputException>(() => ComputingPlatforms.Parse("personalComputer"));
        Assert.Contains("desktop_computer or personal_laptop", e.Message);
    }
}
