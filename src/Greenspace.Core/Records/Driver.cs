namespace Greenspace.Records;

/// <summary>What a calculation computes at its geometry, as QCSchema's <c>driver</c> (optimisation added).</summary>
public enum Driver
{
    Energy,
    Gradient,
    Optimization,
}

public static class DriverNames
{
    public static string ToWire(this Driver driver) => driver switch
    {
        Driver.Energy => "energy",
        Driver.Gradient => "gradient",
        Driver.Optimization => "optimization",
        _ => throw new ArgumentOutOfRangeException(nameof(driver)),
    };

    public static bool TryParse(string? text, out Driver driver)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "energy" or "sp" or "single-point" or "singlepoint":
                driver = Driver.Energy;
                return true;
            case "gradient" or "grad" or "force" or "forces":
                driver = Driver.Gradient;
                return true;
            case "optimization" or "optimisation" or "opt" or "optimize" or "optimise":
                driver = Driver.Optimization;
                return true;
            default:
                driver = default;
                return false;
        }
    }
}
