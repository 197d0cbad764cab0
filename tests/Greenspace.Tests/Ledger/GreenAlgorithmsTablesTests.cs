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
        Assert.Equal(475, Tables.World.GramsCo2ePerKwh);
        Assert.Equal(2019, Tables.World.Year);
    }

    [Fact]
    public void Cpus_are_found_with_or_without_the_vendor_and_from_a_cpuinfo_model_name()
    {
        Assert.Equal(7.5, Tables.FindCpu("Intel Xeon Platinum 8460Y+")!.TdpPerCoreW);
        Assert.Equal(4.375, Tables.FindCpu("AMD EPYC 7763")!.TdpPerCoreW);
        Assert.Equal("EPYC 7763", Tables.IdentifyCpu("AMD EPYC 7763 64-Core Processor")!.Model);
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
}
