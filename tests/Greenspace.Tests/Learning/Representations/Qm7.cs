using Greenspace.Chemistry;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Learning.Representations;

/// <summary>QM7's 7,101 molecules (data/qm7), read once per test run, and a spread sample of them.</summary>
internal static class Qm7
{
    private static readonly Lazy<IReadOnlyList<Molecule>> Molecules = new(() =>
    {
        using var reader = new StreamReader(Path);
        return XyzFormat.Read(reader, "qm7_pbe0_dftb.xyz").Select(r => r.Molecule ?? throw new InvalidOperationException(r.Error)).ToList();
    });

    public static string Path => TestData.DataFile("qm7", "qm7_pbe0_dftb.xyz");

    public static IReadOnlyList<Molecule> All => Molecules.Value;

    /// <summary>Every 71st molecule: 101 molecules from methane to the 23-atom end, all elements present.</summary>
    public static IReadOnlyList<Molecule> Sample => [.. All.Where((_, i) => i % 71 == 0)];
}

/// <summary>Rigid motions and relabelings that must not change a representation.</summary>
internal static class Moves
{
    /// <summary>A uniformly random rotation (Shoemake's random unit quaternion) followed by a random translation of up to 10 angstrom.</summary>
    public static Molecule RotateAndTranslate(Molecule molecule, Random random)
    {
        double u1 = random.NextDouble(), u2 = 2 * Math.PI * random.NextDouble(), u3 = 2 * Math.PI * random.NextDouble();
        double a = Math.Sqrt(1 - u1) * Math.Sin(u2), b = Math.Sqrt(1 - u1) * Math.Cos(u2);
        double c = Math.Sqrt(u1) * Math.Sin(u3), w = Math.Sqrt(u1) * Math.Cos(u3);
        double[,] m =
        {
            { 1 - 2 * (b * b + c * c), 2 * (a * b - c * w), 2 * (a * c + b * w) },
            { 2 * (a * b + c * w), 1 - 2 * (a * a + c * c), 2 * (b * c - a * w) },
            { 2 * (a * c - b * w), 2 * (b * c + a * w), 1 - 2 * (a * a + b * b) },
        };
        var shift = new Vec3(20 * random.NextDouble() - 10, 20 * random.NextDouble() - 10, 20 * random.NextDouble() - 10);
        return molecule.WithPositions(molecule.PositionsAngstrom.Select(p => new Vec3(
            m[0, 0] * p.X + m[0, 1] * p.Y + m[0, 2] * p.Z,
            m[1, 0] * p.X + m[1, 1] * p.Y + m[1, 2] * p.Z,
            m[2, 0] * p.X + m[2, 1] * p.Y + m[2, 2] * p.Z) + shift));
    }

    /// <summary>A random atom order: new atom i is old atom order[i].</summary>
    public static int[] RandomOrder(int count, Random random)
    {
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        return order;
    }

    /// <summary>The largest absolute difference over the largest magnitude (1 when both are zero vectors).</summary>
    public static double RelativeDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.Equal(a.Length, b.Length);
        double difference = 0, scale = 0;
        for (int i = 0; i < a.Length; i++)
        {
            difference = Math.Max(difference, Math.Abs(a[i] - b[i]));
            scale = Math.Max(scale, Math.Max(Math.Abs(a[i]), Math.Abs(b[i])));
        }
        return scale == 0 ? difference : difference / scale;
    }
}
