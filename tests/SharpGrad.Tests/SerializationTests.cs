using System.Buffers.Binary;
using System.Text;
using SharpGrad.Serialization;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>torch.save / torch.load in the safetensors format: layout, round trips, and the validating reader.</summary>
public sealed class SerializationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sharpgrad-safetensors-" + Guid.NewGuid().ToString("N"));

    public SerializationTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    // A file image: the 8-byte little-endian header length, the header as given (no padding added), the data.
    private static byte[] Image(string header, byte[]? data = null, ulong? headerLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + (data?.Length ?? 0)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data?.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    private static Dictionary<string, Tensor> Dict(params (string Name, Tensor Tensor)[] items)
        => items.ToDictionary(i => i.Name, i => i.Tensor);

    // ------------------------------------------------------------------------------ layout

    [Fact]
    public void WritesTheReferenceBytes()
    {
        // safetensors/src/tensor.rs, test_serialization: one F32 tensor of shape [1, 2, 3], values 0..5.
        byte[] expected =
        [
            64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
            116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
            58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
            101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
            0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
        ];
        var values = arange(6, dtype: float32);
        save(Dict(("attn.0", values.view(1, 2, 3))), PathOf("a.safetensors"));
        Assert.Equal(expected, File.ReadAllBytes(PathOf("a.safetensors")));

        // test_serialization_forced_alignement: a shorter name, so the header is padded with spaces.
        byte[] padded =
        [
            72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123, 34, 100, 116,
            121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58,
            91, 49, 44, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102,
            115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 32, 32, 32, 32, 32,
            32, 32, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0,
            160, 64,
        ];
        save(Dict(("attn0", values.view(1, 1, 2, 3))), PathOf("b.safetensors"));
        Assert.Equal(padded, File.ReadAllBytes(PathOf("b.safetensors")));
        var loaded = load(PathOf("b.safetensors"));
        Assert.Equal(new long[] { 1, 1, 2, 3 }, loaded["attn0"].shape);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, loaded["attn0"].ToArray<float>());

        // test_empty: no tensors, without and with metadata.
        save(new Dictionary<string, Tensor>(), PathOf("c.safetensors"));
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32 }, File.ReadAllBytes(PathOf("c.safetensors")));
        Assert.Empty(load(PathOf("c.safetensors")));
        save(new Dictionary<string, Tensor>(), PathOf("d.safetensors"), new Dictionary<string, string> { ["framework"] = "pt" });
        byte[] withMetadata =
        [
            40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
            95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
            116, 34, 125, 125, 32, 32, 32, 32, 32,
        ];
        Assert.Equal(withMetadata, File.ReadAllBytes(PathOf("d.safetensors")));
        load(PathOf("d.safetensors"), out var metadata);
        Assert.Equal("pt", metadata!["framework"]);
    }

    [Fact]
    public void OrdersTensorsByDtypeThenNameInAHandBuiltLayout()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["b"] = tensor(new float[] { 1, 2 }),
            ["m"] = tensor(new[] { true, false, true }),
            ["a"] = tensor(7L),
            ["z"] = tensor(new double[] { -0.5 }),
            ["B"] = tensor(new float[] { 3 }),
        };
        save(tensors, PathOf("t.safetensors"), new Dictionary<string, string> { ["k"] = "v", ["format"] = "pt" });

        // I64, F64, F32 (B before b: byte order), BOOL; metadata first, its keys sorted.
        string header = "{\"__metadata__\":{\"format\":\"pt\",\"k\":\"v\"},"
            + "\"a\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
            + "\"z\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
            + "\"B\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[20,28]},"
            + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[28,31]}}";
        Assert.Equal(312, header.Length);   // a multiple of 8 already: no padding
        var expected = new List<byte>();
        expected.AddRange(BitConverter.GetBytes(312UL));
        expected.AddRange(Encoding.ASCII.GetBytes(header));
        expected.AddRange(BitConverter.GetBytes(7L));
        expected.AddRange(BitConverter.GetBytes(-0.5));
        expected.AddRange(BitConverter.GetBytes(3f));
        expected.AddRange(BitConverter.GetBytes(1f));
        expected.AddRange(BitConverter.GetBytes(2f));
        expected.AddRange(new byte[] { 1, 0, 1 });
        Assert.Equal(expected.ToArray(), File.ReadAllBytes(PathOf("t.safetensors")));

        var loaded = load(PathOf("t.safetensors"));
        Assert.Equal(new[] { "a", "z", "B", "b", "m" }, loaded.Keys.ToArray());   // file order
    }

    [Fact]
    public void EscapesStringsAsSerdeJsonDoes()
    {
        var names = new Dictionary<string, Tensor> { ["q\"uote\\back\nline\u0001é"] = tensor(new float[] { 1 }) };
        save(names, PathOf("e.safetensors"), new Dictionary<string, string> { ["tab"] = "a\tb" });
        var bytes = File.ReadAllBytes(PathOf("e.safetensors"));
        string header = Encoding.UTF8.GetString(bytes, 8, (int)BitConverter.ToUInt64(bytes, 0));
        Assert.StartsWith("{\"__metadata__\":{\"tab\":\"a\\tb\"},\"q\\\"uote\\\\back\\nline\\u0001é\":{", header);
        var loaded = load(PathOf("e.safetensors"), out var metadata);
        Assert.Equal("q\"uote\\back\nline\u0001é", loaded.Keys.Single());
        Assert.Equal("a\tb", metadata!["tab"]);
    }

    // ------------------------------------------------------------------------------ round trips

    [Fact]
    public void RoundTripsEveryDtypeAndShape()
    {
        var original = new Dictionary<string, Tensor>
        {
            ["f32"] = tensor(new float[] { 1.5f, -0f, float.NaN, float.PositiveInfinity, float.Epsilon, 3.4e38f }, new long[] { 2, 3 }),
            ["f64"] = tensor(new double[] { Math.PI, -1e-300, double.NegativeInfinity }),
            ["i64"] = tensor(new long[] { long.MinValue, -1, 0, long.MaxValue }, new long[] { 2, 1, 2 }),
            ["bool"] = tensor(new[] { true, false, false, true }, new long[] { 4, 1 }),
            ["scalar"] = tensor(2.5),
            ["scalar_bool"] = tensor(true),
            ["empty"] = zeros(0),
            ["empty_3d"] = zeros(new long[] { 2, 0, 3 }, dtype: int64),
            ["transposed"] = arange(6, dtype: float32).view(2, 3).T,   // not contiguous: written row-major
            ["sliced"] = arange(10, dtype: float64).slice(0, 1, 9, 3),
            ["offset_view"] = arange(10, dtype: int64).narrow(0, 2, 3),   // contiguous, at an offset in its storage
        };
        save(original, PathOf("r.safetensors"));
        var loaded = load(PathOf("r.safetensors"));
        Assert.Equal(original.Keys.Order(StringComparer.Ordinal), loaded.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, t) in original)
        {
            var back = loaded[name];
            Assert.Equal(t.dtype, back.dtype);
            Assert.Equal(t.shape, back.shape);
            Assert.True(back.is_contiguous());
            switch (t.dtype)
            {
                case ScalarType.Float32: Assert.Equal(t.ToArray<float>().Select(BitConverter.SingleToInt32Bits), back.ToArray<float>().Select(BitConverter.SingleToInt32Bits)); break;
                case ScalarType.Float64: Assert.Equal(t.ToArray<double>().Select(BitConverter.DoubleToInt64Bits), back.ToArray<double>().Select(BitConverter.DoubleToInt64Bits)); break;
                case ScalarType.Int64: Assert.Equal(t.ToArray<long>(), back.ToArray<long>()); break;
                default: Assert.Equal(t.ToArray<bool>(), back.ToArray<bool>()); break;
            }
        }
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, loaded["transposed"].ToArray<float>());
        Assert.Equal(new double[] { 1, 4, 7 }, loaded["sliced"].ToArray<double>());
        Assert.Equal(new long[] { 2, 3, 4 }, loaded["offset_view"].ToArray<long>());

        // A tensor that requires grad is saved by value; the loaded one is a plain leaf.
        var w = tensor(new float[] { 1, 2 }, requires_grad: true);
        save(Dict(("w", w * 2)), PathOf("g.safetensors"));
        var wl = load(PathOf("g.safetensors"))["w"];
        Assert.False(wl.requires_grad);
        Assert.Equal(new float[] { 2, 4 }, wl.ToArray<float>());
        load(PathOf("g.safetensors"), out var none);
        Assert.Null(none);
    }

    [Fact]
    public void ReadsNarrowDtypesAndWidensUnsigned()
    {
        string header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
            + "\"i32\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[8,16]},"
            + "\"u32\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[16,20]},"
            + "\"i16\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[20,22]},"
            + "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[22,24]},"
            + "\"i8\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[24,26]},"
            + "\"u8\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[26,28]}}";
        byte[] data =
        [
            0x00, 0x3C, 0x00, 0xC1,               // F16 1.0, -2.5
            0x80, 0x3F, 0x49, 0x40,               // BF16 1.0, 3.140625
            0xFF, 0xFF, 0xFF, 0xFF, 0x05, 0, 0, 0, // I32 -1, 5
            0xFF, 0xFF, 0xFF, 0xFF,               // U32 4294967295
            0x00, 0x80,                           // I16 -32768
            0xFF, 0xFF,                           // U16 65535
            0xFF, 0x7F,                           // I8 -1, 127
            0xFF, 0x01,                           // U8 255, 1
        ];
        File.WriteAllBytes(PathOf("w.safetensors"), Image(header, data));
        var t = load(PathOf("w.safetensors"));
        // F16, BF16, I32, I16, I8 and U8 load as their own dtypes; U32 and U16 widen to int64.
        Assert.Equal(float16, t["h"].dtype);
        Assert.Equal(new float[] { 1, -2.5f }, t["h"].ToArray<float>());
        Assert.Equal(bfloat16, t["bf"].dtype);
        Assert.Equal(new float[] { 1, 3.140625f }, t["bf"].ToArray<float>());
        Assert.Equal(int32, t["i32"].dtype);
        Assert.Equal(new long[] { -1, 5 }, t["i32"].ToArray<long>());
        Assert.Equal(int64, t["u32"].dtype);
        Assert.Equal(new long[] { 4294967295 }, t["u32"].ToArray<long>());
        Assert.Equal(int16, t["i16"].dtype);
        Assert.Equal(new long[] { -32768 }, t["i16"].ToArray<long>());
        Assert.Equal(int64, t["u16"].dtype);
        Assert.Equal(new long[] { 65535 }, t["u16"].ToArray<long>());
        Assert.Equal(int8, t["i8"].dtype);
        Assert.Equal(new long[] { -1, 127 }, t["i8"].ToArray<long>());
        Assert.Equal(uint8, t["u8"].dtype);
        Assert.Equal(new long[] { 255, 1 }, t["u8"].ToArray<long>());
    }

    // ------------------------------------------------------------------------------ bad files

    private const string F32Pair = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "zip checkpoint", [.. "PK\u0003\u0004"u8, .. new byte[60]], "this looks like a PyTorch pickle checkpoint (torch.save's default format); SharpGrad reads safetensors: save with safetensors.torch.save_file" },
        { "pickle checkpoint", [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8], "this looks like a PyTorch pickle checkpoint" },
        { "shorter than 8 bytes", [1, 0, 0], "the file is 3 bytes, shorter than the 8-byte header length" },
        { "header over 100 MB", Image("{}", headerLength: 100_000_001), "the header length 100000001 is larger than the 100 MB limit" },
        { "header length past the file", Image("{}", headerLength: 3000), "the header length 3000 is larger than the file's 2 bytes after the length" },
        { "header length of 2^64 - 1", Image("{}", headerLength: ulong.MaxValue), "the header length 18446744073709551615 is larger than the 100 MB limit" },
        { "not UTF-8", Image("{\"\u00ff\":1}").Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray(), "the header is not valid UTF-8" },
        { "not JSON", Image("{\"a\":"), "the header is not valid JSON" },
        { "trailing garbage", Image("{}x"), "the header is not valid JSON" },
        { "empty header", Image("        "), "the header is empty (only whitespace), not a JSON object" },
        { "an array", Image("[1,2]   "), "the header is not a JSON object (it starts with a array)" },
        { "entry not an object", Image("{\"a\":[1]}"), "tensor 'a' must be an object with dtype, shape and data_offsets, not a array" },
        { "missing dtype", Image("{\"a\":{\"shape\":[],\"data_offsets\":[0,0]}}"), "tensor 'a' has no 'dtype'" },
        { "missing shape", Image("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,0]}}"), "tensor 'a' has no 'shape'" },
        { "missing offsets", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[0]}}"), "tensor 'a' has no 'data_offsets'" },
        { "dtype not a string", Image("{\"a\":{\"dtype\":4,\"shape\":[0],\"data_offsets\":[0,0]}}"), "the dtype of tensor 'a' must be a string, not a number" },
        { "shape not an array", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", new byte[8]), "the shape of tensor 'a' must be an array of non-negative integers, not a number" },
        { "shape of strings", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", new byte[8]), "the shape of tensor 'a' must be an array of non-negative integers, but holds a string" },
        { "three offsets", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", new byte[8]), "the data_offsets of tensor 'a' must be [begin, end], got 3 number(s)" },
        { "metadata not strings", Image("{\"__metadata__\":{\"n\":1}}"), "metadata value 'n' must be a string, not a number" },
        { "unknown dtype", Image("{\"a\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]), "tensor 'a' has unknown dtype 'Q7'" },
        { "unsupported dtype", Image("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]), "tensor 'a' has dtype F8_E4M3, which SharpGrad cannot represent" },
        { "negative dimension", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8]), "the shape of tensor 'a' holds the negative number -2" },
        { "fractional dimension", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", new byte[8]), "the shape of tensor 'a' holds 2.5, which is not an integer" },
        { "dimension over 2^64", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[18446744073709551616],\"data_offsets\":[0,8]}}", new byte[8]), "holds 18446744073709551616, which is larger than 2^64 - 1" },
        { "element count overflow", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}"), "the shape [4294967296, 4294967296] of tensor 'a' overflows: its element count exceeds 2^64" },
        { "byte count overflow", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,0]}}"), "the shape [4611686018427387904] of tensor 'a' overflows: its byte count exceeds 2^64" },
        { "huge claimed tensor", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000000000],\"data_offsets\":[0,4000000000000]}}"), "the data_offsets [0, 4000000000000] of tensor 'a' lie outside the data section (0 bytes)" },
        { "too many elements for SharpGrad", Image("{\"a\":{\"dtype\":\"BOOL\",\"shape\":[0,3000000000],\"data_offsets\":[0,0]}}"), "has a dimension larger than SharpGrad's limit of 2147483647" },
        { "begin after end", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", new byte[8]), "the data_offsets [8, 0] of tensor 'a' are reversed (begin > end)" },
        { "size mismatch", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "tensor 'a' spans 8 bytes, but shape [3] of dtype F32 needs 12" },
        { "offsets outside", Image("{" + F32Pair + "}", new byte[4]), "the data_offsets [0, 8] of tensor 'a' lie outside the data section (4 bytes)" },
        { "overlap", Image("{" + F32Pair + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]), "tensors 'a' [0, 8] and 'b' [4, 12] overlap" },
        { "same bytes twice", Image("{" + F32Pair + ",\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]), "overlap" },
        { "gap", Image("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]), "bytes [0, 4) of the data section belong to no tensor (a gap before 'a'" },
        { "trailing data", Image("{" + F32Pair + "}", new byte[12]), "the data section has 12 bytes but the tensors cover only the first 8" },
        { "duplicate key", Image("{" + F32Pair + "," + F32Pair + "}", new byte[8]), "the header names 'a' twice (duplicate key)" },
        { "duplicate field", Image("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]), "tensor 'a' has two 'dtype' fields" },
        { "lone surrogate escape", Image("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}"), "the header holds a string that is not valid Unicode" },
        { "too deep", Image("{\"a\":{\"x\":[[[[[1]]]]]}}"), "the header is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void RejectsABadFileWithAMessage(string what, byte[] image, string message)
    {
        string path = PathOf(what.Replace(' ', '_') + ".safetensors");
        File.WriteAllBytes(path, image);
        var ex = Assert.Throws<InvalidDataException>(() => load(path));
        Assert.StartsWith($"'{path}' is not a valid safetensors file: ", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void AcceptsAnyHeaderOrderAndIgnoresUnknownFields()
    {
        // Offsets, not header order, decide the file order; unknown fields are skipped as the reference does.
        string header = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8],\"extra\":{\"x\":[1]}},"
            + "\"a\":{\"data_offsets\":[0,4],\"shape\":[],\"dtype\":\"F32\"}}";
        File.WriteAllBytes(PathOf("o.safetensors"), Image(header, Floats(1, 2)));
        var t = load(PathOf("o.safetensors"));
        Assert.Equal(new[] { "a", "b" }, t.Keys.ToArray());
        Assert.Equal(1f, t["a"].item<float>());
        Assert.Empty(t["a"].shape);
        Assert.Equal(new float[] { 2 }, t["b"].ToArray<float>());
    }

    [Fact]
    public void FuzzedFilesOnlyEverRaiseInvalidDataAndStayWithinTheirSize()
    {
        var valid = new MemoryStream();
        var tensors = new Dictionary<string, Tensor>
        {
            ["weight"] = arange(12, dtype: float32).view(3, 4),
            ["bias"] = tensor(new double[] { 1, 2, 3 }),
            ["steps"] = tensor(5L),
            ["mask"] = tensor(new[] { true, false }),
        };
        save(tensors, PathOf("valid.safetensors"), new Dictionary<string, string> { ["format"] = "pt" });
        byte[] original = File.ReadAllBytes(PathOf("valid.safetensors"));
        int headerEnd = 8 + (int)BitConverter.ToUInt64(original, 0);
        byte[] alphabet = "{}[],:\"0123456789-.eE \\FIBOL_xud"u8.ToArray();

        var random = new Random(20261203);
        int accepted = 0, rejected = 0;
        for (int trial = 0; trial < 4000; trial++)
        {
            byte[] image = (byte[])original.Clone();
            switch (random.Next(5))
            {
                case 0:   // overwrite a few header bytes with JSON-ish characters
                    for (int k = random.Next(1, 4); k > 0; k--) image[random.Next(8, headerEnd)] = alphabet[random.Next(alphabet.Length)];
                    break;
                case 1:   // random bytes anywhere in the header, length field included
                    for (int k = random.Next(1, 4); k > 0; k--) image[random.Next(0, headerEnd)] = (byte)random.Next(256);
                    break;
                case 2:   // truncate
                    image = image[..random.Next(0, image.Length)];
                    break;
                case 3:   // a different header length
                    BinaryPrimitives.WriteUInt64LittleEndian(image, (ulong)random.NextInt64(0, 2L * image.Length));
                    break;
                default:  // change a digit of the header: shapes and offsets
                    var digits = Enumerable.Range(8, headerEnd - 8).Where(i => image[i] is >= (byte)'0' and <= (byte)'9').ToArray();
                    image[digits[random.Next(digits.Length)]] = (byte)('0' + random.Next(10));
                    break;
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                SafeTensorsReader.Read(new MemoryStream(image, writable: false), "fuzz", out _);
                accepted++;
            }
            catch (InvalidDataException)
            {
                rejected++;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Widening a narrow dtype can grow data 8-fold; the rest is the bounded copy buffer, the
            // parsed header and the exception. A header that claims more than the file never gets that far.
            Assert.True(allocated < 8 * image.Length + (1 << 20), $"trial {trial}: {allocated} bytes allocated for a {image.Length}-byte file");
        }
        Assert.True(rejected > 1000 && accepted > 10, $"{accepted} accepted, {rejected} rejected");
    }

    // ------------------------------------------------------------------------------ atomic writes

    [Fact]
    public void SavingIntoAMissingDirectoryFailsCleanly()
    {
        string missing = Path.Combine(_dir, "no-such-dir", "x.safetensors");
        Assert.Throws<DirectoryNotFoundException>(() => save(Dict(("a", ones(2))), missing));
        Assert.False(Directory.Exists(Path.Combine(_dir, "no-such-dir")));
    }

    [Fact]
    public void SavingReplacesAnExistingFileWholeAndLeavesNoTemporaryFile()
    {
        string path = PathOf("model.safetensors");
        File.WriteAllBytes(path, new byte[100_000]);   // larger than what replaces it
        save(Dict(("a", ones(2))), path);
        var t = load(path);
        Assert.Equal(new float[] { 1, 1 }, t["a"].ToArray<float>());
        Assert.Equal(new[] { "model.safetensors" }, Directory.GetFiles(_dir).Select(Path.GetFileName).ToArray());

        // A save that fails part way (a null tensor) leaves the previous file as it was.
        byte[] before = File.ReadAllBytes(path);
        Assert.Throws<ArgumentException>(() => save(new Dictionary<string, Tensor> { ["a"] = ones(3), ["b"] = null! }, path));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void RejectsTheReservedMetadataNameAndMissingFiles()
    {
        var ex = Assert.Throws<ArgumentException>(() => save(Dict(("__metadata__", ones(1))), PathOf("m.safetensors")));
        Assert.Equal("'__metadata__' is reserved for the file's metadata and cannot name a tensor", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => save(Dict(("bad\ud800", ones(1))), PathOf("s.safetensors")));
        Assert.Equal("tensor name 'bad\ud800' is not valid Unicode (it holds a lone surrogate)", ex.Message);
        Assert.Empty(Directory.GetFiles(_dir));
        Assert.Throws<FileNotFoundException>(() => load(PathOf("absent.safetensors")));
    }
}
