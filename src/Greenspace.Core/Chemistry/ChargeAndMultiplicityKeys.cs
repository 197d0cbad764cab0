namespace Greenspace.Chemistry;

/// <summary>
/// The comment-line keys that carry a molecule's total charge and spin multiplicity in (extended) XYZ.
/// ASE itself defines none; these are the ones its users write into <c>atoms.info</c>:
/// <c>charge</c> and <c>spin</c> (the spin multiplicity 2S+1) in OMol25 and the fairchem UMA and MACE-OMOL
/// calculators, <c>total_charge</c> and <c>total_spin</c> (also 2S+1) as MACE's training defaults, and
/// <c>multiplicity</c> (SO3LR). Greenspace writes <c>charge</c> and <c>spin</c>.
/// </summary>
internal static class ChargeAndMultiplicityKeys
{
    public const string Charge = "charge";
    public const string Spin = "spin";

    private static readonly string[] ChargeKeys = [Charge, "total_charge"];
    private static readonly string[] MultiplicityKeys = ["multiplicity", Spin, "total_spin"];

    public static bool IsChargeKey(string key) => ChargeKeys.Contains(key);

    public static bool IsMultiplicityKey(string key) => MultiplicityKeys.Contains(key);

    /// <summary>
    /// Reads the charge (0 when absent) and multiplicity (null when absent: the lowest the electron count allows).
    /// Returns the sentence naming the problem when a value is not a whole number or two keys disagree.
    /// </summary>
    public static string? Read(IReadOnlyDictionary<string, string> info, out int charge, out int? multiplicity)
    {
        charge = 0;
        multiplicity = null;
        string? chargeKey = null, multiplicityKey = null;
        foreach (var key in ChargeKeys)
        {
            if (!info.TryGetValue(key, out var text))
                continue;
            if (!LineText.TryParseWholeNumber(text, out int q))
                return $"{key}={text} is not a whole number of elementary charges; write the total charge as an integer";
            if (chargeKey is not null && q != charge)
                return $"{chargeKey}={charge} and {key}={q} disagree; keep one of them";
            charge = q;
            chargeKey = key;
        }
        foreach (var key in MultiplicityKeys)
        {
            if (!info.TryGetValue(key, out var text))
                continue;
            if (!LineText.TryParseWholeNumber(text, out int m))
                return $"{key}={text} is not a whole number; write the spin multiplicity (2S+1) as an integer";
            // fairchem writes spin=0 for systems without a defined spin (its materials tasks): no statement.
            if (m == 0 && key != "multiplicity")
                continue;
            if (multiplicityKey is not null && m != multiplicity)
                return $"{multiplicityKey}={multiplicity} and {key}={m} disagree; keep one of them";
            multiplicity = m;
            multiplicityKey = key;
        }
        return null;
    }
}
