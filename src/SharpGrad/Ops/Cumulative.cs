using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Cumulative ops along a dim: cumprod, cummax, cummin (cumsum lives with the reductions).</summary>
internal static class Cumulative
{
    /// <summary>cumprod: running products; integral and bool inputs give int64, as PyTorch.</summary>
    public static Tensor Cumprod(Tensor a, long dim, ScalarType? dtype)
    {
        if (dtype is { } dt && dt != a.ElementType) a = a.to(dt);
        var outType = a.ElementType.IsFloatingPoint() ? a.ElementType : ScalarType.Int64;
        int d = Tensor.NormalizeDim(dim, a.Sizes.Length);
        var x = Copy.Contiguous(a.ToDTypeIfNeeded(outType));
        var result = Tensor.Empty(a.Sizes, outType, uninitialized: true);
        var (outer, n, inner) = Reduction.Split(a.Sizes, d);
        switch (outType)
        {
            case ScalarType.Float32: ReduceKernels.Cumprod<float, double>(x.ContiguousSpan<float>(), outer, n, inner, result.ContiguousSpan<float>()); break;
            case ScalarType.Float64: ReduceKernels.Cumprod<double, double>(x.ContiguousSpan<double>(), outer, n, inner, result.ContiguousSpan<double>()); break;
            case ScalarType.Int64: ReduceKernels.Cumprod<long, long>(x.ContiguousSpan<long>(), outer, n, inner, result.ContiguousSpan<long>()); break;
            default: throw new NotSupportedException($"cumprod: tensors of dtype {outType} are not supported");
        }
        GC.KeepAlive(x);
        if (outType.IsFloatingPoint() && Autograd.NeedsGrad(a))
            result.SetHistory(new UnaryBackward<int>("CumprodBackward0", a, a, d, static (g, input, dim) => CumprodBackward(g, input, dim)));
        return result;
    }

    /// <summary>
    /// PyTorch's cumprod_backward. Without zeros in the input, the gradient is the reversed cumulative
    /// sum of grad · output, divided by the input. With zeros that division fails: without a graph
    /// to build, a one-pass kernel gives the gradient; with one (create_graph), each input x_k's
    /// gradient is Σ_{j≥k} grad_j · Π_{i≤j, i≠k} x_i, built from products that leave x_k out
    /// (O(n²) in the dim's size) with differentiable ops, so second derivatives work.
    /// </summary>
    private static Tensor CumprodBackward(Tensor grad, Tensor input, int dim)
    {
        if (input.NumelInt <= 1 || input.Sizes[dim] == 1) return grad;
        bool hasZero;
        using (new GradModeScope(false))
            hasZero = Comparison.Any(Comparison.Eq(input, Tensor.WrapNumber(0.0))).item<bool>();
        if (!hasZero) return Reduction.Cumsum(Cumprod(input, dim, null) * grad, dim, null, reverse: true) / input;
        if (!GradMode.Enabled) return CumprodBackwardWithoutGraph(grad, input, dim);

        int n = input.Sizes[dim];
        var onesShape = Reduction.ToLong(input.Sizes);
        onesShape[dim] = 1;
        var ones = torch.ones(onesShape, dtype: grad.ElementType);
        var gradInputs = new Tensor[n];
        for (int k = 0; k < n; k++)
        {
            // omitted[j − k] = Π_{i≤j, i≠k} x_i for j = k … n − 1.
            Tensor omitted;
            if (k == 0)
                omitted = torch.cat([ones, Cumprod(input.narrow(dim, 1, n - 1), dim, null)], dim);
            else
            {
                var untilK = input.narrow(dim, 0, k).prod(dim, keepdim: true);
                omitted = k == n - 1 ? untilK
                    : torch.cat([untilK, untilK * Cumprod(input.narrow(dim, k + 1, n - k - 1), dim, null)], dim);
            }
            gradInputs[k] = (grad.narrow(dim, k, n - k) * omitted).sum(dim, keepdim: true);
        }
        return torch.cat(gradInputs, dim);
    }

    /// <summary>cumprod's gradient in one pass per slice (not differentiable: used when no graph is built).</summary>
    private static Tensor CumprodBackwardWithoutGraph(Tensor grad, Tensor input, int dim)
    {
        var x = Copy.Contiguous(input);
        var g = Copy.Contiguous(grad.ToDTypeIfNeeded(input.ElementType));
        var result = Tensor.Empty(input.Sizes, input.ElementType, uninitialized: true);
        var (outer, n, inner) = Reduction.Split(input.Sizes, dim);
        switch (input.ElementType)
        {
            case ScalarType.Float32: SortKernels.CumprodBackward(x.ContiguousSpan<float>(), g.ContiguousSpan<float>(), outer, n, inner, result.ContiguousSpan<float>()); break;
            case ScalarType.Float64: SortKernels.CumprodBackward(x.ContiguousSpan<double>(), g.ContiguousSpan<double>(), outer, n, inner, result.ContiguousSpan<double>()); break;
            default: throw new NotSupportedException($"cumprod: gradients of dtype {input.ElementType} are not supported");
        }
        GC.KeepAlive(x);
        GC.KeepAlive(g);
        return result;
    }

    /// <summary>cummax / cummin: the running maximum (minimum) and the index it was taken from; the
    /// gradient goes to those indices (scatter_add, since an index repeats along the dim).</summary>
    public static (Tensor values, Tensor indices) CumExtreme(Tensor a, long dim, bool isMax)
    {
        int d = Tensor.NormalizeDim(dim, a.Sizes.Length);
        if (a.ElementType == ScalarType.Bool)
        {
            var (v, i) = CumExtreme(a.ToDTypeIfNeeded(ScalarType.Int64), dim, isMax);
            return (v.ToDTypeIfNeeded(ScalarType.Bool), i);
        }
        var x = Copy.Contiguous(a);
        var values = Tensor.Empty(a.Sizes, a.ElementType, uninitialized: true);
        var indices = Tensor.Empty(a.Sizes, ScalarType.Int64, uninitialized: true);
        var (outer, n, inner) = Reduction.Split(a.Sizes, d);
        var idx = indices.ContiguousSpan<long>();
        switch (a.ElementType)
        {
            case ScalarType.Float32: SortKernels.CumExtreme(x.ContiguousSpan<float>(), outer, n, inner, isMax, values.ContiguousSpan<float>(), idx); break;
            case ScalarType.Float64: SortKernels.CumExtreme(x.ContiguousSpan<double>(), outer, n, inner, isMax, values.ContiguousSpan<double>(), idx); break;
            case ScalarType.Int64: SortKernels.CumExtreme(x.ContiguousSpan<long>(), outer, n, inner, isMax, values.ContiguousSpan<long>(), idx); break;
            default: throw new NotSupportedException($"{(isMax ? "cummax" : "cummin")}: tensors of dtype {a.ElementType} are not supported");
        }
        GC.KeepAlive(x);
        if (Autograd.NeedsGrad(a))
            values.SetHistory(new Reduction.ValueSelectingBackward(a, indices, d, keepdim: true, isMax ? "CummaxBackward0" : "CumminBackward0"));
        return (values, indices);
    }
}
