using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Loss functions of <c>torch.nn.functional</c> with PyTorch's node names and backward
/// formulas (derivatives.yaml). Backward formulas use differentiable Tensor ops, so the losses can
/// be differentiated twice.</summary>
internal static class Loss
{
    internal enum LossReduction { None = 0, Mean = 1, Sum = 2 }

    /// <summary>PyTorch's <c>_Reduction.get_enum</c>.</summary>
    internal static LossReduction ParseReduction(string reduction) => reduction switch
    {
        "none" => LossReduction.None,
        "mean" => LossReduction.Mean,
        "sum" => LossReduction.Sum,
        // PyTorch also accepts the legacy "elementwise_mean", with a deprecation warning.
        "elementwise_mean" => WarnLegacyMean(),
        _ => throw new ArgumentException($"{reduction} is not a valid value for reduction"),
    };

    private static LossReduction WarnLegacyMean()
    {
        Warn("reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.");
        return LossReduction.Mean;
    }

    private static readonly HashSet<string> s_warned = [];

    /// <summary>A Python <c>UserWarning</c> on standard error, once per message.</summary>
    internal static void Warn(string message)
    {
        lock (s_warned)
            if (!s_warned.Add(message)) return;
        Console.Error.WriteLine($"UserWarning: {message}");
    }

    /// <summary>apply_loss_reduction: the elementwise loss, its mean, or its sum.</summary>
    private static Tensor Reduce(Tensor loss, LossReduction reduction) => reduction switch
    {
        LossReduction.Mean => loss.mean(),
        LossReduction.Sum => loss.sum(),
        _ => loss,
    };

    /// <summary>Scales an elementwise gradient by 1/N for the mean reduction.</summary>
    private static Tensor ScaleForMean(Tensor g, LossReduction reduction, int numel)
        => reduction == LossReduction.Mean ? g / (double)numel : g;

    /// <summary>An elementwise gradient times the loss's weight (when it has one), scaled for the mean.</summary>
    private static Tensor Weighted(Tensor g, Tensor? weight, LossReduction reduction, int numel)
        => ScaleForMean(weight is null ? g : g * weight, reduction, numel);

    /// <summary>PyTorch's check_no_requires_grad for arguments without a derivative formula.</summary>
    private static void CheckNoRequiresGrad(Tensor? t, string name, string function)
    {
        if (t is not null && t.requires_grad && GradMode.Enabled)
            throw new InvalidOperationException(
                $"The function '{function}' is not differentiable with respect to argument '{name}'. This input cannot have requires_grad True.");
    }

    private static long[] Long(int[] shape) => Reduction.ToLong(shape);

    /// <summary>torch.broadcast_tensors for the regression losses, with their size warning.</summary>
    private static (Tensor input, Tensor target) BroadcastWithWarning(Tensor input, Tensor target)
    {
        if (input.SameShape(target)) return (input, target);
        Warn($"Using a target size ({Tensor.TorchSizeString(target.Sizes)}) that is different to the input size ({Tensor.TorchSizeString(input.Sizes)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.");
        var shape = Tensor.BroadcastShapes(input.Sizes, target.Sizes);
        if (!Tensor.SameShape(input.Sizes, shape)) input = input.expand(Long(shape));
        if (!Tensor.SameShape(target.Sizes, shape)) target = target.expand(Long(shape));
        return (input, target);
    }

    // ------------------------------------------------------------------ regression losses

    /// <summary>A regression loss ℓ(input − target), elementwise and reduced, whose node gives input
    /// ℓ′(input − target)·grad (over N for the mean) and target its negative: the loss and its
    /// derivative side by side.</summary>
    private static Tensor PointwiseLoss(Tensor input, Tensor target, LossReduction reduction, string node, double param,
        Func<Tensor, double, Tensor> loss, Func<Tensor, double, Tensor> derivative)
    {
        (input, target) = BroadcastWithWarning(input, target);
        Tensor result;
        using (new GradModeScope(false)) result = Reduce(loss(input - target, param), reduction);
        if (Autograd.NeedsGrad(input, target))
            result.SetHistory(new PointwiseLossBackward(node, input, target, reduction, param, derivative));
        return result;
    }

    internal sealed class PointwiseLossBackward : NamedNode
    {
        private readonly Func<Tensor, double, Tensor> _derivative;
        private readonly double _param;
        private readonly LossReduction _reduction;
        private readonly int _numel;

