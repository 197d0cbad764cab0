namespace Greenspace.Ledger;

/// <summary>
/// Where a job ran, as the Green Algorithms calculator distinguishes it: it decides the PUE (1 for a
/// personal computer, which has no data centre) and the hardware's active lifetime.
/// </summary>
public enum ComputingPlatform
{
    LocalServer,
    CloudComputing,
    DesktopComputer,
    PersonalLaptop,
}

/// <summary>The calculator's platformType strings, both ways.</summary>
public static class ComputingPlatforms
{
    /// <summary>
    /// Parses the calculator v3.1's platformType values ("localServer", "cloudComputing", "desktop_computer",
    /// "personal_laptop", as its form offers them) and short forms of them. The older single "personalComputer"
    /// is refused: v3.1 gives a desktop and a laptop different lifetimes and parts, and which one it was is not known.
    /// </summary>
    public static ComputingPlatform Parse(string? platformType) => platformType?.Trim().ToLowerInvariant() switch
    {
        "localserver" or "local" or "local_server" or "server" => ComputingPlatform.LocalServer,
        "cloudcomputing" or "cloud" => ComputingPlatform.CloudComputing,
        "desktop_computer" or "desktop" => ComputingPlatform.DesktopComputer,
        "personal_laptop" or "laptop" => ComputingPlatform.PersonalLaptop,
        "personalcomputer" => throw new FootprintInputException(
            "the platform 'personalComputer' is from a calculator before v3.1, which now tells a desktop from a laptop; use desktop_computer or personal_laptop"),
        _ => throw new FootprintInputException(
            $"the platform '{platformType}' is not one the calculator knows; use localServer, cloudComputing, desktop_computer or personal_laptop"),
    };

    public static string ToCalculatorName(this ComputingPlatform platform) => platform switch
    {
        ComputingPlatform.LocalServer => "localServer",
        ComputingPlatform.CloudComputing => "cloudComputing",
        ComputingPlatform.DesktopComputer => "desktop_computer",
        _ => "personal_laptop",
    };

    public static bool IsPersonal(this ComputingPlatform platform) =>
        platform is ComputingPlatform.DesktopComputer or ComputingPlatform.PersonalLaptop;
}
