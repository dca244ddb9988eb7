namespace SharpGrad.Ops;

// prod() and prod(dim): forward with TensorPrimitives.Product runs, backward safe with zeros.
internal static partial class Reduction
{
    /// <summary>Product over <paramref name="dims"/> (null: all, giving a 0-dim tensor); integral and
    /// bool inputs multiply in int64.</summary>
    public static Tensor Prod(Tensor a, int[]? dims, bool keepdim, ScalarType? dtype)
    {
        // A floating dtype conversion is part of the graph, as in PyTorch (a.to(dtype).prod()).
        if (dtype is { } dt && dt != a.ElementType && dt.IsFloatingPoint() && a.ElementType.IsFloatingPoint())
            return Prod(a.to(dt), dims, keepdim, null);
        var outType = dtype ?? (a.ElementType.IsFloatingPoint() ? a.ElementType : ScalarType.Int64);
        var mask = ReduceMask(a.Sizes.Length, dims ?? []);
        var outShape = dims is null && !keepdim ? [] : ReducedShape(a.Sizes, mask, keepdim);
        var result = ReduceValues(a.ToDTypeIfNeeded(outType), mask, outShape, ExtremeKind.Prod);
        if (outType.IsFloatingPoint() && Autograd.NeedsGrad(a))
            result.SetHistory(new ReductionBackward(dims is null ? "ProdBackward0" : "ProdBackward1", a, mask, keepdim,
                static (g, n) => n.Input.dim() == 0 ? g : ProdGradient(g, n.Input, n.Result, n.Dims), savedInput: a, savedResult: result));
        return result;
    }

    /// <summary>
    /// grad · ∏_{j≠i} x_j, written with differentiable tensor ops. Without zeros this is
    /// grad · result / x, as in PyTorch. With zeros, per slice (z = number of zeros in it), using
    /// x' = where(x == 0, 1, x), P = prod(x') over the slice (the product of its non-zero
    /// elements) and Z = Σ where(x == 0, x, 0) (zero in value, but carrying ∂/∂ of the zero):
    /// <list type="bullet">
    /// <item>z = 0: P / x;</item>
    /// <item>z = 1: P at the zero, Z · P / x elsewhere (zero, with the right derivative);</item>
    /// <item>z ≥ 2: 0.</item>
    /// </list>
    /// This gives exact first derivatives everywhere, and exact second derivatives wherever no slice
    /// has two or more zeros (PyTorch's formula, by exclusive cumulative products, is needed only
    /// beyond that).
    /// </summary>
    internal static Tensor ProdGradient(Tensor grad, Tensor input, Tensor result, int[] dims)
    {
        Tensor isZero;
        using (new GradModeScope(false))
            isZero = Comparison.Eq(input, Tensor.WrapNumber(0.0));
        if (!Comparison.Any(isZero).item<bool>()) return grad * (result / input);

        Tensor zeroCount;
        using (new GradModeScope(false))
            zeroCount = Sum(isZero, dims, keepdim: true, dtype: null);
        var zero = torch.zeros_like(input);
        var safe = Selection.Where(isZero, torch.ones_like(input), input);
        var others = Prod(safe, dims, keepdim: true, dtype: null);
        var zeroValue = Sum(Selection.Where(isZero, input, zero), dims, keepdim: true, dtype: null);
        var noZero = others / safe;
        var oneZero = Selection.Where(isZero, others, zeroValue * others / safe);
        var exclusive = Selection.Where(zeroCount == 0, noZero, Selection.Where(zeroCount == 1, oneZero, zero));
        return grad * exclusive;
    }
}
