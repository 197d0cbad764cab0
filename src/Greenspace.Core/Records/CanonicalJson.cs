using System.Globalization;
using System.Text;

namespace Greenspace.Records;

/// <summary>
/// A small JSON writer whose output is canonical in the sense of RFC 8785 (JCS) for the values it
/// accepts: object members sorted by their UTF-16 code units, no whitespace, minimal string escaping,
/// and numbers restricted to integers (fractional quantities are scaled to integers by the caller,
/// which sidesteps the float formatting that makes canonical JSON hard).
/// </summary>
public sealed class CanonicalJson
{
    private readonly StringBuilder _sb = new();

    public override string ToString() => _sb.ToString();

    public CanonicalJson Object(IEnumerable<KeyValuePair<string, Action<CanonicalJson>>> members)
    {
        _sb.Append('{');
        bool first = true;
        foreach (var (key, write) in members.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (!first)
                _sb.Append(',');
            first = false;
            String(key);
            _sb.Append(':');
            write(this);
        }
        _sb.Append('}');
        return this;
    }

    public CanonicalJson Array<T>(IEnumerable<T> items, Action<CanonicalJson, T> write)
    {
        _sb.Append('[');
        bool first = true;
        foreach (var item in items)
        {
            if (!first)
                _sb.Append(',');
            first = false;
            write(this, item);
        }
        _sb.Append(']');
        return this;
    }

    public CanonicalJson Integer(long value)
    {
        _sb.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public CanonicalJson Null()
    {
        _sb.Append("null");
        return this;
    }

    public CanonicalJson String(string? value)
    {
        if (value is null)
            return Null();
        _sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\b': _sb.Append("\\b"); break;
                case '\f': _sb.Append("\\f"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                        _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        _sb.Append(c);
                    break;
            }
        }
        _sb.Append('"');
        return this;
    }
}
