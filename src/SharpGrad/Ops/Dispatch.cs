using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// Turns tensors into loop-driver calls: picks the element type once per op, lays operands out
/// against the output shape (broadcast dimensions get stride 0) and allocates the result. The
/// kernels below it (<see cref="ElementwiseLoops"/>) see only arrays, offsets, shapes and strides.
/// </summary>
internal static class Dispatch
{
    /// <summary>All-zero strides by rank: a 0-dim operand broadcast to any shape (shared, never written).</summary>
    private static readonly int[][] s_zeroStrides =
        [[], new int[1], new int[2], new int[3], new int[4], new int[5], new int[6], new int[7], new int[8]];

    /// <summary>Strides of <paramref name="t"/> seen through the broadcast shape <paramref name="outShape"/>.</summary>
    public static int[] BroadcastStrides(Tensor t, int[] outShape)
    {
        if (ReferenceEquals(t.Sizes, outShape) || Tensor.SameShape(t.Sizes, outShape)) return t.Strides;
        if (t.Sizes.Length == 0 && outShape.Length < s_zeroStrides.Length) return s_zeroStrides[outShape.Length];
        var strides = new int[outShape.Length];
        int shift = outShape.Length - t.Sizes.Length;
        for (int i = 0; i < t.Sizes.Length; i++)
            strides[i + shift] = t.Sizes[i] == 1 ? 0 : t.Strides[i];
        return strides;
    }

    /// <summary>Out-of-place binary op in <paramref name="dtype"/> (operands converted first).</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    /// <param name="dtype">The result's dtype.</param>
    /// <param name="roundScalars">For a float16/bfloat16 result, whether a C# number is rounded to
    /// that dtype first (add, sub: TensorIterator's cast) or used at float32 precision (mul and div,
    /// whose CPU kernels read the original scalar in the op-math type).</param>
    public static Tensor Binary<TF, TD, TL>(Tensor a, Tensor b, ScalarType dtype, bool roundScalars = true)
        where TF : IBinaryOp<TF, float, float>
        where TD : IBinaryOp<TD, double, double>
        where TL : IBinaryOp<TL, long, long>
    {
        var compute = dtype.ComputeType();
        if (compute != dtype)
        {
            // As TensorIterator casts every operand to the common dtype first: a C# 0.1 added to a
            // float16 tensor is rounded to float16 before the sum, 300 added to uint8 wraps to 44.
            if (roundScalars || !a.IsWrappedNumber) a = a.ToDTypeIfNeeded(dtype);
            if (roundScalars || !b.IsWrappedNumber) b = b.ToDTypeIfNeeded(dtype);
        }
        a = ScalarOrConverted(a, compute, slot: 0);
        b = ScalarOrConverted(b, compute, slot: 1);
        var outShape = Tensor.BroadcastShapes(a.Sizes, b.Sizes);
        var result = Tensor.Empty(outShape, compute, uninitialized: true);
        BinaryInto<TF, TD, TL>(a, b, result);
        // float16/bfloat16 and the small integer types: rounded (or wrapped) back once.
        return result.ToDTypeIfNeeded(dtype);
    }

    /// <summary>dst = op(a, b) where a, b broadcast to dst's shape and all share dst's dtype.</summary>
    public static void BinaryInto<TF, TD, TL>(Tensor a, Tensor b, Tensor dst)
        where TF : IBinaryOp<TF, float, float>
        where TD : IBinaryOp<TD, double, double>
        where TL : IBinaryOp<TL, long, long>
    {
        var compute = dst.ElementType.ComputeType();
        if (compute != dst.ElementType)
        {
            // Computed in float32 or int64, then converted into dst.
            var wide = Tensor.Empty(dst.Sizes, compute, uninitialized: true);
            BinaryInto<TF, TD, TL>(a.ToDTypeIfNeeded(compute), b.ToDTypeIfNeeded(compute), wide);
            Copy.Into(wide, dst);
            return;
        }
        var shape = dst.Sizes;
        var sa = BroadcastStrides(a, shape);
        var sb = BroadcastStrides(b, shape);
        switch (dst.ElementType)
        {
            case ScalarType.Float32:
                ElementwiseLoops.Binary<float, float, TF>(shape, a.Data<float>(), a.StorageOffset, sa, b.Data<float>(), b.StorageOffset, sb, dst.Data<float>(), dst.StorageOffset, dst.Strides);
                break;
            case ScalarType.Float64:
                ElementwiseLoops.Binary<double, double, TD>(shape, a.Data<double>(), a.StorageOffset, sa, b.Data<double>(), b.StorageOffset, sb, dst.Data<double>(), dst.StorageOffset, dst.Strides);
                break;
            case ScalarType.Int64:
                ElementwiseLoops.Binary<long, long, TL>(shape, a.Data<long>(), a.StorageOffset, sa, b.Data<long>(), b.StorageOffset, sb, dst.Data<long>(), dst.StorageOffset, dst.Strides);
                break;
            default:
                throw new NotSupportedException($"This operation does not support {dst.ElementType.TorchName()} tensors.");
        }
        KeepAlive(a, b, dst);
    }