        public PointwiseLossBackward(string name, Tensor input, Tensor target, LossReduction reduction, double param,
            Func<Tensor, double, Tensor> derivative) : base(name, [input, target])
        {
            _derivative = derivative;
            _param = param;
            _reduction = reduction;
            _numel = input.NumelInt;
            SaveForBackward(input, target);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var g = ScaleForMean(_derivative(Saved(0) - Saved(1), _param) * grad, _reduction, _numel);
            return [NeedsInputGrad(0) ? g : null, NeedsInputGrad(1) ? -g : null];
        }
    }

    /// <summary>mse_loss: (input − target)²; mse_loss_backward: 2·(input − target)·grad.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, LossReduction reduction)
        => PointwiseLoss(input, target, reduction, "MseLossBackward0", 0, static (d, _) => d * d, static (d, _) => d * 2.0);

    /// <summary>smooth_l1_loss: ½d²/β where |d| &lt; β, else |d| − ½β (l1_loss for β = 0).</summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, LossReduction reduction, double beta)
    {
        if (beta < 0) throw new ArgumentException("smooth_l1_loss does not support negative values for beta.");
        if (beta == 0) return L1Loss(input, target, reduction);
        return PointwiseLoss(input, target, reduction, "SmoothL1LossBackward0", beta,
            static (d, beta) => Selection.Where(d.abs() < beta, d * d * (0.5 / beta), d.abs() - 0.5 * beta),
            static (d, beta) => Selection.Where(d.abs() < beta, d / beta, d.sign()));
    }

    /// <summary>huber_loss: ½d² where |d| &lt; δ, else δ(|d| − ½δ).</summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, LossReduction reduction, double delta)
    {
        if (!(delta > 0)) throw new ArgumentException("huber_loss does not support non-positive values for delta.");
        return PointwiseLoss(input, target, reduction, "HuberLossBackward0", delta,
            static (d, delta) => Selection.Where(d.abs() < delta, d * d * 0.5, (d.abs() - 0.5 * delta) * delta),
            static (d, delta) => Selection.Where(d.abs() <= delta, d, d.sign() * delta));
    }

    /// <summary>
    /// kl_div: target·(log target − input) (0 where target is 0), or with <paramref name="logTarget"/>
    /// exp(target)·(target − input); "mean" is the mean over all elements, "batchmean" the sum over
    /// the batch size. A composite of differentiable ops, as in PyTorch.
    /// </summary>
    public static Tensor KlDiv(Tensor input, Tensor target, string reduction, bool logTarget)
    {
        bool batchMean = reduction == "batchmean";
        var parsed = batchMean ? LossReduction.Sum : ParseReduction(reduction);
        Tensor loss;
        if (logTarget)
            loss = target.exp() * (target - input);
        else
        {
            // xlogy(target, target): log of 1 where target is 0, so no 0·(−inf) reaches the gradient.
            var zero = target == 0.0;
            var xlogy = target * Selection.Where(zero, torch.ones_like(target), target).log();
            loss = xlogy - target * input;
        }
        var result = Reduce(loss, parsed);
        return batchMean && input.dim() != 0 ? result / (double)input.Sizes[0] : result;
    }

    /// <summary>l1_loss: |input − target| reduced (a composite in PyTorch, so its node is the
    /// reduction's or AbsBackward0).</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, LossReduction reduction)
    {
        (input, target) = BroadcastWithWarning(input, target);
        return Reduce((input - target).abs(), reduction);
    }

    // ------------------------------------------------------------------ binary_cross_entropy

