using System.Numerics;
using System.Numerics.Tensors;

namespace SharpGrad.Kernels;

// Elementwise operators of the further math functions (erf, tan, log2, floor, …), in the pattern of
// Operators.cs: a scalar Invoke, and a span Invoke that goes to TensorPrimitives where it has the
// function with the same semantics (otherwise the driver's scalar loop runs).

internal struct TanOp<T> : IUnaryOp<TanOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Tan(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Tan(x, d);
}

internal struct AtanOp<T> : IUnaryOp<AtanOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Atan(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Atan(x, d);
}

internal struct AsinOp<T> : IUnaryOp<AsinOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Asin(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Asin(x, d);
}

internal struct AcosOp<T> : IUnaryOp<AcosOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Acos(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Acos(x, d);
}

/// <summary>Scalar only: TensorPrimitives.Sinh loses a few float32 ulps near 0 (e^x − e^−x cancels).</summary>
internal struct SinhOp<T> : IUnaryOp<SinhOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Sinh(x);
}

internal struct CoshOp<T> : IUnaryOp<CoshOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Cosh(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Cosh(x, d);
}

internal struct Log2Op<T> : IUnaryOp<Log2Op<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Log2(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Log2(x, d);
}

internal struct Log10Op<T> : IUnaryOp<Log10Op<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Log10(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Log10(x, d);
}

internal struct Exp2Op<T> : IUnaryOp<Exp2Op<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Exp2(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Exp2(x, d);
}

/// <summary>exp(x) − 1, accurate for small x (Kahan's trick: the rounding error of exp(x) cancels
/// in (u − 1)·x / log(u)); the runtime's ExpM1 is exp(x) − 1, which loses every digit near 0.</summary>
internal struct Expm1Op<T> : IUnaryOp<Expm1Op<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x)
    {
        T u = T.Exp(x);
        if (u == T.One) return x;
        T um1 = u - T.One;
        if (um1 == -T.One || T.IsInfinity(u)) return um1;
        return um1 * x / T.Log(u);
    }
}

/// <summary>1 / √x, computed as PyTorch's CPU kernel does (a square root, then a division).</summary>
internal struct RsqrtOp<T> : IUnaryOp<RsqrtOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.One / T.Sqrt(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        TensorPrimitives.Sqrt(x, d);
        TensorPrimitives.Reciprocal(d, d);
    }
}

internal struct FloorOp<T> : IUnaryOp<FloorOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Floor(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Floor(x, d);
}

internal struct CeilOp<T> : IUnaryOp<CeilOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Ceiling(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Ceiling(x, d);
}

/// <summary>Rounds half to even, as PyTorch (std::nearbyint) does.</summary>
internal struct RoundOp<T> : IUnaryOp<RoundOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Round(x, MidpointRounding.ToEven);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Round(x, MidpointRounding.ToEven, d);
}

internal struct TruncOp<T> : IUnaryOp<TruncOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Truncate(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Truncate(x, d);
}

/// <summary>x − trunc(x): the fractional part, with x's sign.</summary>
internal struct FracOp<T> : IUnaryOp<FracOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => x - T.Truncate(x);
}

/// <summary>The error function, computed in double (see <see cref="ErrorFunction"/>).</summary>
internal struct ErfOp<T> : IUnaryOp<ErfOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.CreateTruncating(ErrorFunction.Erf(double.CreateTruncating(x)));
}

/// <summary>The complementary error function 1 − erf(x), accurate where it is tiny.</summary>
internal struct ErfcOp<T> : IUnaryOp<ErfcOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.CreateTruncating(ErrorFunction.Erfc(double.CreateTruncating(x)));
}

/// <summary>
/// erf and erfc in double to within a few ulps (.NET has neither). For |x| &lt; 2.5, the series
/// erf(x) = 2/√π · e^(−x²) · Σ x·(2x²)ⁿ / (2n+1)!!, whose terms are all positive (no cancellation);
/// beyond, erfc(x) by Laplace's continued fraction e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))),
/// evaluated by Lentz's method, which converges quickly there (and, more slowly, down to x = 1).
/// </summary>
internal static class ErrorFunction
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.5641895835477563;

    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double ax = Math.Abs(x);
        if (ax < 2.5) return Series(x);
        double r = ax < 6 ? 1 - ContinuedFraction(ax) : 1;
        return x < 0 ? -r : r;
    }

    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x < 1) return x < -6 ? 2 : 1 - Erf(x); // erfc >= 0.157: 1 − erf keeps its digits
        return x > 30 ? 0 : ContinuedFraction(x);
    }

    private static double Series(double x)
    {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; Math.Abs(term) > Math.Abs(sum) * 1e-17; n++)
        {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return TwoOverSqrtPi * Math.Exp(-x2) * sum;
    }

    /// <summary>erfc(x) for x &gt;= 1.</summary>
    private static double ContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 5000; n++)
        {
            double a = n * 0.5;
            d = x + a * d;
            d = 1 / (d == 0 ? tiny : d);
            c = x + a / c;
            if (c == 0) c = tiny;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) * OneOverSqrtPi / f;
    }
}
