using SharpGrad.Modules;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Zeroes each element with probability <paramref name="p"/> in training, scaling the rest by 1/(1−p).</summary>
            public static Dropout Dropout(double p = 0.5, bool inplace = false) => new(p, inplace);

            /// <summary>Zeroes whole channels with probability <paramref name="p"/> in training, scaling the rest by 1/(1−p).</summary>
            public static Dropout2d Dropout2d(double p = 0.5, bool inplace = false) => new(p, inplace);

            public static partial class functional
            {
                /// <summary>
                /// In training, each element zeroed with probability <paramref name="p"/> and the rest
                /// scaled by 1/(1−p); otherwise the input itself. The mask is PyTorch's, drawn from the
                /// global generator: <c>noise = empty_like(input).bernoulli_(1 − p); noise.div_(1 − p);
                /// input * noise</c>.
                /// </summary>
                public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    CheckDropoutProbability(p);
                    return DropoutWithNoiseShape(input, p, training, inplace, input.shape);
                }

                /// <summary>
                /// Channel dropout for (N, C, H, W) inputs: one draw per (sample, channel), of noise shaped
                /// (N, C, 1, 1), as PyTorch's feature_dropout. A 3-D input is read as (N, C, L), with
                /// PyTorch's warning.
                /// </summary>
                public static Tensor dropout2d(Tensor input, double p = 0.5, bool training = true, bool inplace = false)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    CheckDropoutProbability(p);
                    int dims = input.dim();
                    if (dims is not (3 or 4))
                        Ops.Loss.Warn($"dropout2d: Received a {dims}-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).");
                    if (dims == 3)
                        Ops.Loss.Warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.");
                    if (dims < 2) throw new ArgumentException("Feature dropout requires at least 2 dimensions in the input");
                    var noiseShape = new long[dims];
                    Array.Fill(noiseShape, 1L);
                    noiseShape[0] = input.size(0);
                    noiseShape[1] = input.size(1);
                    return DropoutWithNoiseShape(input, p, training, inplace, noiseShape);
                }

                private static void CheckDropoutProbability(double p)
                {
                    if (!(p >= 0 && p <= 1))
                        throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {Repr.Float(p)}");
                }

                /// <summary>PyTorch's <c>_dropout_impl</c>.</summary>
                private static Tensor DropoutWithNoiseShape(Tensor input, double p, bool training, bool inplace, long[] noiseShape)
                {
                    if (p == 0 || !training || input.numel() == 0) return input;
                    if (p == 1) return inplace ? input.mul_(torch.zeros([], input.dtype)) : input * torch.zeros([], input.dtype);
                    if (!input.is_floating_point())
                        throw new NotSupportedException($"dropout: expected a floating point input, but got {input.dtype.TorchName()}");
                    var noise = torch.empty(noiseShape, input.dtype).bernoulli_(1 - p);
                    noise.div_(1 - p);
                    return inplace ? input.mul_(noise) : input * noise;
                }
            }
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>PyTorch's <c>_DropoutNd</c>: the probability and the inplace flag, checked as PyTorch's.</summary>
    public abstract class DropoutBase : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The probability of zeroing.</summary>
        public double p { get; }
        /// <summary>Whether forward overwrites its input.</summary>
        public bool inplace { get; }

        private protected DropoutBase(double p, bool inplace)
        {
            if (!(p >= 0 && p <= 1))
                throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {Repr.Float(p)}");
            this.p = p;
            this.inplace = inplace;
        }

        /// <inheritdoc/>
        public override string extra_repr() => $"p={Repr.Float(p)}, inplace={Repr.Bool(inplace)}";
    }

    /// <summary>PyTorch's <c>nn.Dropout</c>: active in training mode only.</summary>
    public sealed class Dropout : DropoutBase
    {
        internal Dropout(double p, bool inplace) : base(p, inplace) { }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.dropout(input, p, training, inplace);
    }

    /// <summary>PyTorch's <c>nn.Dropout2d</c>: whole channels, in training mode only.</summary>
    public sealed class Dropout2d : DropoutBase
    {
        internal Dropout2d(double p, bool inplace) : base(p, inplace) { }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.dropout2d(input, p, training, inplace);
    }
}
