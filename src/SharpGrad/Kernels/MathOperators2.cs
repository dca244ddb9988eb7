using System.Numerics;

namespace SharpGrad.Kernels;

// Elementwise operators of the second group of math functions (asinh, atan2, fmod, remainder,
// isinf, …), in the pattern of Operators.cs. These have only the scalar form: the driver loops it.
// TensorPrimitives' inverse hyperbolic functions are not used, as their accuracy near 0 is unchecked.

internal struct AsinhOp<T> : IUnaryOp<AsinhOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Asinh(x);
}

internal struct AcoshOp<T> : IUnaryOp<AcoshOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Acosh(x);
}

internal struct AtanhOp<T> : IUnaryOp<AtanhOp<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Atanh(x);
}

internal struct Atan2Op<T> : IBinaryOp<Atan2Op<T>, T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T y, T x) => T.Atan2(y, x);
}

/// <summary>C's fmod: the remainder of truncated division, with the dividend's sign. C#'s % on
/// floating point is exactly fmod; on integers it truncates too (a zero divisor is checked by the op).</summary>
internal struct FmodOp<T> : IBinaryOp<FmodOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => x % y;
}

/// <summary>Python's modulus, as PyTorch's remainder computes it: fmod, then moved into the
/// divisor's sign (so the result has the divisor's sign, or is zero).</summary>
internal struct RemainderOp<T> : IBinaryOp<RemainderOp<T>, T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y)
    {
        T mod = x % y;
        if (mod != T.Zero && (y < T.Zero) != (mod < T.Zero)) mod += y;
        return mod;
    }
}

internal struct IsInfOp<T> : IUnaryOp<IsInfOp<T>, T, bool> where T : INumber<T>
{
    public static bool Invoke(T x) => T.IsInfinity(x);
}

internal struct IsPosInfOp<T> : IUnaryOp<IsPosInfOp<T>, T, bool> where T : INumber<T>
{
    public static bool Invoke(T x) => T.IsPositiveInfinity(x);
}

internal struct IsNegInfOp<T> : IUnaryOp<IsNegInfOp<T>, T, bool> where T : INumber<T>
{
    public static bool Invoke(T x) => T.IsNegativeInfinity(x);
}

/// <summary>Not infinite and not NaN; the op (<c>ElementwiseMath.IsFinite</c>) answers true for integral dtypes itself.</summary>
internal struct IsFiniteOp<T> : IUnaryOp<IsFiniteOp<T>, T, bool> where T : INumber<T>
{
    public static bool Invoke(T x) => T.IsFinite(x);
}
