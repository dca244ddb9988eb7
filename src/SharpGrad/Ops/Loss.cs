using System.Numerics.Tensors;

namespace SharpGrad.Ops;

/// <summary>
/// torch.nn.functional: softmax, log_softmax and the losses. Each forward computes values without
/// recording, then attaches one node named as PyTorch's; each backward is written with Tensor ops,
/// so the losses are twice differentiable.
/// </summary>
internal static class Loss
{
    // ------------------------------------------------------------------ softmax family

    /// <summary>Rows along <paramref name="dim"/>: the tensor with that dim moved last, made contiguous.</summary>
    private static (Tensor rows, long[] perm) MoveDimLast(Tensor x, int dim)
    {
        int n = x.dim();
        if (dim == n - 1) return (Kernels.Copy.Contiguous(x), []);
        var perm = Enumerable.Range(0, n).Where(i => i != dim).Append(dim).Select(i => (long)i).ToArray();
        return (Kernels.Copy.Contiguous(Shape.Permute(x, perm)), perm);
    }

    private static Tensor MoveLastBack(Tensor rows, long[] perm)
    {
        if (perm.Length == 0) return rows;
        var inverse = new long[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        return Kernels.Copy.Contiguous(Shape.Permute(rows, inverse));
    }

    /// <summary>softmax or log_softmax of each row, computed in place on a contiguous copy.</summary>
    private static Tensor SoftmaxValues(Tensor x, int dim, bool log)
    {
        Tensor result;
        using (new GradModeScope(false))
        {
            var (rows, perm) = MoveDimLast(x, dim);
            var work = ReferenceEquals(rows, x) ? Shape.Clone(rows) : rows;
            int n = work._shape.Length == 0 ? 1 : work._shape[^1];
            if (work._dtype == ScalarType.Float32) Rows(work.ContiguousSpan<float>(), n, log);
            else Rows(work.ContiguousSpan<double>(), n, log);
            result = MoveLastBack(work, perm);
        }
        return result;

        static void Rows<T>(Span<T> data, int n, bool log) where T : System.Numerics.IFloatingPointIeee754<T>
        {
            if (n == 0) return;
            for (int start = 0; start < data.Length; start += n)
            {
                var row = data.Slice(start, n);
                T max = TensorPrimitives.Max<T>(row);
                if (T.IsInfinity(max)) max = T.Zero; // all -inf rows stay NaN-free where PyTorch's are
                TensorPrimitives.Subtract(row, max, row);
                if (log)
                {
                    // log_softmax = (x - max) - log(sum(exp(x - max)))
                    T sum = T.Zero;
                    foreach (var v in row) sum += T.Exp(v);
                    TensorPrimitives.Subtract(row, T.Log(sum), row);
                }
                else
                {
                    TensorPrimitives.Exp(row, row);
                    TensorPrimitives.Divide(row, TensorPrimitives.Sum<T>(row), row);
                }
            }
        }
    }

    private static Tensor Floating(Tensor x, ScalarType? dtype)
    {
        var t = dtype is { } d ? x.to(d) : x;
        return t.is_floating_point() ? t : t.to(ScalarType.Float32);
    }

    public static Tensor Softmax(Tensor input, long dim, ScalarType? dtype)
    {
        var x = Floating(input, dtype);
        int d = Tensor.NormalizeDim(dim, x.dim());
        var y = SoftmaxValues(x, d, log: false);
        if (Autograd.NeedsGrad(x)) y.SetHistory(new SoftmaxBackward0(x, y, d));
        return y;
    }

    internal sealed class SoftmaxBackward0 : Node
    {
        private readonly int _dim;
        public SoftmaxBackward0(Tensor x, Tensor y, int dim) : base([x]) { _dim = dim; SaveForBackward(y); }

        // grad_x = y * (grad - sum(grad * y, dim))
        internal override Tensor?[] Apply(Tensor grad)
        {
            var y = Saved(0);
            return [y * (grad - (grad * y).sum(_dim, keepdim: true))];
        }
    }

    public static Tensor LogSoftmax(Tensor input, long dim, ScalarType? dtype)
    {
        var x = Floating(input, dtype);
        int d = Tensor.NormalizeDim(dim, x.dim());
        var y = SoftmaxValues(x, d, log: true);
        if (Autograd.NeedsGrad(x)) y.SetHistory(new LogSoftmaxBackward0(x, y, d));
        return y;
    }

    internal sealed class LogSoftmaxBackward0 : Node
    {
        private readonly int _dim;
        public LogSoftmaxBackward0(Tensor x, Tensor y, int dim) : base([x]) { _dim = dim; SaveForBackward(y); }

        // grad_x = grad - exp(y) * sum(grad, dim)
        internal override Tensor?[] Apply(Tensor grad)
            => [grad - Saved(0).exp() * grad.sum(_dim, keepdim: true)];
    }

    // ------------------------------------------------------------------ reductions of elementwise losses

    internal enum Reduction { None, Mean, Sum }

    internal static Reduction ParseReduction(string reduction) => reduction switch
    {
        "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        "none" => Reduction.None,
        _ => throw new ArgumentException($"{reduction} is not a valid value for reduction"),
    };

    private static Tensor Reduce(Tensor elementwise, Reduction reduction) => reduction switch
    {
        Reduction.Mean => elementwise.mean(),
        Reduction.Sum => elementwise.sum(),
        _ => elementwise,
    };

    /// <summary>The factor the output gradient is spread with: 1/numel for mean, 1 otherwise,
    /// shaped to broadcast against the elementwise loss.</summary>
    private static Tensor Spread(Tensor grad, Reduction reduction, int numel)
        => reduction == Reduction.Mean ? grad / (double)numel : grad;

    /// <summary>Runs <paramref name="values"/> without recording, then attaches <paramref name="node"/>.</summary>
    private static Tensor Record(Func<Tensor> values, Func<Node>? node)
    {
        Tensor result;
        using (new GradModeScope(false)) result = values();
        result._gradFn = null;
        result._requiresGrad = false;
        if (node is not null) result.SetHistory(node());
        return result;
    }

    // ------------------------------------------------------------------ mse_loss

    public static Tensor MseLoss(Tensor input, Tensor target, string reduction)
    {
        var r = ParseReduction(reduction);
        return Record(() => Reduce((input - target).pow(2), r),
            Autograd.NeedsGrad(input, target) ? () => new MseLossBackward0(input, target, r) : null);
    }

    internal sealed class MseLossBackward0 : Node
    {
        private readonly Reduction _reduction;
        private readonly int[] _inputShape, _targetShape;

        public MseLossBackward0(Tensor input, Tensor target, Reduction reduction) : base([input, target])
        {
            _reduction = reduction;
            _inputShape = input._shape;
            _targetShape = target._shape;
            SaveForBackward(input, target);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var diff = Saved(0) - Saved(1);
            var g = 2.0 * diff * Spread(grad, _reduction, diff.NumelInt);
            return [NeedsInputGrad(0) ? g.SumToShape(_inputShape) : null, NeedsInputGrad(1) ? (-g).SumToShape(_targetShape) : null];
        }
    }

    // ------------------------------------------------------------------ binary cross entropy

    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight, string reduction)
    {
        var r = ParseReduction(reduction);
        CheckSameSize(input, target);
        using (new GradModeScope(false))
        {
            if (((input < 0.0) | (input > 1.0)).any().item<bool>())
                throw new ArgumentException("all elements of input should be between 0 and 1");
        }
        return Record(() =>
            {
                // PyTorch clamps each log at -100 so that 0·log(0) stays finite.
                var logX = input.log().clamp(min: -100);
                var log1mX = (1.0 - input).log().clamp(min: -100);
                var loss = -(target * logX + (1.0 - target) * log1mX);
                if (weight is not null) loss = loss * weight;
                return Reduce(loss, r);
            },
            Autograd.NeedsGrad(input, target) ? () => new BinaryCrossEntropyBackward0(input, target, weight, r) : null);
    }

