using System.Collections.Immutable;
using Greenspace.Chemistry;
using Greenspace.Learning.Models;
using Greenspace.Records;

namespace Greenspace.Campaigns;

/// <summary>
/// The spec's rungs as the campaign uses them: the request a rung makes for a molecule at its geometry, the property
/// it reads from the result (in the unit the surrogate learns), and the fidelity the surrogate sees.
/// </summary>
public sealed class Ladder
{
    private readonly ImmutableArray<int> _geometryRung;

    public Ladder(CampaignSpec spec)
    {
        Rungs = spec.Rungs;
        Target = spec.TargetRung;
        _geometryRung = [.. Rungs.Select(r => r.UsesInputGeometry ? -1 : Rungs.Select((s, i) => (s, i)).Single(p => p.s.Name == r.Geometry).i)];
        Fidelities = [.. Rungs.Select(r => new Fidelity(r.Name, ZeroOf(r.Property), UnitOf(r.Property)))];
    }

    public ImmutableArray<RungSpec> Rungs { get; }
    public int Count => Rungs.Length;

    /// <summary>The rung the objective is measured at.</summary>
    public int Target { get; }

    public ImmutableArray<Fidelity> Fidelities { get; }

    /// <summary>Whether the properties need per-element offsets to be combined (energies on different zeros); gaps do not.</summary>
    public bool NeedsElementOffsets => Rungs.Take(Target + 1).Any(r => r.Property != RungProperty.Gap);

    /// <summary>The cheaper optimisation rung whose final geometry <paramref name="rung"/> runs at, or null for the library's geometry.</summary>
    public int? GeometryRung(int rung) => _geometryRung[rung] < 0 ? null : _geometryRung[rung];

    public string Unit => UnitOf(Rungs[Target].Property);

    /// <summary>The calculation rung <paramref name="rung"/> asks for at <paramref name="geometry"/>.</summary>
    public CalculationRequest Request(int rung, Molecule geometry)
    {
        var spec = Rungs[rung];
        return new CalculationRequest(geometry, spec.Program, spec.Method, spec.Basis, spec.Driver) { Keywords = spec.Keywords };
    }

    /// <summary>The rung's property from a successful result, or the sentence saying why the result does not give it.</summary>
    public (double? Value, string? Error) Read(int rung, ResultProperties properties)
    {
        var spec = Rungs[rung];
        return spec.Property switch
        {
            RungProperty.Energy when properties.TotalEnergyHartree is { } e => (e * Units.KcalPerMolPerHartree, null),
            RungProperty.Gap when properties.HomoLumoGapHartree is { } g => (g * Units.ElectronVoltPerHartree, null),
            RungProperty.HeatOfFormation when properties.EnergyKind == EnergyKind.HeatOfFormation => (properties.Energy, null),
            _ => (null, $"rung '{spec.Name}' reads the {Describe(spec.Property)}, which this {spec.Program} result does not give"),
        };
    }

    /// <summary>The final geometry of an optimisation rung's result.</summary>
    public static Molecule? FinalGeometry(Molecule start, ResultProperties properties) =>
        properties.FinalPositionsAngstrom.IsDefaultOrEmpty ? null : start.WithPositions(properties.FinalPositionsAngstrom);

    public static string UnitOf(RungProperty property) => property == RungProperty.Gap ? "eV" : "kcal/mol";

    public static string Describe(RungProperty property) => property switch
    {
        RungProperty.Energy => "total energy",
        RungProperty.Gap => "HOMO-LUMO gap",
        RungProperty.HeatOfFormation => "heat of formation",
        RungProperty.AtomizationEnergy => "atomization energy",
        _ => property.ToString(),
    };

    private static EnergyZero ZeroOf(RungProperty property) => property switch
    {
        RungProperty.Energy => EnergyZero.SeparatedParticles,
        RungProperty.AtomizationEnergy => EnergyZero.FreeAtoms,
        _ => EnergyZero.Other,
    };
}
