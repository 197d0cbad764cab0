namespace Greenspace.Ledger;

/// <summary>Input the footprint model cannot use (an unknown country, a negative runtime, a missing column): one sentence saying what and what to do.</summary>
public sealed class FootprintInputException(string message) : Exception(message);
