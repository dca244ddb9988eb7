namespace SharpGrad.Serialization;

/// <summary>The safetensors dtypes: their names, sizes, order, and what SharpGrad reads them as.</summary>
internal static class SafeTensorsFormat
{
    /// <summary>The header key that holds the file's string-to-string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header the reference reads (<c>MAX_HEADER_SIZE</c>, 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>A dtype a file may name. <see cref="Target"/> is null for one SharpGrad cannot hold.</summary>
    public sealed record FileDtype(string Name, int Size, ScalarType? Target);

    // The reference's Dtype enum in declaration order (the order its writer sorts by, descending).
    private static readonly string[] EnumOrder =
        ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"];

    private static readonly Dictionary<string, FileDtype> Known = new(StringComparer.Ordinal)
    {
        ["BOOL"] = new("BOOL", 1, ScalarType.Bool),
        ["U8"] = new("U8", 1, ScalarType.UInt8),
        ["I8"] = new("I8", 1, ScalarType.Int8),
        ["I16"] = new("I16", 2, ScalarType.Int16),
        ["U16"] = new("U16", 2, ScalarType.Int64),
        ["I32"] = new("I32", 4, ScalarType.Int32),
        ["U32"] = new("U32", 4, ScalarType.Int64),
        ["I64"] = new("I64", 8, ScalarType.Int64),
        ["F16"] = new("F16", 2, ScalarType.Float16),
        ["BF16"] = new("BF16", 2, ScalarType.BFloat16),
        ["F32"] = new("F32", 4, ScalarType.Float32),
        ["F64"] = new("F64", 8, ScalarType.Float64),
        // Named by the format, but with no exact SharpGrad dtype (U64 above 2^63, 8-bit, 6-bit and
        // 4-bit floats, complex): rejected with a message that says so.
        ["U64"] = new("U64", 8, null),
        ["F8_E5M2"] = new("F8_E5M2", 1, null),
        ["F8_E4M3"] = new("F8_E4M3", 1, null),
        ["F8_E8M0"] = new("F8_E8M0", 1, null),
        ["F6_E2M3"] = new("F6_E2M3", 1, null),
        ["F6_E3M2"] = new("F6_E3M2", 1, null),
        ["F4"] = new("F4", 1, null),
        ["C64"] = new("C64", 8, null),
    };

    /// <summary>The dtype a file names, or null if the format has no such dtype.</summary>
    public static FileDtype? Lookup(string name) => Known.GetValueOrDefault(name);

    /// <summary>The safetensors name of a SharpGrad dtype.</summary>
    public static string Name(ScalarType dtype) => dtype switch
    {
        ScalarType.Bool => "BOOL",
        ScalarType.Int64 => "I64",
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.UInt8 => "U8",
        ScalarType.Int8 => "I8",
        ScalarType.Int16 => "I16",
        ScalarType.Int32 => "I32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        _ => throw new NotSupportedException($"cannot save a tensor of dtype {dtype}"),
    };

    /// <summary>The position of a SharpGrad dtype in the reference's Dtype enum.</summary>
    public static int Rank(ScalarType dtype) => Array.IndexOf(EnumOrder, Name(dtype));
}
