using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Greenspace.Learning.Persistence;

/// <summary>Collects the named arrays of a model into one block, each array at a multiple of 8 bytes (see <see cref="ModelContainer"/>).</summary>
public sealed class ArrayBlockWriter
{
    private readonly List<(string Name, string Type, int Count, byte[] Bytes)> _arrays = [];
    private readonly HashSet<string> _names = [];

    /// <summary>Adds float64 numbers under <paramref name="name"/>; returns the name, for the header node that refers to them.</summary>
    public string Add(string name, ReadOnlySpan<double> values)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        return Add(name, "f8", values.Length, bytes);
    }

    /// <summary>Adds int32 numbers under <paramref name="name"/>.</summary>
    public string Add(string name, ReadOnlySpan<int> values)
    {
        var bytes = new byte[values.Length * sizeof(int)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
        return Add(name, "i4", values.Length, bytes);
    }

    private string Add(string name, string type, int count, byte[] bytes)
    {
        if (!_names.Add(name))
            throw new ArgumentException($"the array name '{name}' is used twice; give each part of the model its own prefix", nameof(name));
        _arrays.Add((name, type, count, bytes));
        return name;
    }

    internal JsonObject Describe()
    {
        var described = new JsonObject();
        long offset = 0;
        foreach (var (name, type, count, bytes) in _arrays)
        {
            described[name] = new JsonObject { ["type"] = type, ["offset"] = offset, ["count"] = count };
            offset = ModelContainer.Align((int)(offset + bytes.Length));
        }
        return described;
    }

    internal byte[] ToBytes()
    {
        long length = 0;
        foreach (var a in _arrays)
            length = ModelContainer.Align((int)(length + a.Bytes.Length));
        var block = new byte[length];
        long offset = 0;
        foreach (var a in _arrays)
        {
            a.Bytes.CopyTo(block, offset);
            offset = ModelContainer.Align((int)(offset + a.Bytes.Length));
        }
        return block;
    }
}

/// <summary>The arrays of a saved model, read by name.</summary>
public sealed class ArrayBlockReader
{
    private readonly JsonObject _described;
    private readonly ReadOnlyMemory<byte> _block;
    private readonly string _source;

    internal ArrayBlockReader(JsonObject described, ReadOnlyMemory<byte> block, string source)
    {
        _described = described;
        _block = block;
        _source = source;
    }

    public double[] Doubles(string name)
    {
        var bytes = Slice(name, "f8", sizeof(double), out int count);
        var values = new double[count];
        if (BitConverter.IsLittleEndian)
            MemoryMarshal.Cast<byte, double>(bytes).CopyTo(values);
        else
            for (int i = 0; i < count; i++)
                values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * sizeof(double))..]);
        return values;
    }

    public int[] Integers(string name)
    {
        var bytes = Slice(name, "i4", sizeof(int), out int count);
        var values = new int[count];
        for (int i = 0; i < count; i++)
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * sizeof(int))..]);
        return values;
    }

    private ReadOnlySpan<byte> Slice(string name, string type, int size, out int count)
    {
        if (_described[name] is not JsonObject entry || (entry["type"] as JsonValue)?.ToString() != type)
            throw new ModelFormatException($"{_source} has no {type} array '{name}'; it was saved by another kind of model or is damaged");
        long offset = entry.Required<long>("offset");
        count = entry.Required<int>("count");
        if (offset < 0 || count < 0 || offset + (long)count * size > _block.Length)
            throw new ModelFormatException($"{_source} has the array '{name}' outside its block; save the model again");
        return _block.Span.Slice((int)offset, count * size);
    }
}
