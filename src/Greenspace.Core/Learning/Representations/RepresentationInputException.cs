namespace Greenspace.Learning.Representations;

/// <summary>A molecule a representation cannot take; the message names the molecule and what to do.</summary>
public sealed class RepresentationInputException(string message) : Exception(message);
