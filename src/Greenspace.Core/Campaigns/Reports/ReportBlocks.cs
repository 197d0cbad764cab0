using System.Collections.Immutable;

namespace Greenspace.Campaigns.Reports;

/// <summary>
/// The report as a list of plain-text blocks, written once (ReportContent) and rendered twice (Markdown and HTML),
/// so that the two files cannot say different things. Every string is plain text; each renderer escapes it.
/// </summary>
internal abstract record ReportBlock;

internal sealed record HeadingBlock(int Level, string Text) : ReportBlock;

internal sealed record ParagraphBlock(string Text) : ReportBlock;

/// <summary>Something the reader must know about the report itself (e.g. plots drawn without text).</summary>
internal sealed record WarningBlock(string Text) : ReportBlock;

/// <summary>"Label: value" lines, e.g. the campaign's status or the receipt's totals.</summary>
internal sealed record FactsBlock(ImmutableArray<(string Label, string Value)> Facts) : ReportBlock;

/// <summary>Lines shown exactly as given (the notes).</summary>
internal sealed record ListBlock(ImmutableArray<string> Items) : ReportBlock;

/// <summary>A table; numeric columns are right-aligned.</summary>
internal sealed record TableBlock(ImmutableArray<string> Header, ImmutableArray<bool> RightAligned, ImmutableArray<ImmutableArray<string>> Rows) : ReportBlock;

/// <summary>A plot written beside the report, referred to by its file name.</summary>
internal sealed record FigureBlock(string FileName, string Caption) : ReportBlock;

internal sealed record CodeBlock(string Language, string Text) : ReportBlock;
