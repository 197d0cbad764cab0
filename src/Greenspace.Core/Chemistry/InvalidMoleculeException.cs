namespace Greenspace.Chemistry;

/// <summary>A molecule that cannot exist as given; the message is one sentence a person can act on.</summary>
public sealed class InvalidMoleculeException(string message) : Exception(message);
