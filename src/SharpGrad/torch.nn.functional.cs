using SharpGrad.Ops;


namespace SharpGrad;

public static partial class torch
{
    /// <summary>PyTorch's <c>torch.nn</c>.</summary>
    public static partial class nn
    {
        /// <summary>
        /// PyTorch's <c>torch.nn.functional</c>: activations and losses with PyTorch's semantics, node
        /// names and error messages. Reach it as <c>torch.nn.functional.relu(x)</c>, or with
        /// <c>using F = SharpGrad.torch.nn.functional;</c> as <c>F.relu(x)</c>.
        /// </summary>
        public static partial class functional
        {
            // -------------------------------------------------------------- activations

            /// <summary>max(input, 0) elementwise (ReluBackward0); <paramref name="inplace"/> overwrites the input.</summary>
            public static Tensor relu(Tensor input, bool inplace = false) => inplace ? input.relu_() : UnaryMath.Relu(input);

            /// <summary>In-place <see cref="relu"/>.</summary>
            public static Tensor relu_(Tensor input) => input.relu_();

            /// <summary>1 / (1 + exp(−input)) elementwise (SigmoidBackward0).</summary>
            public static Tensor sigmoid(Tensor input) => UnaryMath.Sigmoid(input);

            /// <summary>tanh elementwise (TanhBackward0).</summary>
            public static Tensor tanh(Tensor input) => UnaryMath.Tanh(input);

            /// <summary>
            /// exp(x) / Σ exp(x) along <paramref name="dim"/> (SoftmaxBackward0). <paramref name="dtype"/>
            /// converts the input first. Without a dim, PyTorch's deprecated implicit choice is made
            /// (0 for 0-, 1- and 3-D inputs, else 1).
            /// </summary>
            public static Tensor softmax(Tensor input, long? dim = null, ScalarType? dtype = null)
            {
                var d = dim ?? ImplicitDim("softmax", input.dim());
                return Activation.Softmax(dtype is { } t ? input.to(t) : input, d, log: false);
            }

            /// <summary>softmax(−input) along <paramref name="dim"/>.</summary>
            public static Tensor softmin(Tensor input, long? dim = null, ScalarType? dtype = null)
            {
                var d = dim ?? ImplicitDim("softmin", input.dim());
                return Activation.Softmax(-(dtype is { } t ? input.to(t) : input), d, log: false);
            }

            /// <summary>log(softmax(input)) along <paramref name="dim"/>, computed stably (LogSoftmaxBackward0).</summary>
            public static Tensor log_softmax(Tensor input, long? dim = null, ScalarType? dtype = null)
            {
                var d = dim ?? ImplicitDim("log_softmax", input.dim());
                return Activation.Softmax(dtype is { } t ? input.to(t) : input, d, log: true);
            }

            private static long ImplicitDim(string name, int ndim)
            {
                long d = ndim is 0 or 1 or 3 ? 0 : 1;
                Loss.Warn($"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as an argument.");
                return d;
            }

            /// <summary>log(sigmoid(input)), exact for large |input| (LogSigmoidBackward0).</summary>
            public static Tensor logsigmoid(Tensor input) => Activation.LogSigmoid(input);

            /// <summary>log(1 + exp(β·input)) / β, linear above <paramref name="threshold"/> (SoftplusBackward0).</summary>
            public static Tensor softplus(Tensor input, double beta = 1.0, double threshold = 20.0)
                => Activation.Softplus(input, beta, threshold);

            /// <summary>input for input &gt; 0, else negative_slope·input (LeakyReluBackward0).</summary>
            public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01) => Activation.LeakyRelu(input, negative_slope);

            /// <summary>input for input &gt; 0, else α·(exp(input) − 1) (EluBackward0).</summary>
            public static Tensor elu(Tensor input, double alpha = 1.0) => Activation.Elu(input, alpha);

            /// <summary>input·sigmoid(input) (SiluBackward0).</summary>
            public static Tensor silu(Tensor input) => Activation.Silu(input);

