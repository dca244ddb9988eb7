using SharpGrad.Modules;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Mean squared error.</summary>
            public static MSELoss MSELoss(string reduction = "mean") => new(reduction);
            /// <summary>Mean absolute error.</summary>
            public static L1Loss L1Loss(string reduction = "mean") => new(reduction);
            /// <summary>Cross entropy of logits against class indices or class probabilities.</summary>
            public static CrossEntropyLoss CrossEntropyLoss(Tensor? weight = null, long ignore_index = -100,
                string reduction = "mean", double label_smoothing = 0.0) => new(weight, ignore_index, reduction, label_smoothing);
            /// <summary>Negative log likelihood of log-probabilities at class indices.</summary>
            public static NLLLoss NLLLoss(Tensor? weight = null, long ignore_index = -100, string reduction = "mean")
                => new(weight, ignore_index, reduction);
            /// <summary>Binary cross entropy of probabilities.</summary>
            public static BCELoss BCELoss(Tensor? weight = null, string reduction = "mean") => new(weight, reduction);
            /// <summary>Binary cross entropy of logits.</summary>
            public static BCEWithLogitsLoss BCEWithLogitsLoss(Tensor? weight = null, string reduction = "mean", Tensor? pos_weight = null)
                => new(weight, reduction, pos_weight);
            /// <summary>Squared error below <paramref name="beta"/>, absolute error above it.</summary>
            public static SmoothL1Loss SmoothL1Loss(string reduction = "mean", double beta = 1.0) => new(reduction, beta);
            /// <summary>Squared error below <paramref name="delta"/>, delta-scaled absolute error above it.</summary>
            public static HuberLoss HuberLoss(string reduction = "mean", double delta = 1.0) => new(reduction, delta);
            /// <summary>Kullback–Leibler divergence of log-probabilities from a target distribution.</summary>
            public static KLDivLoss KLDivLoss(string reduction = "mean", bool log_target = false) => new(reduction, log_target);
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>A loss: (input, target) → loss, with PyTorch's <c>reduction</c> ("mean", "sum" or "none").</summary>
    public abstract class Loss(string reduction) : torch.nn.Module<Tensor, Tensor, Tensor>
    {
        /// <summary>"mean", "sum" or "none".</summary>
        public string reduction { get; } = reduction;
    }

    /// <summary>A loss with per-class weights, registered as a buffer as in PyTorch.</summary>
    public abstract class WeightedLoss : Loss
    {
        /// <summary>Registers <paramref name="weight"/> (or null) as the buffer <c>weight</c>.</summary>
        protected WeightedLoss(Tensor? weight, string reduction) : base(reduction) => register_buffer("weight", weight);

        /// <summary>The class weights, or null.</summary>
        public Tensor? weight => named_buffers(recurse: false).Select(b => b.buffer).FirstOrDefault();
    }

    /// <summary>PyTorch's <c>nn.MSELoss</c>.</summary>
    public sealed class MSELoss(string reduction = "mean") : Loss(reduction)
    {
        /// <inheritdoc/>
        public override Tensor forward(Tensor input, Tensor target) => torch.nn.functional.mse_loss(input, target, reduction);
    }

    /// <summary>PyTorch's <c>nn.L1Loss</c>.</summary>
    public sealed class L1Loss(string reduction = "mean") : Loss(reduction)
    {
        /// <inheritdoc/>
        public override Tensor forward(Tensor input, Tensor target) => torch.nn.functional.l1_loss(input, target, reduction);
    }

    /// <summary>PyTorch's <c>nn.CrossEntropyLoss</c>.</summary>
    public sealed class CrossEntropyLoss(Tensor? weight = null, long ignore_index = -100, string reduction = "mean",
        double label_smoothing = 0.0) : WeightedLoss(weight, reduction)
    {
        /// <summary>Targets with this class index are ignored.</summary>
        public long ignore_index { get; } = ignore_index;
        /// <summary>Amount of smoothing toward the uniform distribution.</summary>
        public double label_smoothing { get; } = label_smoothing;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input, Tensor target)
            => torch.nn.functional.cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing);
    }

    /// <summary>PyTorch's <c>nn.NLLLoss</c>.</summary>
    public sealed class NLLLoss(Tensor? weight = null, long ignore_index = -100, string reduction = "mean")
        : WeightedLoss(weight, reduction)
    {
        /// <summary>Targets with this class index are ignored.</summary>
        public long ignore_index { get; } = ignore_index;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input, Tensor target)
            => torch.nn.functional.nll_loss(input, target, weight, ignore_index, reduction);
    }

    /// <summary>PyTorch's <c>nn.BCELoss</c>.</summary>
    public sealed class BCELoss(Tensor? weight = null, string reduction = "mean") : WeightedLoss(weight, reduction)
    {
        /// <inheritdoc/>
        public override Tensor forward(Tensor input, Tensor target)
            => torch.nn.functional.binary_cross_entropy(input, target, weight, reduction);
    }

    /// <summary>PyTorch's <c>nn.BCEWithLogitsLoss</c>; <c>pos_weight</c> is a buffer too.</summary>
    public sealed class BCEWithLogitsLoss : Loss
    {
        internal BCEWithLogitsLoss(Tensor? weight, string reduction, Tensor? pos_weight) : base(reduction)
        {
            register_buffer("weight", weight);
            register_buffer("pos_weight", pos_weight);
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input, Tensor target)
        {
            Tensor? weight = null, posWeight = null;
            foreach (var (name, b) in named_buffers(recurse: false))
                if (name == "weight") weight = b; else posWeight = b;
            return torch.nn.functional.binary_cross_entropy_with_logits(input, target, weight, reduction, posWeight);
        }
    }

    /// <summary>PyTorch's <c>nn.SmoothL1Loss</c>.</summary>
    public sealed class SmoothL1Loss(string reduction = "mean", double beta = 1.0) : Loss(reduction)
    {
        /// <summary>Where the loss turns from quadratic to linear.</summary>
        public double beta { get; } = beta;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input, Tensor target) => torch.nn.functional.smooth_l1_loss(input, target, reduction, beta);
    }

    /// <summary>PyTorch's <c>nn.HuberLoss</c>.</summary>
    public sealed class HuberLoss(string reduction = "mean", double delta = 1.0) : Loss(reduction)
    {
        /// <summary>Where the loss turns from quadratic to linear.</summary>
        public double delta { get; } = delta;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input, Tensor target) => torch.nn.functional.huber_loss(input, target, reduction, delta);
    }

    /// <summary>PyTorch's <c>nn.KLDivLoss</c>.</summary>
    public sealed class KLDivLoss(string reduction = "mean", bool log_target = false) : Loss(reduction)
    {
        /// <summary>Whether the target is given as log-probabilities.</summary>
        public bool log_target { get; } = log_target;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input, Tensor target) => torch.nn.functional.kl_div(input, target, reduction, log_target);
    }
}
