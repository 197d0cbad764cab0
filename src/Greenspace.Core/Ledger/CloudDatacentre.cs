namespace Greenspace.Ledger;

/// <summary>
/// A cloud data centre the calculator v3.1 lets a user pick: its provider, its name, the electricity zone
/// it draws from and its own PUE when the provider publishes one (else the provider's default applies).
/// The calculator names it "provider--name" (its <c>server</c> column, e.g. <c>gcp--europe-west3</c>).
/// </summary>
public sealed record CloudDatacentre(string Provider, string Name, string ZoneId, double? Pue)
{
    public const string Separator = "--";

    public string ServerId => Provider + Separator + Name;
}
