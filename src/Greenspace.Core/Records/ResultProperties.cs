using System.Collections.Immutable;
using Greenspace.Chemistry;

namespace Greenspace.Records;

/// <summary>
/// What a successful calculation produced. Units are in the names; per-atom arrays are in the
/// caller's atom order. <see cref="Energy"/> is in the unit of its <see cref="EnergyKind"/>
/// (Hartree for a total electronic energy, kcal/mol for a heat of formation or force-field energy).
/// </summary>
public sealed record ResultProperties
{
    public required EnergyKind EnergyKind { get; init; }

    /// <summary>The energy in <see cref="EnergyKinds.Unit"/> of its kind.</summary>
    public required double Energy { get; init; }

    /// <summary>The total electronic energy in Hartree, where the program gives one.</summary>
    public double? TotalEnergyHartree => EnergyKind == EnergyKind.TotalElectronic ? Energy : null;

    public double? HomoHartree { get; init; }
    public double? LumoHartree { get; init; }
    public double? HomoLumoGapHartree { get; init; }

    /// <summary>Dipole moment vector in Debye, about the program's origin (centre of mass for most).</summary>
    public Vec3? DipoleDebye { get; init; }

    /// <summary>Atomic partial charges in elementary charges, with the model that made them in <see cref="ChargeModel"/>.</summary>
    public ImmutableArray<double> PartialCharges { get; init; } = [];
    public string? ChargeModel { get; init; }

    /// <summary>Nuclear gradient dE/dR in Hartree per bohr (forces are its negative).</summary>
    public ImmutableArray<Vec3> GradientHartreePerBohr { get; init; } = [];

    /// <summary>The optimised geometry (angstrom), for an optimisation.</summary>
    public ImmutableArray<Vec3> FinalPositionsAngstrom { get; init; } = [];

    /// <summary>Optimisation steps taken, SCF iterations, or whatever the program counts; informational.</summary>
    public int? Iterations { get; init; }

    /// <summary>Further named scalars, each with its unit in the key (e.g. "nuclear_repulsion_energy_hartree").</summary>
    public ImmutableSortedDictionary<string, double> Extras { get; init; } = ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>Per-atom arrays reordered: new atom i takes the values of old atom <paramref name="order"/>[i].</summary>
    public ResultProperties Permute(IReadOnlyList<int> order)
    {
        static ImmutableArray<T> P<T>(ImmutableArray<T> a, IReadOnlyList<int> o) =>
            a.IsDefaultOrEmpty ? a : o.Select(i => a[i]).ToImmutableArray();
        return this with
        {
            PartialCharges = P(PartialCharges, order),
            GradientHartreePerBohr = P(GradientHartreePerBohr, order),
            FinalPositionsAngstrom = P(FinalPositionsAngstrom, order),
        };
    }
}
