using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// Sorting and selection along a dim: sort, argsort, topk, kthvalue, median, mode, unique. One
/// stable sort kernel (<see cref="SortKernels"/>, NaN largest) serves them all; each op then picks
/// positions of the sorted slices. The values' backward scatters the gradient into the selected
/// indices (value_selecting_reduction_backward), a scatter whose own backward is a gather, so it
/// is differentiable again.
/// </summary>
internal static class Sorting
{
    /// <summary>The stable sort of every slice along <paramref name="d"/> (no autograd): contiguous
    /// values and int64 indices shaped like <paramref name="a"/>, which has at least one dim.</summary>
    private static (Tensor values, Tensor indices) SortSlices(Tensor a, int d, bool descending)
    {
        if (a.ElementType == ScalarType.Bool)
        {
            var (v, i) = SortSlices(a.ToDTypeIfNeeded(ScalarType.Int64), d, descending);
            return (v.ToDTypeIfNeeded(ScalarType.Bool), i);
        }
        var x = Copy.Contiguous(a);
        var values = Tensor.Empty(a.Sizes, a.ElementType, uninitialized: true);
        var indices = Tensor.Empty(a.Sizes, ScalarType.Int64, uninitialized: true);
        if (a.NumelInt == 0) return (values, indices);
        var (outer, n, inner) = Reduction.Split(a.Sizes, d);
        var idx = indices.ContiguousSpan<long>();
        switch (x.ElementType)
        {
            case ScalarType.Float32: SortKernels.Sort(x.ContiguousSpan<float>(), outer, n, inner, descending, values.ContiguousSpan<float>(), idx); break;
            case ScalarType.Float64: SortKernels.Sort(x.ContiguousSpan<double>(), outer, n, inner, descending, values.ContiguousSpan<double>(), idx); break;
            case ScalarType.Int64: SortKernels.Sort(x.ContiguousSpan<long>(), outer, n, inner, descending, values.ContiguousSpan<long>(), idx); break;
            default: throw new NotSupportedException($"sort: tensors of dtype {x.ElementType} are not supported");
        }
        GC.KeepAlive(x);
        return (values, indices);
    }

    /// <summary>The input with at least one dim (a 0-dim tensor as one element), detached: the ops
    /// compute on it and record their node on the input itself.</summary>
    private static (Tensor x, int d) AtLeast1D(Tensor a, long dim)
    {
        int d = Tensor.NormalizeDim(dim, a.Sizes.Length);
        var x = a.detach();
        return (a.Sizes.Length == 0 ? x.reshape(1) : x, d);
    }

    /// <summary>A fresh tensor (no view) holding <paramref name="t"/>'s values in <paramref name="shape"/>.</summary>
    private static Tensor Fresh(Tensor t, int[] shape)
    {
        var c = Copy.Contiguous(t);
        if (ReferenceEquals(c, t) && (t.ViewBase is not null || t.StorageOffset != 0)) c = t.clone();
        return new Tensor(c.SharedStorage, shape, Tensor.ContiguousStrides(shape), c.StorageOffset);
    }

    /// <summary>Records value_selecting_reduction_backward on <paramref name="values"/>.</summary>
    private static void RecordSelection(Tensor a, Tensor values, Tensor indices, int d, bool keepdim, string node)
    {
        if (Autograd.NeedsGrad(a))
            values.SetHistory(new Reduction.ValueSelectingBackward(a, indices, d, keepdim, node));
    }

    // ------------------------------------------------------------------ sort, argsort, topk

    /// <summary>sort: the values in order along dim and where each came from. The sort is always
    /// stable; <paramref name="stable"/> picks PyTorch's overload (sort.stable's node is SortBackward1).</summary>
    public static (Tensor values, Tensor indices) Sort(Tensor a, long dim, bool descending, bool stable)
    {
        var (x, d) = AtLeast1D(a, dim);
        var (values, indices) = SortSlices(x, d, descending);
        values = Fresh(values, a.Sizes);
        indices = Fresh(indices, a.Sizes);
        RecordSelection(a, values, indices, d, keepdim: true, stable ? "SortBackward1" : "SortBackward0");
        return (values, indices);
    }

    public static Tensor Argsort(Tensor a, long dim, bool descending)
    {
        var (x, d) = AtLeast1D(a, dim);
        return Fresh(SortSlices(x, d, descending).indices, a.Sizes);
    }

    /// <summary>topk: the k largest (or smallest) values along dim, in sorted order, and their indices.</summary>
    public static (Tensor values, Tensor indices) Topk(Tensor a, long k, long dim, bool largest, bool sorted)
    {
        _ = sorted; // the values always come back sorted, which is one valid order for sorted=false
        var (x, d) = AtLeast1D(a, dim);
        if (k < 0 || k > x.Sizes[d])
            throw new ArgumentException("selected index k out of range");
        var (allValues, allIndices) = SortSlices(x, d, descending: largest);
        var shape = (int[])a.Sizes.Clone();
        if (shape.Length > 0) shape[d] = (int)k;
        var values = Fresh(allValues.narrow(d, 0, k), shape);
        var indices = Fresh(allIndices.narrow(d, 0, k), shape);
        RecordSelection(a, values, indices, d, keepdim: true, "TopkBackward0");
        return (values, indices);
    }

