using System.Numerics;
using SharpGrad.Kernels;

namespace SharpGrad.Ops;

// max / min (whole tensor and along a dim), argmax / argmin, amax / amin.
// NaN propagates: it counts as the maximum and as the minimum, and its first occurrence is the index.
internal static partial class Reduction
{
    private enum ExtremeKind { Max, Min, Prod }

    /// <summary>max() / min() of all elements: a 0-dim tensor of the input's dtype.</summary>
    public static Tensor MaxAll(Tensor a, bool isMax)
    {
        if (a.NumelInt == 0)
            throw new InvalidOperationException(
                $"{(isMax ? "max" : "min")}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        var mask = ReduceMask(a.Sizes.Length, []);
        var result = ReduceValues(a, mask, [], isMax ? ExtremeKind.Max : ExtremeKind.Min);
        if (Autograd.NeedsGrad(a))
            result.SetHistory(new ReductionBackward(isMax ? "MaxBackward1" : "MinBackward1", a, mask, keepdim: false,
                EvenlyDistribute, savedInput: a, savedResult: result));
        return result;
    }

    /// <summary>max(dim) / min(dim): the values and the int64 index of each one's first occurrence.</summary>
    public static (Tensor values, Tensor indices) MaxDim(Tensor a, long dim, bool keepdim, bool isMax)
    {
        int d = CheckReductionDim(a, dim, isMax ? "max()" : "min()");
        var (values, indices) = ArgExtreme(a, d, keepdim, isMax);
        if (Autograd.NeedsGrad(a))
            values.SetHistory(new ValueSelectingBackward(a, indices, d, keepdim, isMax ? "MaxBackward0" : "MinBackward0"));
        return (values, indices);
    }

    /// <summary>argmax() / argmin() of the flattened tensor: a 0-dim int64 tensor.</summary>
    public static Tensor ArgMaxAll(Tensor a, bool isMax)
    {
        string name = isMax ? "argmax()" : "argmin()";
        CheckArgDtype(a, isMax);
        if (a.NumelInt == 0)
            throw new IndexOutOfRangeException($"{name}: Expected reduction dim to be specified for input.numel() == 0.");
        var x = Copy.Contiguous(a);
        var flat = new Tensor(x.SharedStorage, [x.NumelInt], [1], x.StorageOffset);
        return ArgExtreme(flat, 0, keepdim: false, isMax).indices;
    }

    /// <summary>argmax(dim) / argmin(dim): int64 indices of the first extreme along dim.</summary>
    public static Tensor ArgMaxDim(Tensor a, long dim, bool keepdim, bool isMax)
    {
        CheckArgDtype(a, isMax);
        int d = CheckReductionDim(a, dim, isMax ? "argmax()" : "argmin()");
        return ArgExtreme(a, d, keepdim, isMax).indices;
    }

    /// <summary>amax / amin over several dims (all when empty); the gradient is shared evenly among ties.</summary>
    public static Tensor Amax(Tensor a, int[] dims, bool keepdim, bool isMax)
    {
        var mask = ReduceMask(a.Sizes.Length, dims);
        if (a.NumelInt == 0)
            for (int i = 0; i < mask.Length; i++)
                if (mask[i] && a.Sizes[i] == 0)
                    throw new IndexOutOfRangeException($"{(isMax ? "amax()" : "amin()")}: Expected reduction dim {i} to have non-zero size.");
        var outShape = ReducedShape(a.Sizes, mask, keepdim);
        var result = ReduceValues(a, mask, outShape, isMax ? ExtremeKind.Max : ExtremeKind.Min);
        if (Autograd.NeedsGrad(a))
            result.SetHistory(new ReductionBackward(isMax ? "AmaxBackward0" : "AminBackward0", a, mask, keepdim,
                ScaleGradByCount, savedInput: a, savedResult: result));
        return result;
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Wraps dim and applies PyTorch's zero_numel_check_dims.</summary>
    private static int CheckReductionDim(Tensor a, long dim, string name)
    {
        int d = Tensor.NormalizeDim(dim, a.Sizes.Length);
        if (a.Sizes.Length > 0 && a.Sizes[d] == 0)
            throw new IndexOutOfRangeException($"{name}: Expected reduction dim {d} to have non-zero size.");
        return d;
    }

    private static void CheckArgDtype(Tensor a, bool isMax)
    {
        if (a.ElementType == ScalarType.Bool)
            throw new NotSupportedException($"\"{(isMax ? "argmax" : "argmin")}_cpu\" not implemented for 'Bool'");
    }

    /// <summary>Sizes of the blocks before, along and after dim d of a shape (0-dim: 1, 1, 1).</summary>
    internal static (int outer, int n, int inner) Split(int[] shape, int d)
    {
        if (shape.Length == 0) return (1, 1, 1);
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[d], inner);
    }

    /// <summary>Extreme values and their indices along dim d (no autograd).</summary>
    private static (Tensor values, Tensor indices) ArgExtreme(Tensor a, int d, bool keepdim, bool isMax)
    {
        var mask = new bool[a.Sizes.Length];
        if (mask.Length > 0) mask[d] = true;
        var outShape = ReducedShape(a.Sizes, mask, keepdim);
        // bool and the narrow types are compared in int64 or float32 (exact), and converted back.
        var x = Copy.Contiguous(a.ToDTypeIfNeeded(a.ElementType == ScalarType.Bool ? ScalarType.Int64 : a.ElementType.ComputeType()));
        var values = Tensor.Empty(outShape, x.ElementType, uninitialized: true);
        var indices = Tensor.Empty(outShape, ScalarType.Int64, uninitialized: true);
        var (outer, n, inner) = Split(a.Sizes, d);
        if (values.NumelInt > 0)
        {
            var idx = indices.ContiguousSpan<long>();
            switch (x.ElementType)
            {
                case ScalarType.Float32: ReduceKernels.ArgExtreme<float>(x.ContiguousSpan<float>(), outer, n, inner, isMax, values.ContiguousSpan<float>(), idx); break;
                case ScalarType.Float64: ReduceKernels.ArgExtreme<double>(x.ContiguousSpan<double>(), outer, n, inner, isMax, values.ContiguousSpan<double>(), idx); break;
                case ScalarType.Int64: ReduceKernels.ArgExtreme<long>(x.ContiguousSpan<long>(), outer, n, inner, isMax, values.ContiguousSpan<long>(), idx); break;
                default: throw new NotSupportedException($"unsupported dtype {x.ElementType.TorchName()}");
            }
        }
        GC.KeepAlive(x);
        values = values.ToDTypeIfNeeded(a.ElementType);
        return (values, indices);
    }

    /// <summary>A values-only reduction (max, min, prod) over the masked dims, in the input's dtype
    /// (bool and the narrow integers computed as int64, float16/bfloat16 as float32, and converted back). No autograd.</summary>
    private static Tensor ReduceValues(Tensor a, bool[] mask, int[] outShape, ExtremeKind kind)
    {
        var x = Copy.Contiguous(a.ToDTypeIfNeeded(a.ElementType == ScalarType.Bool ? ScalarType.Int64 : a.ElementType.ComputeType()));
        var result = Tensor.Empty(outShape, x.ElementType, uninitialized: true);
        var (sizes, reduced) = ReduceLoops.Group(a.Sizes, mask);
        switch (x.ElementType)
        {
            case ScalarType.Float32: Run<float, MaxReduceOp, MinReduceOp, ProdReduceOp>(x.ContiguousSpan<float>(), sizes, reduced, result.ContiguousSpan<float>(), kind); break;
            case ScalarType.Float64: Run<double, MaxReduceOp, MinReduceOp, ProdReduceOp>(x.ContiguousSpan<double>(), sizes, reduced, result.ContiguousSpan<double>(), kind); break;
            case ScalarType.Int64: Run<long, MaxReduceOp, MinReduceOp, ProdReduceOp>(x.ContiguousSpan<long>(), sizes, reduced, result.ContiguousSpan<long>(), kind); break;
            default: throw new NotSupportedException($"unsupported dtype {x.ElementType.TorchName()}");
        }
        GC.KeepAlive(x);
        return result.ToDTypeIfNeeded(a.ElementType);

        // The operators are type arguments (not named inside) so that T stays unconstrained and each
        // instantiation is precompiled (see docs/PERFORMANCE.md, 'Generic instantiations').
        static void Run<T, TMax, TMin, TProd>(ReadOnlySpan<T> src, int[] sizes, bool[] reduced, Span<T> dst, ExtremeKind kind)
            where TMax : IReduceOp<T> where TMin : IReduceOp<T> where TProd : IReduceOp<T>
        {
            switch (kind)
            {
                case ExtremeKind.Max: ReduceKernels.Reduce<T, TMax>(src, sizes, reduced, dst); break;
                case ExtremeKind.Min: ReduceKernels.Reduce<T, TMin>(src, sizes, reduced, dst); break;
                default: ReduceKernels.Reduce<T, TProd>(src, sizes, reduced, dst); break;
            }
        }
    }

    // ------------------------------------------------------------------ backward nodes

    /// <summary>MaxBackward1 / MinBackward1 (PyTorch's evenly_distribute_backward): the gradient is
    /// split evenly among the elements equal to the result (the NaNs, when the result is NaN).</summary>
    private static Tensor EvenlyDistribute(Tensor grad, ReductionBackward n)
    {
        var self = n.Input;
        var value = n.Result;
        Tensor mask;
        using (new GradModeScope(false))
            mask = double.IsNaN(value.item()) ? self.isnan() : Comparison.Eq(self, value.detach());
        long count = Sum(mask, null, false, null).item<long>();
        return Selection.Where(mask, grad / (double)count, torch.zeros_like(self, dtype: grad.ElementType));
    }

    /// <summary>MaxBackward0 / MinBackward0 (value_selecting_reduction_backward): the gradient goes to
    /// the selected index of each slice, by a scatter into zeros whose backward is a gather.</summary>
    internal sealed class ValueSelectingBackward : NamedNode
    {
        private readonly int[] _shape;
        private readonly int _dim;
        private readonly bool _keepdim;

        public ValueSelectingBackward(Tensor a, Tensor indices, int dim, bool keepdim, string name) : base(name, [a])
        {
            _shape = a.Sizes;
            _dim = dim;
            _keepdim = keepdim;
            SaveForBackward(indices);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var indices = Saved(0);
            if (_shape.Length == 0) return [grad];
            if (!_keepdim)
            {
                grad = grad.unsqueeze(_dim);
                indices = indices.unsqueeze(_dim);
            }
            return [GatherScatter.ScatterAdd(Tensor.Empty(_shape, grad.ElementType), _dim, indices, grad, "ScatterBackward0")];
        }
    }

    /// <summary>AmaxBackward0 / AminBackward0 (scale_grad_by_count): grad · mask / mask.sum(dims).</summary>
    private static Tensor ScaleGradByCount(Tensor grad, ReductionBackward n)
    {
        var equal = Comparison.Eq(n.Result.detach(), n.Input);
        return grad / Sum(equal, n.Dims, keepdim: true, dtype: null) * equal;
    }

    /// <summary>The indices of the reduced dims.</summary>
    internal static int[] MaskedDims(bool[] mask)
    {
        var dims = new List<int>();
        for (int i = 0; i < mask.Length; i++) if (mask[i]) dims.Add(i);
        return dims.ToArray();
    }
}
