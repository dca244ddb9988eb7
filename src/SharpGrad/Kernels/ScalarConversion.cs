using System.Runtime.CompilerServices;

namespace SharpGrad.Kernels;

/// <summary>One element converted between the element types (float, double, long, bool), with
/// PyTorch's rules: through double, truncating toward zero to integers, nonzero to true.</summary>
internal static class ScalarConversion
{
    internal static TOut Convert<TIn, TOut>(TIn v) where TIn : unmanaged where TOut : unmanaged
    {
        if (typeof(TIn) == typeof(TOut)) return Unsafe.As<TIn, TOut>(ref v);
        double d = typeof(TIn) == typeof(float) ? Unsafe.As<TIn, float>(ref v)
            : typeof(TIn) == typeof(double) ? Unsafe.As<TIn, double>(ref v)
            : typeof(TIn) == typeof(long) ? Unsafe.As<TIn, long>(ref v)
            : Unsafe.As<TIn, bool>(ref v) ? 1.0 : 0.0;
        if (typeof(TOut) == typeof(long) && typeof(TIn) == typeof(long)) return Unsafe.As<TIn, TOut>(ref v);
        if (typeof(TOut) == typeof(float)) { float f = (float)d; return Unsafe.As<float, TOut>(ref f); }
        if (typeof(TOut) == typeof(double)) return Unsafe.As<double, TOut>(ref d);
        if (typeof(TOut) == typeof(long)) { long l = (long)d; return Unsafe.As<long, TOut>(ref l); }
        if (typeof(TOut) == typeof(int)) { int i = (int)d; return Unsafe.As<int, TOut>(ref i); }
        if (typeof(TOut) == typeof(bool)) { bool b = d != 0; return Unsafe.As<bool, TOut>(ref b); }
        throw new NotSupportedException($"Cannot convert a tensor element to {typeof(TOut)}.");
    }
}