    // ------------------------------------------------------------------ kthvalue, median, mode

    /// <summary>The values and indices at one position per slice of a sort, the position given as a
    /// keepdim-shaped int64 tensor; dim d dropped unless keepdim.</summary>
    private static (Tensor values, Tensor indices) TakeSorted(Tensor a, Tensor sortedValues, Tensor sortedIndices, int d, Tensor position, bool keepdim)
    {
        var mask = Reduction.ReduceMask(a.Sizes.Length, a.Sizes.Length == 0 ? [] : [d]);
        var shape = Reduction.ReducedShape(a.Sizes, mask, keepdim);
        return (Fresh(GatherScatter.Gather(sortedValues, d, position), shape), Fresh(GatherScatter.Gather(sortedIndices, d, position), shape));
    }

    /// <summary>A keepdim-shaped int64 tensor of one position for every slice of <paramref name="x"/>.</summary>
    private static Tensor Position(Tensor x, int d, long position)
    {
        var shape = Reduction.ToLong(x.Sizes);
        shape[d] = 1;
        return torch.full(shape, position, dtype: ScalarType.Int64);
    }

    /// <summary>kthvalue: the k-th smallest value of each slice (k from 1) and its index.</summary>
    public static (Tensor values, Tensor indices) Kthvalue(Tensor a, long k, long dim, bool keepdim)
    {
        var (x, d) = AtLeast1D(a, dim);
        if (k < 1 || k > x.Sizes[d])
            throw new ArgumentException($"kthvalue(): selected number k out of range for dimension {d}");
        var (sortedValues, sortedIndices) = SortSlices(x, d, descending: false);
        var (values, indices) = TakeSorted(a, sortedValues, sortedIndices, d, Position(x, d, k - 1), keepdim);
        RecordSelection(a, values, indices, d, keepdim, "KthvalueBackward0");
        return (values, indices);
    }

    /// <summary>median(dim): the lower median of each slice (the element at (n − 1) / 2 of the sort)
    /// and its index; a slice holding NaN gives NaN and the index of its first NaN, as PyTorch.</summary>
    public static (Tensor values, Tensor indices) MedianDim(Tensor a, long dim, bool keepdim)
    {
        var (x, d) = AtLeast1D(a, dim);
        int n = x.Sizes[d];
        if (n == 0)
            throw new IndexOutOfRangeException($"median(): Expected reduction dim {d} to have non-zero size.");
        var (sortedValues, sortedIndices) = SortSlices(x, d, descending: false);
        Tensor position;
        using (new GradModeScope(false))
        {
            // NaNs sort last, in order; the first of them sits at n − (number of NaNs).
            var nanCount = Reduction.Sum(Comparison.IsNan(sortedValues), [d], keepdim: true, dtype: ScalarType.Int64);
            position = Selection.Where(nanCount > 0, Arithmetic.Sub(Tensor.WrapNumber((long)n), nanCount), Position(x, d, (n - 1) / 2));
        }
        var (values, indices) = TakeSorted(a, sortedValues, sortedIndices, d, position, keepdim);
        RecordSelection(a, values, indices, d, keepdim, "MedianBackward1");
        return (values, indices);
    }

    /// <summary>median() of all elements: the lower median, NaN if any element is NaN (or the tensor
    /// is empty). Its gradient is shared evenly among the elements equal to it.</summary>
    public static Tensor MedianAll(Tensor a)
    {
        if (a.ElementType == ScalarType.Bool)
            throw new NotSupportedException("\"median_cpu\" not implemented for 'Bool'");
        Tensor result;
        if (a.NumelInt == 0)
        {
            if (!a.ElementType.IsFloatingPoint())
                throw new InvalidOperationException("median() input tensor cannot be empty");
            result = torch.full([], double.NaN, dtype: a.ElementType);
        }
        else
        {
            var flat = a.detach().reshape(-1);
            var sorted = SortSlices(flat, 0, descending: false).values;
            int n = flat.Sizes[0];
            // NaNs sort last: the last element is NaN exactly when some element is.
            int position = Comparison.IsNan(sorted.select(0, n - 1)).item<bool>() ? n - 1 : (n - 1) / 2;
            result = Fresh(sorted.narrow(0, position, 1), []);
        }
        if (Autograd.NeedsGrad(a))
            result.SetHistory(new ReductionBackward("MedianBackward0", a, Reduction.ReduceMask(a.Sizes.Length, []), keepdim: false,
                EvenlyDistribute, savedInput: a, savedResult: result));
        return result;
    }

