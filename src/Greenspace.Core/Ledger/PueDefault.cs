namespace Greenspace.Ledger;

/// <summary>A default power usage effectiveness (facility energy / IT energy) for a provider, or for "Unknown", with its year and source.</summary>
public sealed record PueDefault(string Provider, double Pue, int Year, string Source);
