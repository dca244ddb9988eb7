using System.Numerics;
using System.Numerics.Tensors;

namespace SharpGrad.Ops;

/// <summary>max, min, argmax, argmin, prod, and the gather/scatter pair their backward needs.</summary>
internal static partial class Reduction
{
    /// <summary>The tensor with <paramref name="dim"/> moved last and made contiguous: rows of length shape[dim].</summary>
    private static Tensor RowsAlong(Tensor x, int dim)
    {
        int n = x.dim();
        if (n == 0) return x.reshape(1);
        if (dim == n - 1) return Kernels.Copy.Contiguous(x);
        var perm = Enumerable.Range(0, n).Where(i => i != dim).Append(dim).Select(i => (long)i).ToArray();
        return Kernels.Copy.Contiguous(Shape.Permute(x, perm));
    }

    /// <summary>Shape of a reduction of <paramref name="shape"/> over one dim.</summary>
    private static int[] ReducedOne(int[] shape, int dim, bool keepdim)
    {
        if (shape.Length == 0) return [];
        var mask = new bool[shape.Length];
        mask[dim] = true;
        return ReducedShape(shape, mask, keepdim);
    }

    private static void CheckNotEmpty(Tensor a, string op)
    {
        if (a.NumelInt == 0)
            throw new InvalidOperationException(
                $"{op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
    }

    // ------------------------------------------------------------------ whole-tensor max / min

    public static Tensor MaxAll(Tensor a, bool isMax)
    {
        CheckNotEmpty(a, isMax ? "max" : "min");
        var x = Kernels.Copy.Contiguous(a);
        Tensor result = a._dtype switch
        {
            ScalarType.Float32 => Tensor.Scalar(Extreme(x.ContiguousSpan<float>(), isMax)),
            ScalarType.Float64 => Tensor.Scalar(Extreme(x.ContiguousSpan<double>(), isMax)),
            ScalarType.Int64 => Tensor.Scalar(Extreme(x.ContiguousSpan<long>(), isMax)),
            _ => Tensor.Scalar(isMax ? x.ContiguousSpan<bool>().Contains(true) : !x.ContiguousSpan<bool>().Contains(false)),
        };
        if (Autograd.NeedsGrad(a)) result.SetHistory(new MaxMinAllBackward(a, result, isMax));
        return result;
    }

    private static T Extreme<T>(ReadOnlySpan<T> s, bool isMax) where T : INumber<T>
        => isMax ? TensorPrimitives.Max(s) : TensorPrimitives.Min(s); // NaN-propagating, as PyTorch

    /// <summary>MaxBackward1 / MinBackward1: the gradient is shared evenly by all elements equal to the result.</summary>
    internal sealed class MaxMinAllBackward : Node
    {
        private readonly bool _isMax;
        public MaxMinAllBackward(Tensor a, Tensor result, bool isMax) : base([a]) { _isMax = isMax; SaveForBackward(a, result); }
        public override string name() => _isMax ? "MaxBackward1" : "MinBackward1";

        internal override Tensor?[] Apply(Tensor grad)
        {
            var self = Saved(0);
            var mask = (self == Saved(1)).to(self._dtype);
            return [mask * (grad / mask.sum())];
        }
    }

    // ------------------------------------------------------------------ max / min along a dim

    /// <summary>(values, indices) of the max or min along <paramref name="dim"/>; ties pick the first,
    /// and NaN counts as the extreme, as in PyTorch.</summary>
    public static (Tensor values, Tensor indices) MaxDim(Tensor a, long dim, bool keepdim, bool isMax)
    {
        int d = Tensor.NormalizeDim(dim, a.dim());
        if (a.dim() > 0 && a._shape[d] == 0)
            throw new IndexOutOfRangeException(
                $"{(isMax ? "max" : "min")}(): Expected reduction dim {d} to have non-zero size.");
        var rows = RowsAlong(a, d);
        int n = a.dim() == 0 ? 1 : a._shape[d];
        var outShape = ReducedOne(a._shape, d, keepdim);
        var values = Tensor.Empty(outShape, a._dtype, uninitialized: true);
        var indices = Tensor.Empty(outShape, ScalarType.Int64, uninitialized: true);
        var idx = indices.ContiguousSpan<long>();
        switch (a._dtype)
        {
            case ScalarType.Float32: ArgExtreme(rows.ContiguousSpan<float>(), n, isMax, values.ContiguousSpan<float>(), idx); break;
            case ScalarType.Float64: ArgExtreme(rows.ContiguousSpan<double>(), n, isMax, values.ContiguousSpan<double>(), idx); break;
            case ScalarType.Int64: ArgExtreme(rows.ContiguousSpan<long>(), n, isMax, values.ContiguousSpan<long>(), idx); break;
            default:
            {
                var asLong = RowsAlong(a.to(ScalarType.Int64), d);
                var tmp = new long[idx.Length];
                ArgExtreme(asLong.ContiguousSpan<long>(), n, isMax, tmp, idx);
                var v = values.ContiguousSpan<bool>();
                for (int i = 0; i < v.Length; i++) v[i] = tmp[i] != 0;
                break;
            }
        }
        if (Autograd.NeedsGrad(a)) values.SetHistory(new MaxMinDimBackward(a, indices, d, keepdim, isMax));
        return (values, indices);
    }

    private static void ArgExtreme<T>(ReadOnlySpan<T> rows, int n, bool isMax, Span<T> values, Span<long> indices)
        where T : INumber<T>
    {
        for (int r = 0; r < values.Length; r++)
        {
            var row = rows.Slice(r * n, n);
            int best = 0;
            for (int j = 1; j < n; j++)
            {
                if (T.IsNaN(row[best])) break;
                var v = row[j];
                if (T.IsNaN(v) || (isMax ? v > row[best] : v < row[best])) best = j;
            }
            values[r] = row[best];
            indices[r] = best;
        }
    }

    /// <summary>MaxBackward0 / MinBackward0: the gradient goes to the selected positions.</summary>
    internal sealed class MaxMinDimBackward : Node
    {
        private readonly int _dim;
        private readonly bool _keepdim, _isMax;
        private readonly int[] _shape;

        public MaxMinDimBackward(Tensor a, Tensor indices, int dim, bool keepdim, bool isMax) : base([a])
        {
            _dim = dim;
            _keepdim = keepdim;
            _isMax = isMax;
            _shape = a._shape;
            SaveForBackward(indices);
        }

        public override string name() => _isMax ? "MaxBackward0" : "MinBackward0";

        internal override Tensor?[] Apply(Tensor grad)
        {
            if (_shape.Length == 0) return [grad];
            var index = Saved(0);
            if (!_keepdim)
            {
                grad = grad.unsqueeze(_dim);
                index = index.unsqueeze(_dim);
            }
            return [ScatterAddIntoZeros(grad, _shape, _dim, index)];
        }
    }

    public static Tensor ArgExtremeAll(Tensor a, bool isMax)
    {
        CheckNotEmpty(a, isMax ? "argmax" : "argmin");
        var (_, indices) = MaxDim(a.detach().reshape(-1), 0, false, isMax);
        return indices;
    }

    // ------------------------------------------------------------------ gather / scatter-add

    /// <summary>torch.gather: out[..., j, ...] = x[..., index[..., j, ...], ...] along <paramref name="dim"/>.</summary>
    public static Tensor Gather(Tensor x, long dim, Tensor index)
    {
        int d = Tensor.NormalizeDim(dim, x.dim());
        if (index._dtype != ScalarType.Int64) throw new ArgumentException("gather(): Expected dtype int64 for index");
        if (index.dim() != x.dim())
            throw new ArgumentException("Index tensor must have the same number of dimensions as input tensor");
        for (int i = 0; i < x.dim(); i++)
            if (i != d && index._shape[i] != x._shape[i])
                throw new ArgumentException(
                    $"Size does not match at dimension {i} expected index {Tensor.ShapeString(index._shape)} to be no larger than self {Tensor.ShapeString(x._shape)} apart from dimension {d}; SharpGrad requires equal sizes there.");
        var xs = RowsAlong(x, d);
        var ix = RowsAlong(index, d).ContiguousSpan<long>();
        int n = x.dim() == 0 ? 1 : x._shape[d], m = x.dim() == 0 ? 1 : index._shape[d];
        var outRows = Tensor.Empty([ix.Length], x._dtype, uninitialized: true);
        switch (x._dtype)
        {
            case ScalarType.Float32: GatherRows(xs.ContiguousSpan<float>(), ix, n, m, outRows.ContiguousSpan<float>()); break;
            case ScalarType.Float64: GatherRows(xs.ContiguousSpan<double>(), ix, n, m, outRows.ContiguousSpan<double>()); break;
            case ScalarType.Int64: GatherRows(xs.ContiguousSpan<long>(), ix, n, m, outRows.ContiguousSpan<long>()); break;
            default: GatherRows(xs.ContiguousSpan<bool>(), ix, n, m, outRows.ContiguousSpan<bool>()); break;
        }
        var result = FromRows(outRows, index._shape, d);
        if (Autograd.NeedsGrad(x)) result.SetHistory(new GatherBackward0(x, index, d));
        return result;

        static void GatherRows<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> ix, int n, int m, Span<T> o)
        {
            for (int i = 0; i < ix.Length; i++)
            {
                long k = ix[i];
                if (k < 0 || k >= n) throw new IndexOutOfRangeException($"index {k} is out of bounds for dimension with size {n}");
                o[i] = x[i / m * n + (int)k];
            }
        }
    }

