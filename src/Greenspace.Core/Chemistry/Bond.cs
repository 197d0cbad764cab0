namespace Greenspace.Chemistry;

/// <summary>A bond between two atoms (zero-based indices) with its order (1, 2, 3; 4 for aromatic as in MDL files).</summary>
public readonly record struct Bond(int Atom1, int Atom2, int Order);
