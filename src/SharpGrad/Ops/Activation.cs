using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Activation functions of <c>torch.nn.functional</c> and their backward formulas. Every
/// backward is written with differentiable Tensor ops, so derivatives of any order exist.</summary>
internal static class Activation
{
    /// <summary>PyTorch's message for a floating-only kernel asked to run on an integral tensor.</summary>
    internal static void RequireFloating(Tensor a, string kernel)
    {
        if (!a._dtype.IsFloatingPoint())
            throw new NotSupportedException($"\"{kernel}\" not implemented for '{KernelTypeName(a._dtype)}'");
    }

    /// <summary>The C++ scalar type name PyTorch's kernel messages use (<c>Float</c>, <c>Long</c>).</summary>
    internal static string KernelTypeName(ScalarType t) => t switch
    {
        ScalarType.Float32 => "Float",
        ScalarType.Float64 => "Double",
        ScalarType.Int64 => "Long",
        ScalarType.Bool => "Bool",
        _ => t.ToString(),
    };

    // ------------------------------------------------------------------ softmax / log_softmax

    /// <summary>softmax (or log_softmax) along <paramref name="dim"/>, each slice shifted by its
    /// maximum so that exp never overflows.</summary>
    public static Tensor Softmax(Tensor input, long dim, bool log)
    {
        int rank = input._shape.Length;
        int d = Tensor.NormalizeDim(dim, rank);
        if (!input._dtype.IsFloatingPoint())
        {
            bool last = rank == 0 || d == rank - 1;
            RequireFloating(input, (log ? "log_softmax" : "softmax") + (last ? "_lastdim_kernel_impl" : "_kernel_impl"));
        }
        var x = Copy.Contiguous(input);
        var result = Tensor.Empty(input._shape, input._dtype, uninitialized: true);
        int outer = 1, size = rank == 0 ? 1 : input._shape[d], inner = 1;
        for (int i = 0; i < d; i++) outer *= input._shape[i];
        for (int i = d + 1; i < rank; i++) inner *= input._shape[i];
        if (input._dtype == ScalarType.Float32)
            SoftmaxLoop(x.ContiguousSpan<float>(), result.ContiguousSpan<float>(), outer, size, inner, log);
        else
            SoftmaxLoop(x.ContiguousSpan<double>(), result.ContiguousSpan<double>(), outer, size, inner, log);
        if (Autograd.NeedsGrad(input))
            result.SetHistory(log ? new LogSoftmaxBackward0(input, result, d) : new SoftmaxBackward0(input, result, d));
        return result;
    }

