using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Greenspace.Campaigns;

/// <summary>
/// Reads a campaign spec (YAML) into a <see cref="CampaignSpec"/> and checks it before anything runs: an unknown key,
/// engine or rung, a missing file, an empty library, a rung without a property or a budget of zero each become one
/// sentence of a <see cref="CampaignSpecException"/>, all of them together.
/// </summary>
public static partial class CampaignSpecReader
{
    private static readonly INamingConvention Keys = UnderscoredNamingConvention.Instance;

    /// <exception cref="CampaignSpecException">when the file is missing, is not valid YAML, or describes no runnable campaign.</exception>
    public static CampaignSpec Read(string path)
    {
        if (!File.Exists(path))
            throw new CampaignSpecException(path, Directory.Exists(path)
                ? "this is a folder, not a spec file; give the path of a .yaml file"
                : $"the spec file {Path.GetFullPath(path)} does not exist; check the path");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return Parse(File.ReadAllText(path), folder ?? ".", path);
    }

    /// <param name="baseDirectory">The folder relative paths in the spec are read from (the spec file's folder).</param>
    /// <param name="source">The name errors give the spec by (its file path).</param>
    /// <exception cref="CampaignSpecException">when the text is not valid YAML or describes no runnable campaign.</exception>
    public static CampaignSpec Parse(string yaml, string baseDirectory, string source = "spec")
    {
        var document = Deserialize(yaml, source)
            ?? throw new CampaignSpecException(source, "the spec is empty; give at least name, library, objective, rungs and budget");
        var problems = new List<string>();
        var spec = Map(document, Path.GetFullPath(baseDirectory), problems);
        if (problems.Count > 0)
            throw new CampaignSpecException(source, [.. problems]);
        return spec;
    }

    private static SpecDocument? Deserialize(string yaml, string source)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(Keys)
            .WithDuplicateKeyChecking()
            .Build();
        try
        {
            return deserializer.Deserialize<SpecDocument?>(yaml);
        }
        catch (YamlException e)
        {
            throw new CampaignSpecException(source, $"line {e.Start.Line}, column {e.Start.Column}: {Explain(e, yaml)}");
        }
    }

    // YamlDotNet names an unknown key as "Property 'x' not found on type '...+LibraryDocument'."
    [GeneratedRegex(@"^Property '(?<key>[^']*)' not found on type '[^']*\+(?<type>\w+)'")]
    private static partial Regex UnknownKey();

    private static string Explain(YamlException e, string yaml)
    {
        var unknown = UnknownKey().Match(e.Message);
        if (unknown.Success && SectionNames.Keys.FirstOrDefault(t => t.Name == unknown.Groups["type"].Value) is { } type)
        {
            var allowed = type.GetProperties().Select(p => Keys.Apply(p.Name));
            return $"unknown key '{unknown.Groups["key"].Value}' in {SectionNames[type]}; the keys allowed there are {string.Join(", ", allowed)}";
        }
        var innermost = e.GetBaseException();
        string line = LineAt(yaml, e.Start.Line);
        const string duplicate = "Encountered duplicate key ";
        if (innermost.Message.StartsWith(duplicate, StringComparison.Ordinal))
            return $"the key '{innermost.Message[duplicate.Length..].Trim()}' appears twice here; keep one";
        // The deserializer's own words on a value of the wrong kind are about .NET types, so show the line instead.
        if (innermost.Message.StartsWith("No node deserializer", StringComparison.Ordinal))
            return $"'{line}' holds a value of the wrong kind (e.g. a list where one number belongs); write a value of the kind this key takes";
        if (innermost is not YamlException)
            return $"'{line}' cannot be read ({TrimPeriod(innermost.Message)}); write a value of the kind this key takes";
        string near = line.Length == 0 ? "" : $" near '{line}'";
        return $"the YAML is malformed{near} ({TrimPeriod(innermost.Message)}); check the indentation, colons and brackets";
    }

    private static string LineAt(string yaml, long lineNumber)
    {
        var lines = yaml.ReplaceLineEndings("\n").Split('\n');
        return lineNumber >= 1 && lineNumber <= lines.Length ? lines[lineNumber - 1].Trim() : "";
    }

    private static string TrimPeriod(string message) => message.TrimEnd().TrimEnd('.');
}
