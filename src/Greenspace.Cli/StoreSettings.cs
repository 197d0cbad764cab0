using System.ComponentModel;
using Spectre.Console.Cli;

namespace Greenspace.Cli;

/// <summary>Settings every command that touches the store shares.</summary>
public class StoreSettings : CommandSettings
{
    [CommandOption("--store <PATH>")]
    [Description("The store (a SQLite file). Default: $GREENSPACE_STORE, else ~/.local/share/greenspace/store.db.")]
    public string? Store { get; init; }

    public string StorePath =>
        Store
        ?? Environment.GetEnvironmentVariable("GREENSPACE_STORE")
        ?? Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "greenspace", "store.db");
}
