using System.Numerics;
using System.Numerics.Tensors;

namespace SharpGrad.Kernels;

// Elementwise operators. Each is a struct so the loop drivers are specialised per operator and
// dtype by the JIT; span forms go to TensorPrimitives (vectorised for AVX-512, AVX2 and scalar).

internal struct AddOp<T> : IBinaryOp<AddOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => x + y;
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Add(y, x, d);
}

internal struct SubOp<T> : IBinaryOp<SubOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => x - y;
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
}

internal struct MulOp<T> : IBinaryOp<MulOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => x * y;
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Multiply(y, x, d);
}

internal struct DivOp<T> : IBinaryOp<DivOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => x / y;
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
}

/// <summary>Floating-point power; integral tensors use <see cref="IntPowOp"/>.</summary>
internal struct PowOp<T> : IBinaryOp<PowOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x, T y) => T.Pow(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Pow(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d)
    {
        // Small integer exponents are exact products in PyTorch; keep them exact and fast here.
        if (y == T.CreateTruncating(2)) TensorPrimitives.Multiply(x, x, d);
        else if (y == T.One) x.CopyTo(d);
        else if (y == T.CreateTruncating(3)) { TensorPrimitives.Multiply(x, x, d); TensorPrimitives.Multiply(d, x, d); }
        else if (y == T.CreateTruncating(0.5)) TensorPrimitives.Sqrt(x, d);
        else if (y == T.CreateTruncating(-1)) TensorPrimitives.Reciprocal(x, d);
        else TensorPrimitives.Pow(x, y, d);
    }
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Pow(x, y, d);
}

internal struct IntPowOp : IBinaryOp<IntPowOp, long, long>
{
    public static long Invoke(long x, long y)
    {
        if (y < 0)
        {
            if (x == 1) return 1;
            if (x == -1) return (y & 1) == 0 ? 1 : -1;
            throw new InvalidOperationException("Integers to negative integer powers are not allowed.");
        }
        long result = 1;
        while (y > 0)
        {
            if ((y & 1) != 0) result *= x;
            x *= x;
            y >>= 1;
        }
        return result;
    }
}

internal struct MaximumOp<T> : IBinaryOp<MaximumOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => T.IsNaN(x) || T.IsNaN(y) ? (T.IsNaN(x) ? x : y) : (x > y ? x : y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Max(y, x, d);
}

internal struct MinimumOp<T> : IBinaryOp<MinimumOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => T.IsNaN(x) || T.IsNaN(y) ? (T.IsNaN(x) ? x : y) : (x < y ? x : y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Min(y, x, d);
}

// ------------------------------------------------------------------ comparisons (bool results)

internal struct EqOp<T> : IBinaryOp<EqOp<T>, T, bool> where T : INumber<T> { public static bool Invoke(T x, T y) => x == y; }
internal struct NeOp<T> : IBinaryOp<NeOp<T>, T, bool> where T : INumber<T> { public static bool Invoke(T x, T y) => x != y; }
internal struct LtOp<T> : IBinaryOp<LtOp<T>, T, bool> where T : INumber<T> { public static bool Invoke(T x, T y) => x < y; }
internal struct LeOp<T> : IBinaryOp<LeOp<T>, T, bool> where T : INumber<T> { public static bool Invoke(T x, T y) => x <= y; }
internal struct GtOp<T> : IBinaryOp<GtOp<T>, T, bool> where T : INumber<T> { public static bool Invoke(T x, T y) => x > y; }
internal struct GeOp<T> : IBinaryOp<GeOp<T>, T, bool> where T : INumber<T> { public static bool Invoke(T x, T y) => x >= y; }

internal struct LogicalAndOp : IBinaryOp<LogicalAndOp, bool, bool> { public static bool Invoke(bool x, bool y) => x & y; }
internal struct LogicalOrOp : IBinaryOp<LogicalOrOp, bool, bool> { public static bool Invoke(bool x, bool y) => x | y; }
internal struct LogicalXorOp : IBinaryOp<LogicalXorOp, bool, bool> { public static bool Invoke(bool x, bool y) => x ^ y; }
internal struct BoolEqOp : IBinaryOp<BoolEqOp, bool, bool> { public static bool Invoke(bool x, bool y) => x == y; }
internal struct BoolNeOp : IBinaryOp<BoolNeOp, bool, bool> { public static bool Invoke(bool x, bool y) => x != y; }

// ------------------------------------------------------------------ unary

internal struct NegOp<T> : IUnaryOp<NegOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x) => -x;
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Negate(x, d);
}

