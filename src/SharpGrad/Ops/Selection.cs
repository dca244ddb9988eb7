using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Ops that pick between values: where, clamp, maximum, minimum.</summary>
internal static class Selection
{
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var dtype = Tensor.ResultType(a, b);
        var shape = Tensor.BroadcastShapes(Tensor.BroadcastShapes(condition.Sizes, a.Sizes), b.Sizes);
        // Lay the three operands out densely in the output shape, then pick element by element.
        var c = Expanded(condition.ToDTypeIfNeeded(ScalarType.Bool), shape);
        var x = Expanded(a.ToDTypeIfNeeded(dtype), shape);
        var y = Expanded(b.ToDTypeIfNeeded(dtype), shape);
        var result = Tensor.Empty(shape, dtype, uninitialized: true);
        var mask = c.ContiguousSpan<bool>();
        switch (dtype)
        {
            case ScalarType.Float32: Pick(mask, x.ContiguousSpan<float>(), y.ContiguousSpan<float>(), result.ContiguousSpan<float>()); break;
            case ScalarType.Float64: Pick(mask, x.ContiguousSpan<double>(), y.ContiguousSpan<double>(), result.ContiguousSpan<double>()); break;
            case ScalarType.Int64: Pick(mask, x.ContiguousSpan<long>(), y.ContiguousSpan<long>(), result.ContiguousSpan<long>()); break;
            case ScalarType.Bool: Pick(mask, x.ContiguousSpan<bool>(), y.ContiguousSpan<bool>(), result.ContiguousSpan<bool>()); break;
            case ScalarType.UInt8: Pick(mask, x.ContiguousSpan<byte>(), y.ContiguousSpan<byte>(), result.ContiguousSpan<byte>()); break;
            case ScalarType.Int8: Pick(mask, x.ContiguousSpan<sbyte>(), y.ContiguousSpan<sbyte>(), result.ContiguousSpan<sbyte>()); break;
            case ScalarType.Int16: Pick(mask, x.ContiguousSpan<short>(), y.ContiguousSpan<short>(), result.ContiguousSpan<short>()); break;
            case ScalarType.Int32: Pick(mask, x.ContiguousSpan<int>(), y.ContiguousSpan<int>(), result.ContiguousSpan<int>()); break;
            case ScalarType.Float16: Pick(mask, x.ContiguousSpan<Half>(), y.ContiguousSpan<Half>(), result.ContiguousSpan<Half>()); break;
            case ScalarType.BFloat16: Pick(mask, x.ContiguousSpan<BFloat16>(), y.ContiguousSpan<BFloat16>(), result.ContiguousSpan<BFloat16>()); break;
            default: throw new NotSupportedException($"where: unsupported dtype {dtype.TorchName()}");
        }
        Dispatch.KeepAlive(c, x, y);
        if (Autograd.NeedsGrad(a, b)) result.SetHistory(new WhereBackward0(condition, a, b));
        return result;

