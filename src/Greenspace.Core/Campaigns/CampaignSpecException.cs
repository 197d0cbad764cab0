using System.Collections.Immutable;

namespace Greenspace.Campaigns;

/// <summary>
/// A campaign spec that cannot run as written. Every problem found is one sentence naming the field (e.g.
/// <c>rungs[1] 'b3lyp'</c>) and what to do; the message prefixes each with the spec file and puts one per line, so a
/// user fixes the file in one pass.
/// </summary>
public sealed class CampaignSpecException(string specFile, ImmutableArray<string> problems)
    : Exception(string.Join(Environment.NewLine, problems.Select(p => $"{specFile}: {p}")))
{
    /// <summary>The spec file as the user named it ("spec" for text given directly).</summary>
    public string SpecFile { get; } = specFile;

    /// <summary>Each problem as one sentence, without the file name.</summary>
    public ImmutableArray<string> Problems { get; } = problems;

    public CampaignSpecException(string specFile, string problem)
        : this(specFile, [problem])
    {
    }
}
