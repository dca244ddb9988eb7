using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    static readonly (string Name, ScalarType Type)[] DTypeList =
    [
        ("bool", ScalarType.Bool), ("uint8", ScalarType.Byte), ("int8", ScalarType.Int8), ("int16", ScalarType.Int16),
        ("int32", ScalarType.Int32), ("int64", ScalarType.Int64), ("float16", ScalarType.Float16),
        ("bfloat16", ScalarType.BFloat16), ("float32", ScalarType.Float32), ("float64", ScalarType.Float64),
    ];

    static string DName(ScalarType t) => DTypeList.First(d => d.Type == t).Name;

    static string Values(Tensor t) => "[" + string.Join(", ", t.to(ScalarType.Float64).data<double>().ToArray().Select(v => v.ToString("R"))) + "]";

    /// <summary>promote_types over every pair, and result types with 0-dim tensors and scalars.</summary>
    public static void DTypePromotion()
    {
        foreach (var (an, a) in DTypeList)
            Console.WriteLine(an + ": " + string.Join(", ", DTypeList.Select(b => DName(promote_types(a, b.Type)))));
        // dimensioned tensor of dtype a with a 0-dim tensor of b, and with C# scalars.
        foreach (var (an, a) in DTypeList)
        {
            var t = ones(2, dtype: a);
            var row = DTypeList.Select(b => DName((t + ones(Array.Empty<long>(), dtype: b.Type)).dtype));
            Console.WriteLine($"{an} + 0-dim: " + string.Join(", ", row));
            Console.WriteLine($"{an} + 3: {DName((t + 3).dtype)}, + 2.5: {DName((t + 2.5).dtype)}, + true: {DName((t + true).dtype)}");
        }
    }

    /// <summary>Conversions between dtypes: rounding, truncation and wrapping.</summary>
    public static void DTypeConversion()
    {
        float[] floats = [-2.7f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 127.9f, 128.4f, 254.6f, 255.5f, 256f, 300.7f, -129.3f,
            40000.2f, 70000.2f, 1e-8f, 65504f, 65519.9f, 65520f, 1.00048828125f, 1.00146484375f, 3.14159274f,
            1.00390625f, 1.01171875f, 1.0039063f, -0.0f];
        var f = tensor(floats);
        foreach (var (n, t) in DTypeList)
            Console.WriteLine($"float32 -> {n}: " + Values(f.to(t)));
        double[] doubles = [1.0004882812500001, 1.00048828125, 0.1, 2049.0000000001, 1.0 + 1.0 / 256 + 1e-12];
        var d = tensor(doubles);
        foreach (var n in new[] { ScalarType.Float16, ScalarType.BFloat16, ScalarType.Float32 })
            Console.WriteLine($"float64 -> {DName(n)}: " + Values(d.to(n)));
        long[] longs = [-1, 0, 127, 128, 255, 256, 257, -129, 32767, 32768, 70000, 2147483653, -2147483653, 16777217, 2049];
        var l = tensor(longs);
        foreach (var (n, t) in DTypeList)
            Console.WriteLine($"int64 -> {n}: " + Values(l.to(t)));
        var h = tensor(new float[] { 0.1f, 65504f, -2.5f, 1e-7f }).to(ScalarType.Float16);
        foreach (var (n, t) in DTypeList)
            Console.WriteLine($"float16 -> {n}: " + Values(h.to(t)));
        var b = tensor(new float[] { 0.1f, 3e38f, -2.5f, 1e-39f }).to(ScalarType.BFloat16);
        foreach (var (n, t) in DTypeList)
            Console.WriteLine($"bfloat16 -> {n}: " + Values(b.to(t)));
        var u = tensor(new byte[] { 0, 1, 127, 128, 200, 255 });
        foreach (var (n, t) in DTypeList)
            Console.WriteLine($"uint8 -> {n}: " + Values(u.to(t)));
    }

    /// <summary>Arithmetic, comparisons and reductions on the narrow dtypes.</summary>
    public static void DTypeArithmetic()
    {
        var u1 = tensor(new byte[] { 250, 3, 128, 0 });
        var u2 = tensor(new byte[] { 10, 3, 200, 1 });
        Console.WriteLine("u1 + u2: " + DName((u1 + u2).dtype) + " " + Values(u1 + u2));
        Console.WriteLine("u1 - u2: " + DName((u1 - u2).dtype) + " " + Values(u1 - u2));
        Console.WriteLine("u1 * u2: " + DName((u1 * u2).dtype) + " " + Values(u1 * u2));
        Console.WriteLine("u1 / u2: " + DName((u1 / u2).dtype) + " " + Values(u1 / u2));
        Console.WriteLine("u1 + 300: " + DName((u1 + 300).dtype) + " " + Values(u1 + 300));
        Console.WriteLine("u1 * 2: " + DName((u1 * 2).dtype) + " " + Values(u1 * 2));
        Console.WriteLine("u1 - 5: " + DName((u1 - 5).dtype) + " " + Values(u1 - 5));
        Console.WriteLine("u1 * 0.5: " + DName((u1 * 0.5).dtype) + " " + Values(u1 * 0.5));
        Console.WriteLine("-u1: " + DName((-u1).dtype) + " " + Values(-u1));
        var i8 = tensor(new sbyte[] { 127, -128, 5, -3 });
        Console.WriteLine("i8 + 1: " + DName((i8 + 1).dtype) + " " + Values(i8 + 1));
        Console.WriteLine("u1 + i8: " + DName((u1 + i8).dtype) + " " + Values(u1 + i8));
        var i32 = tensor(new int[] { 2147483647, -5, 7, 1 });
        var i64 = tensor(new long[] { 1, 2, 3, 4 });
        Console.WriteLine("i32 + 1: " + DName((i32 + 1).dtype) + " " + Values(i32 + 1));
        Console.WriteLine("i32 + i64: " + DName((i32 + i64).dtype) + " " + Values(i32 + i64));
        var h1 = tensor(new float[] { 0.1f, 0.2f, 1000.5f, 3.3f }).to(ScalarType.Float16);
        var h2 = tensor(new float[] { 0.2f, 0.7f, 0.25f, -1.1f }).to(ScalarType.Float16);
        Console.WriteLine("h1 + h2: " + DName((h1 + h2).dtype) + " " + Values(h1 + h2));
        Console.WriteLine("h1 * h2: " + DName((h1 * h2).dtype) + " " + Values(h1 * h2));
        Console.WriteLine("h1 / h2: " + DName((h1 / h2).dtype) + " " + Values(h1 / h2));
        Console.WriteLine("h1 + 0.1: " + DName((h1 + 0.1).dtype) + " " + Values(h1 + 0.1));
        Console.WriteLine("h1.exp(): " + DName(h1.exp().dtype) + " " + Values(h1.exp()));
        // A C# number with float16/bfloat16: is it rounded to the tensor's dtype first?
        var hs = tensor(new float[] { 0.2f, 1.7f, 3.3f, 1000.5f, 0.9f, 7.1f, 2.2f, 0.45f }).to(ScalarType.Float16);
        var bs = hs.to(ScalarType.BFloat16);
        foreach (var (n, x) in new[] { ("h", hs), ("b", bs) })
        {
            Console.WriteLine($"{n} + 0.1: " + Values(x + 0.1));
            Console.WriteLine($"{n} - 0.1: " + Values(x - 0.1));
            Console.WriteLine($"{n} * 0.1: " + Values(x * 0.1));
            Console.WriteLine($"{n} / 0.3: " + Values(x / 0.3));
            Console.WriteLine($"0.1 - {n}: " + Values(0.1 - x));
            Console.WriteLine($"{n}.pow(0.3): " + Values(x.pow(0.3)));
            Console.WriteLine($"{n} > 0.2: " + Values(x > 0.2));
        }
        Console.WriteLine("i64 + h1: " + DName((i64 + h1).dtype) + " " + Values(i64 + h1));
        var b1 = tensor(new float[] { 0.1f, 0.2f, 1000.5f, 3.3f }).to(ScalarType.BFloat16);
        Console.WriteLine("b1 * 3: " + DName((b1 * 3).dtype) + " " + Values(b1 * 3));
        Console.WriteLine("b1 + b1: " + DName((b1 + b1).dtype) + " " + Values(b1 + b1));
        Console.WriteLine("h1 + b1: " + DName((h1 + b1).dtype) + " " + Values(h1 + b1));
        Console.WriteLine("u1.exp(): " + DName(u1.exp().dtype) + " " + Values(u1.exp()));
        Console.WriteLine("u1 > 100: " + Values(u1 > 100));
        Console.WriteLine("u1 > 300: " + Values(u1 > 300));
        Console.WriteLine("u1 == 506: " + Values(u1 == 506));
        Console.WriteLine("u1 < -6: " + Values(u1 < -6));
        Console.WriteLine("h1 == b1: " + Values(h1 == b1));
        Console.WriteLine("u1.sum(): " + DName(u1.sum().dtype) + " " + Values(u1.sum()));
        Console.WriteLine("i32.sum(): " + DName(i32.sum().dtype) + " " + Values(i32.sum()));
        Console.WriteLine("i8.sum(): " + DName(i8.sum().dtype) + " " + Values(i8.sum()));
        var many = full(new long[] { 1000 }, 0.1, dtype: ScalarType.Float16);
        Console.WriteLine("full(1000, 0.1, float16).sum(): " + DName(many.sum().dtype) + " " + Values(many.sum()));
        Console.WriteLine("h1.mean(): " + DName(h1.mean().dtype) + " " + Values(h1.mean()));
        Console.WriteLine("u1.max(): " + DName(u1.max().dtype) + " " + Values(u1.max()));
        Console.WriteLine("u1.to(float32) / 255: " + Values(u1.to(ScalarType.Float32) / 255));
        Console.WriteLine("arange(5, uint8): " + Values(arange(5, dtype: ScalarType.Byte)));
        Console.WriteLine("arange(0, 1, 0.1, float16): " + Values(arange(0.0, 1.0, 0.1, dtype: ScalarType.Float16)));
        Try("full(3, 300, uint8)", () => full(new long[] { 3 }, 300, dtype: ScalarType.Byte));
        Console.WriteLine("full(3, -1, uint8): " + Values(full(new long[] { 3 }, -1, dtype: ScalarType.Byte)));
        Try("full(3, -256, uint8)", () => full(new long[] { 3 }, -256, dtype: ScalarType.Byte));
        Try("full(3, 255.5, uint8)", () => full(new long[] { 3 }, 255.5, dtype: ScalarType.Byte));
        Try("full(3, 1e6, float16)", () => full(new long[] { 3 }, 1e6, dtype: ScalarType.Float16));
        Try("full(3, 1e39, bfloat16)", () => full(new long[] { 3 }, 1e39, dtype: ScalarType.BFloat16));
        Try("full(3, 40000, int16)", () => full(new long[] { 3 }, 40000, dtype: ScalarType.Int16));
        Try("full(3, 3e9, int32)", () => full(new long[] { 3 }, 3e9, dtype: ScalarType.Int32));
        Try("full(3, -129, int8)", () => full(new long[] { 3 }, -129, dtype: ScalarType.Int8));
        Console.WriteLine("full(3, inf, float16): " + Values(full(new long[] { 3 }, double.PositiveInfinity, dtype: ScalarType.Float16)));
        Console.WriteLine("3e9, -3e9, 1e19, nan float32 -> int32, int16, uint8, int64: " + Values(tensor(new float[] { 3e9f, -3e9f, 1e19f, float.NaN }).to(ScalarType.Int32))
            + " " + Values(tensor(new float[] { 3e9f, -3e9f, 1e19f, float.NaN }).to(ScalarType.Int16))
            + " " + Values(tensor(new float[] { 3e9f, -3e9f, 1e19f, float.NaN }).to(ScalarType.Byte))
            + " " + Values(tensor(new float[] { 3e9f, -3e9f, 1e19f, float.NaN }).to(ScalarType.Int64)));
        Console.WriteLine("full(3, 0.1, float16): " + Values(full(new long[] { 3 }, 0.1, dtype: ScalarType.Float16)));
        Console.WriteLine("full(3, 0.1, bfloat16): " + Values(full(new long[] { 3 }, 0.1, dtype: ScalarType.BFloat16)));
        Console.WriteLine("h1.item: " + h1[0].to(ScalarType.Float64).item<double>().ToString("R"));
        foreach (var (n, t) in DTypeList) Console.WriteLine($"element_size {n}: {ones(1, dtype: t).ElementSize}");
        Try("rand uint8", () => rand(2, dtype: ScalarType.Byte));
        Try("randn int32", () => randn(2, dtype: ScalarType.Int32));
        Try("u1.mean()", () => u1.mean());
        Try("u1.softmax", () => u1.softmax(0));
    }

    static void Try(string what, Func<Tensor> f)
    {
        try { var r = f(); Console.WriteLine(what + ": ok " + DName(r.dtype)); }
        catch (Exception e) { Console.WriteLine(what + ": " + e.Message.Split('\n')[0]); }
    }
}

