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
    /// Parses "localServer", "cloudComputing", "desktop_computer", "personal_laptop"; the older
    /// "personalComputer" and "personal_workstation" are desktop computers (PUE 1, desktop lifetime).
    /// </summary>
    public static ComputingPlatform Parse(string? platformType) => platformType?.Trim().ToLowerInvariant() switch
    {
        "localserver" or "local" or "local_server" or "server" => ComputingPlatform.LocalServer,
        "cloudcomputing" or "cloud" => ComputingPlatform.CloudComputing,
        "desktop_computer" or "desktop" or "personalcomputer" or "personal_workstation" or "workstation" => ComputingPlatform.DesktopComputer,
        "personal_laptop" or "laptop" => ComputingPlatform.PersonalLaptop,
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
