namespace SharpGrad.Kernels;

// Elementwise operators of the second group of math functions (asinh, atan2, fmod, remainder,
// isinf, …), in the pattern of Operators.cs. These have only the scalar form: the driver loops it.
// TensorPrimitives' inverse hyperbolic functions are not used, as their accuracy near 0 is unchecked.

internal struct AsinhOp : IUnaryOp<AsinhOp, float, float>, IUnaryOp<AsinhOp, double, double>
{
    public static float Invoke(float x) => float.Asinh(x);
    public static double Invoke(double x) => double.Asinh(x);
}

internal struct AcoshOp : IUnaryOp<AcoshOp, float, float>, IUnaryOp<AcoshOp, double, double>
{
    public static float Invoke(float x) => float.Acosh(x);
    public static double Invoke(double x) => double.Acosh(x);
}

internal struct AtanhOp : IUnaryOp<AtanhOp, float, float>, IUnaryOp<AtanhOp, double, double>
{
    public static float Invoke(float x) => float.Atanh(x);
    public static double Invoke(double x) => double.Atanh(x);
}

internal struct Atan2Op : IBinaryOp<Atan2Op, float, float>, IBinaryOp<Atan2Op, double, double>
{
    public static float Invoke(float y, float x) => float.Atan2(y, x);
    public static double Invoke(double y, double x) => double.Atan2(y, x);
}

/// <summary>C's fmod: the remainder of truncated division, with the dividend's sign. C#'s % on
/// floating point is exactly fmod; on integers it truncates too (a zero divisor is checked by the op).</summary>
internal struct FmodOp : IBinaryOp<FmodOp, float, float>, IBinaryOp<FmodOp, double, double>, IBinaryOp<FmodOp, long, long>
{
    public static float Invoke(float x, float y) => x % y;
    public static double Invoke(double x, double y) => x % y;
    public static long Invoke(long x, long y) => x % y;
}

/// <summary>Python's modulus, as PyTorch's remainder computes it: fmod, then moved into the
/// divisor's sign (so the result has the divisor's sign, or is zero).</summary>
internal struct RemainderOp : IBinaryOp<RemainderOp, float, float>, IBinaryOp<RemainderOp, double, double>, IBinaryOp<RemainderOp, long, long>
{
    public static float Invoke(float x, float y)
    {
        float mod = x % y;
        if (mod != 0 && (y < 0) != (mod < 0)) mod += y;
        return mod;
    }

    public static double Invoke(double x, double y)
    {
        double mod = x % y;
        if (mod != 0 && (y < 0) != (mod < 0)) mod += y;
        return mod;
    }

    public static long Invoke(long x, long y)
    {
        long mod = x % y;
        if (mod != 0 && (y < 0) != (mod < 0)) mod += y;
        return mod;
    }
}

internal struct IsInfOp : IUnaryOp<IsInfOp, float, bool>, IUnaryOp<IsInfOp, double, bool>
{
    public static bool Invoke(float x) => float.IsInfinity(x);
    public static bool Invoke(double x) => double.IsInfinity(x);
}

internal struct IsPosInfOp : IUnaryOp<IsPosInfOp, float, bool>, IUnaryOp<IsPosInfOp, double, bool>
{
    public static bool Invoke(float x) => float.IsPositiveInfinity(x);
    public static bool Invoke(double x) => double.IsPositiveInfinity(x);
}

internal struct IsNegInfOp : IUnaryOp<IsNegInfOp, float, bool>, IUnaryOp<IsNegInfOp, double, bool>
{
    public static bool Invoke(float x) => float.IsNegativeInfinity(x);
    public static bool Invoke(double x) => double.IsNegativeInfinity(x);
}

/// <summary>Not infinite and not NaN; the op (<c>ElementwiseMath.IsFinite</c>) answers true for integral dtypes itself.</summary>
internal struct IsFiniteOp : IUnaryOp<IsFiniteOp, float, bool>, IUnaryOp<IsFiniteOp, double, bool>
{
    public static bool Invoke(float x) => float.IsFinite(x);
    public static bool Invoke(double x) => double.IsFinite(x);
}