    /// <summary>Operands in the compute dtype. A 0-dim operand of another dtype (typically a C#
    /// number) is converted into a per-thread one-element buffer instead of a new tensor, since
    /// the loop reads it once before writing the result.</summary>
    private static Tensor ScalarOrConverted(Tensor t, ScalarType dtype, int slot)
    {
        if (t.ElementType == dtype) return t;
        if (t.Sizes.Length != 0) return t.ToDTypeIfNeeded(dtype);
        double v = t.ReadFlat(0);
        return dtype switch
        {
            ScalarType.Float32 => ScalarBuffer<float>.Hold(slot, (float)v),
            ScalarType.Float64 => ScalarBuffer<double>.Hold(slot, v),
            ScalarType.Int64 => ScalarBuffer<long>.Hold(slot, t.ElementType == ScalarType.Int64 ? t.Data<long>()[t.StorageOffset] : (long)v),
            _ => t.ToDTypeIfNeeded(dtype),
        };
    }

    /// <summary>Comparison in the promoted dtype of a and b; the result is bool.</summary>
    public static Tensor Compare<TF, TD, TL, TB>(Tensor a, Tensor b)
        where TF : IBinaryOp<TF, float, bool>
        where TD : IBinaryOp<TD, double, bool>
        where TL : IBinaryOp<TL, long, bool>
        where TB : IBinaryOp<TB, bool, bool>
    {
        // Widening to the compute type is exact, so comparing there is comparing the values.
        // Operands are cast to the common dtype (rounded or wrapped, as TensorIterator does), then
        // compared in its compute type, which is exact.
        var common = Tensor.ResultType(a, b);
        var dtype = common.ComputeType();
        if (common != dtype)
        {
            a = a.ToDTypeIfNeeded(common);
            b = b.ToDTypeIfNeeded(common);
        }
        a = a.ToDTypeIfNeeded(dtype);
        b = b.ToDTypeIfNeeded(dtype);
        var outShape = Tensor.BroadcastShapes(a.Sizes, b.Sizes);
        var result = Tensor.Empty(outShape, ScalarType.Bool, uninitialized: true);
        var sa = BroadcastStrides(a, outShape);
        var sb = BroadcastStrides(b, outShape);
        var d = result.Data<bool>();
        switch (dtype)
        {
            case ScalarType.Float32:
                ElementwiseLoops.Binary<float, bool, TF>(outShape, a.Data<float>(), a.StorageOffset, sa, b.Data<float>(), b.StorageOffset, sb, d, 0, result.Strides); break;
            case ScalarType.Float64:
                ElementwiseLoops.Binary<double, bool, TD>(outShape, a.Data<double>(), a.StorageOffset, sa, b.Data<double>(), b.StorageOffset, sb, d, 0, result.Strides); break;
            case ScalarType.Int64:
                ElementwiseLoops.Binary<long, bool, TL>(outShape, a.Data<long>(), a.StorageOffset, sa, b.Data<long>(), b.StorageOffset, sb, d, 0, result.Strides); break;
            case ScalarType.Bool:
                ElementwiseLoops.Binary<bool, bool, TB>(outShape, a.Data<bool>(), a.StorageOffset, sa, b.Data<bool>(), b.StorageOffset, sb, d, 0, result.Strides); break;
            default:
                throw new NotSupportedException($"comparison: unsupported dtype {dtype.TorchName()}");
        }
        KeepAlive(a, b, result);
        return result;
    }

