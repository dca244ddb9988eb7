using System.Numerics.Tensors;

namespace SharpGrad.Kernels;

// Elementwise operators. Each is a struct so the loop drivers are specialised per operator and
// dtype; span forms go to TensorPrimitives (vectorised for AVX-512, AVX2 and scalar) or to
// SharpGrad's own vector loops (VectorMathLoops). An operator is one non-generic struct that
// implements the operator interface once per element type it supports (float, double, long): its
// scalar forms are then plain IL arithmetic (x - y on float is the `sub` instruction), not static
// virtual calls into CoreLib's INumber<T>, so ReadyToRun precompiles the drivers' instantiations
// over them (see docs/PERFORMANCE.md, 'Generic instantiations').

internal struct AddOp : IBinaryOp<AddOp, float, float>, IBinaryOp<AddOp, double, double>, IBinaryOp<AddOp, long, long>
{
    public static float Invoke(float x, float y) => x + y;
    public static double Invoke(double x, double y) => x + y;
    public static long Invoke(long x, long y) => x + y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(y, x, d);
    public static void Invoke(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Add(y, x, d);
    public static void Invoke(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, long y, Span<long> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(long x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Add(y, x, d);
}

internal struct SubOp : IBinaryOp<SubOp, float, float>, IBinaryOp<SubOp, double, double>, IBinaryOp<SubOp, long, long>
{
    public static float Invoke(float x, float y) => x - y;
    public static double Invoke(double x, double y) => x - y;
    public static long Invoke(long x, long y) => x - y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, long y, Span<long> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(long x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Subtract(x, y, d);
}

internal struct MulOp : IBinaryOp<MulOp, float, float>, IBinaryOp<MulOp, double, double>, IBinaryOp<MulOp, long, long>
{
    public static float Invoke(float x, float y) => x * y;
    public static double Invoke(double x, double y) => x * y;
    public static long Invoke(long x, long y) => x * y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(y, x, d);
    public static void Invoke(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Multiply(y, x, d);
    public static void Invoke(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, long y, Span<long> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(long x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Multiply(y, x, d);
}

internal struct DivOp : IBinaryOp<DivOp, float, float>, IBinaryOp<DivOp, double, double>, IBinaryOp<DivOp, long, long>
{
    public static float Invoke(float x, float y) => x / y;
    public static double Invoke(double x, double y) => x / y;
    public static long Invoke(long x, long y) => x / y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, long y, Span<long> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(long x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Divide(x, y, d);
}

/// <summary>Floating-point power; integral tensors use <see cref="IntPowOp"/>.</summary>
internal struct PowOp : IBinaryOp<PowOp, float, float>, IBinaryOp<PowOp, double, double>
{
    public static float Invoke(float x, float y) => float.Pow(x, y);
    public static double Invoke(double x, double y) => double.Pow(x, y);
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Pow(x, y, d);
    public static void Invoke(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Pow(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Pow(x, y, d);
    public static void Invoke(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Pow(x, y, d);

    // Small integer exponents are exact products in PyTorch; keep them exact and fast here.
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d)
    {
        if (y == 2) TensorPrimitives.Multiply(x, x, d);
        else if (y == 1) x.CopyTo(d);
        else if (y == 3) { TensorPrimitives.Multiply(x, x, d); TensorPrimitives.Multiply(d, x, d); }
        else if (y == 0.5f) TensorPrimitives.Sqrt(x, d);
        else if (y == -1) TensorPrimitives.Reciprocal(x, d);
        else TensorPrimitives.Pow(x, y, d);
    }

    public static void Invoke(ReadOnlySpan<double> x, double y, Span<double> d)
    {
        if (y == 2) TensorPrimitives.Multiply(x, x, d);
        else if (y == 1) x.CopyTo(d);
        else if (y == 3) { TensorPrimitives.Multiply(x, x, d); TensorPrimitives.Multiply(d, x, d); }
        else if (y == 0.5) TensorPrimitives.Sqrt(x, d);
        else if (y == -1) TensorPrimitives.Reciprocal(x, d);
        else TensorPrimitives.Pow(x, y, d);
    }
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

/// <summary>Maximum that propagates NaN.</summary>
internal struct MaximumOp : IBinaryOp<MaximumOp, float, float>, IBinaryOp<MaximumOp, double, double>, IBinaryOp<MaximumOp, long, long>
{
    public static float Invoke(float x, float y) => float.IsNaN(x) || float.IsNaN(y) ? (float.IsNaN(x) ? x : y) : (x > y ? x : y);
    public static double Invoke(double x, double y) => double.IsNaN(x) || double.IsNaN(y) ? (double.IsNaN(x) ? x : y) : (x > y ? x : y);
    public static long Invoke(long x, long y) => x > y ? x : y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(y, x, d);
    public static void Invoke(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Max(y, x, d);
    public static void Invoke(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, long y, Span<long> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(long x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Max(y, x, d);
}

/// <summary>Minimum that propagates NaN.</summary>
internal struct MinimumOp : IBinaryOp<MinimumOp, float, float>, IBinaryOp<MinimumOp, double, double>, IBinaryOp<MinimumOp, long, long>
{
    public static float Invoke(float x, float y) => float.IsNaN(x) || float.IsNaN(y) ? (float.IsNaN(x) ? x : y) : (x < y ? x : y);
    public static double Invoke(double x, double y) => double.IsNaN(x) || double.IsNaN(y) ? (double.IsNaN(x) ? x : y) : (x < y ? x : y);
    public static long Invoke(long x, long y) => x < y ? x : y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(y, x, d);
    public static void Invoke(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Min(y, x, d);
    public static void Invoke(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, long y, Span<long> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(long x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Min(y, x, d);
}

// ------------------------------------------------------------------ comparisons (bool results)

internal struct EqOp : IBinaryOp<EqOp, float, bool>, IBinaryOp<EqOp, double, bool>, IBinaryOp<EqOp, long, bool>
{
    public static bool Invoke(float x, float y) => x == y;
    public static bool Invoke(double x, double y) => x == y;
    public static bool Invoke(long x, long y) => x == y;
}

internal struct NeOp : IBinaryOp<NeOp, float, bool>, IBinaryOp<NeOp, double, bool>, IBinaryOp<NeOp, long, bool>
{
    public static bool Invoke(float x, float y) => x != y;
    public static bool Invoke(double x, double y) => x != y;
    public static bool Invoke(long x, long y) => x != y;
}

internal struct LtOp : IBinaryOp<LtOp, float, bool>, IBinaryOp<LtOp, double, bool>, IBinaryOp<LtOp, long, bool>
{
    public static bool Invoke(float x, float y) => x < y;
    public static bool Invoke(double x, double y) => x < y;
    public static bool Invoke(long x, long y) => x < y;
}

internal struct LeOp : IBinaryOp<LeOp, float, bool>, IBinaryOp<LeOp, double, bool>, IBinaryOp<LeOp, long, bool>
{
    public static bool Invoke(float x, float y) => x <= y;
    public static bool Invoke(double x, double y) => x <= y;
    public static bool Invoke(long x, long y) => x <= y;
}

internal struct GtOp : IBinaryOp<GtOp, float, bool>, IBinaryOp<GtOp, double, bool>, IBinaryOp<GtOp, long, bool>
{
    public static bool Invoke(float x, float y) => x > y;
    public static bool Invoke(double x, double y) => x > y;
    public static bool Invoke(long x, long y) => x > y;
}

internal struct GeOp : IBinaryOp<GeOp, float, bool>, IBinaryOp<GeOp, double, bool>, IBinaryOp<GeOp, long, bool>
{
    public static bool Invoke(float x, float y) => x >= y;
    public static bool Invoke(double x, double y) => x >= y;
    public static bool Invoke(long x, long y) => x >= y;
}

internal struct LogicalAndOp : IBinaryOp<LogicalAndOp, bool, bool> { public static bool Invoke(bool x, bool y) => x & y; }
internal struct LogicalOrOp : IBinaryOp<LogicalOrOp, bool, bool> { public static bool Invoke(bool x, bool y) => x | y; }
internal struct LogicalXorOp : IBinaryOp<LogicalXorOp, bool, bool> { public static bool Invoke(bool x, bool y) => x ^ y; }
internal struct BoolEqOp : IBinaryOp<BoolEqOp, bool, bool> { public static bool Invoke(bool x, bool y) => x == y; }
internal struct BoolNeOp : IBinaryOp<BoolNeOp, bool, bool> { public static bool Invoke(bool x, bool y) => x != y; }

// ------------------------------------------------------------------ unary

internal struct NegOp : IUnaryOp<NegOp, float, float>, IUnaryOp<NegOp, double, double>, IUnaryOp<NegOp, long, long>
{
    public static float Invoke(float x) => -x;
    public static double Invoke(double x) => -x;
    public static long Invoke(long x) => -x;
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Negate(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Negate(x, d);
    public static void Invoke(ReadOnlySpan<long> x, Span<long> d) => TensorPrimitives.Negate(x, d);
}

internal struct AbsOp : IUnaryOp<AbsOp, float, float>, IUnaryOp<AbsOp, double, double>, IUnaryOp<AbsOp, long, long>
{
    public static float Invoke(float x) => float.Abs(x);
    public static double Invoke(double x) => double.Abs(x);
    public static long Invoke(long x) => long.Abs(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Abs(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Abs(x, d);
    public static void Invoke(ReadOnlySpan<long> x, Span<long> d) => TensorPrimitives.Abs(x, d);
}

/// <summary>e^x; float32 runs through <see cref="VectorMathLoops"/>, optimized from their first call.</summary>
internal struct ExpOp : IUnaryOp<ExpOp, float, float>, IUnaryOp<ExpOp, double, double>
{
    public static float Invoke(float x) => float.Exp(x);
    public static double Invoke(double x) => double.Exp(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorMathLoops.Exp(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Exp(x, d);
}

/// <summary>Natural logarithm; float32 runs through <see cref="VectorMathLoops"/>.</summary>
internal struct LogOp : IUnaryOp<LogOp, float, float>, IUnaryOp<LogOp, double, double>
{
    public static float Invoke(float x) => float.Log(x);
    public static double Invoke(double x) => double.Log(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorMathLoops.Log(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Log(x, d);
}

/// <summary>log(1 + x) accurately for small x (Goldberg's trick), matching log1p to a few ulps.</summary>
internal struct Log1pOp : IUnaryOp<Log1pOp, float, float>, IUnaryOp<Log1pOp, double, double>
{
    public static float Invoke(float x)
    {
        float u = 1 + x;
        return u == 1 ? x : float.Log(u) * x / (u - 1);
    }

    public static double Invoke(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : double.Log(u) * x / (u - 1);
    }
}

internal struct SqrtOp : IUnaryOp<SqrtOp, float, float>, IUnaryOp<SqrtOp, double, double>
{
    public static float Invoke(float x) => float.Sqrt(x);
    public static double Invoke(double x) => double.Sqrt(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Sqrt(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Sqrt(x, d);
}

internal struct SinOp : IUnaryOp<SinOp, float, float>, IUnaryOp<SinOp, double, double>
{
    public static float Invoke(float x) => float.Sin(x);
    public static double Invoke(double x) => double.Sin(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Sin(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Sin(x, d);
}

internal struct CosOp : IUnaryOp<CosOp, float, float>, IUnaryOp<CosOp, double, double>
{
    public static float Invoke(float x) => float.Cos(x);
    public static double Invoke(double x) => double.Cos(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Cos(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Cos(x, d);
}

/// <summary>tanh; float32 runs through <see cref="VectorMathLoops"/>.</summary>
internal struct TanhOp : IUnaryOp<TanhOp, float, float>, IUnaryOp<TanhOp, double, double>
{
    public static float Invoke(float x) => float.Tanh(x);
    public static double Invoke(double x) => double.Tanh(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorMathLoops.Tanh(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Tanh(x, d);
}

/// <summary>1 / (1 + e^−x); float32 runs through <see cref="VectorMathLoops"/>.</summary>
internal struct SigmoidOp : IUnaryOp<SigmoidOp, float, float>, IUnaryOp<SigmoidOp, double, double>
{
    public static float Invoke(float x) => 1 / (1 + float.Exp(-x));
    public static double Invoke(double x) => 1 / (1 + double.Exp(-x));
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorMathLoops.Sigmoid(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Sigmoid(x, d);
}

/// <summary>max(x, 0), NaN propagated.</summary>
internal struct ReluOp : IUnaryOp<ReluOp, float, float>, IUnaryOp<ReluOp, double, double>, IUnaryOp<ReluOp, long, long>
{
    public static float Invoke(float x) => float.IsNaN(x) ? x : (x > 0 ? x : 0);
    public static double Invoke(double x) => double.IsNaN(x) ? x : (x > 0 ? x : 0);
    public static long Invoke(long x) => x > 0 ? x : 0;
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Max(x, 0f, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Max(x, 0d, d);
    public static void Invoke(ReadOnlySpan<long> x, Span<long> d) => TensorPrimitives.Max(x, 0L, d);
}

internal struct ReciprocalOp : IUnaryOp<ReciprocalOp, float, float>, IUnaryOp<ReciprocalOp, double, double>
{
    public static float Invoke(float x) => 1 / x;
    public static double Invoke(double x) => 1 / x;
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Reciprocal(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Reciprocal(x, d);
}

/// <summary>−1, 0 or 1 (NaN stays NaN; −0.0 gives +0.0).</summary>
internal struct SignOp : IUnaryOp<SignOp, float, float>, IUnaryOp<SignOp, double, double>, IUnaryOp<SignOp, long, long>
{
    public static float Invoke(float x) => float.IsNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0;
    public static double Invoke(double x) => double.IsNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0;
    public static long Invoke(long x) => x > 0 ? 1 : x < 0 ? -1 : 0;
}

internal struct IsNanOp : IUnaryOp<IsNanOp, float, bool>, IUnaryOp<IsNanOp, double, bool>
{
    public static bool Invoke(float x) => float.IsNaN(x);
    public static bool Invoke(double x) => double.IsNaN(x);
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
