using System.Globalization;

namespace Greenspace.Campaigns.Reports;

/// <summary>How the report writes numbers: invariant culture, significant digits, never an exponent a reader must decode.</summary>
internal static class ReportNumbers
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Energy with 4 significant digits (0.01234, 1.235, 1235), the precision the cost model can claim at best.</summary>
    public static string Kwh(double kwh) => Significant(kwh, 4, trimZeros: false);

    /// <summary>Grams of CO2e with 3 significant digits.</summary>
    public static string Grams(double grams) => Significant(grams, 3, trimZeros: false);

    /// <summary>A fraction as a percentage with up to 3 significant digits, trailing zeros dropped: 0.025 gives "2.5 %".</summary>
    public static string Percent(double fraction) => Significant(100 * fraction, 3, trimZeros: true) + " %";

    /// <summary>A plain number with up to 4 significant digits, trailing zeros dropped (axis ticks, z scores).</summary>
    public static string Plain(double value) => Significant(value, 4, trimZeros: true);

    /// <summary>A property value (best found, model error) with 4 significant digits, kept so a column reads evenly.</summary>
    public static string Value(double value) => Significant(value, 4, trimZeros: false);

    public static string Count(int n) => n.ToString(Invariant);

    /// <summary>
    /// A prediction with its uncertainty, both to the decimal place of sigma's second significant digit
    /// (3.215 ± 0.043): more digits than that would claim a precision the surrogate does not have.
    /// </summary>
    /// <remarks>No mean (NaN: none yet, or one that holds only among the molecule's isomers) prints as a dash.</remarks>
    public static string WithSigma(double mean, double sigma)
    {
        if (double.IsNaN(mean))
            return "—";
        if (!double.IsFinite(sigma) || sigma <= 0)
            return Significant(mean, 4, trimZeros: false) + " ± " + (double.IsFinite(sigma) ? "0" : "?");
        int decimals = DecimalsFor(sigma);
        return Fixed(mean, decimals) + " ± " + Fixed(sigma, decimals);
    }

    /// <summary>A computed value beside a prediction: written to the same decimal place as the prediction's sigma.</summary>
    public static string LikeSigma(double value, double sigma) =>
        !double.IsFinite(sigma) || sigma <= 0 ? Significant(value, 4, trimZeros: false) : Fixed(value, DecimalsFor(sigma));

    public static string Significant(double value, int digits, bool trimZeros)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "−∞";
        if (value == 0) return "0";
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        int decimals = digits - 1 - magnitude;
        // Beyond twelve decimals a fixed form becomes a row of zeros; an exponent is then the lesser evil.
        if (decimals > 12) return value.ToString("0.###E+0", Invariant);
        string text = decimals >= 0
            ? value.ToString("F" + decimals, Invariant)
            : (Math.Round(value / Math.Pow(10, -decimals)) * Math.Pow(10, -decimals)).ToString("F0", Invariant);
        return trimZeros && text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    private static int DecimalsFor(double sigma) => Math.Clamp(1 - (int)Math.Floor(Math.Log10(sigma)), 0, 12);

    private static string Fixed(double value, int decimals) => value.ToString("F" + decimals, Invariant);
}
