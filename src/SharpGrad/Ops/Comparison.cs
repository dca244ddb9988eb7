using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Comparisons and logic: bool results, never differentiable.</summary>
internal static class Comparison
{
    public static Tensor Eq(Tensor a, Tensor b) => Dispatch.Compare<EqOp, EqOp, EqOp, BoolEqOp>(a, b);
    public static Tensor Ne(Tensor a, Tensor b) => Dispatch.Compare<NeOp, NeOp, NeOp, BoolNeOp>(a, b);
    public static Tensor Lt(Tensor a, Tensor b) => Compare<LtOp, LtOp, LtOp>(a, b);
    public static Tensor Le(Tensor a, Tensor b) => Compare<LeOp, LeOp, LeOp>(a, b);
    public static Tensor Gt(Tensor a, Tensor b) => Compare<GtOp, GtOp, GtOp>(a, b);
    public static Tensor Ge(Tensor a, Tensor b) => Compare<GeOp, GeOp, GeOp>(a, b);

    /// <summary>Ordering comparisons on bool operands compare them as 0/1.</summary>
    private static Tensor Compare<TF, TD, TL>(Tensor a, Tensor b)
        where TF : IBinaryOp<TF, float, bool> where TD : IBinaryOp<TD, double, bool> where TL : IBinaryOp<TL, long, bool>
    {
        if (Tensor.ResultType(a, b) == ScalarType.Bool)
        {
            a = a.ToDTypeIfNeeded(ScalarType.Int64);
            b = b.ToDTypeIfNeeded(ScalarType.Int64);
        }
        return Dispatch.Compare<TF, TD, TL, BoolEqOp>(a, b);
    }

    public static Tensor LogicalAnd(Tensor a, Tensor b) => Logical<LogicalAndOp>(a, b);
    public static Tensor LogicalOr(Tensor a, Tensor b) => Logical<LogicalOrOp>(a, b);
    public static Tensor LogicalXor(Tensor a, Tensor b) => Logical<LogicalXorOp>(a, b);

    private static Tensor Logical<TOp>(Tensor a, Tensor b) where TOp : IBinaryOp<TOp, bool, bool>
    {
        a = a.ToDTypeIfNeeded(ScalarType.Bool);
        b = b.ToDTypeIfNeeded(ScalarType.Bool);
        var shape = Tensor.BroadcastShapes(a.Sizes, b.Sizes);
        var result = Tensor.Empty(shape, ScalarType.Bool, uninitialized: true);
        ElementwiseLoops.Binary<bool, bool, TOp>(shape, a.Data<bool>(), a.StorageOffset, Dispatch.BroadcastStrides(a, shape),
            b.Data<bool>(), b.StorageOffset, Dispatch.BroadcastStrides(b, shape), result.Data<bool>(), 0, result.Strides);
        Dispatch.KeepAlive(a, b);
        return result;
    }

    public static Tensor LogicalNot(Tensor a)
    {
        a = a.ToDTypeIfNeeded(ScalarType.Bool);
        var result = Tensor.Empty(a.Sizes, ScalarType.Bool, uninitialized: true);
        ElementwiseLoops.Unary<bool, bool, LogicalNotOp>(a.Sizes, a.Data<bool>(), a.StorageOffset, a.Strides, result.Data<bool>(), 0, result.Strides);
        GC.KeepAlive(a);
        return result;
    }

    public static Tensor IsNan(Tensor a) => Dispatch.Predicate<IsNanOp, IsNanOp>(a);

    /// <summary>True when every element is non-zero (a 0-dim bool tensor).</summary>
    public static Tensor All(Tensor a)
    {
        var b = Copy.Contiguous(a.ToDTypeIfNeeded(ScalarType.Bool));
        bool all = !b.ContiguousSpan<bool>().Contains(false);
        GC.KeepAlive(b);
        return Tensor.Scalar(all);
    }

    public static Tensor Any(Tensor a)
    {
        var b = Copy.Contiguous(a.ToDTypeIfNeeded(ScalarType.Bool));
        bool any = b.ContiguousSpan<bool>().Contains(true);
        GC.KeepAlive(b);
        return Tensor.Scalar(any);
    }

    /// <summary>torch.equal: same shape and same values.</summary>
    public static bool Equal(Tensor a, Tensor b)
        => a.SameShape(b) && All(Eq(a, b)).item<bool>();

    /// <summary>torch.allclose: |a - b| &lt;= atol + rtol * |b| everywhere (NaNs equal only with equal_nan).</summary>
    public static bool AllClose(Tensor a, Tensor b, double rtol, double atol, bool equalNan)
    {
        using var _ = new GradModeScope(false);
        return All(IsClose(a, b, rtol, atol, equalNan)).item<bool>();
    }

    /// <summary>PyTorch's isclose: equal (infinities included), or a finite difference within
    /// atol + rtol·|b|; NaNs match each other only with <paramref name="equalNan"/>.</summary>
    public static Tensor IsClose(Tensor a, Tensor b, double rtol, double atol, bool equalNan)
    {
        if (rtol < 0) throw new ArgumentException($"rtol must be greater than or equal to zero, but got {rtol}");
        if (atol < 0) throw new ArgumentException($"atol must be greater than or equal to zero, but got {atol}");
        using var _ = new GradModeScope(false);
        var a64 = a.to(ScalarType.Float64);
        var b64 = b.to(ScalarType.Float64);
        var exact = Eq(a64, b64);
        var error = (a64 - b64).abs();
        // error <= double.MaxValue is false for inf and NaN: only a finite error counts as close.
        var close = LogicalAnd(Le(error, atol + rtol * b64.abs()), Le(error, double.MaxValue));
        var ok = LogicalOr(exact, close);
        if (equalNan) ok = LogicalOr(ok, LogicalAnd(IsNan(a64), IsNan(b64)));
        return ok;
    }
}
