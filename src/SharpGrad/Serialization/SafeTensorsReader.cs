using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace SharpGrad.Serialization;

/// <summary>
/// Reads a safetensors file, validating everything before it allocates or reads tensor data: any file
/// that is not valid safetensors raises <see cref="InvalidDataException"/> saying what is wrong. The
/// header is at most 100 MB and never more than the file; the tensors must cover the data section
/// exactly, in offset order, without gaps or overlaps (what the reference's <c>Metadata::validate</c>
/// and <c>read_metadata</c> demand), so the tensors' storage is bounded by the file's size (times the
/// widening of U16 and U32, which become int64).
/// </summary>
internal static class SafeTensorsReader
{
    private const int MaxJsonDepth = 4;   // {"name": {"shape": [..]}} is depth 3
    private const int CopyChunkBytes = 1 << 16;

    private sealed record Entry(string Name, SafeTensorsFormat.FileDtype Dtype, ulong[] Shape, ulong Numel, ulong Begin, ulong End);

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static OrderedDictionary<string, Tensor> Load(string path, out Dictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, CopyChunkBytes);
        return Read(stream, path, out metadata);
    }

    /// <summary>Reads a safetensors image from a seekable stream; <paramref name="source"/> names it in messages.</summary>
    internal static OrderedDictionary<string, Tensor> Read(Stream stream, string source, out Dictionary<string, string>? metadata)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors stores little-endian data; this host is big-endian");
        try
        {
            return ReadValidated(stream, source, out metadata);
        }
        catch (EndOfStreamException e)
        {
            // Only if the file shrank while being read: every size was checked against its length.
            throw Invalid(source, "the file ended early while reading it", e);
        }
    }

    private static OrderedDictionary<string, Tensor> ReadValidated(Stream stream, string source, out Dictionary<string, string>? metadata)
    {
        long fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        int got = stream.ReadAtLeast(prefix, (int)Math.Min(8, fileLength), throwOnEndOfStream: true);
        if (LooksLikePickle(prefix[..got]))
            throw Invalid(source, "this looks like a PyTorch pickle checkpoint (torch.save's default format); SharpGrad reads safetensors: save with safetensors.torch.save_file");
        if (fileLength < 8)
            throw Invalid(source, $"the file is {fileLength} bytes, shorter than the 8-byte header length every safetensors file starts with");

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > SafeTensorsFormat.MaxHeaderBytes)
            throw Invalid(source, $"the header length {headerLength} is larger than the 100 MB limit (100000000 bytes)");
        if (headerLength > (ulong)(fileLength - 8))
            throw Invalid(source, $"the header length {headerLength} is larger than the file's {fileLength - 8} bytes after the length");

        var header = new byte[(int)headerLength];
        stream.ReadExactly(header);
        if (!Utf8.IsValid(header))
            throw Invalid(source, "the header is not valid UTF-8");

        var (entries, meta) = ParseHeader(header, source);
        long dataStart = 8 + (long)headerLength;
        ulong dataLength = (ulong)(fileLength - dataStart);
        Validate(entries, dataLength, source);

        var tensors = new OrderedDictionary<string, Tensor>(entries.Count);
        foreach (var entry in entries)
        {
            stream.Position = dataStart + (long)entry.Begin;
            tensors.Add(entry.Name, ReadTensor(stream, entry));
        }
        metadata = meta;
        return tensors;
    }

    // A zip archive (torch.save since 1.6) or a raw pickle (protocol 2 to 5; the legacy torch.save format).
    private static bool LooksLikePickle(ReadOnlySpan<byte> prefix)
        => prefix.StartsWith("PK\u0003\u0004"u8) || (prefix.Length >= 2 && prefix[0] == 0x80 && prefix[1] is >= 2 and <= 5);

    // ------------------------------------------------------------------------------------ header

    private static (List<Entry> Entries, Dictionary<string, string>? Metadata) ParseHeader(byte[] header, string source)
    {
        var entries = new List<Entry>();
        Dictionary<string, string>? metadata = null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (header.AsSpan().TrimStart(" \t\r\n"u8).IsEmpty)
            throw Invalid(source, "the header is empty (only whitespace), not a JSON object");
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = MaxJsonDepth });
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
                throw Invalid(source, $"the header is not a JSON object (it starts with a {Describe(reader.TokenType)})");
            while (true)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.EndObject) break;
                string name = reader.GetString()!;   // a property name: the reader guarantees it
                if (!names.Add(name))
                    throw Invalid(source, $"the header names '{name}' twice (duplicate key)");
                reader.Read();
                if (name == SafeTensorsFormat.MetadataKey)
                    metadata = ParseMetadata(ref reader, source);
                else
                    entries.Add(ParseEntry(ref reader, name, source));
            }
            // Only whitespace (the padding) may follow; anything else makes Read throw.
            if (reader.Read())
                throw Invalid(source, "the header has content after its JSON object");
        }
        catch (JsonException e)
        {
            throw Invalid(source, $"the header is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // GetString on an escape that is not valid UTF-16 (a lone surrogate such as \ud800).
            throw Invalid(source, $"the header holds a string that is not valid Unicode: {e.Message}", e);
        }
        return (entries, metadata);
    }

    private static Dictionary<string, string> ParseMetadata(ref Utf8JsonReader reader, string source)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw Invalid(source, $"'{SafeTensorsFormat.MetadataKey}' must be an object of strings, not a {Describe(reader.TokenType)}");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject) return metadata;
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
                throw Invalid(source, $"metadata value '{key}' must be a string, not a {Describe(reader.TokenType)}");
            if (!metadata.TryAdd(key, reader.GetString()!))
                throw Invalid(source, $"the metadata names '{key}' twice (duplicate key)");
        }
    }

    private static Entry ParseEntry(ref Utf8JsonReader reader, string name, string source)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw Invalid(source, $"tensor '{name}' must be an object with dtype, shape and data_offsets, not a {Describe(reader.TokenType)}");
        string? dtypeName = null;
        List<ulong>? shape = null, offsets = null;
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string field = reader.GetString()!;
            reader.Read();
            switch (field)
            {
                case "dtype":
                    if (dtypeName is not null) throw Invalid(source, $"tensor '{name}' has two 'dtype' fields");
                    if (reader.TokenType != JsonTokenType.String)
                        throw Invalid(source, $"the dtype of tensor '{name}' must be a string, not a {Describe(reader.TokenType)}");
                    dtypeName = reader.GetString()!;
                    break;
                case "shape":
                    if (shape is not null) throw Invalid(source, $"tensor '{name}' has two 'shape' fields");
                    shape = ReadIntegers(ref reader, $"the shape of tensor '{name}'", source);
                    break;
                case "data_offsets":
                    if (offsets is not null) throw Invalid(source, $"tensor '{name}' has two 'data_offsets' fields");
                    offsets = ReadIntegers(ref reader, $"the data_offsets of tensor '{name}'", source);
                    break;
                default:
                    reader.Skip();   // unknown fields are ignored, as the reference ignores them
                    break;
            }
        }
        if (dtypeName is null) throw Invalid(source, $"tensor '{name}' has no 'dtype'");
        if (shape is null) throw Invalid(source, $"tensor '{name}' has no 'shape'");
        if (offsets is null) throw Invalid(source, $"tensor '{name}' has no 'data_offsets'");
        if (offsets.Count != 2)
            throw Invalid(source, $"the data_offsets of tensor '{name}' must be [begin, end], got {offsets.Count} number(s)");

        var dtype = SafeTensorsFormat.Lookup(dtypeName)
            ?? throw Invalid(source, $"tensor '{name}' has unknown dtype '{dtypeName}'");
        if (dtype.Target is null)
            throw Invalid(source, $"tensor '{name}' has dtype {dtypeName}, which SharpGrad cannot represent (it reads F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL, and widens U32 and U16 to int64)");

        string shapeText = "[" + string.Join(", ", shape) + "]";
        ulong numel = 1;
        foreach (ulong d in shape)
            if (d != 0 && numel > ulong.MaxValue / d)
                throw Invalid(source, $"the shape {shapeText} of tensor '{name}' overflows: its element count exceeds 2^64");
            else numel *= d;
        if (numel > ulong.MaxValue / (ulong)dtype.Size)
            throw Invalid(source, $"the shape {shapeText} of tensor '{name}' overflows: its byte count exceeds 2^64");
        ulong begin = offsets[0], end = offsets[1];
        if (begin > end)
            throw Invalid(source, $"the data_offsets [{begin}, {end}] of tensor '{name}' are reversed (begin > end)");
        if (end - begin != numel * (ulong)dtype.Size)
            throw Invalid(source, $"tensor '{name}' spans {end - begin} bytes, but shape {shapeText} of dtype {dtypeName} needs {numel * (ulong)dtype.Size}");
        return new Entry(name, dtype, shape.ToArray(), numel, begin, end);
    }

    private static List<ulong> ReadIntegers(ref Utf8JsonReader reader, string what, string source)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw Invalid(source, $"{what} must be an array of non-negative integers, not a {Describe(reader.TokenType)}");
        var values = new List<ulong>();
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndArray) return values;
            if (reader.TokenType != JsonTokenType.Number)
                throw Invalid(source, $"{what} must be an array of non-negative integers, but holds a {Describe(reader.TokenType)}");
            if (reader.TryGetUInt64(out ulong value)) { values.Add(value); continue; }
            string raw = Encoding.UTF8.GetString(reader.ValueSpan);
            if (raw.StartsWith('-'))
                throw Invalid(source, $"{what} holds the negative number {raw}");
            if (raw.IndexOfAny(['.', 'e', 'E']) >= 0)
                throw Invalid(source, $"{what} holds {raw}, which is not an integer");
            throw Invalid(source, $"{what} holds {raw}, which is larger than 2^64 - 1");
        }
    }

    // The reference's coverage rule: sorted by offsets, each tensor begins where the previous ended,
    // and the last ends at the end of the file.
    private static void Validate(List<Entry> entries, ulong dataLength, string source)
    {
        foreach (var e in entries)
            if (e.End > dataLength)
                throw Invalid(source, $"the data_offsets [{e.Begin}, {e.End}] of tensor '{e.Name}' lie outside the data section ({dataLength} bytes)");
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        ulong cursor = 0;
        Entry? previous = null;
        foreach (var e in entries)
        {
            if (e.Begin < cursor)
                throw Invalid(source, $"tensors '{previous!.Name}' [{previous.Begin}, {previous.End}] and '{e.Name}' [{e.Begin}, {e.End}] overlap");
            if (e.Begin > cursor)
                throw Invalid(source, $"bytes [{cursor}, {e.Begin}) of the data section belong to no tensor (a gap before '{e.Name}'; the tensors must cover the data section contiguously)");
            cursor = e.End;
            previous = e;
        }
        if (cursor != dataLength)
            throw Invalid(source, $"the data section has {dataLength} bytes but the tensors cover only the first {cursor} (trailing bytes belong to no tensor)");
        // Valid safetensors, but beyond what one SharpGrad tensor can hold.
        foreach (var e in entries)
        {
            if (e.Shape.Any(d => d > int.MaxValue))
                throw Invalid(source, $"the shape [{string.Join(", ", e.Shape)}] of tensor '{e.Name}' has a dimension larger than SharpGrad's limit of {int.MaxValue}");
            if (e.Numel > int.MaxValue)
                throw Invalid(source, $"tensor '{e.Name}' holds {e.Numel} elements, more than SharpGrad's limit of {int.MaxValue} per tensor");
        }
    }

    // ------------------------------------------------------------------------------------ data

    private static Tensor ReadTensor(Stream stream, Entry entry)
    {
        int[] shape = entry.Shape.Select(d => (int)d).ToArray();
        int n = (int)entry.Numel;
        switch (entry.Dtype.Name)
        {
            case "F32": { var a = new float[n]; stream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan())); return Tensor.FromArray(a, shape); }
            case "F64": { var a = new double[n]; stream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan())); return Tensor.FromArray(a, shape); }
            case "I64": { var a = new long[n]; stream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan())); return Tensor.FromArray(a, shape); }
            // Little-endian files on a little-endian machine (checked above): the bytes are the elements.
            case "I32": { var a = new int[n]; stream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan())); return Tensor.FromArray(a, shape); }
            case "I16": { var a = new short[n]; stream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan())); return Tensor.FromArray(a, shape); }
            case "I8": { var a = new sbyte[n]; stream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan())); return Tensor.FromArray(a, shape); }
            case "U8": { var a = new byte[n]; stream.ReadExactly(a); return Tensor.FromArray(a, shape); }
            case "F16": { var a = new Half[n]; stream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan())); return Tensor.FromArray(a, shape); }
            case "BF16": { var a = new BFloat16[n]; stream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan())); return Tensor.FromArray(a, shape); }
            case "BOOL":
                {
                    var a = new bool[n];
                    Convert(stream, n, 1, (bytes, dst) => { for (int i = 0; i < dst.Length; i++) dst[i] = bytes[i] != 0; }, a.AsSpan());
                    return Tensor.FromArray(a, shape);
                }
            default:
                {
                    var a = new long[n];
                    string kind = entry.Dtype.Name;
                    Convert(stream, n, entry.Dtype.Size, (bytes, dst) =>
                    {
                        for (int i = 0; i < dst.Length; i++)
                            dst[i] = kind switch
                            {
                                "U16" => BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i)),
                                "U32" => BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(4 * i)),
                                _ => throw new InvalidDataException($"unexpected dtype {kind}"),
                            };
                    }, a.AsSpan());
                    return Tensor.FromArray(a, shape);
                }
        }
    }

    private delegate void ConvertChunk<T>(ReadOnlySpan<byte> source, Span<T> destination);

    // Reads n elements of itemSize bytes through a bounded buffer, converting each chunk.
    private static void Convert<T>(Stream stream, int n, int itemSize, ConvertChunk<T> convert, Span<T> destination)
    {
        var buffer = new byte[Math.Min(CopyChunkBytes, Math.Max(itemSize, n * itemSize))];
        int perChunk = buffer.Length / itemSize;
        for (int done = 0; done < n; done += perChunk)
        {
            int count = Math.Min(perChunk, n - done);
            var bytes = buffer.AsSpan(0, count * itemSize);
            stream.ReadExactly(bytes);
            convert(bytes, destination.Slice(done, count));
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static InvalidDataException Invalid(string source, string problem, Exception? inner = null)
        => new($"'{source}' is not a valid safetensors file: {problem}", inner);
}