    /// <summary>Out-of-place unary op in <paramref name="dtype"/>.</summary>
    public static Tensor Unary<TF, TD, TL>(Tensor a, ScalarType dtype)
        where TF : IUnaryOp<TF, float, float>
        where TD : IUnaryOp<TD, double, double>
        where TL : IUnaryOp<TL, long, long>
    {
        var compute = dtype.ComputeType();
        a = a.ToDTypeIfNeeded(compute);
        var result = Tensor.Empty(a.Sizes, compute, uninitialized: true);
        UnaryInto<TF, TD, TL>(a, result);
        // float16/bfloat16 and the small integer types: rounded (or wrapped) back once.
        return result.ToDTypeIfNeeded(dtype);
    }

    public static void UnaryInto<TF, TD, TL>(Tensor a, Tensor dst)
        where TF : IUnaryOp<TF, float, float>
        where TD : IUnaryOp<TD, double, double>
        where TL : IUnaryOp<TL, long, long>
    {
        var compute = dst.ElementType.ComputeType();
        if (compute != dst.ElementType)
        {
            var wide = Tensor.Empty(dst.Sizes, compute, uninitialized: true);
            UnaryInto<TF, TD, TL>(a.ToDTypeIfNeeded(compute), wide);
            Copy.Into(wide, dst);
            return;
        }
        switch (dst.ElementType)
        {
            case ScalarType.Float32:
                ElementwiseLoops.Unary<float, float, TF>(dst.Sizes, a.Data<float>(), a.StorageOffset, a.Strides, dst.Data<float>(), dst.StorageOffset, dst.Strides); break;
            case ScalarType.Float64:
                ElementwiseLoops.Unary<double, double, TD>(dst.Sizes, a.Data<double>(), a.StorageOffset, a.Strides, dst.Data<double>(), dst.StorageOffset, dst.Strides); break;
            case ScalarType.Int64:
                ElementwiseLoops.Unary<long, long, TL>(dst.Sizes, a.Data<long>(), a.StorageOffset, a.Strides, dst.Data<long>(), dst.StorageOffset, dst.Strides); break;
            default:
                throw new NotSupportedException($"This operation does not support {dst.ElementType.TorchName()} tensors.");
        }
        KeepAlive(a, dst);
    }

    /// <summary>A predicate over elements (isnan, …): bool result.</summary>
    public static Tensor Predicate<TF, TD>(Tensor a)
        where TF : IUnaryOp<TF, float, bool>
        where TD : IUnaryOp<TD, double, bool>
    {
        var result = Tensor.Empty(a.Sizes, ScalarType.Bool, uninitialized: true);
        if (a.ElementType is ScalarType.Float16 or ScalarType.BFloat16) a = a.ToDTypeIfNeeded(ScalarType.Float32);
        switch (a.ElementType)
        {
            case ScalarType.Float32:
                ElementwiseLoops.Unary<float, bool, TF>(a.Sizes, a.Data<float>(), a.StorageOffset, a.Strides, result.Data<bool>(), 0, result.Strides); break;
            case ScalarType.Float64:
                ElementwiseLoops.Unary<double, bool, TD>(a.Sizes, a.Data<double>(), a.StorageOffset, a.Strides, result.Data<bool>(), 0, result.Strides); break;
            default:
                // Integers and bools: never NaN or infinite.
                result.Data<bool>().AsSpan().Clear(); break;
        }
        GC.KeepAlive(a);
        return result;
    }

    /// <summary>
    /// Ends an op that handed its tensors' arrays to a kernel: keeps them (and so their storages)
    /// reachable until the kernel is done. A pooled array goes back to the pool when its storage
    /// dies, so without this a tensor the caller dropped could see its array handed out again
    /// (on another thread, or to an allocation the op makes) while the loop still runs over it
    /// (docs/ARCHITECTURE.md, "Buffer lifetime").
    /// </summary>
    public static void KeepAlive(Tensor a, Tensor b, Tensor? c = null)
    {
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        GC.KeepAlive(c);
    }
}

/// <summary>Per-thread 0-dim tensors used as converted scalar operands (never escape an op).</summary>
internal static class ScalarBuffer<T> // unconstrained: see docs/PERFORMANCE.md, 'Generic instantiations'
{
    [ThreadStatic] private static Tensor? t_left, t_right;

    /// <summary>Slot 0 holds a left operand, slot 1 a right one, so both can be in use at once.</summary>
    public static Tensor Hold(int slot, T value)
    {
        var t = slot == 0 ? (t_left ??= Tensor.Scalar(default(T))) : (t_right ??= Tensor.Scalar(default(T)));
        t.Data<T>()[0] = value;
        return t;
    }
}