            /// <summary>x·Φ(x), or its tanh approximation with <paramref name="approximate"/> "tanh" (GeluBackward0).</summary>
            public static Tensor gelu(Tensor input, string approximate = "none") => Activation.Gelu(input, approximate);

            /// <summary>x·tanh(softplus(x)) (MishBackward0).</summary>
            public static Tensor mish(Tensor input) => Activation.Mish(input);

            /// <summary>clamp(input, min_val, max_val) (HardtanhBackward0).</summary>
            public static Tensor hardtanh(Tensor input, double min_val = -1.0, double max_val = 1.0) => Activation.Hardtanh(input, min_val, max_val);

            // -------------------------------------------------------------- losses
            // reduction: "mean" (default), "sum" or "none".

            /// <summary>Mean squared error (MseLossBackward0). A target of another shape is broadcast,
            /// with PyTorch's warning.</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, string reduction = "mean")
                => Loss.MseLoss(input, target, Loss.ParseReduction(reduction));

            /// <summary>Mean absolute error.</summary>
            public static Tensor l1_loss(Tensor input, Tensor target, string reduction = "mean")
                => Loss.L1Loss(input, target, Loss.ParseReduction(reduction));

            /// <summary>Smooth L1: ½(x−y)²/β where |x−y| &lt; β, else |x−y| − ½β (SmoothL1LossBackward0).</summary>
            public static Tensor smooth_l1_loss(Tensor input, Tensor target, string reduction = "mean", double beta = 1.0)
                => Loss.SmoothL1Loss(input, target, Loss.ParseReduction(reduction), beta);

            /// <summary>Huber: ½(x−y)² where |x−y| &lt; δ, else δ(|x−y| − ½δ) (HuberLossBackward0).</summary>
            public static Tensor huber_loss(Tensor input, Tensor target, string reduction = "mean", double delta = 1.0)
                => Loss.HuberLoss(input, target, Loss.ParseReduction(reduction), delta);

            /// <summary>Kullback–Leibler divergence of <paramref name="target"/> from log-probabilities
            /// <paramref name="input"/>; "mean" averages over all elements, "batchmean" over the batch.</summary>
            public static Tensor kl_div(Tensor input, Tensor target, string reduction = "mean", bool log_target = false)
                => Loss.KlDiv(input, target, reduction, log_target);

            /// <summary>
            /// Binary cross entropy of probabilities <paramref name="input"/> in [0, 1] against
            /// <paramref name="target"/> of the same shape; logs are clamped at −100
            /// (BinaryCrossEntropyBackward0).
            /// </summary>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean")
                => Loss.BinaryCrossEntropy(input, target, weight, Loss.ParseReduction(reduction));

            /// <summary>
            /// sigmoid followed by binary cross entropy, computed stably from the logits
            /// (BinaryCrossEntropyWithLogitsBackward0). <paramref name="pos_weight"/> weighs the
            /// positive examples, broadcast along the last dimension.
            /// </summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null,
                string reduction = "mean", Tensor? pos_weight = null)
                => Loss.BinaryCrossEntropyWithLogits(input, target, weight, pos_weight, Loss.ParseReduction(reduction));

            /// <summary>
            /// Negative log likelihood of log-probabilities <paramref name="input"/> ([C], [N, C] or
            /// [N, C, d1, …]) at the int64 class indices <paramref name="target"/> (NllLossBackward0,
            /// or NllLoss2DBackward0 for inputs of more than two dimensions).
            /// </summary>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                string reduction = "mean")
                => Loss.NllLossNd(input, target, weight, Loss.ParseReduction(reduction), ignore_index);

            /// <summary>
            /// Cross entropy of unnormalised logits <paramref name="input"/> ([C], [N, C] or
            /// [N, C, d1, …]) against int64 class indices, computed as
            /// <c>nll_loss(log_softmax(input, 1), target)</c> (NllLossBackward0), or against class
            /// probabilities: a floating <paramref name="target"/> of the input's shape.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                string reduction = "mean", double label_smoothing = 0.0)
                => Loss.CrossEntropy(input, target, weight, Loss.ParseReduction(reduction), ignore_index, label_smoothing);
        }
    }
}