    /// <summary>Rows laid out with the dim last, back in <paramref name="shape"/>.</summary>
    private static Tensor FromRows(Tensor flatRows, int[] shape, int dim)
    {
        int n = shape.Length;
        if (n == 0) return flatRows.reshape();
        var rowShape = Enumerable.Range(0, n).Where(i => i != dim).Select(i => (long)shape[i]).Append(shape[dim]).ToArray();
        var rows = flatRows.reshape(rowShape);
        if (dim == n - 1) return rows;
        var inverse = new long[n];
        var perm = Enumerable.Range(0, n).Where(i => i != dim).Append(dim).ToArray();
        for (int i = 0; i < n; i++) inverse[perm[i]] = i;
        return Kernels.Copy.Contiguous(rows.permute(inverse));
    }

    internal sealed class GatherBackward0 : Node
    {
        private readonly int _dim;
        private readonly int[] _shape;
        public GatherBackward0(Tensor x, Tensor index, int dim) : base([x]) { _dim = dim; _shape = x._shape; SaveForBackward(index); }
        internal override Tensor?[] Apply(Tensor grad) => [ScatterAddIntoZeros(grad, _shape, _dim, Saved(0))];
    }

    /// <summary>zeros(shape) with grad added at index along dim (the backward of gather; its own backward is gather).</summary>
    public static Tensor ScatterAddIntoZeros(Tensor grad, int[] shape, int dim, Tensor index)
    {
        var rowsShape = Enumerable.Range(0, shape.Length).Where(i => i != dim).Select(i => shape[i]).Append(shape[dim]).ToArray();
        var g = RowsAlong(grad, dim);
        var ix = RowsAlong(index, dim).ContiguousSpan<long>();
        int n = shape[dim], m = index._shape[dim];
        var rows = Tensor.Empty(rowsShape, grad._dtype);
        switch (grad._dtype)
        {
            case ScalarType.Float32: ScatterRows(g.ContiguousSpan<float>(), ix, n, m, rows.ContiguousSpan<float>()); break;
            case ScalarType.Float64: ScatterRows(g.ContiguousSpan<double>(), ix, n, m, rows.ContiguousSpan<double>()); break;
            default: throw new NotSupportedException("scatter of gradients needs a floating point tensor");
        }
        var result = FromRows(rows.reshape(-1), shape, dim);
        result._gradFn = null;
        if (Autograd.NeedsGrad(grad)) result.SetHistory(new ScatterAddBackward0(grad, index, dim));
        return result;

        static void ScatterRows<T>(ReadOnlySpan<T> g, ReadOnlySpan<long> ix, int n, int m, Span<T> o) where T : INumber<T>
        {
            for (int i = 0; i < ix.Length; i++) o[i / m * n + (int)ix[i]] += g[i];
        }
    }

