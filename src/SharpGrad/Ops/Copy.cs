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
        switch (src.ElementType, dst.ElementType)
        {
            case (ScalarType.Float32, ScalarType.Float32): Run<float, float>(src, strides, dst); break;
            case (ScalarType.Float32, ScalarType.Float64): Run<float, double>(src, strides, dst); break;
            case (ScalarType.Float32, ScalarType.Int64): Run<float, long>(src, strides, dst); break;
            case (ScalarType.Float32, ScalarType.Bool): Run<float, bool>(src, strides, dst); break;
            case (ScalarType.Float64, ScalarType.Float32): Run<double, float>(src, strides, dst); break;
            case (ScalarType.Float64, ScalarType.Float64): Run<double, double>(src, strides, dst); break;
            case (ScalarType.Float64, ScalarType.Int64): Run<double, long>(src, strides, dst); break;
            case (ScalarType.Float64, ScalarType.Bool): Run<double, bool>(src, strides, dst); break;
            case (ScalarType.Int64, ScalarType.Float32): Run<long, float>(src, strides, dst); break;
            case (ScalarType.Int64, ScalarType.Float64): Run<long, double>(src, strides, dst); break;
            case (ScalarType.Int64, ScalarType.Int64): Run<long, long>(src, strides, dst); break;
            case (ScalarType.Int64, ScalarType.Bool): Run<long, bool>(src, strides, dst); break;
            case (ScalarType.Bool, ScalarType.Float32): Run<bool, float>(src, strides, dst); break;
            case (ScalarType.Bool, ScalarType.Float64): Run<bool, double>(src, strides, dst); break;
            case (ScalarType.Bool, ScalarType.Int64): Run<bool, long>(src, strides, dst); break;
            case (ScalarType.Bool, ScalarType.Bool): Run<bool, bool>(src, strides, dst); break;
        }
        Dispatch.KeepAlive(src, dst);
    }

    private static void Run<TIn, TOut>(Tensor src, int[] srcStrides, Tensor dst) where TIn : unmanaged where TOut : unmanaged
        => ElementwiseLoops.Unary<TIn, TOut, ConvertOp<TIn, TOut>>(dst.Sizes, src.Data<TIn>(), src.StorageOffset, srcStrides,
            dst.Data<TOut>(), dst.StorageOffset, dst.Strides);
}
