using Greenspace.Engines.Mopac;
using Greenspace.Engines.NwChem;
using Greenspace.Engines.OpenBabel;
using Greenspace.Engines.Psi4;
using Greenspace.Engines.Xtb;

namespace Greenspace.Engines;

/// <summary>
/// Every engine Greenspace knows, by program name, and which of them are found here. Adapters are
/// stateless apart from their cached probes, so one registry serves a whole process.
/// </summary>
public sealed class EngineRegistry
{
    private readonly Dictionary<string, IEngine> _engines;

    public EngineRegistry(IEnumerable<IEngine> engines) =>
        _engines = engines.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>All the adapters Greenspace ships.</summary>
    public static EngineRegistry Default { get; } = new([
        new XtbEngine(),
        new MopacEngine(),
        new OpenBabelEngine(),
        new Psi4Engine(),
        new NwChemEngine(),
    ]);

    public IEnumerable<IEngine> All => _engines.Values.OrderBy(e => e.Name, StringComparer.Ordinal);

    public IEngine? Find(string program) => _engines.GetValueOrDefault(program);

    public IEngine Get(string program) =>
        Find(program) ?? throw new KeyNotFoundException($"Greenspace has no engine called '{program}'; known engines are {string.Join(", ", _engines.Keys.Order())}");
}
