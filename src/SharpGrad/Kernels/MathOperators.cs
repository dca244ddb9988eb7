using System.Numerics.Tensors;

namespace SharpGrad.Kernels;

// Elementwise operators of the further math functions (erf, tan, log2, floor, …), in the pattern of
// Operators.cs: a scalar Invoke, and a span Invoke that goes to TensorPrimitives where it has the
// function with the same semantics (otherwise the driver's scalar loop runs).

internal struct TanOp : IUnaryOp<TanOp, float, float>, IUnaryOp<TanOp, double, double>
{
    public static float Invoke(float x) => float.Tan(x);
    public static double Invoke(double x) => double.Tan(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Tan(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Tan(x, d);
}

internal struct AtanOp : IUnaryOp<AtanOp, float, float>, IUnaryOp<AtanOp, double, double>
{
    public static float Invoke(float x) => float.Atan(x);
    public static double Invoke(double x) => double.Atan(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Atan(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Atan(x, d);
}

internal struct AsinOp : IUnaryOp<AsinOp, float, float>, IUnaryOp<AsinOp, double, double>
{
    public static float Invoke(float x) => float.Asin(x);
    public static double Invoke(double x) => double.Asin(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Asin(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Asin(x, d);
}

internal struct AcosOp : IUnaryOp<AcosOp, float, float>, IUnaryOp<AcosOp, double, double>
{
    public static float Invoke(float x) => float.Acos(x);
    public static double Invoke(double x) => double.Acos(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Acos(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Acos(x, d);
}

/// <summary>Scalar only: TensorPrimitives.Sinh loses a few float32 ulps near 0 (e^x − e^−x cancels).</summary>
internal struct SinhOp : IUnaryOp<SinhOp, float, float>, IUnaryOp<SinhOp, double, double>
{
    public static float Invoke(float x) => float.Sinh(x);
    public static double Invoke(double x) => double.Sinh(x);
}

internal struct CoshOp : IUnaryOp<CoshOp, float, float>, IUnaryOp<CoshOp, double, double>
{
    public static float Invoke(float x) => float.Cosh(x);
    public static double Invoke(double x) => double.Cosh(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Cosh(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Cosh(x, d);
}

internal struct Log2Op : IUnaryOp<Log2Op, float, float>, IUnaryOp<Log2Op, double, double>
{
    public static float Invoke(float x) => float.Log2(x);
    public static double Invoke(double x) => double.Log2(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Log2(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Log2(x, d);
}

internal struct Log10Op : IUnaryOp<Log10Op, float, float>, IUnaryOp<Log10Op, double, double>
{
    public static float Invoke(float x) => float.Log10(x);
    public static double Invoke(double x) => double.Log10(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Log10(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Log10(x, d);
}

internal struct Exp2Op : IUnaryOp<Exp2Op, float, float>, IUnaryOp<Exp2Op, double, double>
{
    public static float Invoke(float x) => float.Exp2(x);
    public static double Invoke(double x) => double.Exp2(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Exp2(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Exp2(x, d);
}

/// <summary>exp(x) − 1, accurate for small x (Kahan's trick: the rounding error of exp(x) cancels
/// in (u − 1)·x / log(u)); the runtime's ExpM1 is exp(x) − 1, which loses every digit near 0.</summary>
internal struct Expm1Op : IUnaryOp<Expm1Op, float, float>, IUnaryOp<Expm1Op, double, double>
{
    public static float Invoke(float x)
    {
        float u = float.Exp(x);
        if (u == 1) return x;
        float um1 = u - 1;
        if (um1 == -1 || float.IsInfinity(u)) return um1;
        return um1 * x / float.Log(u);
    }

    public static double Invoke(double x)
    {
        double u = double.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        if (um1 == -1 || double.IsInfinity(u)) return um1;
        return um1 * x / double.Log(u);
    }
}

/// <summary>1 / √x, computed as PyTorch's CPU kernel does (a square root, then a division).</summary>
internal struct RsqrtOp : IUnaryOp<RsqrtOp, float, float>, IUnaryOp<RsqrtOp, double, double>
{
    public static float Invoke(float x) => 1 / float.Sqrt(x);
    public static double Invoke(double x) => 1 / double.Sqrt(x);

    public static void Invoke(ReadOnlySpan<float> x, Span<float> d)
    {
        TensorPrimitives.Sqrt(x, d);
        TensorPrimitives.Reciprocal(d, d);
    }

    public static void Invoke(ReadOnlySpan<double> x, Span<double> d)
    {
        TensorPrimitives.Sqrt(x, d);
        TensorPrimitives.Reciprocal(d, d);
    }
}

internal struct FloorOp : IUnaryOp<FloorOp, float, float>, IUnaryOp<FloorOp, double, double>
{
    public static float Invoke(float x) => float.Floor(x);
    public static double Invoke(double x) => double.Floor(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Floor(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Floor(x, d);
}

internal struct CeilOp : IUnaryOp<CeilOp, float, float>, IUnaryOp<CeilOp, double, double>
{
    public static float Invoke(float x) => float.Ceiling(x);
    public static double Invoke(double x) => double.Ceiling(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Ceiling(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Ceiling(x, d);
}

/// <summary>Rounds half to even, as PyTorch (std::nearbyint) does.</summary>
internal struct RoundOp : IUnaryOp<RoundOp, float, float>, IUnaryOp<RoundOp, double, double>
{
    public static float Invoke(float x) => float.Round(x, MidpointRounding.ToEven);
    public static double Invoke(double x) => double.Round(x, MidpointRounding.ToEven);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Round(x, MidpointRounding.ToEven, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Round(x, MidpointRounding.ToEven, d);
}

internal struct TruncOp : IUnaryOp<TruncOp, float, float>, IUnaryOp<TruncOp, double, double>
{
    public static float Invoke(float x) => float.Truncate(x);
    public static double Invoke(double x) => double.Truncate(x);
    public static void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Truncate(x, d);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Truncate(x, d);
}

/// <summary>x − trunc(x): the fractional part, with x's sign.</summary>
internal struct FracOp : IUnaryOp<FracOp, float, float>, IUnaryOp<FracOp, double, double>
{
    public static float Invoke(float x) => x - float.Truncate(x);
    public static double Invoke(double x) => x - double.Truncate(x);
}

/// <summary>The error function, computed in double (see <see cref="ErrorFunction"/>).</summary>
internal struct ErfOp : IUnaryOp<ErfOp, float, float>, IUnaryOp<ErfOp, double, double>
{
    public static float Invoke(float x) => (float)ErrorFunction.Erf(x);
    public static double Invoke(double x) => ErrorFunction.Erf(x);
}

/// <summary>The complementary error function 1 − erf(x), accurate where it is tiny.</summary>
internal struct ErfcOp : IUnaryOp<ErfcOp, float, float>, IUnaryOp<ErfcOp, double, double>
{
    public static float Invoke(float x) => (float)ErrorFunction.Erfc(x);
    public static double Invoke(double x) => ErrorFunction.Erfc(x);
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
