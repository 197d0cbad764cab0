namespace Greenspace.Chemistry;

/// <summary>A point or vector in three dimensions, double precision; the unit is in the name of whatever holds it.</summary>
public readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 Zero => default;
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);
    public static Vec3 operator *(double s, Vec3 a) => a * s;
    public double Dot(Vec3 b) => X * b.X + Y * b.Y + Z * b.Z;
    public double Norm => Math.Sqrt(Dot(this));
    public static double Distance(Vec3 a, Vec3 b) => (a - b).Norm;
    public double this[int axis] => axis switch { 0 => X, 1 => Y, 2 => Z, _ => throw new ArgumentOutOfRangeException(nameof(axis)) };
}
