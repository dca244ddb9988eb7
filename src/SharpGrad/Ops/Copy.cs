using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Copies between layouts and dtypes.</summary>
internal static class Copy
{
    /// <summary>The tensor itself when contiguous, else a contiguous copy.</summary>
    public static Tensor Contiguous(Tensor t)
    {
        if (t.IsContiguous) return t;
        var result = Tensor.Empty(t.Sizes, t.ElementType, uninitialized: true);
        Into(t, result);
        return result;
    }

    /// <summary>dst[...] = src[...], broadcasting src to dst's shape and converting dtypes.</summary>
    public static void Into(Tensor src, Tensor dst)
    {
        if (src.ElementType == dst.ElementType && src.IsContiguous && dst.IsContiguous
            && dst.NumelInt < ElementwiseLoops.ParallelThreshold && Tensor.SameShape(src.Sizes, dst.Sizes))
        {
            // A plain copy (clone, contiguous of a contiguous tensor) shorter than a parallel run:
            // one memmove, and no generic loop driver to JIT-compile for it. Overlapping storage
            // copies as the driver's vectorized path (Span.CopyTo) did.
            Array.Copy(src.SharedStorage.RawArray, src.StorageOffset, dst.SharedStorage.RawArray, dst.StorageOffset, dst.NumelInt);
            Dispatch.KeepAlive(src, dst);
            return;
        }
        var strides = Dispatch.BroadcastStrides(src, dst.Sizes);
        // One switch on the source's dtype, then one on the destination's: each pair runs its own
        // direct conversion loop (uint8 → float32 for images is a plain loop, not a call per element).
        switch (src.ElementType)
        {
            case ScalarType.Float32: From<float>(src, strides, dst); break;
            case ScalarType.Float64: From<double>(src, strides, dst); break;
            case ScalarType.Int64: From<long>(src, strides, dst); break;
            case ScalarType.Bool: From<bool>(src, strides, dst); break;
            case ScalarType.UInt8: From<byte>(src, strides, dst); break;
            case ScalarType.Int8: From<sbyte>(src, strides, dst); break;
            case ScalarType.Int16: From<short>(src, strides, dst); break;
            case ScalarType.Int32: From<int>(src, strides, dst); break;
            case ScalarType.Float16: From<Half>(src, strides, dst); break;
            case ScalarType.BFloat16: From<BFloat16>(src, strides, dst); break;
            default: throw new NotSupportedException($"copy_: unsupported source dtype {src.ElementType}");
        }
        GC.KeepAlive(src);
    }

    private static void From<TIn>(Tensor src, int[] srcStrides, Tensor dst) where TIn : unmanaged
    {
        switch (dst.ElementType)
        {
            case ScalarType.Float32: Run<TIn, float>(src, srcStrides, dst); break;
            case ScalarType.Float64: Run<TIn, double>(src, srcStrides, dst); break;
            case ScalarType.Int64: Run<TIn, long>(src, srcStrides, dst); break;
            case ScalarType.Bool: Run<TIn, bool>(src, srcStrides, dst); break;
            case ScalarType.UInt8: Run<TIn, byte>(src, srcStrides, dst); break;
            case ScalarType.Int8: Run<TIn, sbyte>(src, srcStrides, dst); break;
            case ScalarType.Int16: Run<TIn, short>(src, srcStrides, dst); break;
            case ScalarType.Int32: Run<TIn, int>(src, srcStrides, dst); break;
            case ScalarType.Float16: Run<TIn, Half>(src, srcStrides, dst); break;
            case ScalarType.BFloat16: Run<TIn, BFloat16>(src, srcStrides, dst); break;
            default: throw new NotSupportedException($"copy_: unsupported destination dtype {dst.ElementType}");
        }
        Dispatch.KeepAlive(src, dst);
    }

    private static void Run<TIn, TOut>(Tensor src, int[] srcStrides, Tensor dst) where TIn : unmanaged where TOut : unmanaged
        => ElementwiseLoops.Unary<TIn, TOut, ConvertOp<TIn, TOut>>(dst.Sizes, src.Data<TIn>(), src.StorageOffset, srcStrides,
            dst.Data<TOut>(), dst.StorageOffset, dst.Strides);
}