public static partial class Scripts
{
    /// <summary>Random draws in float16 and bfloat16 after manual_seed(0).</summary>
    public static void DTypeRandom()
    {
        foreach (var t in new[] { ScalarType.Float16, ScalarType.BFloat16 })
        {
            manual_seed(0);
            Console.WriteLine($"rand(5, {DName(t)}): " + Values(rand(5, dtype: t)));
            manual_seed(0);
            Console.WriteLine($"rand(20, {DName(t)}): " + Values(rand(20, dtype: t)));
            manual_seed(0);
            Console.WriteLine($"randn(5, {DName(t)}): " + Values(randn(5, dtype: t)));
            manual_seed(0);
            Console.WriteLine($"randn(20, {DName(t)}): " + Values(randn(20, dtype: t)));
        }
        var x = tensor(new float[] { 0.5f, -1.2f, 2.0f, 0.1f, 0.3f, -0.7f }).view(2, 3).to(ScalarType.Float16);
        var target = tensor(new long[] { 2, 0 });
        Console.WriteLine("cross_entropy float16: " + Values(nn.functional.cross_entropy(x, target)));
        Console.WriteLine("log_softmax float16: " + Values(nn.functional.log_softmax(x, 1)));
        Console.WriteLine("matmul float16: " + Values(x.matmul(x.t())));
    }
}
