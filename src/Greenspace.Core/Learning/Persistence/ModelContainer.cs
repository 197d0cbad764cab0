using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Greenspace.Learning.Persistence;

/// <summary>
/// The bytes of a saved model: a JSON header that people and other tools can read, and one block of
/// binary arrays that the numbers of the model (weights, training features, Cholesky factor) need to come
/// back bit for bit. One sequence of bytes, kept as a file (<c>.gsmodel</c>) or as a blob in the store.
/// </summary>
/// <remarks>
/// Layout, integers little-endian:
/// <code>
///   offset  size  content
///   0       8     magic "GSMODEL\0"
///   8       4     container version (uint32), <see cref="Version"/>
///   12      4     header length H in bytes (uint32)
///   16      H     header: UTF-8 JSON object (members listed in <see cref="SavedModel"/>), with
///                 "arrays": { name: { "type": "f8" | "i4", "offset": bytes into the block, "count": n } }
///                 and "arrays_sha256": the lower-case hex SHA-256 of the whole block
///   16 + H  0-7   zero padding to a multiple of 8
///   ...           the array block: each array's numbers (IEEE 754 float64 or int32, little-endian),
///                 each array starting at a multiple of 8
/// </code>
/// Arrays are named by the part of the model that owns them ("model/alpha"); a model made of several parts
/// (Delta, multi-fidelity) gives each part its own prefix, so one block holds them all.
/// </remarks>
public static class ModelContainer
{
    /// <summary>The container version this Greenspace writes and the newest it reads.</summary>
    public const int Version = 1;

    private static ReadOnlySpan<byte> Magic => "GSMODEL\0"u8;
    private const int PrefixLength = 16;

    /// <summary>The header with its "arrays" and "arrays_sha256" members added, and the block, as one byte sequence.</summary>
    public static byte[] Write(JsonObject header, ArrayBlockWriter arrays)
    {
        var block = arrays.ToBytes();
        header["arrays"] = arrays.Describe();
        header["arrays_sha256"] = Convert.ToHexStringLower(SHA256.HashData(block));
        var json = Encoding.UTF8.GetBytes(header.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        int padded = Align(PrefixLength + json.Length);
        var bytes = new byte[padded + block.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)json.Length);
        json.CopyTo(bytes, PrefixLength);
        block.CopyTo(bytes, padded);
        return bytes;
    }

    /// <summary>Reads a header and its arrays back, checking the magic, the version and the block's checksum.</summary>
    /// <exception cref="ModelFormatException">for bytes that are not a saved model, or one from a newer Greenspace, or a damaged one.</exception>
    public static (JsonObject Header, ArrayBlockReader Arrays) Read(byte[] bytes, string source)
    {
        if (bytes.Length < PrefixLength || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new ModelFormatException($"{source} is not a Greenspace model (it does not start with GSMODEL); give a model saved by greenspace learn");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (version > Version)
            throw new ModelFormatException($"{source} was saved in model format {version}, newer than this Greenspace reads ({Version}); use a newer Greenspace");
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        if (length > bytes.Length - PrefixLength)
            throw new ModelFormatException($"{source} is cut short: its header claims {length} bytes of {bytes.Length - PrefixLength}; save the model again");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(PrefixLength, (int)length)) as JsonObject
                ?? throw new ModelFormatException($"{source} has a header that is not a JSON object; save the model again");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{source} has a damaged header ({e.Message}); save the model again");
        }
        int start = Align(PrefixLength + (int)length);
        var block = bytes.AsMemory(Math.Min(start, bytes.Length));
        string expected = (header["arrays_sha256"] as JsonValue)?.ToString() ?? "";
        if (Convert.ToHexStringLower(SHA256.HashData(block.Span)) != expected)
            throw new ModelFormatException($"{source} is damaged: its arrays do not match their checksum; save the model again");
        return (header, new ArrayBlockReader(header["arrays"] as JsonObject ?? [], block, source));
    }

    internal static int Align(int offset) => (offset + 7) & ~7;
}

/// <summary>A saved model that cannot be read: not a model, from a newer Greenspace, or damaged; one sentence with what to do.</summary>
public sealed class ModelFormatException(string message) : Exception(message);