    private static void SoftmaxLoop<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int size, int inner, bool log)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = o * size * inner + i;
                double max = double.NegativeInfinity;
                for (int k = 0; k < size; k++)
                {
                    double v = double.CreateTruncating(x[start + k * inner]);
                    if (!(v <= max)) max = v; // a NaN wins, and propagates
                }
                if (double.IsNegativeInfinity(max)) max = 0; // all -inf: exp(-inf) = 0, as PyTorch gives
                double sum = 0;
                for (int k = 0; k < size; k++)
                    sum += Math.Exp(double.CreateTruncating(x[start + k * inner]) - max);
                if (log)
                {
                    double logSum = Math.Log(sum) + max;
                    for (int k = 0; k < size; k++)
                        y[start + k * inner] = T.CreateTruncating(double.CreateTruncating(x[start + k * inner]) - logSum);
                }
                else
                {
                    for (int k = 0; k < size; k++)
                        y[start + k * inner] = T.CreateTruncating(Math.Exp(double.CreateTruncating(x[start + k * inner]) - max) / sum);
                }
            }
        }
    }

    /// <summary>_softmax_backward_data(grad, y, dim) = y·grad − y·Σ(y·grad).</summary>
    internal sealed class SoftmaxBackward0 : Node
    {
        private readonly int _dim;

        public SoftmaxBackward0(Tensor input, Tensor result, int dim) : base([input])
        {
            _dim = dim;
            SaveForBackward(result);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var y = Saved(0);
            var gy = grad * y;
            return [gy - y * gy.sum(_dim, keepdim: true)];
        }
    }

    /// <summary>_log_softmax_backward_data(grad, y, dim) = grad − exp(y)·Σgrad.</summary>
    internal sealed class LogSoftmaxBackward0 : Node
    {
        private readonly int _dim;

        public LogSoftmaxBackward0(Tensor input, Tensor result, int dim) : base([input])
        {
            _dim = dim;
            SaveForBackward(result);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var y = Saved(0);
            return [grad - y.exp() * grad.sum(_dim, keepdim: true)];
        }
    }

    // ------------------------------------------------------------------ elementwise activations

    /// <summary>Runs <paramref name="forward"/> without recording, then records <paramref name="node"/>.</summary>
    private static Tensor Record(Tensor input, Func<Tensor> forward, Func<Node> node)
    {
        Tensor result;
        using (new GradModeScope(false)) result = forward();
        if (ReferenceEquals(result, input)) result = input.detach().clone();
        if (Autograd.NeedsGrad(input)) result.SetHistory(node());
        return result;
    }

    /// <summary>log σ(x) = min(x, 0) − log1p(exp(−|x|)), exact for large |x|.</summary>
    public static Tensor LogSigmoid(Tensor input)
    {
        RequireFloating(input, "log_sigmoid_forward");
        return Record(input, () => LogSigmoidValue(input), () => new LogSigmoidBackward0(input));
    }

    private static Tensor LogSigmoidValue(Tensor x)
        => Selection.Minimum(x, torch.zeros_like(x)) - UnaryMath.Log1p(UnaryMath.Exp(-UnaryMath.Abs(x)));

    internal sealed class LogSigmoidBackward0 : Node
    {
        public LogSigmoidBackward0(Tensor input) : base([input]) => SaveForBackward(input);
        // d/dx log σ(x) = 1 − σ(x) = σ(−x)
        internal override Tensor?[] Apply(Tensor grad) => [grad * UnaryMath.Sigmoid(-Saved(0))];
    }

    /// <summary>softplus(x) = log(1 + exp(βx)) / β, and x itself where βx &gt; threshold.</summary>
    public static Tensor Softplus(Tensor input, double beta, double threshold)
    {
        RequireFloating(input, "softplus_cpu");
        return Record(input, () =>
        {
            var bx = input * beta;
            // log1p(exp(z)) = max(z, 0) + log1p(exp(-|z|)), which cannot overflow.
            var soft = (Selection.Maximum(bx, torch.zeros_like(bx)) + UnaryMath.Log1p(UnaryMath.Exp(-UnaryMath.Abs(bx)))) / beta;
            return Selection.Where(bx > threshold, input, soft);
        }, () => new SoftplusBackward0(input, beta, threshold));
    }

    internal sealed class SoftplusBackward0 : Node
    {
        private readonly double _beta, _threshold;

        public SoftplusBackward0(Tensor input, double beta, double threshold) : base([input])
        {
            _beta = beta;
            _threshold = threshold;
            SaveForBackward(input);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var bx = Saved(0) * _beta;
            return [Selection.Where(bx > _threshold, grad, grad * UnaryMath.Sigmoid(bx))];
        }
    }

    /// <summary>leaky_relu(x) = x for x &gt; 0, else negative_slope·x.</summary>
    public static Tensor LeakyRelu(Tensor input, double negativeSlope)
    {
        RequireFloating(input, "leaky_relu_cpu");
        return Record(input, () => Selection.Where(input > 0.0, input, input * negativeSlope),
            () => new LeakyReluBackward0(input, negativeSlope));
    }

    internal sealed class LeakyReluBackward0 : Node
    {
        private readonly double _slope;

        public LeakyReluBackward0(Tensor input, double slope) : base([input])
        {
            _slope = slope;
            SaveForBackward(input);
        }

        internal override Tensor?[] Apply(Tensor grad)
            => [Selection.Where(Saved(0) > 0.0, grad, grad * _slope)];
    }

    /// <summary>elu(x) = x for x &gt; 0, else α(exp(x) − 1).</summary>
    public static Tensor Elu(Tensor input, double alpha)
    {
        RequireFloating(input, "elu_cpu");
        return Record(input, () => Selection.Where(input > 0.0, input, (UnaryMath.Exp(input) - 1.0) * alpha),
            () => new EluBackward0(input, alpha));
    }

    internal sealed class EluBackward0 : Node
    {
        private readonly double _alpha;

        public EluBackward0(Tensor input, double alpha) : base([input])
        {
            _alpha = alpha;
            SaveForBackward(input);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var x = Saved(0);
            return [Selection.Where(x > 0.0, grad, grad * (UnaryMath.Exp(x) * _alpha))];
        }
    }

    /// <summary>silu(x) = x·σ(x).</summary>
    public static Tensor Silu(Tensor input)
    {
        RequireFloating(input, "silu_cpu");
        return Record(input, () => input * UnaryMath.Sigmoid(input), () => new SiluBackward0(input));
    }

    internal sealed class SiluBackward0 : Node
    {
        public SiluBackward0(Tensor input) : base([input]) => SaveForBackward(input);

        // d/dx x·σ(x) = σ(x)·(1 + x·(1 − σ(x)))
        internal override Tensor?[] Apply(Tensor grad)
        {
            var x = Saved(0);
            var s = UnaryMath.Sigmoid(x);
            return [grad * (s * (x * (1.0 - s) + 1.0))];
        }
    }
}