    /// <summary>evenly_distribute_backward: the gradient split evenly among the elements equal to the
    /// result (the NaNs, when the result is NaN).</summary>
    private static Tensor EvenlyDistribute(Tensor grad, ReductionBackward node)
    {
        var self = node.Input;
        var value = node.Result;
        Tensor mask;
        long count;
        using (new GradModeScope(false))
        {
            mask = Comparison.IsNan(value).item<bool>() ? Comparison.IsNan(self) : Comparison.Eq(self, value.detach());
            count = Reduction.Sum(mask, null, false, null).item<long>();
        }
        return Selection.Where(mask, grad / (double)count, torch.zeros_like(self, dtype: grad.ElementType));
    }

    /// <summary>mode: the most frequent value of each slice (the smallest of equally frequent ones)
    /// and the index of its last occurrence, as PyTorch's CPU kernel.</summary>
    public static (Tensor values, Tensor indices) Mode(Tensor a, long dim, bool keepdim)
    {
        var (x, d) = AtLeast1D(a, dim);
        var mask = Reduction.ReduceMask(a.Sizes.Length, a.Sizes.Length == 0 ? [] : [d]);
        var shape = Reduction.ReducedShape(a.Sizes, mask, keepdim);
        if (x.ElementType == ScalarType.Bool)
        {
            var (v, i) = Mode(x.ToDTypeIfNeeded(ScalarType.Int64), dim, keepdim);
            return (Fresh(v.ToDTypeIfNeeded(ScalarType.Bool), shape), Fresh(i, shape));
        }
        if (x.Sizes[d] == 0)
            throw new IndexOutOfRangeException($"mode(): Expected reduction dim {d} to have non-zero size.");
        var (sortedValues, sortedIndices) = SortSlices(x, d, descending: false);
        var values = Tensor.Empty(shape, x.ElementType, uninitialized: true);
        var indices = Tensor.Empty(shape, ScalarType.Int64, uninitialized: true);
        var (outer, n, inner) = Reduction.Split(x.Sizes, d);
        var order = sortedIndices.ContiguousSpan<long>();
        var idx = indices.ContiguousSpan<long>();
        switch (x.ElementType)
        {
            case ScalarType.Float32: SortKernels.Mode<float>(sortedValues.ContiguousSpan<float>(), order, outer, n, inner, values.ContiguousSpan<float>(), idx); break;
            case ScalarType.Float64: SortKernels.Mode<double>(sortedValues.ContiguousSpan<double>(), order, outer, n, inner, values.ContiguousSpan<double>(), idx); break;
            case ScalarType.Int64: SortKernels.Mode<long>(sortedValues.ContiguousSpan<long>(), order, outer, n, inner, values.ContiguousSpan<long>(), idx); break;
            default: throw new NotSupportedException($"mode: tensors of dtype {x.ElementType} are not supported");
        }
        GC.KeepAlive(sortedValues);
        GC.KeepAlive(sortedIndices);
        RecordSelection(a, values, indices, d, keepdim, "ModeBackward0");
        return (values, indices);
    }

    // ------------------------------------------------------------------ unique

    /// <summary>unique over all elements (dim=None): the distinct values in ascending order (each NaN
    /// its own value, as in PyTorch), and optionally each element's place among them (shaped like
    /// the input) and each value's count. Not differentiable, as in PyTorch.</summary>
    public static (Tensor output, Tensor? inverse_indices, Tensor? counts) Unique(Tensor a, bool returnInverse, bool returnCounts)
    {
        if (a.ElementType == ScalarType.Bool)
        {
            var (o, i, c) = Unique(a.ToDTypeIfNeeded(ScalarType.Int64), returnInverse, returnCounts);
            return (o.ToDTypeIfNeeded(ScalarType.Bool), i, c);
        }
        var flat = a.detach().reshape(-1);
        int total = flat.NumelInt;
        var (sortedValues, sortedIndices) = SortSlices(flat, 0, descending: false);
        var output = Tensor.Empty([total], a.ElementType, uninitialized: true);
        var inverse = Tensor.Empty(a.Sizes, ScalarType.Int64, uninitialized: true);
        var counts = Tensor.Empty([total], ScalarType.Int64, uninitialized: true);
        var order = sortedIndices.ContiguousSpan<long>();
        var inv = inverse.ContiguousSpan<long>();
        var cnt = counts.ContiguousSpan<long>();
        int groups = a.ElementType switch
        {
            ScalarType.Float32 => SortKernels.Unique<float>(sortedValues.ContiguousSpan<float>(), order, output.ContiguousSpan<float>(), inv, cnt),
            ScalarType.Float64 => SortKernels.Unique<double>(sortedValues.ContiguousSpan<double>(), order, output.ContiguousSpan<double>(), inv, cnt),
            ScalarType.Int64 => SortKernels.Unique<long>(sortedValues.ContiguousSpan<long>(), order, output.ContiguousSpan<long>(), inv, cnt),
            _ => throw new NotSupportedException($"unique: tensors of dtype {a.ElementType} are not supported"),
        };
        GC.KeepAlive(sortedValues);
        GC.KeepAlive(sortedIndices);
        return (Fresh(output.narrow(0, 0, groups), [groups]), returnInverse ? inverse : null,
            returnCounts ? Fresh(counts.narrow(0, 0, groups), [groups]) : null);
    }
}
