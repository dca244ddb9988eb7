using System.Globalization;
using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// The dtypes uint8, int8, int16, int32, float16 and bfloat16 beside bool, int64, float32 and
/// float64: creation, conversion (rounding, truncation, wrapping), promotion, arithmetic,
/// reductions, printing, views and indexing, safetensors, and PyTorch's errors. Values are
/// libtorch's, printed by tools/TorchOracle (Scripts.DTypes.cs: DTypePromotion, DTypeConversion,
/// DTypeArithmetic).
/// </summary>
public class DTypeTests
{
    /// <summary>In the oracle's order.</summary>
    private static readonly ScalarType[] All = [@bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64];

    private static readonly Dictionary<string, ScalarType> ByName = All.ToDictionary(t => t.TorchName()["torch.".Length..]);

    private static ScalarType[] Row(string names) => names.Split(", ").Select(n => ByName[n]).ToArray();

    /// <summary>Exactly the values (as doubles; NaN equals NaN, -0 equals 0).</summary>
    private static void AssertExact(double[] expected, Tensor actual)
    {
        var values = actual.to(float64).reshape(-1).ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
            Assert.True(expected[i].Equals(values[i]) || expected[i] == values[i],
                $"element {i}: expected {expected[i].ToString("R", CultureInfo.InvariantCulture)}, got {values[i].ToString("R", CultureInfo.InvariantCulture)}");
    }

    // ------------------------------------------------------------------ promotion (DTypePromotion)

    // promote_types(row, column), columns in the order of All.
    private static readonly Dictionary<ScalarType, string> PromoteTable = new()
    {
        [@bool] = "bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64",
        [uint8] = "uint8, uint8, int16, int16, int32, int64, float16, bfloat16, float32, float64",
        [int8] = "int8, int16, int8, int16, int32, int64, float16, bfloat16, float32, float64",
        [int16] = "int16, int16, int16, int16, int32, int64, float16, bfloat16, float32, float64",
        [int32] = "int32, int32, int32, int32, int32, int64, float16, bfloat16, float32, float64",
        [int64] = "int64, int64, int64, int64, int64, int64, float16, bfloat16, float32, float64",
        [float16] = "float16, float16, float16, float16, float16, float16, float16, float32, float32, float64",
        [bfloat16] = "bfloat16, bfloat16, bfloat16, bfloat16, bfloat16, bfloat16, float32, bfloat16, float32, float64",
        [float32] = "float32, float32, float32, float32, float32, float32, float32, float32, float32, float64",
        [float64] = "float64, float64, float64, float64, float64, float64, float64, float64, float64, float64",
    };

    // A dimensioned tensor of the row's dtype plus a 0-dim tensor of each column's dtype.
    private static readonly Dictionary<ScalarType, string> ZeroDimTable = new()
    {
        [@bool] = "bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64",
        [uint8] = "uint8, uint8, uint8, uint8, uint8, uint8, float16, bfloat16, float32, float64",
        [int8] = "int8, int8, int8, int8, int8, int8, float16, bfloat16, float32, float64",
        [int16] = "int16, int16, int16, int16, int16, int16, float16, bfloat16, float32, float64",
        [int32] = "int32, int32, int32, int32, int32, int32, float16, bfloat16, float32, float64",
        [int64] = "int64, int64, int64, int64, int64, int64, float16, bfloat16, float32, float64",
        [float16] = "float16, float16, float16, float16, float16, float16, float16, float16, float16, float16",
        [bfloat16] = "bfloat16, bfloat16, bfloat16, bfloat16, bfloat16, bfloat16, bfloat16, bfloat16, bfloat16, bfloat16",
        [float32] = "float32, float32, float32, float32, float32, float32, float32, float32, float32, float32",
        [float64] = "float64, float64, float64, float64, float64, float64, float64, float64, float64, float64",
    };

    // A dimensioned tensor of the dtype plus the C# numbers 3, 2.5 and true.
    private static readonly Dictionary<ScalarType, string> ScalarTable = new()
    {
        [@bool] = "int64, float32, bool",
        [uint8] = "uint8, float32, uint8",
        [int8] = "int8, float32, int8",
        [int16] = "int16, float32, int16",
        [int32] = "int32, float32, int32",
        [int64] = "int64, float32, int64",
        [float16] = "float16, float16, float16",
        [bfloat16] = "bfloat16, bfloat16, bfloat16",
        [float32] = "float32, float32, float32",
        [float64] = "float64, float64, float64",
    };

    public static TheoryData<string> DTypeNames => new(All.Select(t => t.TorchName()));

    private static ScalarType Parse(string name) => ByName[name["torch.".Length..]];

    [Theory]
    [MemberData(nameof(DTypeNames))]
    public void PromotionMatchesLibtorch(string name)
    {
        var a = Parse(name);
        var expected = Row(PromoteTable[a]);
        var zeroDim = Row(ZeroDimTable[a]);
        for (int j = 0; j < All.Length; j++)
        {
            Assert.Equal(expected[j], promote_types(a, All[j]));
            // The arithmetic itself computes in the promoted dtype, for every pair.
            Assert.Equal(expected[j], (ones(2, dtype: a) + ones(2, dtype: All[j])).dtype);
            Assert.Equal(zeroDim[j], (ones(2, dtype: a) + ones(Array.Empty<long>(), dtype: All[j])).dtype);
        }
        var scalars = Row(ScalarTable[a]);
        var t = ones(2, dtype: a);
        Assert.Equal(scalars[0], (t + 3).dtype);
        Assert.Equal(scalars[1], (t + 2.5).dtype);
        Assert.Equal(scalars[2], (t + true).dtype);
        Assert.Equal(scalars[0], result_type(t, 3));
    }