    internal sealed class BinaryCrossEntropyBackward0 : Node
    {
        private readonly Reduction _reduction;
        private readonly Tensor? _weight;

        public BinaryCrossEntropyBackward0(Tensor input, Tensor target, Tensor? weight, Reduction reduction) : base([input, target])
        {
            _reduction = reduction;
            _weight = weight;
            SaveForBackward(input, target);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var x = Saved(0);
            var t = Saved(1);
            var g = Spread(grad, _reduction, x.NumelInt);
            if (_weight is not null) g = g * _weight;
            // d/dx = (x - t) / max(x(1 - x), 1e-12); d/dt = log(1 - x) - log(x)
            var gx = g * (x - t) / (x * (1.0 - x)).clamp(min: 1e-12);
            var gt = g * ((1.0 - x).log().clamp(min: -100) - x.log().clamp(min: -100));
            return [NeedsInputGrad(0) ? gx : null, NeedsInputGrad(1) ? gt : null];
        }
    }

    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, string reduction)
    {
        var r = ParseReduction(reduction);
        CheckSameSize(input, target);
        return Record(() =>
            {
                // (1 - t)·x + lw·softplus(-x), softplus(-x) = max(-x, 0) + log(exp(-max) + exp(-x - max))
                var loss = (1.0 - target) * input + LogWeight(target, posWeight) * SoftplusOfNegative(input);
                if (weight is not null) loss = loss * weight;
                return Reduce(loss, r);
            },
            Autograd.NeedsGrad(input, target) ? () => new BinaryCrossEntropyWithLogitsBackward0(input, target, weight, posWeight, r) : null);
    }

    private static Tensor LogWeight(Tensor target, Tensor? posWeight)
        => posWeight is null ? Tensor.WrapNumber(1.0) : 1.0 + (posWeight - 1.0) * target;

    /// <summary>log(1 + exp(-x)) without overflow.</summary>
    private static Tensor SoftplusOfNegative(Tensor x)
    {
        var m = (-x).clamp(min: 0);
        return m + ((-m).exp() + (-x - m).exp()).log();
    }

    internal sealed class BinaryCrossEntropyWithLogitsBackward0 : Node
    {
        private readonly Reduction _reduction;
        private readonly Tensor? _weight, _posWeight;

        public BinaryCrossEntropyWithLogitsBackward0(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction)
            : base([input, target])
        {
            _reduction = reduction;
            _weight = weight;
            _posWeight = posWeight;
            SaveForBackward(input, target);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var x = Saved(0);
            var t = Saved(1);
            var g = Spread(grad, _reduction, x.NumelInt);
            if (_weight is not null) g = g * _weight;
            // d/dx = lw·sigmoid(x) - pw·t (= sigmoid(x) - t without pos_weight)
            Tensor? gx = null, gt = null;
            if (NeedsInputGrad(0))
                gx = _posWeight is null ? g * (x.sigmoid() - t) : g * (LogWeight(t, _posWeight) * x.sigmoid() - _posWeight * t);
            if (NeedsInputGrad(1))
                gt = _posWeight is null ? g * -x : g * ((_posWeight - 1.0) * SoftplusOfNegative(x) - x);
            return [gx, gt];
        }
    }

    private static void CheckSameSize(Tensor input, Tensor target)
    {
        if (!input.SameShape(target))
            throw new ArgumentException(
                $"Target size ({Tensor.TorchSizeString(target._shape)}) must be the same as input size ({Tensor.TorchSizeString(input._shape)})");
    }

    // ------------------------------------------------------------------ nll_loss / cross_entropy

    /// <summary>
    /// nll_loss over log-probabilities [N, C] (or [C]) and int64 class targets [N] (or []).
    /// The loss is linear in the input: Σ coefficient[i, c]·input[i, c] with the coefficients
    /// -w[t_i] (divided by the total weight for "mean") at each target class, so its backward is
    /// the output gradient times those coefficients.
    /// </summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, string reduction)
    {
        var r = ParseReduction(reduction);
        bool unbatched = input.dim() == 1;
        var x = unbatched ? input.unsqueeze(0) : input;
        var t = unbatched ? target.reshape(1) : target;
        if (x.dim() != 2)
            throw new ArgumentException($"Expected 2 or fewer dimensions for nll_loss input but got {input.dim()}; SharpGrad's nll_loss takes [N, C] or [C].");
        if (t._dtype != ScalarType.Int64)
            throw new ArgumentException($"expected scalar type Long but found {t._dtype.TorchName().Replace("torch.", "")}");
        int n = x._shape[0], c = x._shape[1];
        if (t.NumelInt != n)
            throw new ArgumentException($"Expected input batch_size ({n}) to match target batch_size ({t.NumelInt}).");

        var classes = t.ToArray<long>();
        var w = weight?.to(ScalarType.Float64).ToArray<double>();
        var coefficients = new double[n * c];
        double totalWeight = 0;
        for (int i = 0; i < n; i++)
        {
            long k = classes[i];
            if (k == ignoreIndex) continue;
            if (k < 0 || k >= c) throw new IndexOutOfRangeException($"Target {k} is out of bounds.");
            double wk = w?[k] ?? 1.0;
            coefficients[i * c + k] = -wk;
            totalWeight += wk;
        }
        if (r == Reduction.Mean)
            for (int i = 0; i < coefficients.Length; i++) coefficients[i] /= totalWeight;
        var coef = Tensor.FromArray(coefficients, [n, c]).ToDTypeIfNeeded(x._dtype);

        var result = Record(() =>
            {
                var weighted = x * coef;
                return r == Reduction.None ? weighted.sum(1) : weighted.sum();
            },
            Autograd.NeedsGrad(x) ? () => new NllLossBackward0(x, coef, r) : null);
        return unbatched && r == Reduction.None ? result.reshape() : result;
    }

    internal sealed class NllLossBackward0(Tensor input, Tensor coefficients, Reduction reduction) : Node([input])
    {
        internal override Tensor?[] Apply(Tensor grad)
            => [(reduction == Reduction.None ? grad.unsqueeze(1) : grad) * coefficients];
    }

    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, string reduction, double labelSmoothing)
    {
        var r = ParseReduction(reduction);
        int classDim = input.dim() == 1 ? 0 : 1;
        var logp = LogSoftmax(input, classDim, null);
        if (target.is_floating_point())
        {
            // Class probabilities as targets.
            if (!target.SameShape(input))
                throw new ArgumentException($"Target size ({Tensor.TorchSizeString(target._shape)}) must be the same as input size ({Tensor.TorchSizeString(input._shape)})");
            var probs = labelSmoothing > 0 ? target * (1 - labelSmoothing) + labelSmoothing / input._shape[classDim] : target;
            var perSample = -(weight is null ? logp * probs : logp * probs * weight).sum(classDim);
            return r switch
            {
                Reduction.Mean => input.dim() == 1 ? perSample : perSample.sum() / (double)input._shape[0],
                Reduction.Sum => perSample.sum(),
                _ => perSample,
            };
        }
        var nll = NllLoss(logp, target, weight, ignoreIndex, reduction);
        if (labelSmoothing <= 0) return nll;
        // (1 - ε)·nll + ε·mean over classes of -log p, per PyTorch's label smoothing.
        var smooth = -(weight is null ? logp : logp * weight).sum(classDim) / (double)input._shape[classDim];
        var smoothReduced = r switch
        {
            Reduction.Mean => smooth.mean(),
            Reduction.Sum => smooth.sum(),
            _ => smooth,
        };
        return nll * (1 - labelSmoothing) + smoothReduced * labelSmoothing;
    }
}
