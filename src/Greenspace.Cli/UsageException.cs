namespace Greenspace.Cli;

/// <summary>Bad usage of a command: one sentence saying what was wrong and what to do; exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
