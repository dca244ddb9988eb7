using SharpGrad.Ops;

#pragma warning disable CS8981 // PyTorch's lower-case names are the point of this facade.

namespace SharpGrad;

public static partial class torch
{
    /// <summary>PyTorch's <c>torch.nn</c> (the functional API).</summary>
    public static partial class nn
    {
        /// <summary>PyTorch's <c>torch.nn.functional</c>: activations and losses.
        /// Alias it as PyTorch code does: <c>using F = SharpGrad.torch.nn.functional;</c>.</summary>
        public static partial class functional
        {
            /// <summary>max(x, 0) elementwise.</summary>
            public static Tensor relu(Tensor input) => UnaryMath.Relu(input);
            /// <summary>1 / (1 + e⁻ˣ) elementwise.</summary>
            public static Tensor sigmoid(Tensor input) => UnaryMath.Sigmoid(input);
            /// <summary>Hyperbolic tangent elementwise.</summary>
            public static Tensor tanh(Tensor input) => UnaryMath.Tanh(input);

            /// <summary>exp(x) / Σ exp(x) along <paramref name="dim"/> (node SoftmaxBackward0).</summary>
            public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => Loss.Softmax(input, dim, dtype);

            /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably (node LogSoftmaxBackward0).</summary>
            public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => Loss.LogSoftmax(input, dim, dtype);

            /// <summary>Mean (or sum, or elementwise) squared error (node MseLossBackward0).</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, string reduction = "mean") => Loss.MseLoss(input, target, reduction);

            /// <summary>Binary cross entropy of probabilities (node BinaryCrossEntropyBackward0).</summary>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean")
                => Loss.BinaryCrossEntropy(input, target, weight, reduction);

            /// <summary>Binary cross entropy of logits, computed stably (node BinaryCrossEntropyWithLogitsBackward0).</summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null,
                string reduction = "mean", Tensor? pos_weight = null)
                => Loss.BinaryCrossEntropyWithLogits(input, target, weight, pos_weight, reduction);

            /// <summary>Negative log likelihood of log-probabilities [N, C] for int64 class targets (node NllLossBackward0).</summary>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                string reduction = "mean")
                => Loss.NllLoss(input, target, weight, ignore_index, reduction);

            /// <summary>Cross entropy of logits [N, C] (or [C]) against int64 classes or class probabilities:
            /// nll_loss(log_softmax(input, 1), target).</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                string reduction = "mean", double label_smoothing = 0.0)
                => Loss.CrossEntropy(input, target, weight, ignore_index, reduction, label_smoothing);
        }
    }
}
