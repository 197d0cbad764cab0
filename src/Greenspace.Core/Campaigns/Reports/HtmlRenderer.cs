using System.Collections.Immutable;
using System.Net;
using System.Text;

namespace Greenspace.Campaigns.Reports;

/// <summary>
/// Writes the report's blocks as one self-contained HTML page (inline CSS; the plots are PNGs beside it, referred to by
/// file name). Every piece of text is HTML-encoded: molecule names and SMILES contain &lt;, &gt; and &amp;.
/// </summary>
internal static class HtmlRenderer
{
    private const string Style = """
        body { font-family: "DejaVu Sans", Verdana, sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
        h1 { border-bottom: 2px solid #2a7a3b; padding-bottom: .2em; }
        h2 { margin-top: 2em; color: #2a7a3b; }
        table { border-collapse: collapse; margin: 1em 0; font-size: .92em; }
        th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
        th { background: #eef5ef; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        ul.facts { list-style: none; padding-left: 0; }
        figure { margin: 1em 0; }
        figure img { max-width: 100%; border: 1px solid #ddd; }
        figcaption { font-size: .9em; color: #555; }
        pre { background: #f6f6f6; padding: 1em; overflow-x: auto; }
        p.warning { background: #fff3cd; border-left: 4px solid #d39e00; padding: .5em 1em; }
        """;

    public static string Render(string title, ImmutableArray<ReportBlock> blocks)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\">");
        html.AppendLine("<head>");
        html.AppendLine("<meta charset=\"utf-8\">");
        html.Append("<title>").Append(Encode(title)).AppendLine("</title>");
        html.Append("<style>\n").Append(Style).AppendLine("</style>");
        html.AppendLine("</head>");
        html.AppendLine("<body>");
        foreach (var block in blocks)
            Block(html, block);
        html.AppendLine("</body>");
        html.AppendLine("</html>");
        return html.ToString();
    }

    private static void Block(StringBuilder html, ReportBlock block)
    {
        switch (block)
        {
            case HeadingBlock h:
                html.Append($"<h{h.Level}>").Append(Encode(h.Text)).AppendLine($"</h{h.Level}>");
                break;
            case ParagraphBlock p:
                html.Append("<p>").Append(Encode(p.Text)).AppendLine("</p>");
                break;
            case WarningBlock w:
                html.Append("<p class=\"warning\"><strong>Warning:</strong> ").Append(Encode(w.Text)).AppendLine("</p>");
                break;
            case FactsBlock f:
                html.AppendLine("<ul class=\"facts\">");
                foreach (var (label, value) in f.Facts)
                    html.Append("<li><strong>").Append(Encode(label)).Append(":</strong> ").Append(Encode(value)).AppendLine("</li>");
                html.AppendLine("</ul>");
                break;
            case ListBlock l:
                html.AppendLine("<ul>");
                foreach (var item in l.Items)
                    html.Append("<li>").Append(Encode(item)).AppendLine("</li>");
                html.AppendLine("</ul>");
                break;
            case TableBlock t:
                Table(html, t);
                break;
            case FigureBlock f:
                html.Append("<figure><img src=\"").Append(Encode(f.FileName)).Append("\" alt=\"").Append(Encode(f.Caption))
                    .Append("\"><figcaption>").Append(Encode(f.Caption)).AppendLine("</figcaption></figure>");
                break;
            case CodeBlock c:
                html.Append("<pre><code class=\"language-").Append(Encode(c.Language)).Append("\">")
                    .Append(Encode(c.Text.TrimEnd('\n', '\r'))).AppendLine("</code></pre>");
                break;
            default:
                throw new InvalidOperationException($"HtmlRenderer has no form for {block.GetType().Name}.");
        }
    }

    private static void Table(StringBuilder html, TableBlock table)
    {
        html.AppendLine("<table>");
        html.Append("<thead><tr>");
        for (int i = 0; i < table.Header.Length; i++)
            html.Append(table.RightAligned[i] ? "<th class=\"num\">" : "<th>").Append(Encode(table.Header[i])).Append("</th>");
        html.AppendLine("</tr></thead>");
        html.AppendLine("<tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (int i = 0; i < row.Length; i++)
                html.Append(table.RightAligned[i] ? "<td class=\"num\">" : "<td>").Append(Encode(row[i])).Append("</td>");
            html.AppendLine("</tr>");
        }
        html.AppendLine("</tbody>");
        html.AppendLine("</table>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
