using System.Collections.Immutable;
using System.Text;

namespace Greenspace.Campaigns.Reports;

/// <summary>
/// Writes the report's blocks as GitHub-flavoured Markdown. Text stays as given (notes must read verbatim), except in
/// table cells, where a pipe or a line break would end the cell.
/// </summary>
internal static class MarkdownRenderer
{
    public static string Render(ImmutableArray<ReportBlock> blocks)
    {
        var md = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    md.Append('#', h.Level).Append(' ').AppendLine(h.Text);
                    break;
                case ParagraphBlock p:
                    md.AppendLine(p.Text);
                    break;
                case WarningBlock w:
                    md.Append("> **Warning:** ").AppendLine(w.Text);
                    break;
                case FactsBlock f:
                    foreach (var (label, value) in f.Facts)
                        md.Append("- **").Append(label).Append(":** ").AppendLine(value);
                    break;
                case ListBlock l:
                    foreach (var item in l.Items)
                        md.Append("- ").AppendLine(item);
                    break;
                case TableBlock t:
                    Table(md, t);
                    break;
                case FigureBlock f:
                    md.Append("![").Append(f.Caption).Append("](").Append(f.FileName).AppendLine(")");
                    break;
                case CodeBlock c:
                    // A fence longer than any run of backticks inside, so a spec quoting Markdown cannot close it early.
                    string fence = new('`', Math.Max(3, LongestRun(c.Text, '`') + 1));
                    md.Append(fence).AppendLine(c.Language).AppendLine(c.Text.TrimEnd('\n', '\r')).AppendLine(fence);
                    break;
                default:
                    throw new InvalidOperationException($"MarkdownRenderer has no form for {block.GetType().Name}.");
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    private static void Table(StringBuilder md, TableBlock table)
    {
        md.Append("| ").AppendJoin(" | ", table.Header.Select(Cell)).AppendLine(" |");
        md.Append('|').AppendJoin('|', table.RightAligned.Select(right => right ? " ---: " : " --- ")).AppendLine("|");
        foreach (var row in table.Rows)
            md.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
    }

    private static string Cell(string text) => text.Replace("\\", "\\\\").Replace("|", "\\|").ReplaceLineEndings(" ");

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (char x in text)
        {
            run = x == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }
}
