using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Elementwise math functions with their backward formulas.</summary>
internal static class UnaryMath
{
    /// <summary>Floating functions of integral tensors compute in float32, as PyTorch does.</summary>
    private static ScalarType FloatingType(Tensor a) => a._dtype.IsFloatingPoint() ? a._dtype : ScalarType.Float32;

    private static Tensor Floating<TF, TD>(Tensor a)
        where TF : IUnaryOp<TF, float, float> where TD : IUnaryOp<TD, double, double>
        => Dispatch.Unary<TF, TD, NoLongOp>(a, FloatingType(a));

    /// <summary>Placeholder for the int64 slot of floating-only functions (never dispatched to).</summary>
    private struct NoLongOp : IUnaryOp<NoLongOp, long, long>
    {
        public static long Invoke(long x) => throw new NotSupportedException();
    }

    public static Tensor Exp(Tensor a)
    {
        var result = Floating<ExpOp<float>, ExpOp<double>>(a);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new ExpBackward0(a, result));
        return result;
    }

    internal sealed class ExpBackward0 : Node
    {
        public ExpBackward0(Tensor a, Tensor result) : base([a]) => SaveForBackward(result);
        internal override Tensor?[] Apply(Tensor grad) => [grad * Saved(0)];
    }

    public static Tensor Log(Tensor a)
    {
        var result = Floating<LogOp<float>, LogOp<double>>(a);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new LogBackward0(a));
        return result;
    }

    internal sealed class LogBackward0 : Node
    {
        public LogBackward0(Tensor a) : base([a]) => SaveForBackward(a);
        internal override Tensor?[] Apply(Tensor grad) => [grad / Saved(0)];
    }

    public static Tensor Sqrt(Tensor a)
    {
        var result = Floating<SqrtOp<float>, SqrtOp<double>>(a);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new SqrtBackward0(a, result));
        return result;
    }

    internal sealed class SqrtBackward0 : Node
    {
        public SqrtBackward0(Tensor a, Tensor result) : base([a]) => SaveForBackward(result);
        internal override Tensor?[] Apply(Tensor grad) => [grad / (Saved(0) * 2.0)];
    }

    public static Tensor Abs(Tensor a)
    {
        if (a._dtype == ScalarType.Bool) return a.clone();
        var result = Dispatch.Unary<AbsOp<float>, AbsOp<double>, AbsOp<long>>(a, a._dtype);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new AbsBackward0(a));
        return result;
    }

    internal sealed class AbsBackward0 : Node
    {
        public AbsBackward0(Tensor a) : base([a]) => SaveForBackward(a);
        internal override Tensor?[] Apply(Tensor grad) => [grad * Sign(Saved(0))];
    }

    /// <summary>sign(x): -1, 0 or 1 (NaN stays NaN); its gradient is zero.</summary>
    public static Tensor Sign(Tensor a)
    {
        var result = Dispatch.Unary<SignOp<float>, SignOp<double>, SignOp<long>>(a, a._dtype);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new SignBackward0(a));
        return result;
    }

    internal sealed class SignBackward0(Tensor a) : Node([a])
    {
        internal override Tensor?[] Apply(Tensor grad) => [torch.zeros_like(grad)];
    }

    public static Tensor Sin(Tensor a)
    {
        var result = Floating<SinOp<float>, SinOp<double>>(a);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new SinBackward0(a));
        return result;
    }

    internal sealed class SinBackward0 : Node
    {
        public SinBackward0(Tensor a) : base([a]) => SaveForBackward(a);
        internal override Tensor?[] Apply(Tensor grad) => [grad * Cos(Saved(0))];
    }

    public static Tensor Cos(Tensor a)
    {
        var result = Floating<CosOp<float>, CosOp<double>>(a);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new CosBackward0(a));
        return result;
    }

    internal sealed class CosBackward0 : Node
    {
        public CosBackward0(Tensor a) : base([a]) => SaveForBackward(a);
        internal override Tensor?[] Apply(Tensor grad) => [grad * -Sin(Saved(0))];
    }

    public static Tensor Tanh(Tensor a)
    {
        var result = Floating<TanhOp<float>, TanhOp<double>>(a);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new TanhBackward0(a, result));
        return result;
    }

    internal sealed class TanhBackward0 : Node
    {
        public TanhBackward0(Tensor a, Tensor result) : base([a]) => SaveForBackward(result);
        // tanh_backward(grad, y) = grad * (1 - y²)
        internal override Tensor?[] Apply(Tensor grad)
        {
            var y = Saved(0);
            return [grad * (1.0 - y * y)];
        }
    }

    public static Tensor Sigmoid(Tensor a)
    {
        var result = Floating<SigmoidOp<float>, SigmoidOp<double>>(a);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new SigmoidBackward0(a, result));
        return result;
    }

    internal sealed class SigmoidBackward0 : Node
    {
        public SigmoidBackward0(Tensor a, Tensor result) : base([a]) => SaveForBackward(result);
        // sigmoid_backward(grad, y) = grad * y * (1 - y)
        internal override Tensor?[] Apply(Tensor grad)
        {
            var y = Saved(0);
            return [grad * (y * (1.0 - y))];
        }
    }

    public static Tensor Relu(Tensor a)
    {
        if (a._dtype == ScalarType.Bool) throw new NotSupportedException("\"clamp_min_scalar_cpu\" not implemented for 'Bool'");
        var result = Dispatch.Unary<ReluOp<float>, ReluOp<double>, ReluOp<long>>(a, a._dtype);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new ReluBackward0(a, result));
        return result;
    }

    internal sealed class ReluBackward0 : Node
    {
        public ReluBackward0(Tensor a, Tensor result) : base([a]) => SaveForBackward(result);
        // threshold_backward(grad, result, 0): the gradient passes unless the output is <= 0.
        internal override Tensor?[] Apply(Tensor grad)
        {
            var result = Saved(0);
            return [Selection.FusedGradMask(grad, result, 0, 0, relu: true)
                ?? Selection.Where(Comparison.LogicalNot(result <= 0.0), grad, torch.zeros_like(grad))];
        }
    }

    public static Tensor Reciprocal(Tensor a)
    {
        var result = Floating<ReciprocalOp<float>, ReciprocalOp<double>>(a);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new ReciprocalBackward0(a, result));
        return result;
    }

    internal sealed class ReciprocalBackward0 : Node
    {
        public ReciprocalBackward0(Tensor a, Tensor result) : base([a]) => SaveForBackward(result);
        internal override Tensor?[] Apply(Tensor grad)
        {
            var y = Saved(0);
            return [grad * -(y * y)];
        }
    }

    public static Tensor Log1p(Tensor a)
    {
        var result = Floating<Log1pOp<float>, Log1pOp<double>>(a);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new Log1pBackward0(a));
        return result;
    }

    internal sealed class Log1pBackward0 : Node
    {
        public Log1pBackward0(Tensor a) : base([a]) => SaveForBackward(a);
        internal override Tensor?[] Apply(Tensor grad) => [grad / (Saved(0) + 1.0)];
    }
}
