using System.ComponentModel;
using Greenspace.Ledger;
using Spectre.Console.Cli;

namespace Greenspace.Cli;

/// <summary>
/// Settings of commands that keep a ledger: what to say about the machine, over its config file
/// (~/.config/greenspace/machine.json) and GREENSPACE_* environment variables.
/// </summary>
public class LedgerSettings : StoreSettings
{
    [CommandOption("--location <ZONE>")]
    [Description("Electricity zone or country for the carbon intensity (e.g. DE, US-CAL-CISO, France). Default: the machine config, else the world average.")]
    public string? Location { get; init; }

    [CommandOption("--carbon-intensity <G_PER_KWH>")]
    [Description("Carbon intensity in gCO2e/kWh, instead of a location's.")]
    public double? CarbonIntensity { get; init; }

    [CommandOption("--pue <PUE>")]
    [Description("Power usage effectiveness of the data centre. Default: Green Algorithms' default for the platform.")]
    public double? Pue { get; init; }

    [CommandOption("--cpu-model <MODEL>")]
    [Description("CPU model (as in data/green-algorithms/cpus.csv), instead of what /proc/cpuinfo says.")]
    public string? CpuModel { get; init; }

    [CommandOption("--tdp-per-core <W>")]
    [Description("TDP per core in watts, instead of the CPU model's.")]
    public double? TdpPerCore { get; init; }

    /// <summary>The machine as detected, with the config file, environment and these flags applied (flags win).</summary>
    public MachineProfile DetectMachine()
    {
        try
        {
            return MachineProfile.Detect(GreenAlgorithmsTables.Default, MachineSettings.Load(new MachineSettings
            {
                Location = Location,
                CarbonIntensityGramsPerKwh = CarbonIntensity,
                Pue = Pue,
                CpuModel = CpuModel,
                TdpPerCoreW = TdpPerCore,
            }));
        }
        catch (FootprintInputException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