    private const double BceEpsilon = 1e-12;

    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight, LossReduction reduction)
    {
        if (!input.SameShape(target))
            throw new ArgumentException(
                $"Using a target size ({Tensor.TorchSizeString(target.Sizes)}) that is different to the input size ({Tensor.TorchSizeString(input.Sizes)}) is deprecated. Please ensure they have the same size.");
        if (weight is not null)
        {
            var size = Tensor.BroadcastShapes(target.Sizes, weight.Sizes);
            if (!Tensor.SameShape(size, weight.Sizes)) weight = weight.expand(Long(size));
        }
        CheckNoRequiresGrad(weight, "weight", "binary_cross_entropy");
        Tensor result;
        using (new GradModeScope(false))
        {
            if (!Comparison.LogicalAnd(input >= 0.0, input <= 1.0).all().item<bool>())
                throw new InvalidOperationException("all elements of input should be between 0 and 1");
            if (!Comparison.LogicalAnd(target >= 0.0, target <= 1.0).all().item<bool>())
                throw new InvalidOperationException("all elements of target should be between 0 and 1");
            // PyTorch clamps both logs at -100 so that the loss stays finite.
            var logX = input.log().clamp_min(-100);
            var log1mX = (-input).log1p().clamp_min(-100);
            var loss = (target - 1.0) * log1mX - target * logX;
            if (weight is not null) loss = loss * weight;
            CheckLossShape(loss, input);
            result = Reduce(loss, reduction);
        }
        if (Autograd.NeedsGrad(input, target)) result.SetHistory(new BinaryCrossEntropyBackward0(input, target, weight, reduction));
        return result;
    }

    /// <summary>The elementwise loss is written in place into a tensor of the input's shape in
    /// PyTorch, so weights may broadcast up to it but not beyond.</summary>
    private static void CheckLossShape(Tensor loss, Tensor input)
    {
        if (!loss.SameShape(input))
            throw new ArgumentException(
                $"output with shape {Tensor.ShapeString(input.Sizes)} doesn't match the broadcast shape {Tensor.ShapeString(loss.Sizes)}");
    }

    internal sealed class BinaryCrossEntropyBackward0 : Node
    {
        private readonly LossReduction _reduction;
        private readonly int _numel;
        private readonly bool _hasWeight;

        public BinaryCrossEntropyBackward0(Tensor input, Tensor target, Tensor? weight, LossReduction reduction)
            : base([input, target])
        {
            _reduction = reduction;
            _numel = input.NumelInt;
            _hasWeight = weight is not null;
            SaveForBackward(input, target, weight);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var x = Saved(0);
            var t = Saved(1);
            var w = _hasWeight ? Saved(2) : null;
            Tensor? gx = null, gt = null;
            if (NeedsInputGrad(0))
            {
                // binary_cross_entropy_backward: grad·(x − t) / max((1 − x)·x, ε)
                gx = grad * (x - t) / ((1.0 - x) * x).clamp_min(BceEpsilon);
                gx = Weighted(gx, w, _reduction, _numel);
            }
            if (NeedsInputGrad(1))
            {
                // binary_cross_entropy_target_backward: −logit(x)·grad
                gt = (x.log() - (-x).log1p()) * -1.0 * grad;
                gt = Weighted(gt, w, _reduction, _numel);
            }
            return [gx, gt];
        }
    }

    // ------------------------------------------------------------------ binary_cross_entropy_with_logits

    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight,
        LossReduction reduction)
    {
        if (!input.SameShape(target))
            throw new ArgumentException(
                $"Target size ({Tensor.TorchSizeString(target.Sizes)}) must be the same as input size ({Tensor.TorchSizeString(input.Sizes)})");
        CheckNoRequiresGrad(weight, "weight", "binary_cross_entropy_with_logits");
        CheckNoRequiresGrad(posWeight, "pos_weight", "binary_cross_entropy_with_logits");
        Tensor result;
        using (new GradModeScope(false))
        {
            // (1 − t)·x − log σ(x), with log σ(x) = min(x, 0) − log1p(exp(−|x|)) never overflowing;
            // pos_weight p scales the positive term: log σ(x)·((p − 1)·t + 1).
            var logSigmoid = Activation.LogSigmoid(input);
            if (posWeight is not null) logSigmoid = logSigmoid * ((posWeight - 1.0) * target + 1.0);
            var loss = (1.0 - target) * input - logSigmoid;
            if (weight is not null) loss = loss * weight;
            CheckLossShape(loss, input);
            result = Reduce(loss, reduction);
        }
        if (Autograd.NeedsGrad(input, target))
            result.SetHistory(new BinaryCrossEntropyWithLogitsBackward0(input, target, weight, posWeight, reduction));
        return result;
    }

    internal sealed class BinaryCrossEntropyWithLogitsBackward0 : Node
    {
        private readonly LossReduction _reduction;
        private readonly int _numel;
        private readonly bool _hasWeight, _hasPosWeight;

        public BinaryCrossEntropyWithLogitsBackward0(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight,
            LossReduction reduction) : base([input, target])
        {
            _reduction = reduction;
            _numel = input.NumelInt;
            _hasWeight = weight is not null;
            _hasPosWeight = posWeight is not null;
            SaveForBackward(input, target, weight, posWeight);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var x = Saved(0);
            var t = Saved(1);
            var w = _hasWeight ? Saved(2) : null;
            var p = _hasPosWeight ? Saved(3) : null;
            Tensor? gx = null, gt = null;
            if (NeedsInputGrad(0))
            {
                // binary_cross_entropy_with_logits_backward: (σ(x) − t), or with pos_weight p:
                // (p·t + 1 − t)·σ(x) − p·t
                if (p is null) gx = x.sigmoid() - t;
                else
                {
                    var pt = p * t;
                    gx = (pt + 1.0 - t) * x.sigmoid() - pt;
                }
                gx = Weighted(gx * grad, w, _reduction, _numel).SumToShape(x.Sizes);
            }
            if (NeedsInputGrad(1))
            {
                // binary_cross_entropy_with_logits_target_backward: −x, or with pos_weight p:
                // log σ(−x) − p·log σ(x)
                gt = p is null ? -x : Activation.LogSigmoid(-x) - Activation.LogSigmoid(x) * p;
                gt = Weighted(gt * grad, w, _reduction, _numel).SumToShape(t.Sizes);
            }
            return [gx, gt];
        }
    }

    // ------------------------------------------------------------------ nll_loss

    /// <summary>at::nll_loss_nd: input [C], [N, C] or [N, C, d1, …]; target of class indices.</summary>
    public static Tensor NllLossNd(Tensor input, Tensor target, Tensor? weight, LossReduction reduction, long ignoreIndex)
    {
        int dim = input.dim();
        if (dim < 1) throw new ArgumentException($"Expected 1 or more dimensions (got {dim})");
        if (dim != 1)
        {
            if (target.dim() == 0)
                throw new InvalidOperationException("0D or 1D target tensor expected, multi-target not supported");
            if (input.Sizes[0] != target.Sizes[0])
                throw new ArgumentException(
                    $"Expected input batch_size ({input.Sizes[0]}) to match target batch_size ({target.Sizes[0]}).");
        }
        if (dim <= 2)
        {
            if (target.dim() > 1)
                throw new InvalidOperationException("0D or 1D target tensor expected, multi-target not supported");
            bool noBatchDim = dim == 1 && target.dim() == 0;
            if (!noBatchDim && input.Sizes[0] != target.Sizes[0] || dim == 1 && !noBatchDim)
                throw new InvalidOperationException(
                    $"size mismatch (got input: {Tensor.ShapeString(input.Sizes)}, target: {Tensor.ShapeString(target.Sizes)})");
            return NllLossKernel(input, target, weight, reduction, ignoreIndex, spatial: false);
        }
        if (dim == 4)
        {
            if (target.dim() != 3)
                throw new InvalidOperationException(
                    $"only batches of spatial targets supported (3D tensors) but got targets of size: {Tensor.ShapeString(target.Sizes)}");
            if (input.Sizes[2] != target.Sizes[1] || input.Sizes[3] != target.Sizes[2])
                throw new InvalidOperationException(
                    $"input and target batch or spatial sizes don't match: target {Tensor.ShapeString(target.Sizes)}, input {Tensor.ShapeString(input.Sizes)}");
            return NllLossKernel(input, target, weight, reduction, ignoreIndex, spatial: true);
        }
        // dim == 3 or dim > 4: viewed as 4-D, as PyTorch does.
        int n = input.Sizes[0], c = input.Sizes[1];
        var outSize = new int[dim - 1];
        outSize[0] = n;
        Array.Copy(input.Sizes, 2, outSize, 1, dim - 2);
        if (!target.Sizes.AsSpan(1).SequenceEqual(input.Sizes.AsSpan(2)))
            throw new ArgumentException($"Expected target size {Tensor.ShapeString(outSize)}, got {Tensor.ShapeString(target.Sizes)}");
        var input4 = input.numel() > 0
            ? input.contiguous().view(n, c, 1, input.numel() / ((long)n * c))
            : input.contiguous().view(n, c, 0, 0);
        var target3 = target.numel() > 0
            ? target.contiguous().view(n, 1, target.numel() / n)
            : target.contiguous().view(n, 0, 0);
        var result = NllLossKernel(input4, target3, weight, reduction, ignoreIndex, spatial: true);
        return reduction == LossReduction.None ? result.view(Long(outSize)) : result;
    }

    /// <summary>nll_loss_forward / nll_loss2d_forward over input [C] or [N, C, inner…].</summary>
    private static Tensor NllLossKernel(Tensor input, Tensor target, Tensor? weight, LossReduction reduction,
        long ignoreIndex, bool spatial)
    {
        if (!input.ElementType.IsFloatingPoint())
            throw new NotSupportedException(
                $"\"{(spatial ? "nll_loss2d_forward_out_frame" : "nll_loss_out_frame")}\" not implemented for '{input.ElementType.CTypeName()}'");
        if (target.ElementType != ScalarType.Int64)
            throw new NotSupportedException(
                $"\"{(spatial ? "nll_loss2d_forward_out_frame" : "nll_loss_out_frame")}\" not implemented for '{target.ElementType.CTypeName()}'");
        bool noBatch = input.dim() == 1;
        int classes = noBatch ? input.Sizes[0] : input.Sizes[1];
        if (weight is not null && (weight.dim() != 1 || weight.NumelInt != classes))
            throw new ArgumentException(
                $"weight tensor should be defined either for all {classes} classes or no classes but got weight tensor of shape: {Tensor.ShapeString(weight.Sizes)}");
        CheckNoRequiresGrad(weight, "weight", spatial ? "nll_loss2d_forward" : "nll_loss_forward");

        var targets = Copy.Contiguous(target).ContiguousSpan<long>().ToArray();
        var weights = weight is null ? null : weight.ToArray<double>();
        var inputAsDouble = Copy.Contiguous(input.ToDTypeIfNeeded(ScalarType.Float64));
        var x = inputAsDouble.ContiguousSpan<double>();
        int batch = noBatch ? 1 : input.Sizes[0];
        int inner = targets.Length / Math.Max(batch, 1);
        var losses = new double[targets.Length];
        double total = 0, sum = 0;
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < inner; i++)
            {
                int j = b * inner + i;
                long t = targets[j];
                if (t == ignoreIndex) continue;
                if (t < 0 || t >= classes) throw new IndexOutOfRangeException($"Target {t} is out of bounds.");
                double w = weights is null ? 1.0 : weights[t];
                losses[j] = -w * x[(b * classes + (int)t) * inner + i];
                total += w;
                sum += losses[j];
            }
        }
        GC.KeepAlive(inputAsDouble);

        Tensor result = reduction switch
        {
            LossReduction.None => Tensor.FromArray(losses, (int[])target.Sizes.Clone()).ToDTypeIfNeeded(input.ElementType),
            LossReduction.Sum => Tensor.Scalar(sum).ToDTypeIfNeeded(input.ElementType),
            _ => Tensor.Scalar(sum / total).ToDTypeIfNeeded(input.ElementType),
        };
        if (Autograd.NeedsGrad(input))
            result.SetHistory(new NllLossBackward(input, targets, weights, reduction, ignoreIndex, total, spatial));
        return result;
    }

    /// <summary>NllLossBackward0 / NllLoss2DBackward0: the gradient is −weight[target] (over the
    /// total weight for the mean) at each target's class, zero elsewhere. It is linear in the output
    /// gradient and does not depend on the input, so it is built as a constant times the gradient.</summary>
    internal sealed class NllLossBackward : Node
    {
        private readonly int[] _inputShape;
        private readonly ScalarType _dtype;
        private readonly long[] _targets;
        private readonly double[]? _weights;
        private readonly LossReduction _reduction;
        private readonly long _ignoreIndex;
        private readonly double _totalWeight;
        private readonly bool _spatial;

        public NllLossBackward(Tensor input, long[] targets, double[]? weights, LossReduction reduction,
            long ignoreIndex, double totalWeight, bool spatial) : base([input])
        {
            _inputShape = input.Sizes;
            _dtype = input.ElementType;
            _targets = targets;
            _weights = weights;
            _reduction = reduction;
            _ignoreIndex = ignoreIndex;
            _totalWeight = totalWeight;
            _spatial = spatial;
        }

        public override string name() => _spatial ? "NllLoss2DBackward0" : "NllLossBackward0";

        internal override Tensor?[] Apply(Tensor grad)
        {
            bool noBatch = _inputShape.Length == 1;
            int classes = noBatch ? _inputShape[0] : _inputShape[1];
            int batch = noBatch ? 1 : _inputShape[0];
            int inner = _targets.Length / Math.Max(batch, 1);
            var scale = new double[Tensor.Numel(_inputShape)];
            double norm = _reduction == LossReduction.Mean ? 1.0 / _totalWeight : 1.0;
            for (int b = 0; b < batch; b++)
                for (int i = 0; i < inner; i++)
                {
                    long t = _targets[b * inner + i];
                    if (t == _ignoreIndex) continue;
                    double w = _weights is null ? 1.0 : _weights[t];
                    scale[(b * classes + (int)t) * inner + i] = -w * norm;
                }
            var m = Tensor.FromArray(scale, _inputShape).ToDTypeIfNeeded(_dtype);
            var g = _reduction == LossReduction.None && !noBatch ? grad.unsqueeze(1) : grad;
            return [m * g];
        }
    }

    // ------------------------------------------------------------------ cross_entropy

    /// <summary>at::cross_entropy_loss: class-index targets go through nll_loss(log_softmax(input));
    /// a floating target of the input's shape holds class probabilities.</summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight, LossReduction reduction,
        long ignoreIndex, double labelSmoothing)
    {
        int classDim = input.dim() == 1 ? 0 : 1;
        if (input.SameShape(target))
        {
            if (!target.ElementType.IsFloatingPoint())
                throw new InvalidOperationException(
                    $"Expected floating point type for target with class probabilities, got {target.ElementType.CTypeName()}");
            if (ignoreIndex >= 0)
                throw new InvalidOperationException("ignore_index is not supported for floating point target");
            return CrossEntropyProbabilities(input, target, weight, reduction, labelSmoothing, classDim);
        }
        if (labelSmoothing > 0.0)
        {
            CheckLabelSmoothing(labelSmoothing);
            return CrossEntropyLabelSmoothing(input, target, weight, reduction, ignoreIndex, labelSmoothing, classDim);
        }
        return NllLossNd(Activation.Softmax(input, classDim, log: true), target, weight, reduction, ignoreIndex);
    }

    private static void CheckLabelSmoothing(double labelSmoothing)
    {
        if (labelSmoothing > 1.0)
            throw new InvalidOperationException($"label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}");
    }

    private static Tensor WeightView(Tensor weight, int rank, int classDim)
    {
        var shape = new long[rank];
        Array.Fill(shape, 1L);
        shape[classDim] = weight.Sizes[0];
        return weight.view(shape);
    }

    private static Tensor CrossEntropyProbabilities(Tensor input, Tensor target, Tensor? weight, LossReduction reduction,
        double labelSmoothing, int classDim)
    {
        int classes = input.Sizes[classDim];
        if (weight is not null && (weight.dim() != 1 || weight.NumelInt != classes))
            throw new ArgumentException(
                $"cross_entropy: weight tensor should be defined either for all {classes} classes or no classes but got weight tensor of shape: {Tensor.ShapeString(weight.Sizes)}");
        var logProbs = Activation.Softmax(input, classDim, log: true);
        if (labelSmoothing > 0.0)
        {
            CheckLabelSmoothing(labelSmoothing);
            target = target * (1 - labelSmoothing) + labelSmoothing / classes;
        }
        var product = logProbs * target;
        if (weight is not null) product = product * WeightView(weight, input.dim(), classDim);
        return reduction switch
        {
            LossReduction.Mean => input.numel() == 0
                ? -product.sum() * double.NaN
                : -product.sum() / (double)(input.numel() / classes),
            LossReduction.Sum => -product.sum(),
            _ => -product.sum(classDim),
        };
    }

    private static Tensor CrossEntropyLabelSmoothing(Tensor input, Tensor target, Tensor? weight, LossReduction reduction,
        long ignoreIndex, double labelSmoothing, int classDim)
    {
        int classes = input.Sizes[classDim];
        var logProbs = Activation.Softmax(input, classDim, log: true);
        var nll = NllLossNd(logProbs, target, weight, reduction, ignoreIndex);
        var ignoreMask = Comparison.Eq(target, Tensor.WrapNumber(ignoreIndex));
        var smooth = weight is not null
            ? -(logProbs * WeightView(weight, input.dim(), classDim)).sum(classDim)
            : -logProbs.sum(classDim);
        smooth = Selection.Where(ignoreMask, torch.zeros_like(smooth), smooth);
        Tensor ret;
        switch (reduction)
        {
            case LossReduction.Mean:
                {
                    // Normalised by the weights of the kept targets, as nll_loss is.
                    var targets = target.ToArray<long>();
                    var weights = weight?.ToArray<double>();
                    double norm = 0;
                    foreach (var t in targets)
                        if (t != ignoreIndex) norm += weights is null ? 1.0 : weights[t];
                    ret = smooth.sum() / norm;
                    break;
                }
            case LossReduction.Sum: ret = smooth.sum(); break;
            default: ret = smooth; break;
        }
        return nll * (1 - labelSmoothing) + ret * (labelSmoothing / classes);
    }
}