    // ------------------------------------------------------------------ conversion (DTypeConversion)

    private static readonly float[] Floats = [-2.7f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 127.9f, 128.4f, 254.6f, 255.5f, 256f, 300.7f, -129.3f,
        40000.2f, 70000.2f, 1e-8f, 65504f, 65519.9f, 65520f, 1.00048828125f, 1.00146484375f, 3.14159274f,
        1.00390625f, 1.01171875f, 1.0039063f, -0.0f];

    private const double Inf = double.PositiveInfinity;

    public static TheoryData<string, double[]> FromFloat32 => new()
    {
        { "torch.bool", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0] },
        { "torch.uint8", [254, 255, 0, 0, 1, 2, 127, 128, 254, 255, 0, 44, 127, 64, 112, 0, 224, 239, 240, 1, 1, 3, 1, 1, 1, 0] },
        { "torch.int8", [-2, -1, 0, 0, 1, 2, 127, -128, -2, -1, 0, 44, 127, 64, 112, 0, -32, -17, -16, 1, 1, 3, 1, 1, 1, 0] },
        { "torch.int16", [-2, -1, 0, 0, 1, 2, 127, 128, 254, 255, 256, 300, -129, -25536, 4464, 0, -32, -17, -16, 1, 1, 3, 1, 1, 1, 0] },
        { "torch.int32", [-2, -1, 0, 0, 1, 2, 127, 128, 254, 255, 256, 300, -129, 40000, 70000, 0, 65504, 65519, 65520, 1, 1, 3, 1, 1, 1, 0] },
        { "torch.int64", [-2, -1, 0, 0, 1, 2, 127, 128, 254, 255, 256, 300, -129, 40000, 70000, 0, 65504, 65519, 65520, 1, 1, 3, 1, 1, 1, 0] },
        { "torch.float16", [-2.69921875, -1.5, -0.5, 0.5, 1.5, 2.5, 127.875, 128.375, 254.625, 255.5, 256, 300.75, -129.25, 40000, Inf, 0, 65504, 65504, Inf, 1, 1.001953125, 3.140625, 1.00390625, 1.01171875, 1.00390625, -0.0] },
        { "torch.bfloat16", [-2.703125, -1.5, -0.5, 0.5, 1.5, 2.5, 128, 128, 255, 256, 256, 300, -129, 39936, 70144, 1.0011717677116394E-08, 65536, 65536, 65536, 1, 1, 3.140625, 1, 1.015625, 1, -0.0] },
    };

    [Theory]
    [MemberData(nameof(FromFloat32))]
    public void Float32ConvertsAsLibtorch(string name, double[] expected)
    {
        var t = tensor(Floats).to(Parse(name));
        Assert.Equal(Parse(name), t.dtype);
        AssertExact(expected, t);
        // A strided source takes the scalar path of the same conversion.
        var strided = tensor(Floats.SelectMany(v => new[] { v, 0f }).ToArray()).view(-1, 2)[.., 0];
        AssertExact(expected, strided.to(Parse(name)));
    }

    private static readonly long[] Longs = [-1, 0, 127, 128, 255, 256, 257, -129, 32767, 32768, 70000, 2147483653, -2147483653, 16777217, 2049];

    public static TheoryData<string, double[]> FromInt64 => new()
    {
        { "torch.bool", [1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
        { "torch.uint8", [255, 0, 127, 128, 255, 0, 1, 127, 255, 0, 112, 5, 251, 1, 1] },
        { "torch.int8", [-1, 0, 127, -128, -1, 0, 1, 127, -1, 0, 112, 5, -5, 1, 1] },
        { "torch.int16", [-1, 0, 127, 128, 255, 256, 257, -129, 32767, -32768, 4464, 5, -5, 1, 2049] },
        { "torch.int32", [-1, 0, 127, 128, 255, 256, 257, -129, 32767, 32768, 70000, -2147483643, 2147483643, 16777217, 2049] },
        { "torch.float16", [-1, 0, 127, 128, 255, 256, 257, -129, 32768, 32768, Inf, Inf, -Inf, Inf, 2048] },
        { "torch.bfloat16", [-1, 0, 127, 128, 255, 256, 256, -129, 32768, 32768, 70144, 2147483648, -2147483648, 16777216, 2048] },
        { "torch.float32", [-1, 0, 127, 128, 255, 256, 257, -129, 32767, 32768, 70000, 2147483648, -2147483648, 16777216, 2049] },
    };

    [Theory]
    [MemberData(nameof(FromInt64))]
    public void Int64ConvertsAsLibtorch(string name, double[] expected) => AssertExact(expected, tensor(Longs).to(Parse(name)));

    public static TheoryData<string, string, double[]> FromNarrow => new()
    {
        // float16 [0.1, 65504, -2.5, 1e-7] and bfloat16 [0.1, 3e38, -2.5, 1e-39], made from float32.
        { "torch.float16", "torch.uint8", [0, 224, 254, 0] },
        { "torch.float16", "torch.int8", [0, -32, -2, 0] },
        { "torch.float16", "torch.int16", [0, -32, -2, 0] },
        { "torch.float16", "torch.int32", [0, 65504, -2, 0] },
        { "torch.float16", "torch.bfloat16", [0.10009765625, 65536, -2.5, 1.1920928955078125E-07] },
        { "torch.float16", "torch.float32", [0.0999755859375, 65504, -2.5, 1.1920928955078125E-07] },
        { "torch.float16", "torch.bool", [1, 1, 1, 1] },
        { "torch.bfloat16", "torch.uint8", [0, 0, 254, 0] },
        { "torch.bfloat16", "torch.int16", [0, 0, -2, 0] },
        { "torch.bfloat16", "torch.int32", [0, -2147483648, -2, 0] },
        { "torch.bfloat16", "torch.int64", [0, -9.223372036854776E+18, -2, 0] },
        { "torch.bfloat16", "torch.float16", [0.10009765625, Inf, -2.5, 0] },
        { "torch.bfloat16", "torch.float64", [0.10009765625, 3.00405527047391E+38, -2.5, 1.0101904577379033E-39] },
    };

    [Theory]
    [MemberData(nameof(FromNarrow))]
    public void HalfTypesConvertAsLibtorch(string from, string to, double[] expected)
    {
        float[] source = from == "torch.float16" ? [0.1f, 65504f, -2.5f, 1e-7f] : [0.1f, 3e38f, -2.5f, 1e-39f];
        AssertExact(expected, tensor(source).to(Parse(from)).to(Parse(to)));
    }

    [Fact]
    public void Uint8AndFloat64ConvertAsLibtorch()
    {
        var u = tensor(new byte[] { 0, 1, 127, 128, 200, 255 });
        AssertExact([0, 1, 127, -128, -56, -1], u.to(int8));
        AssertExact([0, 1, 1, 1, 1, 1], u.to(@bool));
        foreach (var t in new[] { int16, int32, int64, float16, bfloat16, float32, float64 })
            AssertExact([0, 1, 127, 128, 200, 255], u.to(t));
        // float64 rounds to float16/bfloat16 through float32, as c10 does (a double rounding).
        var d = tensor(new[] { 1.0004882812500001, 1.00048828125, 0.1, 2049.0000000001, 1.0 + 1.0 / 256 + 1e-12 });
        AssertExact([1, 1, 0.0999755859375, 2048, 1.00390625], d.to(float16));
        AssertExact([1, 1, 0.10009765625, 2048, 1], d.to(bfloat16));
        // Out of range: x86's integer-indefinite value, wrapped (not .NET's saturation).
        var wild = tensor(new[] { 3e9f, -3e9f, 1e19f, float.NaN });
        AssertExact([-2147483648, -2147483648, -2147483648, -2147483648], wild.to(int32));
        AssertExact([0, 0, 0, 0], wild.to(int16));
        AssertExact([0, 0, 0, 0], wild.to(uint8));
        AssertExact([3000000000, -3000000000, -9.223372036854776E+18, -9.223372036854776E+18], wild.to(int64));
    }

    [Fact]
    public void BFloat16RoundsToNearestEven()
    {
        Assert.Equal((ushort)0x3F80, ((BFloat16)1.00390625f).Bits);      // tie: down to even 1.0
        Assert.Equal((ushort)0x3F82, ((BFloat16)1.01171875f).Bits);      // tie: up to even
        Assert.Equal((ushort)0x7FC0, ((BFloat16)float.NaN).Bits);
        Assert.Equal(float.PositiveInfinity, (float)(BFloat16)float.PositiveInfinity);
        Assert.Equal(3.140625f, (float)BFloat16.FromBits(0x4049));
    }

    // ------------------------------------------------------------------ arithmetic (DTypeArithmetic)

    public static TheoryData<string, string, double[]> ArithmeticCases => new()
    {
        { "u1 + u2", "torch.uint8", [4, 6, 72, 1] },
        { "u1 - u2", "torch.uint8", [240, 0, 184, 255] },
        { "u1 * u2", "torch.uint8", [196, 9, 0, 0] },
        { "u1 / u2", "torch.float32", [25, 1, 0.6399999856948853, 0] },
        { "u1 + 300", "torch.uint8", [38, 47, 172, 44] },
        { "u1 * 2", "torch.uint8", [244, 6, 0, 0] },
        { "u1 - 5", "torch.uint8", [245, 254, 123, 251] },
        { "u1 * 0.5", "torch.float32", [125, 1.5, 64, 0] },
        { "-u1", "torch.uint8", [6, 253, 128, 0] },
        { "i8 + 1", "torch.int8", [-128, -127, 6, -2] },
        { "u1 + i8", "torch.int16", [377, -125, 133, -3] },
        { "i32 + 1", "torch.int32", [-2147483648, -4, 8, 2] },
        { "i32 + i64", "torch.int64", [2147483648, -3, 10, 5] },
        { "h1 + h2", "torch.float16", [0.2998046875, 0.900390625, 1001, 2.201171875] },
        { "h1 * h2", "torch.float16", [0.019989013671875, 0.1400146484375, 250.125, -3.62890625] },
        { "h1 / h2", "torch.float16", [0.5, 0.28564453125, 4002, -3.001953125] },
        { "h1 + 0.1", "torch.float16", [0.199951171875, 0.2998046875, 1000.5, 3.400390625] },
        { "h1.exp()", "torch.float16", [1.10546875, 1.2216796875, Inf, 27.140625] },
        { "i64 + h1", "torch.float16", [1.099609375, 2.19921875, 1003.5, 7.30078125] },
        { "b1 * 3", "torch.bfloat16", [0.30078125, 0.6015625, 3008, 9.875] },
        { "b1 + b1", "torch.bfloat16", [0.2001953125, 0.400390625, 2000, 6.59375] },
        { "h1 + b1", "torch.float32", [0.2000732421875, 0.400146484375, 2000.5, 6.59765625] },
        { "h + 0.1", "torch.float16", [0.2998046875, 1.7998046875, 3.400390625, 1000.5, 1, 7.203125, 2.298828125, 0.5498046875] },
        { "h - 0.1", "torch.float16", [0.0999755859375, 1.6005859375, 3.201171875, 1000.5, 0.7998046875, 7, 2.099609375, 0.35009765625] },
        { "h * 0.1", "torch.float16", [0.019989013671875, 0.1700439453125, 0.330078125, 100.0625, 0.0899658203125, 0.7099609375, 0.219970703125, 0.04498291015625] },
        { "h / 0.3", "torch.float16", [0.66650390625, 5.66796875, 11, 3334, 3, 23.671875, 7.33203125, 1.5] },
        { "0.1 - h", "torch.float16", [-0.0999755859375, -1.6005859375, -3.201171875, -1000.5, -0.7998046875, -7, -2.099609375, -0.35009765625] },
        { "h.pow(0.3)", "torch.float16", [0.61669921875, 1.1728515625, 1.4306640625, 7.9453125, 0.96875, 1.80078125, 1.2666015625, 0.787109375] },
        { "b + 0.1", "torch.bfloat16", [0.30078125, 1.8046875, 3.390625, 1000, 1, 7.1875, 2.296875, 0.55078125] },
        { "b - 0.1", "torch.bfloat16", [0.10009765625, 1.6015625, 3.203125, 1000, 0.796875, 7, 2.109375, 0.349609375] },
        { "b * 0.1", "torch.bfloat16", [0.02001953125, 0.169921875, 0.330078125, 100, 0.08984375, 0.7109375, 0.220703125, 0.044921875] },
        { "b / 0.3", "torch.bfloat16", [0.66796875, 5.6875, 11, 3328, 3, 23.625, 7.34375, 1.5] },
        { "0.1 - b", "torch.bfloat16", [-0.10009765625, -1.6015625, -3.203125, -1000, -0.796875, -7, -2.109375, -0.349609375] },
        { "b.pow(0.3)", "torch.bfloat16", [0.6171875, 1.171875, 1.4296875, 8, 0.96875, 1.8046875, 1.265625, 0.78515625] },
        { "u1 > 300", "torch.bool", [1, 0, 1, 0] },
        { "u1 == 506", "torch.bool", [1, 0, 0, 0] },
        { "u1 < -6", "torch.bool", [0, 1, 1, 1] },
        { "u1.exp()", "torch.float32", [Inf, 20.08553695678711, Inf, 1] },
        { "u1 > 100", "torch.bool", [1, 0, 1, 0] },
        { "h1 == b1", "torch.bool", [0, 0, 0, 0] },
        { "u1.sum()", "torch.int64", [381] },
        { "i32.sum()", "torch.int64", [2147483650] },
        { "i8.sum()", "torch.int64", [1] },
        { "full(1000, 0.1, float16).sum()", "torch.float16", [100] },
        { "h1.mean()", "torch.float16", [251] },
        { "u1.max()", "torch.uint8", [250] },
        { "u1.to(float32) / 255", "torch.float32", [0.9803921580314636, 0.0117647061124444, 0.501960813999176, 0] },
        { "arange(5, uint8)", "torch.uint8", [0, 1, 2, 3, 4] },
        { "arange(0, 1, 0.1, float16)", "torch.float16", [0, 0.0999755859375, 0.199951171875, 0.300048828125, 0.39990234375, 0.5, 0.60009765625, 0.7001953125, 0.7998046875, 0.89990234375] },
        { "full(3, -1, uint8)", "torch.uint8", [255, 255, 255] },
        { "full(3, inf, float16)", "torch.float16", [Inf, Inf, Inf] },
        { "full(3, 0.1, float16)", "torch.float16", [0.0999755859375, 0.0999755859375, 0.0999755859375] },
        { "full(3, 0.1, bfloat16)", "torch.bfloat16", [0.10009765625, 0.10009765625, 0.10009765625] },
    };

    private static Tensor Evaluate(string expression)
    {
        var u1 = tensor(new byte[] { 250, 3, 128, 0 });
        var u2 = tensor(new byte[] { 10, 3, 200, 1 });
        var i8 = tensor(new sbyte[] { 127, -128, 5, -3 });
        var i32 = tensor(new[] { 2147483647L, -5, 7, 1 }, dtype: int32);
        var i64 = tensor(new long[] { 1, 2, 3, 4 });
        var h1 = tensor(new[] { 0.1f, 0.2f, 1000.5f, 3.3f }).to(float16);
        var h2 = tensor(new[] { 0.2f, 0.7f, 0.25f, -1.1f }).to(float16);
        var b1 = tensor(new[] { 0.1f, 0.2f, 1000.5f, 3.3f }).to(bfloat16);
        var h = tensor(new[] { 0.2f, 1.7f, 3.3f, 1000.5f, 0.9f, 7.1f, 2.2f, 0.45f }).to(float16);
        var b = h.to(bfloat16);
        return expression switch
        {
            "h + 0.1" => h + 0.1,
            "h - 0.1" => h - 0.1,
            "h * 0.1" => h * 0.1,
            "h / 0.3" => h / 0.3,
            "0.1 - h" => 0.1 - h,
            "h.pow(0.3)" => h.pow(0.3),
            "b + 0.1" => b + 0.1,
            "b - 0.1" => b - 0.1,
            "b * 0.1" => b * 0.1,
            "b / 0.3" => b / 0.3,
            "0.1 - b" => 0.1 - b,
            "b.pow(0.3)" => b.pow(0.3),
            "u1 > 300" => u1 > 300,
            "u1 == 506" => u1 == 506,
            "u1 < -6" => u1 < -6,
            "u1 + u2" => u1 + u2,
            "u1 - u2" => u1 - u2,
            "u1 * u2" => u1 * u2,
            "u1 / u2" => u1 / u2,
            "u1 + 300" => u1 + 300,
            "u1 * 2" => u1 * 2,
            "u1 - 5" => u1 - 5,
            "u1 * 0.5" => u1 * 0.5,
            "-u1" => -u1,
            "i8 + 1" => i8 + 1,
            "u1 + i8" => u1 + i8,
            "i32 + 1" => i32 + 1,
            "i32 + i64" => i32 + i64,
            "h1 + h2" => h1 + h2,
            "h1 * h2" => h1 * h2,
            "h1 / h2" => h1 / h2,
            "h1 + 0.1" => h1 + 0.1,
            "h1.exp()" => h1.exp(),
            "i64 + h1" => i64 + h1,
            "b1 * 3" => b1 * 3,
            "b1 + b1" => b1 + b1,
            "h1 + b1" => h1 + b1,
            "u1.exp()" => u1.exp(),
            "u1 > 100" => u1 > 100,
            "h1 == b1" => h1 == b1,
            "u1.sum()" => u1.sum(),
            "i32.sum()" => i32.sum(),
            "i8.sum()" => i8.sum(),
            "full(1000, 0.1, float16).sum()" => full([1000], 0.1, dtype: float16).sum(),
            "h1.mean()" => h1.mean(),
            "u1.max()" => u1.max(),
            "u1.to(float32) / 255" => u1.to(float32) / 255,
            "arange(5, uint8)" => arange(5, dtype: uint8),
            "arange(0, 1, 0.1, float16)" => arange(0.0, 1.0, 0.1, dtype: float16),
            "full(3, -1, uint8)" => full([3], -1L, dtype: uint8),
            "full(3, inf, float16)" => full([3], double.PositiveInfinity, dtype: float16),
            "full(3, 0.1, float16)" => full([3], 0.1, dtype: float16),
            "full(3, 0.1, bfloat16)" => full([3], 0.1, dtype: bfloat16),
            _ => throw new ArgumentException(expression),
        };
    }

    [Theory]
    [MemberData(nameof(ArithmeticCases))]
    public void ArithmeticMatchesLibtorch(string expression, string dtype, double[] expected)
    {
        var result = Evaluate(expression);
        Assert.Equal(Parse(dtype), result.dtype);
        AssertExact(expected, result);
    }

    [Fact]
    public void InPlaceArithmeticKeepsTheDtypeAndWraps()
    {
        var u = tensor(new byte[] { 250, 3 });
        u.add_(10);
        Assert.Equal(uint8, u.dtype);
        AssertExact([4, 13], u);
        u *= 3;
        AssertExact([12, 39], u);
        var h = tensor(new[] { 0.1f, 0.2f }).to(float16);
        h.add_(tensor(new[] { 0.2f, 0.7f }).to(float16));
        AssertExact([0.2998046875, 0.900390625], h);
        var ex = Assert.Throws<InvalidOperationException>(() => u.div_(2));
        Assert.Equal("result type Float can't be cast to the desired output type Byte", ex.Message);
        ex = Assert.Throws<InvalidOperationException>(() => tensor(new byte[] { 1 }).add_(tensor(new[] { 1.5f })));
        Assert.Equal("result type Float can't be cast to the desired output type Byte", ex.Message);
    }

    [Fact]
    public void Float16GradientsFlowInFloat16()
    {
        var x = tensor(new[] { 0.1f, 2.5f }).to(float16).requires_grad_();
        var y = (x * x).sum();
        Assert.Equal(float16, y.dtype);
        y.backward();
        Assert.Equal(float16, x.grad!.dtype);
        AssertExact([0.199951171875, 5], x.grad);
        // A conversion to float32 is differentiable, and converts the gradient back.
        var z = tensor(new[] { 1.5f }).to(bfloat16).requires_grad_();
        (z.to(float32) * 3).sum().backward();
        Assert.Equal(bfloat16, z.grad!.dtype);
        AssertExact([3], z.grad);
    }

    // ------------------------------------------------------------------ creation, item, tolist

    [Fact]
    public void CreatesEachDtype()
    {
        var u = tensor(new byte[] { 1, 2, 255 });
        Assert.Equal(uint8, u.dtype);
        AssertExact([1, 2, 255], u);
        Assert.Equal(int8, tensor(new sbyte[] { -1 }).dtype);
        Assert.Equal(int16, tensor(new short[] { -1 }).dtype);
        Assert.Equal(float16, tensor(new[] { (Half)1.5f }).dtype);
        Assert.Equal(bfloat16, tensor(new[] { (BFloat16)1.5f }).dtype);
        Assert.Equal(uint8, tensor(new byte[,] { { 1, 2 }, { 3, 4 } }).dtype);
        Assert.Equal(new long[] { 2, 2 }, tensor(new Half[,] { { (Half)1, (Half)2 }, { (Half)3, (Half)4 } }).shape);
        AssertExact([1, 2, 3, 4], tensor(new BFloat16[,] { { (BFloat16)1f, (BFloat16)2f }, { (BFloat16)3f, (BFloat16)4f } }));
        Assert.Equal(uint8, tensor((byte)7).dtype);
        Assert.Equal(int64, tensor(new[] { 1, 2 }).dtype);   // int[] stays int64, as the API promises
        Assert.Equal(int32, tensor(new[] { 1, 2 }, dtype: int32).dtype);
        foreach (var t in All)
        {
            Assert.Equal(t, zeros(2, 3, dtype: t).dtype);
            AssertExact([0, 0], zeros(2, dtype: t));
            AssertExact([1, 1], ones(2, dtype: t));
            AssertExact([0, 0], empty(2, dtype: t));
            Assert.Equal(t, empty(2, dtype: t).dtype);
            AssertExact([1, 1], ones_like(zeros(2, dtype: t)));
        }
        AssertExact([7, 7], full([2], 7L, dtype: uint8));
        AssertExact([0, 2, 4], arange(0, 6, 2, dtype: int16));
        AssertExact([0, 0.5, 1], linspace(0, 1, 3, dtype: float16));
        AssertExact([0, 5, 10], linspace(0, 10, 3, dtype: uint8));
    }

    [Fact]
    public void FullChecksTheValueAsLibtorch()
    {
        // DTypeArithmetic: c10's overflow check of the fill value.
        (Func<Tensor> make, string message)[] cases =
        [
            (() => full([3], 300L, dtype: uint8), "value cannot be converted to type uint8_t without overflow"),
            (() => full([3], -256L, dtype: uint8), "value cannot be converted to type uint8_t without overflow"),
            (() => full([3], 255.5, dtype: uint8), "value cannot be converted to type uint8_t without overflow"),
            (() => full([3], 1e6, dtype: float16), "value cannot be converted to type c10::Half without overflow"),
            (() => full([3], 1e39, dtype: bfloat16), "value cannot be converted to type c10::BFloat16 without overflow"),
            (() => full([3], 40000L, dtype: int16), "value cannot be converted to type int16_t without overflow"),
            (() => full([3], 3e9, dtype: int32), "value cannot be converted to type int without overflow"),
            (() => full([3], -129L, dtype: int8), "value cannot be converted to type int8_t without overflow"),
        ];
        foreach (var (make, message) in cases)
            Assert.Equal(message, Assert.Throws<ArgumentException>(make).Message);
    }

    [Fact]
    public void ItemToListAndElementSize()
    {
        // DTypeArithmetic: element_size of bool … float64.
        int[] sizes = [1, 1, 1, 2, 4, 8, 2, 2, 4, 8];
        for (int i = 0; i < All.Length; i++) Assert.Equal(sizes[i], ones(1, dtype: All[i]).element_size());
        var h = tensor(new[] { 0.1f, 2f }).to(float16);
        Assert.Equal(0.0999755859375, h[0].item());
        Assert.Equal((Half)0.1f, h[0].item<Half>());
        Assert.Equal(255, tensor(new byte[] { 255 }).item<long>());
        Assert.Equal((byte)255, tensor(new byte[] { 255 }).item<byte>());
        Assert.Equal(-1, tensor(new byte[] { 255 }).to(int8).item<int>());
        var list = (List<object>)tensor(new byte[] { 1, 200 }).tolist();
        Assert.Equal(new object[] { 1L, 200L }, list.ToArray());
        var hl = (List<object>)h.tolist();
        Assert.Equal(new object[] { 0.0999755859375, 2.0 }, hl.ToArray());
        Assert.Equal(new byte[] { 1, 200 }, tensor(new long[] { 1, 200 }).to(uint8).ToArray<byte>());
        Assert.Equal(new float[] { 0.0999755859375f, 2f }, h.ToArray<float>());
        Assert.Equal("torch.ByteTensor", tensor(new byte[] { 1 }).type());
        Assert.Equal("torch.HalfTensor", h.type());
        Assert.Equal(bfloat16, h.type(bfloat16).dtype);
        Assert.Equal(float16, tensor(new[] { 1f }).half().dtype);
        Assert.Equal(uint8, tensor(new[] { 1f }).@byte().dtype);
        Assert.Equal(int32, tensor(new[] { 1f }).@int().dtype);
        Assert.True(h.is_floating_point());
        Assert.False(tensor(new byte[] { 1 }).is_floating_point());
    }

    [Fact]
    public void FromBufferReadsEachDtype()
    {
        byte[] raw = [0x00, 0x3C, 0x00, 0xC1];
        var u = frombuffer(raw, uint8);
        Assert.Equal(uint8, u.dtype);
        AssertExact([0, 60, 0, 193], u);
        AssertExact([1, -2.5], frombuffer(raw, float16));
        AssertExact([0, 60, 0, -63], frombuffer(raw, int8));
        AssertExact([15360, -16128], frombuffer(raw, int16));
        AssertExact([-1056949248], frombuffer(raw, int32));   // 0xC1003C00
        AssertExact([0.0078125, -8], frombuffer(raw, bfloat16));   // 0x3C00, 0xC100
        AssertExact([60, 0], frombuffer(raw, uint8, count: 2, offset: 1));
    }

    // ------------------------------------------------------------------ printing

    public static TheoryData<string, string> Reprs => new()
    {
        // torch/_tensor_str.py: float16/bfloat16 format their float32 values; every dtype but
        // float32, int64 and bool gets a dtype= suffix.
        { "uint8 [1, 2]", "tensor([1, 2], dtype=torch.uint8)" },
        { "float16 [1.5, 2]", "tensor([1.5000, 2.0000], dtype=torch.float16)" },
        { "float16 [1, 2]", "tensor([1., 2.], dtype=torch.float16)" },
        { "bfloat16 0.1", "tensor(0.1001, dtype=torch.bfloat16)" },
        { "int32 2x2", "tensor([[  1, -20],\n        [300,   4]], dtype=torch.int32)" },
        { "int8 [-128, 127]", "tensor([-128,  127], dtype=torch.int8)" },
        { "int16 []", "tensor([], dtype=torch.int16)" },
        { "uint8 7", "tensor(7, dtype=torch.uint8)" },
        { "float16 requires_grad", "tensor([1.5000], dtype=torch.float16, requires_grad=True)" },
        { "float16 1e-5", "tensor([1.0014e-05, 1.0000e+00], dtype=torch.float16)" },
    };

    [Theory]
    [MemberData(nameof(Reprs))]
    public void PrintsAsPyTorch(string what, string expected)
    {
        var t = what switch
        {
            "uint8 [1, 2]" => tensor(new byte[] { 1, 2 }),
            "float16 [1.5, 2]" => tensor(new[] { 1.5f, 2f }).to(float16),
            "float16 [1, 2]" => tensor(new[] { 1f, 2f }).to(float16),
            "bfloat16 0.1" => tensor(0.1f).to(bfloat16),
            "int32 2x2" => tensor(new long[,] { { 1, -20 }, { 300, 4 } }).to(int32),
            "int8 [-128, 127]" => tensor(new sbyte[] { -128, 127 }),
            "int16 []" => zeros(0, dtype: int16),
            "uint8 7" => tensor((byte)7),
            "float16 requires_grad" => tensor(new[] { 1.5f }).to(float16).requires_grad_(),
            "float16 1e-5" => tensor(new[] { 1e-5f, 1f }).to(float16),
            _ => throw new ArgumentException(what),
        };
        Assert.Equal(expected, t.ToString());
    }

    [Fact]
    public void DtypesPrintTheirTorchNames()
    {
        string[] names = ["torch.bool", "torch.uint8", "torch.int8", "torch.int16", "torch.int32", "torch.int64",
            "torch.float16", "torch.bfloat16", "torch.float32", "torch.float64"];
        Assert.Equal(names, All.Select(t => t.TorchName()).ToArray());
        var sw = new StringWriter();
        var old = Console.Out;
        Console.SetOut(sw);
        try { print(uint8, half, @short, @int); }
        finally { Console.SetOut(old); }
        Assert.Equal("torch.uint8 torch.float16 torch.int16 torch.int32" + Environment.NewLine, sw.ToString());
    }

    // ------------------------------------------------------------------ views, indexing, cat, stack

    [Fact]
    public void ViewsIndexingCatAndStackKeepTheDtype()
    {
        foreach (var t in All.Where(t => t != @bool))
        {
            var x = arange(6L).to(t).view(2, 3);
            Assert.Equal(t, x.dtype);
            AssertExact([3, 4, 5], x[1]);
            AssertExact([1, 4], x[.., 1]);
            AssertExact([0, 3, 1, 4, 2, 5], x.t().contiguous());
            AssertExact([2, 5], x.narrow(1, 2, 1).reshape(-1));
            AssertExact([4, 5], x[x > 3]);
            AssertExact([3, 4, 5, 0, 1, 2], x[tensor(new long[] { 1, 0 })]);
            AssertExact([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5], cat([x, x]));
            Assert.Equal(t, cat([x, x], 1).dtype);
            Assert.Equal(new long[] { 2, 2, 3 }, stack([x, x]).shape);
            Assert.Equal(t, stack([x, x]).dtype);
            AssertExact([0, 1, 2, 3, 4, 5], x.flatten());
            AssertExact([1, 4], x.gather(1, tensor(new long[,] { { 1 }, { 1 } })));
            AssertExact([3, 4, 5], torch.where(tensor(new[] { false, true }).view(2, 1), x, zeros(1, dtype: t))[1]);
            var y = x.clone();
            y[y > 3] = 1;
            AssertExact([0, 1, 2, 3, 1, 1], y);
            y[0] = zeros(3, dtype: t);
            AssertExact([0, 0, 0, 3, 1, 1], y);
            y.index_put_([tensor(new long[] { 1 })], tensor(new[] { 2.0 }).to(t), accumulate: true);
            AssertExact([0, 0, 0, 5, 3, 3], y);
            AssertExact([5], x.max());
            AssertExact([2, 2], x.argmax(1));
            AssertExact([0, 0], x.argmin(1));
            AssertExact([3, 12], x.sum(1));
            AssertExact([0, 1, 3, 3, 7, 12], x.cumsum(1));
        }
    }

    // ------------------------------------------------------------------ safetensors

    [Fact]
    public void SafetensorsRoundTripsEachDtype()
    {
        var dir = Directory.CreateTempSubdirectory("sharpgrad-dtypes");
        try
        {
            var tensors = new Dictionary<string, Tensor>();
            foreach (var t in All) tensors[t.TorchName()] = tensor(new[] { -1.5f, 0.1f, 200f }).to(t).view(3, 1);
            var path = Path.Combine(dir.FullName, "all.safetensors");
            save(tensors, path);
            var loaded = load(path);
            foreach (var t in All)
            {
                var back = loaded[t.TorchName()];
                Assert.Equal(t, back.dtype);
                Assert.Equal(new long[] { 3, 1 }, back.shape);
                Assert.True(equal(tensors[t.TorchName()], back), t.TorchName());
            }
            // The names the format gives them.
            string header = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path), 8, 600);
            foreach (var name in new[] { "\"U8\"", "\"I8\"", "\"I16\"", "\"I32\"", "\"F16\"", "\"BF16\"" })
                Assert.Contains(name, header);
        }
        finally { dir.Delete(recursive: true); }
    }

    // ------------------------------------------------------------------ errors

    [Fact]
    public void UnsupportedOpsThrowPyTorchsMessage()
    {
        var u = tensor(new byte[] { 1, 2 });
        // DTypeArithmetic: libtorch's messages.
        Assert.Equal("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Byte",
            Assert.Throws<InvalidOperationException>(() => u.mean()).Message);
        Assert.Equal("\"softmax_lastdim_kernel_impl\" not implemented for 'Byte'",
            Assert.Throws<NotSupportedException>(() => nn.functional.softmax(u, 0)).Message);
        Assert.Equal("\"check_uniform_bounds\" not implemented for 'Byte'",
            Assert.Throws<NotSupportedException>(() => u.uniform_()).Message);
        Assert.Equal("\"normal_kernel_cpu\" not implemented for 'Int'",
            Assert.Throws<NotSupportedException>(() => zeros(2, dtype: int32).normal_()).Message);
    }

    [Fact]
    public void Float16ModelOpsMatchLibtorch()
    {
        // DTypeRandom: softmax, cross_entropy and matmul in float16 (computed in float32, rounded once).
        var x = tensor(new[] { 0.5f, -1.2f, 2.0f, 0.1f, 0.3f, -0.7f }).view(2, 3).to(float16);
        var target = tensor(new long[] { 2, 0 });
        var logp = nn.functional.log_softmax(x, 1);
        Assert.Equal(float16, logp.dtype);
        // Within one float16 ulp: SharpGrad's float32 log-sum-exp differs from libtorch's vectorized
        // one in the last float32 bits, which can tip the rounding to float16.
        double[] expected = [-1.734375, -3.43359375, -0.2340087890625, -0.98193359375, -0.78173828125, -1.7822265625];
        var actual = logp.to(float64).reshape(-1).ToArray<double>();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], Math.Abs(expected[i]) / 1024);
        AssertExact([5.69140625, -1.7109375, -1.7109375, 0.59033203125], x.matmul(x.t()));
        var loss = nn.functional.cross_entropy(x, target);
        Assert.Equal(float16, loss.dtype);
        Assert.Equal(0.60791015625, loss.item(), 3e-3);   // libtorch's fused kernel rounds in other places
    }

    /// <summary>Every op either works on every dtype or throws a clear message: never a cast
    /// exception from a kernel reading the wrong element type.</summary>
    [Fact]
    public void NoOpFailsWithACastOnAnyDtype()
    {
        Func<Tensor, object>[] ops =
        [
            x => x + x, x => x - 1, x => x * x, x => x / 2, x => -x, x => x.abs(), x => x.exp(), x => x.sqrt(),
            x => x.sigmoid(), x => x.relu(), x => x.clamp(min: 1, max: 3), x => x.pow(2), x => x == x.clone(), x => x < 2,
            x => x.sum(), x => x.sum(0), x => x.mean(), x => x.prod(), x => x.max(), x => x.min(0), x => x.argmax(),
            x => x.cumsum(0), x => nn.functional.softmax(x, 0), x => x.matmul(x.view(3, 1)), x => x.isnan(), x => x.all(), x => x.any(),
            x => x.clone(), x => x.ToString(), x => x.tolist(), x => x.to(float32), x => x.maximum(x), x => x.sign(),
            x => x.fill_(1), x => x.zero_(), x => x.masked_fill(x > 1, 0), x => nn.functional.log_softmax(x, 0), x => x.std(),
            x => x.logsumexp(0), x => x.var(), x => x.t(), x => x.unsqueeze(0).expand(2, 3).contiguous(),
        ];
        foreach (var t in All)
            for (int i = 0; i < ops.Length; i++)
            {
                var x = tensor(new[] { 1f, 2f, 3f }).to(t);
                try { ops[i](x); }
                catch (Exception e) when (e is InvalidCastException or NullReferenceException or IndexOutOfRangeException)
                {
                    Assert.Fail($"op {i} on {t.TorchName()}: {e}");
                }
                catch (Exception) { /* a clear refusal is fine */ }
            }
    }
}
