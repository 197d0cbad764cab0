namespace Greenspace.Tests.Support;

/// <summary>
/// Tests that measure the machine (CPU seconds against wall seconds) run alone: xunit runs this
/// collection after the parallel ones, with nothing else on the two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Exclusive
{
    public const string Name = "Exclusive: measures the machine";
}
