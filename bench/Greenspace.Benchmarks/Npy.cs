using System.Runtime.InteropServices;
using System.Text;

namespace Greenspace.Benchmarks;

/// <summary>
/// NumPy's .npy format (version 1.0), float64 little-endian in C order only: enough to hand arrays to a
/// Python peer and read its answer back without text round trips that would cost digits.
/// </summary>
internal static class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];

    public static void Write(string path, ReadOnlySpan<double> values, params int[] shape)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("the .npy writer assumes a little-endian machine");
        string dims = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': {dims}, }}";
        // Magic (8) + length (2) + header + newline, padded with spaces to a multiple of 64 bytes.
        int padded = (Magic.Length + 2 + header.Length + 1 + 63) / 64 * 64;
        header = header.PadRight(padded - Magic.Length - 2 - 1) + "\n";
        using var file = File.Create(path);
        file.Write(Magic);
        file.Write(BitConverter.GetBytes((ushort)header.Length));
        file.Write(Encoding.ASCII.GetBytes(header));
        file.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Every number of a float64 C-order array, whatever its shape.</summary>
    public static double[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!bytes.AsSpan(0, 6).SequenceEqual(Magic.AsSpan(0, 6)) || bytes[6] != 1)
            throw new InvalidDataException($"{path} is not a version 1 .npy file");
        int headerLength = BitConverter.ToUInt16(bytes, 8);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        if (!header.Contains("'<f8'") || header.Contains("'fortran_order': True"))
            throw new InvalidDataException($"{path} holds {header.Trim()}, not float64 in C order");
        return MemoryMarshal.Cast<byte, double>(bytes.AsSpan(10 + headerLength)).ToArray();
    }
}
