namespace Greenspace.Chemistry;

/// <summary>
/// Reads a text one line at a time and counts the lines (1-based), with one line of look-ahead:
/// readers peek at the next line to decide whether it still belongs to the record they are reading.
/// </summary>
internal sealed class NumberedLineReader(TextReader reader)
{
    private string? _next;
    private bool _peeked;

    /// <summary>The number of the line last returned by <see cref="Read"/> (0 before the first).</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without consuming it, or null at the end.</summary>
    public string? Peek()
    {
        if (!_peeked)
        {
            _next = reader.ReadLine();
            _peeked = true;
        }
        return _next;
    }

    public string? Read()
    {
        var line = Peek();
        _peeked = false;
        if (line is not null)
            LineNumber++;
        return line;
    }
}