    internal sealed class ScatterAddBackward0 : Node
    {
        private readonly int _dim;
        public ScatterAddBackward0(Tensor grad, Tensor index, int dim) : base([grad]) { _dim = dim; SaveForBackward(index); }
        internal override Tensor?[] Apply(Tensor g) => [Gather(g, _dim, Saved(0))];
    }

    // ------------------------------------------------------------------ prod

    public static Tensor Prod(Tensor a, long? dim, bool keepdim, ScalarType? dtype)
    {
        var outType = dtype ?? (a._dtype.IsFloatingPoint() ? a._dtype : ScalarType.Int64);
        var x = a.ToDTypeIfNeeded(outType);
        int d = dim is { } dd ? Tensor.NormalizeDim(dd, a.dim()) : 0;
        var rows = dim is null ? Kernels.Copy.Contiguous(x).reshape(-1) : RowsAlong(x, d);
        int n = dim is null ? a.NumelInt : (a.dim() == 0 ? 1 : a._shape[d]);
        var outShape = dim is null ? [] : ReducedOne(a._shape, d, keepdim);
        var result = Tensor.Empty(outShape, outType, uninitialized: true);
        switch (outType)
        {
            case ScalarType.Float32: ProdRows(rows.ContiguousSpan<float>(), n, result.ContiguousSpan<float>()); break;
            case ScalarType.Float64: ProdRows(rows.ContiguousSpan<double>(), n, result.ContiguousSpan<double>()); break;
            default: ProdRows(rows.ContiguousSpan<long>(), n, result.ContiguousSpan<long>()); break;
        }
        if (Autograd.NeedsGrad(a) && outType.IsFloatingPoint())
            result.SetHistory(new ProdBackward(x, result, dim is null ? null : d, keepdim));
        return result;

        static void ProdRows<T>(ReadOnlySpan<T> rows, int n, Span<T> o) where T : INumber<T>
        {
            for (int r = 0; r < o.Length; r++)
            {
                T p = T.One;
                foreach (var v in rows.Slice(r * n, n)) p *= v;
                o[r] = p;
            }
        }
    }

