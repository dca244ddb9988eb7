using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Activation functions of <c>torch.nn.functional</c> and their backward formulas. Every
/// backward is written with differentiable Tensor ops, so derivatives of any order exist.</summary>
internal static class Activation
{
    /// <summary>PyTorch's message for a floating-only kernel asked to run on an integral tensor.</summary>
    internal static void RequireFloating(Tensor a, string kernel)
    {
        if (!a.ElementType.IsFloatingPoint())
            throw new NotSupportedException($"\"{kernel}\" not implemented for '{a.ElementType.CTypeName()}'");
    }

    // ------------------------------------------------------------------ softmax / log_softmax

    /// <summary>softmax (or log_softmax) along <paramref name="dim"/>, each slice shifted by its
    /// maximum so that exp never overflows.</summary>
    public static Tensor Softmax(Tensor input, long dim, bool log)
    {
        int rank = input.Sizes.Length;
        int d = Tensor.NormalizeDim(dim, rank);
        if (!input.ElementType.IsFloatingPoint())
        {
            bool last = rank == 0 || d == rank - 1;
            RequireFloating(input, (log ? "log_softmax" : "softmax") + (last ? "_lastdim_kernel_impl" : "_kernel_impl"));
        }
        // float16/bfloat16 compute in float32 and round once.
        var compute = input.ElementType.ComputeType();
        var x = Copy.Contiguous(input.ToDTypeIfNeeded(compute));
        var result = Tensor.Empty(input.Sizes, compute, uninitialized: true);
        int outer = 1, size = rank == 0 ? 1 : input.Sizes[d], inner = 1;
        for (int i = 0; i < d; i++) outer *= input.Sizes[i];
        for (int i = d + 1; i < rank; i++) inner *= input.Sizes[i];
        if (compute == ScalarType.Float32)
            SoftmaxLoop(x.ContiguousSpan<float>(), result.ContiguousSpan<float>(), outer, size, inner, log);
        else
            SoftmaxLoop(x.ContiguousSpan<double>(), result.ContiguousSpan<double>(), outer, size, inner, log);
        GC.KeepAlive(x);
        result = result.ToDTypeIfNeeded(input.ElementType);
        if (Autograd.NeedsGrad(input))
            result.SetHistory(log
                // _log_softmax_backward_data(grad, y, dim) = grad − exp(y)·Σgrad
                ? new UnaryBackward<int>("LogSoftmaxBackward0", input, result, d, static (g, y, dim) => g - y.exp() * g.sum(dim, keepdim: true))
                // _softmax_backward_data(grad, y, dim) = y·grad − y·Σ(y·grad)
                : new UnaryBackward<int>("SoftmaxBackward0", input, result, d, static (g, y, dim) =>
                {
                    var gy = g * y;
                    return gy - y * gy.sum(dim, keepdim: true);
                }));
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

    // ------------------------------------------------------------------ elementwise activations
    // Each is a composite forward, run without recording, and one node with PyTorch's name whose
    // formula reads the input x: forward and backward side by side, as in derivatives.yaml.

    /// <summary>Runs <paramref name="forward"/> on a floating <paramref name="x"/> without recording,
    /// then records one <paramref name="node"/> that saves x.</summary>
    private static Tensor Composite(Tensor x, string kernel, Func<Tensor, Tensor> forward, string node, Func<Tensor, Tensor, Tensor> backward)
    {
        var result = Untracked(x, kernel, forward, static (x, forward) => forward(x));
        if (Autograd.NeedsGrad(x)) result.SetHistory(new UnaryBackward(node, x, x, backward));
        return result;
    }

    /// <summary><see cref="Composite"/> for an activation with scalar arguments.</summary>
    private static Tensor Composite<TArgs>(Tensor x, string kernel, TArgs args, Func<Tensor, TArgs, Tensor> forward, string node,
        Func<Tensor, Tensor, TArgs, Tensor> backward)
    {
        var result = Untracked(x, kernel, args, forward);
        if (Autograd.NeedsGrad(x)) result.SetHistory(new UnaryBackward<TArgs>(node, x, x, args, backward));
        return result;
    }

    private static Tensor Untracked<TArgs>(Tensor x, string kernel, TArgs args, Func<Tensor, TArgs, Tensor> forward)
    {
        RequireFloating(x, kernel);
        Tensor result;
        using (new GradModeScope(false)) result = forward(x, args);
        return ReferenceEquals(result, x) ? x.detach().clone() : result;
    }

    private static Tensor Zeros(Tensor t) => torch.zeros_like(t);

    /// <summary>log(1 + exp(z)) = max(z, 0) + log1p(exp(−|z|)), which cannot overflow.</summary>
    private static Tensor Log1pExp(Tensor z)
        => Selection.Maximum(z, Zeros(z)) + UnaryMath.Log1p(UnaryMath.Exp(-UnaryMath.Abs(z)));

    /// <summary>log σ(x) = min(x, 0) − log1p(exp(−|x|)), exact for large |x|; d/dx = 1 − σ(x) = σ(−x).</summary>
    public static Tensor LogSigmoid(Tensor input) => Composite(input, "log_sigmoid_forward",
        static x => Selection.Minimum(x, Zeros(x)) - UnaryMath.Log1p(UnaryMath.Exp(-UnaryMath.Abs(x))),
        "LogSigmoidBackward0", static (g, x) => g * UnaryMath.Sigmoid(-x));

    /// <summary>softplus(x) = log(1 + exp(βx)) / β, and x itself where βx &gt; threshold; d/dx = σ(βx).</summary>
    public static Tensor Softplus(Tensor input, double beta, double threshold) => Composite(input, "softplus_cpu", (beta, threshold),
        static (x, p) => Selection.Where(x * p.beta > p.threshold, x, Log1pExp(x * p.beta) / p.beta),
        "SoftplusBackward0", static (g, x, p) =>
        {
            var bx = x * p.beta;
            return Selection.Where(bx > p.threshold, g, g * UnaryMath.Sigmoid(bx));
        });

    /// <summary>leaky_relu(x) = x for x &gt; 0, else negative_slope·x.</summary>
    public static Tensor LeakyRelu(Tensor input, double negativeSlope) => Composite(input, "leaky_relu_cpu", negativeSlope,
        static (x, slope) => Selection.Where(x > 0.0, x, x * slope),
        "LeakyReluBackward0", static (g, x, slope) => Selection.Where(x > 0.0, g, g * slope));

    /// <summary>elu(x) = x for x &gt; 0, else α(exp(x) − 1).</summary>
    public static Tensor Elu(Tensor input, double alpha) => Composite(input, "elu_cpu", alpha,
        static (x, alpha) => Selection.Where(x > 0.0, x, (UnaryMath.Exp(x) - 1.0) * alpha),
        "EluBackward0", static (g, x, alpha) => Selection.Where(x > 0.0, g, g * (UnaryMath.Exp(x) * alpha)));

    /// <summary>silu(x) = x·σ(x); d/dx = σ(x)·(1 + x·(1 − σ(x))).</summary>
    public static Tensor Silu(Tensor input) => Composite(input, "silu_cpu",
        static x => x * UnaryMath.Sigmoid(x),
        "SiluBackward0", static (g, x) =>
        {
            var s = UnaryMath.Sigmoid(x);
            return g * (s * (x * (1.0 - s) + 1.0));
        });

    private const double SqrtHalf = 0.70710678118654757, InvSqrt2Pi = 0.3989422804014327, SqrtTwoOverPi = 0.79788456080286541;

    /// <summary>gelu(x) = x·Φ(x) (Φ the standard normal CDF), or with <c>approximate: "tanh"</c>
    /// ½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public static Tensor Gelu(Tensor input, string approximate)
    {
        return approximate switch
        {
            "none" => Composite(input, "GeluKernelImpl",
                static x => x * ((UnaryMath.Erf(x * SqrtHalf) + 1.0) * 0.5),
                // d/dx x·Φ(x) = Φ(x) + x·φ(x)
                "GeluBackward0", static (g, x) =>
                    g * ((UnaryMath.Erf(x * SqrtHalf) + 1.0) * 0.5 + x * UnaryMath.Exp(x * x * -0.5) * InvSqrt2Pi)),
            "tanh" => Composite(input, "GeluKernelImpl",
                static x => x * ((UnaryMath.Tanh(GeluTanhInner(x)) + 1.0) * 0.5),
                // d/dx ½x(1 + t) = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²), t = tanh(inner)
                "GeluBackward0", static (g, x) =>
                {
                    var t = UnaryMath.Tanh(GeluTanhInner(x));
                    var innerDerivative = (x * x * (3 * 0.044715) + 1.0) * SqrtTwoOverPi;
                    return g * ((t + 1.0) * 0.5 + x * 0.5 * (1.0 - t * t) * innerDerivative);
                }),
            _ => throw new ArgumentException($"approximate argument must be either none or tanh."),
        };
    }

    private static Tensor GeluTanhInner(Tensor x) => (x + x * x * x * 0.044715) * SqrtTwoOverPi;

    /// <summary>mish(x) = x·tanh(softplus(x)); d/dx = t + x·σ(x)·(1 − t²), t = tanh(softplus(x)).</summary>
    public static Tensor Mish(Tensor input) => Composite(input, "mish_cpu",
        static x => x * UnaryMath.Tanh(Log1pExp(x)),
        "MishBackward0", static (g, x) =>
        {
            var t = UnaryMath.Tanh(Log1pExp(x));
            return g * (t + x * UnaryMath.Sigmoid(x) * (1.0 - t * t));
        });

    /// <summary>hardtanh(x) = clamp(x, min_val, max_val); the gradient passes strictly inside the bounds.</summary>
    public static Tensor Hardtanh(Tensor input, double minVal, double maxVal)
    {
        if (input.ElementType == ScalarType.Bool) throw new InvalidOperationException("Bool inputs not supported for hardtanh");
        Tensor result;
        using (new GradModeScope(false)) result = Selection.Clamp(input, minVal, maxVal);
        if (Autograd.NeedsGrad(input))
            result.SetHistory(new UnaryBackward<(double min, double max)>("HardtanhBackward0", input, input, (minVal, maxVal),
                static (g, x, b) => Selection.Where(Comparison.LogicalAnd(x > b.min, x < b.max), g, Zeros(g))));
        return result;
    }
}