        static void Pick<T>(ReadOnlySpan<bool> m, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = m[i] ? x[i] : y[i];
        }
    }

    private static Tensor Expanded(Tensor t, int[] shape)
    {
        if (t.IsContiguous && Tensor.SameShape(t.Sizes, shape)) return t;
        var r = Tensor.Empty(shape, t.ElementType, uninitialized: true);
        Copy.Into(t, r);
        return r;
    }

    internal sealed class WhereBackward0 : Node
    {
        private readonly int[] _aShape, _bShape;

        public WhereBackward0(Tensor condition, Tensor a, Tensor b) : base([null, a, b])
        {
            _aShape = a.Sizes;
            _bShape = b.Sizes;
            SaveForBackward(condition);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var condition = Saved(0);
            var zero = torch.zeros_like(grad);
            return
            [
                null,
                NeedsInputGrad(1) ? Where(condition, grad, zero).SumToShape(_aShape) : null,
                NeedsInputGrad(2) ? Where(condition, zero, grad).SumToShape(_bShape) : null,
            ];
        }
    }

    public static Tensor Clamp(Tensor a, double? min, double? max)
    {
        if (min is null && max is null)
            throw new ArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        Tensor result;
        using (new GradModeScope(false))
        {
            result = a;
            if (min is { } lo) result = Binary<MaximumOp, MaximumOp, MaximumOp>(result, lo);
            if (max is { } hi) result = Binary<MinimumOp, MinimumOp, MinimumOp>(result, hi);
        }
        result.GradFn = null;
        if (Autograd.NeedsGrad(a)) result.SetHistory(new UnaryBackward<(double? min, double? max)>("ClampBackward1", a, a, (min, max), ClampBackward));
        return result;

        static Tensor Binary<TF, TD, TL>(Tensor x, double bound)
            where TF : IBinaryOp<TF, float, float> where TD : IBinaryOp<TD, double, double> where TL : IBinaryOp<TL, long, long>
        {
            var wrapped = x.ElementType.IsIntegral() && bound == Math.Floor(bound)
                ? Tensor.WrapNumber((long)bound) : Tensor.WrapNumber(bound);
            return Dispatch.Binary<TF, TD, TL>(x, wrapped, Tensor.ResultType(x, wrapped));
        }
    }

    /// <summary>ClampBackward1: the gradient where min &lt;= self &lt;= max, zero elsewhere (in one pass when it can).</summary>
    private static Tensor ClampBackward(Tensor grad, Tensor self, (double? min, double? max) bounds)
    {
        if (FusedGradMask(grad, self, bounds.min ?? double.NegativeInfinity, bounds.max ?? double.PositiveInfinity, relu: false) is { } fused)
            return fused;
        Tensor? inRange = null;
        if (bounds.min is { } lo) inRange = self >= lo;
        if (bounds.max is { } hi) inRange = inRange is null ? self <= hi : Comparison.LogicalAnd(inRange, self <= hi);
        return Where(inRange!, grad, torch.zeros_like(grad));
    }

    /// <summary>
    /// The backward of relu (<paramref name="relu"/>: grad where self is not &lt;= 0) or clamp (grad
    /// where lo &lt;= self &lt;= hi), zero elsewhere, in one pass; null where the fused kernel does
    /// not apply: while a graph is recorded (the general formula is differentiable, this is not),
    /// or for other dtypes or layouts.
    /// </summary>
    internal static Tensor? FusedGradMask(Tensor grad, Tensor self, double lo, double hi, bool relu)
    {
        if (GradMode.Enabled || grad.ElementType != self.ElementType || !grad.IsContiguous || !self.IsContiguous || !grad.SameShape(self))
            return null;
        Tensor result;
        switch (grad.ElementType)
        {
            case ScalarType.Float32:
                result = Tensor.Empty(grad.Sizes, grad.ElementType, uninitialized: true);
                if (relu) GradMaskKernels.Relu(grad.ContiguousSpan<float>(), self.ContiguousSpan<float>(), result.ContiguousSpan<float>());
                else GradMaskKernels.InRange(grad.ContiguousSpan<float>(), self.ContiguousSpan<float>(), result.ContiguousSpan<float>(), (float)lo, (float)hi);
                Dispatch.KeepAlive(grad, self);
                return result;
            case ScalarType.Float64:
                result = Tensor.Empty(grad.Sizes, grad.ElementType, uninitialized: true);
                if (relu) GradMaskKernels.Relu(grad.ContiguousSpan<double>(), self.ContiguousSpan<double>(), result.ContiguousSpan<double>());
                else GradMaskKernels.InRange(grad.ContiguousSpan<double>(), self.ContiguousSpan<double>(), result.ContiguousSpan<double>(), lo, hi);
                Dispatch.KeepAlive(grad, self);
                return result;
            default:
                return null;
        }
    }

    // MaximumBackward0 / MinimumBackward0: the gradient goes to the winner, split evenly on ties.

    public static Tensor Maximum(Tensor a, Tensor b)
    {
        var result = Dispatch.Binary<MaximumOp, MaximumOp, MaximumOp>(a, b, Tensor.ResultType(a, b));
        if (Autograd.NeedsGrad(a, b))
            result.SetHistory(new BinaryBackward("MaximumBackward0", a, b,
                static (g, n) => ToWinner(g, n, loses: n.A < n.B), static (g, n) => ToWinner(g, n, loses: n.A > n.B)).Save(a, b));
        return result;
    }

    public static Tensor Minimum(Tensor a, Tensor b)
    {
        var result = Dispatch.Binary<MinimumOp, MinimumOp, MinimumOp>(a, b, Tensor.ResultType(a, b));
        if (Autograd.NeedsGrad(a, b))
            result.SetHistory(new BinaryBackward("MinimumBackward0", a, b,
                static (g, n) => ToWinner(g, n, loses: n.A > n.B), static (g, n) => ToWinner(g, n, loses: n.A < n.B)).Save(a, b));
        return result;
    }

    /// <summary>The gradient of one input of maximum/minimum: zero where it <paramref name="loses"/>, half on ties.</summary>
    private static Tensor ToWinner(Tensor grad, BinaryBackward n, Tensor loses)
        => Where(loses, torch.zeros_like(grad), Where(n.A == n.B, grad / 2.0, grad));
}
