using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SharpGrad.Serialization;

/// <summary>
/// Writes the safetensors format byte for byte as <c>safetensors.torch.save_file</c> does: an 8-byte
/// little-endian header length N, N bytes of compact JSON padded with spaces to a multiple of 8, then
/// the tensors' raw little-endian bytes back to back in header order.
/// </summary>
/// <remarks>
/// As the reference (<c>safetensors/src/tensor.rs</c>, <c>prepare</c>), tensors are ordered by descending
/// dtype (its enum order: BOOL &lt; … &lt; F32 &lt; F64 &lt; I64, so I64, F64, F32, BOOL), then by name (byte
/// order of the UTF-8), and <c>__metadata__</c> comes first. The reference keeps metadata in a hash map,
/// in no fixed order; here its keys are sorted by the same name order so that a file is reproducible.
/// Strings are escaped as serde_json escapes them: <c>"</c>, <c>\</c> and control characters only.
/// </remarks>
internal static class SafeTensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> atomically: a temporary file
    /// in the same directory, flushed to disk, then moved over the path.</summary>
    public static void Save(IDictionary<string, Tensor> tensors, string path, IDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(path);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors stores little-endian data; this host is big-endian");

        var entries = new List<(string Name, byte[] Utf8Name, Tensor Tensor)>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            if (name is null) throw new ArgumentException("a tensor name is null");
            if (tensor is null) throw new ArgumentException($"tensor '{name}' is null");
            if (name == SafeTensorsFormat.MetadataKey)
                throw new ArgumentException($"'{SafeTensorsFormat.MetadataKey}' is reserved for the file's metadata and cannot name a tensor");
            entries.Add((name, Utf8Of(name, "tensor name"), tensor));
        }
        entries.Sort((a, b) =>
        {
            int byDtype = SafeTensorsFormat.Rank(b.Tensor.dtype).CompareTo(SafeTensorsFormat.Rank(a.Tensor.dtype));
            return byDtype != 0 ? byDtype : a.Utf8Name.AsSpan().SequenceCompareTo(b.Utf8Name);
        });

        byte[] header = Header(entries.Select(e => (e.Name, e.Tensor)).ToList(), metadata);

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> length = stackalloc byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var (_, _, tensor) in entries) WriteData(stream, tensor);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // A name with a lone surrogate has no UTF-8 form; the reference's names are Rust strings.
    private static byte[] Utf8Of(string text, string what)
    {
        try { return StrictUtf8.GetBytes(text); }
        catch (EncoderFallbackException) { throw new ArgumentException($"{what} '{text}' is not valid Unicode (it holds a lone surrogate)"); }
    }

    /// <summary>The JSON header, padded with spaces to a multiple of 8 bytes.</summary>
    internal static byte[] Header(IReadOnlyList<(string Name, Tensor Tensor)> ordered, IDictionary<string, string>? metadata)
    {
        var json = new StringBuilder("{");
        bool first = true;
        if (metadata is not null)
        {
            json.Append('"').Append(SafeTensorsFormat.MetadataKey).Append("\":{");
            var keys = metadata.Keys.ToList();
            foreach (var key in keys)
            {
                if (key is null || metadata[key] is null) throw new ArgumentException("metadata keys and values must not be null");
                Utf8Of(key, "metadata key");
                Utf8Of(metadata[key], "metadata value");
            }
            keys.Sort((a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
            for (int i = 0; i < keys.Count; i++)
            {
                if (i > 0) json.Append(',');
                AppendString(json, keys[i]);
                json.Append(':');
                AppendString(json, metadata[keys[i]]);
            }
            json.Append('}');
            first = false;
        }
        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            if (!first) json.Append(',');
            first = false;
            long bytes = tensor.numel() * tensor.dtype.ElementSize();
            AppendString(json, name);
            json.Append(":{\"dtype\":\"").Append(SafeTensorsFormat.Name(tensor.dtype)).Append("\",\"shape\":[");
            json.AppendJoin(',', tensor.shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
            json.Append("],\"data_offsets\":[").Append(offset.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append((offset + bytes).ToString(CultureInfo.InvariantCulture)).Append("]}");
            offset += bytes;
        }
        json.Append('}');
        int length = Encoding.UTF8.GetByteCount(json.ToString());
        json.Append(' ', (8 - length % 8) % 8);
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    // serde_json's escaping: the quote, the backslash and control characters; all else as UTF-8.
    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    if (c < 0x20) json.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else json.Append(c);
                    break;
            }
        }
        json.Append('"');
    }

    private static void WriteData(Stream stream, Tensor tensor)
    {
        if (tensor.numel() == 0) return;
        var dense = tensor.detach().contiguous();   // a non-contiguous tensor is written in row-major order
        switch (dense.dtype)
        {
            case ScalarType.Float32: stream.Write(MemoryMarshal.AsBytes(dense.ContiguousSpan<float>())); break;
            case ScalarType.Float64: stream.Write(MemoryMarshal.AsBytes(dense.ContiguousSpan<double>())); break;
            case ScalarType.Int64: stream.Write(MemoryMarshal.AsBytes(dense.ContiguousSpan<long>())); break;
            case ScalarType.Bool: stream.Write(MemoryMarshal.AsBytes(dense.ContiguousSpan<bool>())); break;
            case ScalarType.UInt8: stream.Write(dense.ContiguousSpan<byte>()); break;
            case ScalarType.Int8: stream.Write(MemoryMarshal.AsBytes(dense.ContiguousSpan<sbyte>())); break;
            case ScalarType.Int16: stream.Write(MemoryMarshal.AsBytes(dense.ContiguousSpan<short>())); break;
            case ScalarType.Int32: stream.Write(MemoryMarshal.AsBytes(dense.ContiguousSpan<int>())); break;
            case ScalarType.Float16: stream.Write(MemoryMarshal.AsBytes(dense.ContiguousSpan<Half>())); break;
            case ScalarType.BFloat16: stream.Write(MemoryMarshal.AsBytes(dense.ContiguousSpan<BFloat16>())); break;
            default: throw new NotSupportedException($"cannot save a tensor of dtype {dense.dtype}");
        }
        GC.KeepAlive(dense); // its array is written out above (docs/ARCHITECTURE.md, "Buffer lifetime")
    }
}
