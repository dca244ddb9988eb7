using System.Runtime.CompilerServices;

namespace SharpGrad.Kernels;

/// <summary>
/// One element converted between the element types (bool, byte, sbyte, short, int, long, Half,
/// BFloat16, float, double), with PyTorch's rules (c10/util/TypeCast.h): nonzero to true; floating
/// to integer truncating toward zero (see <see cref="TruncateToInteger{TOut}"/>); integer to integer wrapped to the target's width; anything to float16
/// or bfloat16 through float32 (c10's Half and BFloat16 are built from a float), rounding to
/// nearest even. The type tests are JIT-time constants, so each instantiation is a direct cast.
/// </summary>
internal static class ScalarConversion
{
    internal static TOut Convert<TIn, TOut>(TIn v) where TIn : unmanaged where TOut : unmanaged
    {
        if (typeof(TIn) == typeof(TOut)) return Unsafe.As<TIn, TOut>(ref v);
        if (typeof(TOut) == typeof(bool)) { bool b = IsNonZero(v); return Unsafe.As<bool, TOut>(ref b); }
        if (typeof(TIn) == typeof(double)) return FromDouble<TOut>(Unsafe.As<TIn, double>(ref v));
        if (typeof(TIn) == typeof(float) || typeof(TIn) == typeof(Half) || typeof(TIn) == typeof(BFloat16))
            return FromFloat<TOut>(ToFloat(v));
        return FromLong<TOut>(ToLong(v));
    }

    private static bool IsNonZero<TIn>(TIn v) where TIn : unmanaged
    {
        if (typeof(TIn) == typeof(double)) return Unsafe.As<TIn, double>(ref v) != 0;
        if (typeof(TIn) == typeof(float) || typeof(TIn) == typeof(Half) || typeof(TIn) == typeof(BFloat16)) return ToFloat(v) != 0;
        return ToLong(v) != 0;
    }

    /// <summary>A float32, float16 or bfloat16 element as float32 (exact).</summary>
    private static float ToFloat<TIn>(TIn v) where TIn : unmanaged
    {
        if (typeof(TIn) == typeof(float)) return Unsafe.As<TIn, float>(ref v);
        if (typeof(TIn) == typeof(Half)) return (float)Unsafe.As<TIn, Half>(ref v);
        if (typeof(TIn) == typeof(BFloat16)) return Unsafe.As<TIn, BFloat16>(ref v);
        throw new NotSupportedException($"{typeof(TIn)} is not a float type.");
    }

    /// <summary>An integer or bool element as int64 (exact).</summary>
    private static long ToLong<TIn>(TIn v) where TIn : unmanaged
    {
        if (typeof(TIn) == typeof(long)) return Unsafe.As<TIn, long>(ref v);
        if (typeof(TIn) == typeof(int)) return Unsafe.As<TIn, int>(ref v);
        if (typeof(TIn) == typeof(short)) return Unsafe.As<TIn, short>(ref v);
        if (typeof(TIn) == typeof(sbyte)) return Unsafe.As<TIn, sbyte>(ref v);
        if (typeof(TIn) == typeof(byte)) return Unsafe.As<TIn, byte>(ref v);
        if (typeof(TIn) == typeof(bool)) return Unsafe.As<TIn, bool>(ref v) ? 1 : 0;
        throw new NotSupportedException($"Cannot convert a tensor element of type {typeof(TIn)}.");
    }

    private static TOut FromDouble<TOut>(double d) where TOut : unmanaged
    {
        if (typeof(TOut) == typeof(double)) return Unsafe.As<double, TOut>(ref d);
        if (typeof(TOut) == typeof(float)) { float f = (float)d; return Unsafe.As<float, TOut>(ref f); }
        if (typeof(TOut) == typeof(Half) || typeof(TOut) == typeof(BFloat16)) return FromFloat<TOut>((float)d);
        return TruncateToInteger<TOut>(d);
    }

    /// <summary>
    /// A floating value truncated toward zero to an integer type, as PyTorch's CPU casts behave on
    /// x86: to int64 and uint8 (which c10 casts through int64) via a 64-bit truncation, to int32,
    /// int16 and int8 via a 32-bit one, each wrapped to the target's width; a value out of the
    /// truncation's range, or NaN, gives the "integer indefinite" value (the type's minimum), not
    /// .NET's saturation.
    /// </summary>
    private static TOut TruncateToInteger<TOut>(double d) where TOut : unmanaged
    {
        if (typeof(TOut) == typeof(long) || typeof(TOut) == typeof(byte))
            return FromLong<TOut>(d >= -9223372036854775808.0 && d < 9223372036854775808.0 ? (long)d : long.MinValue);
        return FromLong<TOut>(d > -2147483649.0 && d < 2147483648.0 ? (int)d : int.MinValue);
    }

    private static TOut FromFloat<TOut>(float f) where TOut : unmanaged
    {
        if (typeof(TOut) == typeof(float)) return Unsafe.As<float, TOut>(ref f);
        if (typeof(TOut) == typeof(double)) { double d = f; return Unsafe.As<double, TOut>(ref d); }
        if (typeof(TOut) == typeof(Half)) { Half h = (Half)f; return Unsafe.As<Half, TOut>(ref h); }
        if (typeof(TOut) == typeof(BFloat16)) { var b = (BFloat16)f; return Unsafe.As<BFloat16, TOut>(ref b); }
        return TruncateToInteger<TOut>(f);
    }

    private static TOut FromLong<TOut>(long l) where TOut : unmanaged
    {
        if (typeof(TOut) == typeof(long)) return Unsafe.As<long, TOut>(ref l);
        if (typeof(TOut) == typeof(int)) { int x = unchecked((int)l); return Unsafe.As<int, TOut>(ref x); }
        if (typeof(TOut) == typeof(short)) { short x = unchecked((short)l); return Unsafe.As<short, TOut>(ref x); }
        if (typeof(TOut) == typeof(sbyte)) { sbyte x = unchecked((sbyte)l); return Unsafe.As<sbyte, TOut>(ref x); }
        if (typeof(TOut) == typeof(byte)) { byte x = unchecked((byte)l); return Unsafe.As<byte, TOut>(ref x); }
        if (typeof(TOut) == typeof(bool)) { bool x = l != 0; return Unsafe.As<bool, TOut>(ref x); }
        if (typeof(TOut) == typeof(double)) { double d = l; return Unsafe.As<double, TOut>(ref d); }
        if (typeof(TOut) == typeof(float)) { float f = l; return Unsafe.As<float, TOut>(ref f); }
        if (typeof(TOut) == typeof(Half) || typeof(TOut) == typeof(BFloat16)) return FromFloat<TOut>(l);
        throw new NotSupportedException($"Cannot convert a tensor element to {typeof(TOut)}.");
    }
}