internal struct AbsOp<T> : IUnaryOp<AbsOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x) => T.Abs(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Abs(x, d);
}

internal struct ExpOp<T> : IUnaryOp<ExpOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Exp(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Exp(x, d);
}

internal struct LogOp<T> : IUnaryOp<LogOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Log(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Log(x, d);
}

internal struct Log1pOp<T> : IUnaryOp<Log1pOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    // log(1 + x) accurately for small x (Goldberg's trick), matching log1p to a few ulps.
    public static T Invoke(T x)
    {
        T u = T.One + x;
        return u == T.One ? x : T.Log(u) * x / (u - T.One);
    }
}

internal struct SqrtOp<T> : IUnaryOp<SqrtOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Sqrt(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Sqrt(x, d);
}

internal struct SinOp<T> : IUnaryOp<SinOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Sin(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Sin(x, d);
}

internal struct CosOp<T> : IUnaryOp<CosOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Cos(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Cos(x, d);
}

internal struct TanhOp<T> : IUnaryOp<TanhOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Tanh(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Tanh(x, d);
}

internal struct SigmoidOp<T> : IUnaryOp<SigmoidOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.One / (T.One + T.Exp(-x));
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Sigmoid(x, d);
}

internal struct ReluOp<T> : IUnaryOp<ReluOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x) => T.IsNaN(x) ? x : (x > T.Zero ? x : T.Zero);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Max(x, T.Zero, d);
}

internal struct ReciprocalOp<T> : IUnaryOp<ReciprocalOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.One / x;
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Reciprocal(x, d);
}

internal struct SignOp<T> : IUnaryOp<SignOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x) => T.IsNaN(x) ? x : x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;
}

internal struct IsNanOp<T> : IUnaryOp<IsNanOp<T>, T, bool> where T : INumber<T>
{
    public static bool Invoke(T x) => T.IsNaN(x);
}

internal struct LogicalNotOp : IUnaryOp<LogicalNotOp, bool, bool>
{
    public static bool Invoke(bool x) => !x;
}

/// <summary>Identity with conversion between element types (used by <c>to</c> and copies).</summary>
internal struct ConvertOp<TIn, TOut> : IUnaryOp<ConvertOp<TIn, TOut>, TIn, TOut>
    where TIn : unmanaged where TOut : unmanaged
{
    public static TOut Invoke(TIn x) => ScalarConversion.Convert<TIn, TOut>(x);
    public static void Invoke(ReadOnlySpan<TIn> x, Span<TOut> d)
    {
        if (typeof(TIn) == typeof(TOut))
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<TIn, TOut>(x).CopyTo(d);
            return;
        }
        if (typeof(TIn) == typeof(float) && typeof(TOut) == typeof(double))
        {
            TensorPrimitives.ConvertChecked(System.Runtime.InteropServices.MemoryMarshal.Cast<TIn, float>(x),
                System.Runtime.InteropServices.MemoryMarshal.Cast<TOut, double>(d));
            return;
        }
        if (typeof(TIn) == typeof(double) && typeof(TOut) == typeof(float))
        {
            TensorPrimitives.ConvertTruncating(System.Runtime.InteropServices.MemoryMarshal.Cast<TIn, double>(x),
                System.Runtime.InteropServices.MemoryMarshal.Cast<TOut, float>(d));
            return;
        }
        if (typeof(TIn) == typeof(byte) && typeof(TOut) == typeof(float))
        {
            // Images: uint8 pixels to float32, exact, vectorized.
            TensorPrimitives.ConvertChecked(System.Runtime.InteropServices.MemoryMarshal.Cast<TIn, byte>(x),
                System.Runtime.InteropServices.MemoryMarshal.Cast<TOut, float>(d));
            return;
        }
        if (typeof(TIn) == typeof(float) && typeof(TOut) == typeof(Half))
        {
            // IEEE round to nearest even, as c10::Half(float).
            TensorPrimitives.ConvertToHalf(System.Runtime.InteropServices.MemoryMarshal.Cast<TIn, float>(x),
                System.Runtime.InteropServices.MemoryMarshal.Cast<TOut, Half>(d));
            return;
        }
        if (typeof(TIn) == typeof(Half) && typeof(TOut) == typeof(float))
        {
            TensorPrimitives.ConvertToSingle(System.Runtime.InteropServices.MemoryMarshal.Cast<TIn, Half>(x),
                System.Runtime.InteropServices.MemoryMarshal.Cast<TOut, float>(d));
            return;
        }
        for (int i = 0; i < d.Length; i++) d[i] = Invoke(x[i]);
    }
}
