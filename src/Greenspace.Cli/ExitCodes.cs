using Spectre.Console;

namespace Greenspace.Cli;

/// <summary>The command's exit codes: 0 every record done, 1 some or all records failed (each named), 2 nothing could be processed.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int SomeFailed = 1;
    public const int NothingProcessed = 2;

    /// <summary>Turns an exception that escaped a command (bad usage, an unreadable file) into one sentence and exit code 2.</summary>
    public static int Report(Exception e)
    {
        var message = e is Spectre.Console.Cli.CommandParseException or Spectre.Console.Cli.CommandRuntimeException
            ? e.Message
            : e.InnerException?.Message ?? e.Message;
        AnsiConsole.Console.Profile.Out.Writer.Flush();
        Console.Error.WriteLine($"greenspace: {message}");
        return NothingProcessed;
    }
}
