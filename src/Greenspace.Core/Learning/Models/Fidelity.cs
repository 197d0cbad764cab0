namespace Greenspace.Learning.Models;

/// <summary>Where a fidelity's energy scale has its zero: which reference its energies are measured from.</summary>
public enum EnergyZero
{
    /// <summary>Atomization energies: the molecule's energy minus its free atoms' energies at the same level of theory.</summary>
    FreeAtoms,

    /// <summary>Total energies as a quantum-chemistry program prints them: electrons and nuclei infinitely apart.</summary>
    SeparatedParticles,

    /// <summary>Another reference, e.g. a heat of formation from the elements in their standard states.</summary>
    Other,
}

/// <summary>
/// One level of theory that labels molecules (PBE0/def2-TZVP, DFTB, GFN2-xTB), with the unit its labels are given in
/// and where its energy scale has its zero. Two fidelities can be subtracted or combined only on one scale: the same
/// unit, and either the same zero or per-element offsets fitted to bridge the zeros (<see cref="ElementOffsets"/>).
/// </summary>
public sealed record Fidelity
{
    public Fidelity(string name, EnergyZero zero, string unit = "kcal/mol")
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new LearningInputException("a fidelity needs a name, such as \"PBE0/def2-TZVP\"");
        if (string.IsNullOrWhiteSpace(unit))
            throw new LearningInputException($"the fidelity {name} needs the unit of its labels, such as \"kcal/mol\"");
        Name = name;
        Zero = zero;
        Unit = unit;
    }

    public string Name { get; }
    public EnergyZero Zero { get; }
    public string Unit { get; }

    /// <summary>Why labels of <paramref name="other"/> cannot be put on this fidelity's scale, or null when they can.</summary>
    /// <param name="elementOffsets">Whether per-element offsets are fitted, which absorb any difference of zero.</param>
    public string? ScaleMismatch(Fidelity other, bool elementOffsets)
    {
        if (other.Unit != Unit)
            return $"{other.Name} labels are in {other.Unit} and {Name} labels in {Unit}; convert both to one unit before combining them";
        if (other.Zero != Zero && !elementOffsets)
            return $"{other.Name} energies are zeroed at {Describe(other.Zero)} and {Name} energies at {Describe(Zero)}; "
                + "give both as atomization energies (free atoms at each level) or fit per-element offsets";
        return null;
    }

    public static string Describe(EnergyZero zero) => zero switch
    {
        EnergyZero.FreeAtoms => "free atoms at the same level (atomization energies)",
        EnergyZero.SeparatedParticles => "separated electrons and nuclei (total energies)",
        _ => "another reference",
    };

    public override string ToString() => Name;
}
