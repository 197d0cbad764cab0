using System.Collections.Immutable;

namespace Greenspace.Chemistry.Smiles;

/// <summary>What a SMILES string says before any program reads it: its fragments, their heavy atoms and formal charges.</summary>
public sealed record SmilesFragment(string Text, ImmutableSortedDictionary<string, int> HeavyAtoms, int FormalCharge)
{
    public int HeavyAtomCount => HeavyAtoms.Values.Sum();
}

/// <summary>
/// A syntax check of SMILES (OpenSMILES grammar: atoms, bonds, branches, ring closures, dots), made
/// independently of Open Babel because Open Babel is lenient in ways that turn errors into molecules:
/// measured on 3.1.1, <c>C((</c> silently becomes methane. It also counts each fragment's heavy atoms
/// and formal charge, which the 3D structures Open Babel returns are checked against.
/// </summary>
public static class SmilesSyntax
{
    private static readonly string[] OrganicTwoLetter = ["Cl", "Br"];
    private const string OrganicOneLetter = "BCNOPSFI";
    private const string AromaticOrganic = "bcnops";
    private static readonly string[] AromaticBracket = ["se", "as", "te", "c", "n", "o", "p", "s", "b"];

    /// <summary>Parses <paramref name="smiles"/>; returns its fragments, or null with the error in <paramref name="error"/>.</summary>
    public static ImmutableArray<SmilesFragment>? Parse(string smiles, out string? error)
    {
        error = null;
        var s = smiles.Trim();
        if (s.Length == 0)
        {
            error = "the SMILES is empty";
            return null;
        }
        var fragments = ImmutableArray.CreateBuilder<SmilesFragment>();
        var atoms = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int charge = 0, fragmentStart = 0, depth = 0;
        bool haveAtom = false;          // an atom exists in the current fragment (something to bond to)
        bool pendingBond = false;       // a bond symbol waits for its atom or ring closure
        bool branchEmpty = false;       // just opened '(' with nothing in it yet
        var openRings = new Dictionary<int, int>();

        string Fail(int at, string what) => $"the SMILES '{s}' is not valid at position {at + 1}: {what}";

        void AddHeavy(string element)
        {
            atoms[element] = atoms.GetValueOrDefault(element) + 1;
        }

        void EndFragment(int end)
        {
            fragments.Add(new SmilesFragment(s[fragmentStart..end], atoms.ToImmutableSortedDictionary(StringComparer.Ordinal), charge));
            atoms.Clear();
            charge = 0;
            haveAtom = false;
        }

        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '[')
            {
                int close = s.IndexOf(']', i + 1);
                if (close < 0)
                {
                    error = Fail(i, "a bracket atom '[' is never closed");
                    return null;
                }
                var inside = s.AsSpan(i + 1, close - i - 1);
                var atom = ParseBracket(inside, out var bracketCharge, out var why);
                if (atom is null)
                {
                    error = Fail(i, why!);
                    return null;
                }
                if (atom != "H")
                    AddHeavy(atom);
                charge += bracketCharge;
                haveAtom = true;
                pendingBond = branchEmpty = false;
                i = close + 1;
            }
            else if (char.IsAsciiLetter(c) || c == '*')
            {
                if (c == '*')
                {
                    error = Fail(i, "the wildcard atom '*' stands for no element, so it cannot be computed");
                    return null;
                }
                string? element = null;
                if (i + 1 < s.Length && OrganicTwoLetter.Contains(s.Substring(i, 2)))
                    element = s.Substring(i, 2);
                else if (OrganicOneLetter.Contains(c))
                    element = c.ToString();
                else if (AromaticOrganic.Contains(c))
                    element = char.ToUpperInvariant(c).ToString();
                if (element is null)
                {
                    error = Fail(i, $"'{c}' is not an element of the organic subset (B, C, N, O, P, S, F, Cl, Br, I); write other elements in brackets, e.g. [Na+]");
                    return null;
                }
                AddHeavy(element);
                haveAtom = true;
                pendingBond = branchEmpty = false;
                i += element.Length;
            }
            else if (c is '-' or '=' or '#' or '$' or ':' or '/' or '\\')
            {
                if (!haveAtom || pendingBond)
                {
                    error = Fail(i, $"the bond '{c}' does not follow an atom");
                    return null;
                }
                pendingBond = true;
                i++;
            }
            else if (char.IsAsciiDigit(c) || c == '%')
            {
                int label;
                int length;
                if (c == '%')
                {
                    if (i + 2 >= s.Length || !char.IsAsciiDigit(s[i + 1]) || !char.IsAsciiDigit(s[i + 2]))
                    {
                        error = Fail(i, "'%' must be followed by a two-digit ring-closure number");
                        return null;
                    }
                    label = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
                    length = 3;
                }
                else
                {
                    label = c - '0';
                    length = 1;
                }
                if (!haveAtom || branchEmpty)
                {
                    error = Fail(i, $"the ring closure {label} does not follow an atom");
                    return null;
                }
                if (!openRings.Remove(label))
                    openRings[label] = i;
                pendingBond = false;
                i += length;
            }
            else if (c == '(')
            {
                if (!haveAtom || pendingBond || branchEmpty)
                {
                    error = Fail(i, "a branch '(' must follow an atom");
                    return null;
                }
                depth++;
                branchEmpty = true;
                i++;
            }
            else if (c == ')')
            {
                if (depth == 0)
                {
                    error = Fail(i, "')' closes a branch that was never opened");
                    return null;
                }
                if (branchEmpty || pendingBond)
                {
                    error = Fail(i, "a branch is empty or ends in a bond");
                    return null;
                }
                depth--;
                i++;
            }
            else if (c == '.')
            {
                if (!haveAtom || pendingBond || depth != 0)
                {
                    error = Fail(i, "'.' must separate two complete fragments");
                    return null;
                }
                if (openRings.Count > 0)
                {
                    error = Fail(i, $"ring closure {openRings.Keys.Min()} is never closed before '.'");
                    return null;
                }
                EndFragment(i);
                fragmentStart = i + 1;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                error = Fail(i, "a SMILES contains no spaces (put a name after a space or tab on the line instead)");
                return null;
            }
            else
            {
                error = Fail(i, $"'{c}' has no meaning in SMILES");
                return null;
            }
        }
        if (depth > 0)
            error = Fail(s.Length - 1, $"{depth} branch{(depth > 1 ? "es are" : " is")} never closed with ')'");
        else if (pendingBond)
            error = Fail(s.Length - 1, "the SMILES ends with a bond");
        else if (!haveAtom)
            error = Fail(s.Length - 1, "the SMILES ends without an atom");
        else if (openRings.Count > 0)
            error = Fail(openRings.Values.Min(), $"ring closure {openRings.Keys.Min()} is opened but never closed");
        if (error is not null)
            return null;
        EndFragment(s.Length);
        return fragments.ToImmutable();
    }

    // [isotope? symbol chiral? hcount? charge? class?]
    private static string? ParseBracket(ReadOnlySpan<char> t, out int charge, out string? error)
    {
        charge = 0;
        error = null;
        int i = 0;
        while (i < t.Length && char.IsAsciiDigit(t[i]))
            i++;
        string? element = null;
        foreach (var aromatic in AromaticBracket)
            if (t[i..].StartsWith(aromatic, StringComparison.Ordinal))
            {
                element = char.ToUpperInvariant(aromatic[0]) + aromatic[1..];
                i += aromatic.Length;
                break;
            }
        if (element is null && i < t.Length && char.IsAsciiLetterUpper(t[i]))
        {
            int len = i + 1 < t.Length && char.IsAsciiLetterLower(t[i + 1]) && Elements.TryParse(t.Slice(i, 2), out _) ? 2 : 1;
            if (Elements.TryParse(t.Slice(i, len), out _))
            {
                element = t.Slice(i, len).ToString();
                i += len;
            }
        }
        if (element is null)
        {
            error = $"'[{t}]' does not name an element";
            return null;
        }
        while (i < t.Length && t[i] == '@')
            i++;
        if (i + 1 < t.Length && t[i - 1] == '@' && char.IsAsciiLetterUpper(t[i]))
        {
            // @TH1, @SP2, @OH15 ...: chirality classes
            while (i < t.Length && char.IsAsciiLetterOrDigit(t[i]) && t[i] != 'H')
                i++;
        }
        if (i < t.Length && t[i] == 'H')
        {
            i++;
            while (i < t.Length && char.IsAsciiDigit(t[i]))
                i++;
        }
        if (i < t.Length && t[i] is '+' or '-')
        {
            char sign = t[i];
            int count = 0;
            while (i < t.Length && t[i] == sign)
            {
                count++;
                i++;
            }
            int magnitude = count;
            if (count == 1 && i < t.Length && char.IsAsciiDigit(t[i]))
            {
                magnitude = 0;
                while (i < t.Length && char.IsAsciiDigit(t[i]))
                    magnitude = magnitude * 10 + (t[i++] - '0');
            }
            charge = sign == '+' ? magnitude : -magnitude;
        }
        if (i < t.Length && t[i] == ':')
        {
            i++;
            while (i < t.Length && char.IsAsciiDigit(t[i]))
                i++;
        }
        if (i != t.Length)
        {
            error = $"'[{t}]' has unexpected text '{t[i..]}'";
            return null;
        }
        if (!Elements.TryParse(element, out var z))
        {
            error = $"'[{t}]' does not name an element";
            return null;
        }
        return Elements.Symbol(z);
    }
}
