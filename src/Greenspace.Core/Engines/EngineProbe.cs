namespace Greenspace.Engines;

/// <summary>What <see cref="IEngine.Probe"/> found: the executable, its version, or how to install it.</summary>
public sealed record EngineProbe(string Engine, bool Found, string? ExecutablePath, string? Version, string InstallHint, string? Problem = null)
{
    /// <summary>The sentence for a person when the program is missing.</summary>
    public string MissingMessage =>
        Problem ?? $"{Engine} was not found on PATH; install it with: {InstallHint}";
}