    /// <summary>ProdBackward0 / ProdBackward1: d/dxᵢ Πx = Πⱼ≠ᵢ xⱼ. Without zeros that is prod / xᵢ
    /// (written with Tensor ops, so twice differentiable); with zeros the products of the others are
    /// computed directly (first order).</summary>
    internal sealed class ProdBackward : Node
    {
        private readonly int? _dim;
        private readonly bool _keepdim;

        public ProdBackward(Tensor x, Tensor result, int? dim, bool keepdim) : base([x])
        {
            _dim = dim;
            _keepdim = keepdim;
            SaveForBackward(x, result);
        }

        public override string name() => _dim is null ? "ProdBackward0" : "ProdBackward1";

        internal override Tensor?[] Apply(Tensor grad)
        {
            var x = Saved(0);
            var result = Saved(1);
            if (_dim is { } d && !_keepdim && x.dim() > 0)
            {
                grad = grad.unsqueeze(d);
                result = result.unsqueeze(d);
            }
            bool hasZero;
            using (new GradModeScope(false)) hasZero = (x == 0.0).any().item<bool>();
            if (!hasZero) return [grad * (result / x)];
            return [grad * ProductOfOthers(x, _dim)];
        }

        private static Tensor ProductOfOthers(Tensor x, int? dim)
        {
            using var _ = new GradModeScope(false);
            int d = dim ?? 0;
            var flat = dim is null ? x.reshape(-1) : x;
            var rows = RowsAlong(flat, d).to(ScalarType.Float64);
            int n = flat.dim() == 0 ? 1 : flat._shape[d];
            var data = rows.ContiguousSpan<double>();
            var others = new double[data.Length];
            for (int start = 0; start < data.Length; start += n)
            {
                double prefix = 1;
                for (int j = 0; j < n; j++) { others[start + j] = prefix; prefix *= data[start + j]; }
                double suffix = 1;
                for (int j = n - 1; j >= 0; j--) { others[start + j] *= suffix; suffix *= data[start + j]; }
            }
            var shaped = FromRows(Tensor.FromArray(others, [others.Length]), flat._shape, d).to(x._dtype);
            return dim is null ? shaped.reshape(Array.ConvertAll(x._shape, v => (long)v)) : shaped;
        }
    }
}
