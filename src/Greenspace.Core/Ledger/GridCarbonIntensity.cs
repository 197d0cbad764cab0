namespace Greenspace.Ledger;

/// <summary>
/// The location-based carbon intensity of one electricity zone (an Electricity Maps zone id such as
/// <c>DE</c> or <c>US-CAL-CISO</c>, or <c>GLOBAL</c> for the world), with the year it describes and where it comes from.
/// </summary>
public sealed record GridCarbonIntensity(string ZoneId, string Country, string ZoneName, double GramsCo2ePerKwh, int Year, string Source)
{
    /// <summary>"DE (Germany), 333.77 gCO2e/kWh, 2024, Electricity Maps ..." for reports.</summary>
    public string Describe() => $"{ZoneId} ({ZoneName}), {GramsCo2ePerKwh:0.##} gCO2e/kWh, {Year}, {Source}";
}
