using System.Globalization;
using SharpGrad.Modules;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Batch normalization over a (N, C) or (N, C, L) input, with running statistics.</summary>
            public static BatchNorm1d BatchNorm1d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true,
                bool track_running_stats = true, ScalarType? dtype = null)
                => new(num_features, eps, momentum, affine, track_running_stats, dtype);

            /// <summary>Batch normalization over a (N, C, H, W) input, with running statistics.</summary>
            public static BatchNorm2d BatchNorm2d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true,
                bool track_running_stats = true, ScalarType? dtype = null)
                => new(num_features, eps, momentum, affine, track_running_stats, dtype);

            /// <summary>Layer normalization over the trailing <paramref name="normalized_shape"/> dims.</summary>
            public static LayerNorm LayerNorm(long[] normalized_shape, double eps = 1e-5, bool elementwise_affine = true, bool bias = true,
                ScalarType? dtype = null)
                => new(normalized_shape, eps, elementwise_affine, bias, dtype);

            /// <summary>Layer normalization over the last dim, of size <paramref name="normalized_shape"/>.</summary>
            public static LayerNorm LayerNorm(long normalized_shape, double eps = 1e-5, bool elementwise_affine = true, bool bias = true,
                ScalarType? dtype = null)
                => new([normalized_shape], eps, elementwise_affine, bias, dtype);

            /// <summary>Group normalization: the channels split into <paramref name="num_groups"/> groups, each normalized.</summary>
            public static GroupNorm GroupNorm(long num_groups, long num_channels, double eps = 1e-5, bool affine = true, ScalarType? dtype = null)
                => new(num_groups, num_channels, eps, affine, dtype);

            public static partial class functional
            {
                /// <summary>
                /// Batch normalization of an (N, C, …) input per channel C. In training the batch's
                /// statistics normalize it and the running statistics (when given) move towards them,
                /// as PyTorch's: <c>running = (1 − momentum)·running + momentum·batch</c>, with the
                /// unbiased variance; in evaluation the running statistics normalize it.
                /// </summary>
                public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                    bool training = false, double momentum = 0.1, double eps = 1e-5)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    if (input.dim() < 2)
                        throw new ArgumentException($"batch_norm: expected an input of at least 2 dims (N, C, ...), but got {input.dim()}D input");
                    long c = input.size(1);
                    var shape = new long[input.dim()];
                    Array.Fill(shape, 1L);
                    shape[1] = c;
                    var dims = Enumerable.Range(0, input.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
                    CheckChannelTensor("weight", weight, c);
                    CheckChannelTensor("bias", bias, c);
                    CheckChannelTensor("running_mean", running_mean, c);
                    CheckChannelTensor("running_var", running_var, c);
                    Tensor normalized;
                    if (training)
                    {
                        long perChannel = input.numel() / Math.Max(c, 1);
                        if (perChannel == 1)
                            throw new ArgumentException($"Expected more than 1 value per channel when training, got input size {input.size()}");
                        var mean = input.mean(dims, keepdim: true);
                        var variance = input.var(dims, unbiased: false, keepdim: true);
                        normalized = (input - mean) * (variance + eps).rsqrt();
                        if (running_mean is not null || running_var is not null)
                            Ops.Normalization.UpdateRunningStats(input.detach(), running_mean, running_var, momentum);
                    }
                    else
                    {
                        if (running_mean is null) throw new ArgumentException("running_mean must be defined in evaluation mode");
                        if (running_var is null) throw new ArgumentException("running_var must be defined in evaluation mode");
                        normalized = (input - running_mean.view(shape)) * (running_var.view(shape) + eps).rsqrt();
                    }
                    if (weight is not null) normalized = normalized * weight.view(shape);
                    if (bias is not null) normalized = normalized + bias.view(shape);
                    return normalized;
                }
                private static long[] ChannelShape(Tensor input)
                {
                    var shape = new long[input.dim()];
                    Array.Fill(shape, 1L);
                    shape[1] = input.size(1);
                    return shape;
                }

                private static void CheckChannelTensor(string name, Tensor? t, long c)
                {
                    if (t is not null && t.numel() != c)
                        throw new ArgumentException($"batch_norm: expected {name} to have {c} elements (one per channel), but got {t.numel()}");
                }

                /// <summary>
                /// Layer normalization over the trailing dims <paramref name="normalized_shape"/>:
                /// (x − mean) / √(var + eps) with the biased variance, then weight and bias (of that shape).
                /// </summary>
                public static Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    ArgumentNullException.ThrowIfNull(normalized_shape);
                    int k = normalized_shape.Length;
                    if (k == 0) throw new ArgumentException("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []");
                    if (weight is not null && !weight.shape.AsSpan().SequenceEqual(normalized_shape))
                        throw new ArgumentException($"Expected weight to be of same shape as normalized_shape, but got weight of shape {Tensor.ShapeString(weight.Sizes)} and normalized_shape = [{string.Join(", ", normalized_shape)}]");
                    if (bias is not null && !bias.shape.AsSpan().SequenceEqual(normalized_shape))
                        throw new ArgumentException($"Expected bias to be of same shape as normalized_shape, but got bias of shape {Tensor.ShapeString(bias.Sizes)} and normalized_shape = [{string.Join(", ", normalized_shape)}]");
                    var shape = input.shape;
                    if (shape.Length < k || !shape.AsSpan(shape.Length - k).SequenceEqual(normalized_shape))
                        throw new ArgumentException($"Given normalized_shape=[{string.Join(", ", normalized_shape)}], expected input with shape [*, {string.Join(", ", normalized_shape)}], but got input of size{Tensor.ShapeString(input.Sizes)}");
                    var dims = Enumerable.Range(shape.Length - k, k).Select(d => (long)d).ToArray();
                    var mean = input.mean(dims, keepdim: true);
                    var variance = input.var(dims, unbiased: false, keepdim: true);
                    var y = (input - mean) * (variance + eps).rsqrt();
                    if (weight is not null) y = y * weight;
                    if (bias is not null) y = y + bias;
                    return y;
                }

                /// <summary>layer_norm over the last dim, of size <paramref name="normalized_shape"/>.</summary>
                public static Tensor layer_norm(Tensor input, long normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
                    => layer_norm(input, [normalized_shape], weight, bias, eps);

                /// <summary>
                /// Group normalization of an (N, C, …) input: the C channels split into
                /// <paramref name="num_groups"/> groups, each sample's group normalized over its channels
                /// and positions (biased variance), then per-channel weight and bias.
                /// </summary>
                public static Tensor group_norm(Tensor input, long num_groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    if (input.dim() < 2)
                        throw new ArgumentException($"Expected at least 2 dimensions for input tensor but received {input.dim()}");
                    long n = input.size(0), c = input.size(1);
                    if (num_groups <= 0 || c % num_groups != 0)
                        throw new ArgumentException($"Expected number of channels in input to be divisible by num_groups, but got input of shape {Tensor.ShapeString(input.Sizes)} and num_groups={num_groups}");
                    if (weight is not null && (weight.dim() != 1 || weight.numel() != c))
                        throw new ArgumentException($"Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape {Tensor.ShapeString(weight.Sizes)} and input of shape {Tensor.ShapeString(input.Sizes)}");
                    if (bias is not null && (bias.dim() != 1 || bias.numel() != c))
                        throw new ArgumentException($"Expected bias to be a vector of size equal to the number of channels in input, but got bias of shape {Tensor.ShapeString(bias.Sizes)} and input of shape {Tensor.ShapeString(input.Sizes)}");
                    var grouped = input.reshape(n, num_groups, -1);
                    var mean = grouped.mean(2, keepdim: true);
                    var variance = grouped.var(2, unbiased: false, keepdim: true);
                    var y = ((grouped - mean) * (variance + eps).rsqrt()).view(input.shape);
                    var shape = ChannelShape(input);
                    if (weight is not null) y = y * weight.view(shape);
                    if (bias is not null) y = y + bias.view(shape);
                    return y;
                }
            }
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>
    /// PyTorch's <c>_BatchNorm</c>: weight and bias (affine), and the buffers running_mean,
    /// running_var and num_batches_tracked (track_running_stats), registered under PyTorch's names
    /// so that state_dict's keys are PyTorch's.
    /// </summary>
    public abstract class BatchNorm : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>C, the channels.</summary>
        public long num_features { get; }
        /// <summary>Added to the variance.</summary>
        public double eps { get; set; }
        /// <summary>The running statistics' step; null for a cumulative average.</summary>
        public double? momentum { get; set; }
        /// <summary>Whether weight and bias exist.</summary>
        public bool affine { get; }
        /// <summary>Whether running statistics are kept.</summary>
        public bool track_running_stats { get; }
        /// <summary>[C] scale, or null.</summary>
        public Tensor? weight { get; set; }
        /// <summary>[C] shift, or null.</summary>
        public Tensor? bias { get; set; }

        /// <summary>The running mean buffer, or null.</summary>
        public Tensor? running_mean => get_buffer("running_mean");
        /// <summary>The running variance buffer, or null.</summary>
        public Tensor? running_var => get_buffer("running_var");
        /// <summary>The count of training batches seen (int64), or null.</summary>
        public Tensor? num_batches_tracked => get_buffer("num_batches_tracked");

        private protected BatchNorm(long num_features, double eps, double? momentum, bool affine, bool track_running_stats, ScalarType? dtype)
        {
            this.num_features = num_features;
            this.eps = eps;
            this.momentum = momentum;
            this.affine = affine;
            this.track_running_stats = track_running_stats;
            if (affine)
            {
                weight = torch.nn.Parameter(torch.empty([num_features], dtype));
                bias = torch.nn.Parameter(torch.empty([num_features], dtype));
            }
            if (track_running_stats)
            {
                register_buffer("running_mean", torch.zeros([num_features], dtype));
                register_buffer("running_var", torch.ones([num_features], dtype));
                register_buffer("num_batches_tracked", torch.tensor(0L));
            }
            else
            {
                register_buffer("running_mean", null);
                register_buffer("running_var", null);
                register_buffer("num_batches_tracked", null);
            }
            reset_parameters();
        }

        /// <summary>Zeroes the running mean and count, sets the running variance to 1.</summary>
        public void reset_running_stats()
        {
            if (!track_running_stats) return;
            using var _ = torch.no_grad();
            running_mean!.zero_();
            running_var!.fill_(1.0);
            num_batches_tracked!.zero_();
        }

        /// <summary>PyTorch's initialisation: running stats reset, weight 1, bias 0.</summary>
        public void reset_parameters()
        {
            reset_running_stats();
            if (weight is not null) torch.nn.init.ones_(weight);
            if (bias is not null) torch.nn.init.zeros_(bias);
        }

        /// <summary>Checks the input's dims (PyTorch's <c>_check_input_dim</c>).</summary>
        protected abstract void CheckInputDim(Tensor input);

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            CheckInputDim(input);
            double factor = momentum ?? 0.0;
            if (training && track_running_stats && num_batches_tracked is { } count)
            {
                using (torch.no_grad()) count.add_(torch.tensor(1L));
                factor = momentum ?? 1.0 / count.item<long>();
            }
            bool useBatchStats = training || (running_mean is null && running_var is null);
            bool passStats = !training || track_running_stats;
            return torch.nn.functional.batch_norm(input, passStats ? running_mean : null, passStats ? running_var : null,
                weight, bias, useBatchStats, factor, eps);
        }

        /// <inheritdoc/>
        public override string extra_repr()
            => $"{num_features}, eps={Repr.Float(eps)}, momentum={(momentum is { } m ? Repr.Float(m) : "None")}, affine={Repr.Bool(affine)}, track_running_stats={Repr.Bool(track_running_stats)}";
    }

    /// <summary>PyTorch's <c>nn.BatchNorm1d</c>: (N, C) or (N, C, L) inputs.</summary>
    public sealed class BatchNorm1d : BatchNorm
    {
        internal BatchNorm1d(long num_features, double eps, double? momentum, bool affine, bool track_running_stats, ScalarType? dtype)
            : base(num_features, eps, momentum, affine, track_running_stats, dtype) { }

        /// <inheritdoc/>
        protected override void CheckInputDim(Tensor input)
        {
            if (input.dim() is not (2 or 3))
                throw new ArgumentException($"expected 2D or 3D input (got {input.dim()}D input)");
        }
    }

    /// <summary>PyTorch's <c>nn.BatchNorm2d</c>: (N, C, H, W) inputs.</summary>
    public sealed class BatchNorm2d : BatchNorm
    {
        internal BatchNorm2d(long num_features, double eps, double? momentum, bool affine, bool track_running_stats, ScalarType? dtype)
            : base(num_features, eps, momentum, affine, track_running_stats, dtype) { }

        /// <inheritdoc/>
        protected override void CheckInputDim(Tensor input)
        {
            if (input.dim() != 4)
                throw new ArgumentException($"expected 4D input (got {input.dim()}D input)");
        }
    }

    /// <summary>PyTorch's <c>nn.LayerNorm</c>.</summary>
    public sealed class LayerNorm : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The trailing dims normalized over.</summary>
        public long[] normalized_shape { get; }
        /// <summary>Added to the variance.</summary>
        public double eps { get; set; }
        /// <summary>Whether weight (and bias) exist.</summary>
        public bool elementwise_affine { get; }
        /// <summary>Scale of normalized_shape, or null.</summary>
        public Tensor? weight { get; set; }
        /// <summary>Shift of normalized_shape, or null.</summary>
        public Tensor? bias { get; set; }

        internal LayerNorm(long[] normalized_shape, double eps, bool elementwise_affine, bool bias, ScalarType? dtype)
        {
            ArgumentNullException.ThrowIfNull(normalized_shape);
            this.normalized_shape = (long[])normalized_shape.Clone();
            this.eps = eps;
            this.elementwise_affine = elementwise_affine;
            if (elementwise_affine)
            {
                weight = torch.nn.Parameter(torch.empty(this.normalized_shape, dtype));
                if (bias) this.bias = torch.nn.Parameter(torch.empty(this.normalized_shape, dtype));
            }
            reset_parameters();
        }

        /// <summary>Weight 1, bias 0.</summary>
        public void reset_parameters()
        {
            if (weight is not null) torch.nn.init.ones_(weight);
            if (bias is not null) torch.nn.init.zeros_(bias);
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.layer_norm(input, normalized_shape, weight, bias, eps);

        /// <inheritdoc/>
        public override string extra_repr()
            => $"{Repr.Tuple(normalized_shape)}, eps={Repr.Float(eps)}, elementwise_affine={Repr.Bool(elementwise_affine)}";
    }

    /// <summary>PyTorch's <c>nn.GroupNorm</c>.</summary>
    public sealed class GroupNorm : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The number of channel groups.</summary>
        public long num_groups { get; }
        /// <summary>C, the channels.</summary>
        public long num_channels { get; }
        /// <summary>Added to the variance.</summary>
        public double eps { get; set; }
        /// <summary>Whether weight and bias exist.</summary>
        public bool affine { get; }
        /// <summary>[C] scale, or null.</summary>
        public Tensor? weight { get; set; }
        /// <summary>[C] shift, or null.</summary>
        public Tensor? bias { get; set; }

        internal GroupNorm(long num_groups, long num_channels, double eps, bool affine, ScalarType? dtype)
        {
            if (num_groups <= 0 || num_channels % num_groups != 0)
                throw new ArgumentException("num_channels must be divisible by num_groups");
            this.num_groups = num_groups;
            this.num_channels = num_channels;
            this.eps = eps;
            this.affine = affine;
            if (affine)
            {
                weight = torch.nn.Parameter(torch.empty([num_channels], dtype));
                bias = torch.nn.Parameter(torch.empty([num_channels], dtype));
            }
            reset_parameters();
        }

        /// <summary>Weight 1, bias 0.</summary>
        public void reset_parameters()
        {
            if (weight is not null) torch.nn.init.ones_(weight);
            if (bias is not null) torch.nn.init.zeros_(bias);
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.group_norm(input, num_groups, weight, bias, eps);

        /// <inheritdoc/>
        public override string extra_repr()
            => string.Create(CultureInfo.InvariantCulture, $"{num_groups}, {num_channels}, eps={Repr.Float(eps)}, affine={Repr.Bool(affine)}");
    }
}
