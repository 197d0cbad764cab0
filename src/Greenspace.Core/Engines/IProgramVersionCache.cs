namespace Greenspace.Engines;

/// <summary>
/// Remembers the version each executable printed, keyed by its path, size and modification time,
/// so that answering a request from the store starts no process at all (the version enters the
/// request's identity, and asking a program for it is itself a process).
/// </summary>
public interface IProgramVersionCache
{
    string? Find(string executablePath, long sizeBytes, DateTime modifiedUtc);

    void Remember(string executablePath, long sizeBytes, DateTime modifiedUtc, string version);
}
