namespace Greenspace.Ledger;

/// <summary>
/// A CPU family as /proc/cpuinfo names it (vendor, "cpu family", a range of "model" numbers), with the
/// lowest and highest TDP per core of its parts: the band for a CPU that reports only its family
/// (a virtual machine's "AMD EPYC").
/// </summary>
public sealed record CpuFamily(
    string VendorId, int CpuFamilyNumber, int ModelMin, int ModelMax, string Name,
    double TdpPerCoreMinW, double TdpPerCoreMaxW, string RangeSource)
{
    public bool Matches(string vendorId, int family, int model) =>
        vendorId == VendorId && family == CpuFamilyNumber && model >= ModelMin && model <= ModelMax;
}
