using System.Globalization;

namespace Greenspace.Ledger;

/// <summary>
/// What Linux's /proc/cpuinfo says about the processor: vendor, family and model numbers, the model name,
/// logical CPUs, and cores versus siblings per socket (siblings above cores means SMT threads).
/// </summary>
public sealed record CpuInfo(string VendorId, int Family, int Model, string ModelName, int LogicalCpus, int PhysicalCores, bool SmtActive, bool Hypervisor)
{
    public static CpuInfo Parse(string text)
    {
        string vendor = "", name = "";
        int family = -1, model = -1, logical = 0, siblings = 0, coresPerSocket = 0;
        bool hypervisor = false;
        var sockets = new HashSet<string>();
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "processor": logical++; break;
                case "vendor_id": vendor = value; break;
                case "cpu family": family = Int(value); break;
                case "model": model = Int(value); break;
                case "model name": name = value; break;
                case "siblings": siblings = Int(value); break;
                case "cpu cores": coresPerSocket = Int(value); break;
                case "physical id": sockets.Add(value); break;
                case "flags": hypervisor |= value.Split(' ').Contains("hypervisor"); break;
            }
        }
        var socketCount = Math.Max(1, sockets.Count);
        var physical = coresPerSocket > 0 ? coresPerSocket * socketCount : logical;
        return new CpuInfo(vendor, family, model, name, logical, Math.Min(physical, Math.Max(logical, 1)), siblings > coresPerSocket && coresPerSocket > 0, hypervisor);
    }

    private static int Int(string s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : -1;
}
