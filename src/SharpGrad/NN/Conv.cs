using SharpGrad.Modules;
using SharpGrad.Ops;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A 1-D convolution over [N, C, L] inputs, initialised as PyTorch's.</summary>
            public static Conv1d Conv1d(long in_channels, long out_channels, SpatialSize kernel_size, SpatialSize stride = default,
                PaddingArg padding = default, SpatialSize dilation = default, long groups = 1, bool bias = true,
                string padding_mode = "zeros", ScalarType? dtype = null)
                => new(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode, dtype);

            /// <summary>A 2-D convolution over [N, C, H, W] inputs, initialised as PyTorch's.</summary>
            public static Conv2d Conv2d(long in_channels, long out_channels, SpatialSize kernel_size, SpatialSize stride = default,
                PaddingArg padding = default, SpatialSize dilation = default, long groups = 1, bool bias = true,
                string padding_mode = "zeros", ScalarType? dtype = null)
                => new(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode, dtype);

            /// <summary>A 2-D transposed convolution over [N, C, H, W] inputs, initialised as PyTorch's.</summary>
            public static ConvTranspose2d ConvTranspose2d(long in_channels, long out_channels, SpatialSize kernel_size, SpatialSize stride = default,
                SpatialSize padding = default, SpatialSize output_padding = default, long groups = 1, bool bias = true,
                SpatialSize dilation = default, string padding_mode = "zeros", ScalarType? dtype = null)
                => new(in_channels, out_channels, kernel_size, stride, padding, output_padding, groups, bias, dilation, padding_mode, dtype);

            public static partial class functional
            {
                /// <summary>
                /// A 1-D convolution: input [N, C, L] (or [C, L]), weight [out, C/groups, k], bias [out].
                /// <paramref name="padding"/> is a size or <c>"same"</c> / <c>"valid"</c>.
                /// </summary>
                public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, SpatialSize stride = default,
                    PaddingArg padding = default, SpatialSize dilation = default, long groups = 1)
                    => Conv(1, input, weight, bias, stride, padding, dilation, groups);

                /// <summary>
                /// A 2-D convolution: input [N, C, H, W] (or [C, H, W]), weight [out, C/groups, kH, kW],
                /// bias [out]. <paramref name="padding"/> is a size or <c>"same"</c> / <c>"valid"</c>.
                /// </summary>
                public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, SpatialSize stride = default,
                    PaddingArg padding = default, SpatialSize dilation = default, long groups = 1)
                    => Conv(2, input, weight, bias, stride, padding, dilation, groups);

                /// <summary>
                /// A 2-D transposed convolution (the gradient of conv2d with respect to its input):
                /// input [N, Cin, H, W] (or [Cin, H, W]), weight [Cin, out/groups, kH, kW], bias [out].
                /// </summary>
                public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, SpatialSize stride = default,
                    SpatialSize padding = default, SpatialSize output_padding = default, long groups = 1, SpatialSize dilation = default)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    ArgumentNullException.ThrowIfNull(weight);
                    return ConvolutionArguments.ConvTranspose(2, input, weight, bias,
                        stride.Expand(2, "stride", 1), padding.Expand(2, "padding", 0),
                        output_padding.Expand(2, "output_padding", 0), groups, dilation.Expand(2, "dilation", 1));
                }

                private static Tensor Conv(int dims, Tensor input, Tensor weight, Tensor? bias, SpatialSize stride,
                    PaddingArg padding, SpatialSize dilation, long groups)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    ArgumentNullException.ThrowIfNull(weight);
                    return ConvolutionArguments.Conv(dims, input, weight, bias, stride.Expand(dims, "stride", 1),
                        padding.Mode is null ? padding.Values.Expand(dims, "padding", 0) : null, padding.Mode,
                        dilation.Expand(dims, "dilation", 1), groups);
                }
            }
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>
    /// What PyTorch's <c>_ConvNd</c> holds: the sizes, the parameters and their initialisation
    /// (<c>kaiming_uniform_(a=√5)</c> on the weight, then the bias from U(−1/√fan_in, 1/√fan_in)),
    /// and the repr.
    /// </summary>
    public abstract class ConvNd : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>Channels of the input.</summary>
        public long in_channels { get; }
        /// <summary>Channels of the output.</summary>
        public long out_channels { get; }
        /// <summary>The kernel's size, one per spatial dim.</summary>
        public long[] kernel_size { get; }
        /// <summary>The stride, one per spatial dim.</summary>
        public long[] stride { get; }
        /// <summary>The padding, one per spatial dim (zeros when <see cref="padding_string"/> is set).</summary>
        public long[] padding { get; }
        /// <summary>"same" or "valid" when the padding was given as a string, else null.</summary>
        public string? padding_string { get; }
        /// <summary>The dilation, one per spatial dim.</summary>
        public long[] dilation { get; }
        /// <summary>True for a transposed convolution.</summary>
        public bool transposed { get; }
        /// <summary>The extra size added to one side of a transposed convolution's output.</summary>
        public long[] output_padding { get; }
        /// <summary>Blocked connections from input to output channels.</summary>
        public long groups { get; }
        /// <summary>"zeros", "reflect", "replicate" or "circular" (transposed convolutions: "zeros" only).</summary>
        public string padding_mode { get; }
        /// <summary>[out, in/groups, *k], or [in, out/groups, *k] when transposed.</summary>
        public Tensor weight { get; set; }
        /// <summary>[out], or null.</summary>
        public Tensor? bias { get; set; }

        private protected ConvNd(int dims, long in_channels, long out_channels, SpatialSize kernel_size, SpatialSize stride,
            PaddingArg padding, SpatialSize dilation, bool transposed, SpatialSize output_padding, long groups, bool bias,
            string padding_mode, ScalarType? dtype)
        {
            ArgumentNullException.ThrowIfNull(padding_mode);
            if (groups <= 0)
                throw new ArgumentException("groups must be a positive integer");
            if (in_channels % groups != 0)
                throw new ArgumentException("in_channels must be divisible by groups");
            if (out_channels % groups != 0)
                throw new ArgumentException("out_channels must be divisible by groups");
            this.stride = stride.Expand(dims, "stride", 1);
            if (padding.Mode is { } mode)
            {
                if (mode is not ("same" or "valid"))
                    throw new ArgumentException($"Invalid padding string '{mode}', should be one of {{'valid', 'same'}}");
                if (mode == "same" && this.stride.Any(s => s != 1))
                    throw new ArgumentException("padding='same' is not supported for strided convolutions");
            }
            if (padding_mode is not ("zeros" or "reflect" or "replicate" or "circular"))
                throw new ArgumentException(
                    $"padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='{padding_mode}'");
            if (transposed && padding_mode != "zeros")
                throw new NotSupportedException($"Only \"zeros\" padding mode is supported for {GetType().Name}");
            this.in_channels = in_channels;
            this.out_channels = out_channels;
            this.kernel_size = kernel_size.Expand(dims, "kernel_size", 0);
            this.padding = padding.Mode is null ? padding.Values.Expand(dims, "padding", 0) : new long[dims];
            padding_string = padding.Mode;
            this.dilation = dilation.Expand(dims, "dilation", 1);
            this.transposed = transposed;
            this.output_padding = output_padding.Expand(dims, "output_padding", 0);
            this.groups = groups;
            this.padding_mode = padding_mode;
            reversedPaddingRepeatedTwice = ReversedPaddingRepeatedTwice(this.padding, padding_string, this.kernel_size, this.dilation);
            long[] shape = transposed
                ? [in_channels, out_channels / groups, .. this.kernel_size]
                : [out_channels, in_channels / groups, .. this.kernel_size];
            weight = torch.nn.Parameter(torch.empty(shape, dtype));
            this.bias = bias ? torch.nn.Parameter(torch.empty([out_channels], dtype)) : null;
            reset_parameters();
        }

        /// <summary>PyTorch's initialisation, from the global generator.</summary>
        public void reset_parameters()
        {
            // kaiming_uniform_(a=√5) gives U(−1/√fan_in, 1/√fan_in), fan_in from the weight's dim 1
            // (for a transposed convolution that is out_channels / groups, as in PyTorch).
            torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
            if (bias is not null)
            {
                var (fanIn, _) = torch.nn.init._calculate_fan_in_and_fan_out(weight);
                if (fanIn != 0)
                {
                    double bound = 1 / Math.Sqrt(fanIn);
                    torch.nn.init.uniform_(bias, -bound, bound);
                }
            }
        }

        /// <summary>The padding as the functional form takes it.</summary>
        private protected PaddingArg FunctionalPadding => padding_string ?? (PaddingArg)padding;

        /// <summary>
        /// PyTorch's <c>_reversed_padding_repeated_twice</c>: the padding as <c>F.pad</c> takes it (last
        /// spatial dim first, each amount for both sides; for "same" the total d·(k−1) split with the
        /// smaller half on the left; for "valid" zeros).
        /// </summary>
        private readonly long[] reversedPaddingRepeatedTwice;

        private static long[] ReversedPaddingRepeatedTwice(long[] padding, string? paddingString, long[] kernelSize, long[] dilation)
        {
            int dims = kernelSize.Length;
            var result = new long[2 * dims];
            for (int d = 0; d < dims; d++)
            {
                int i = dims - 1 - d;
                if (paddingString == "same")
                {
                    long total = dilation[d] * (kernelSize[d] - 1), left = total / 2;
                    result[2 * i] = left;
                    result[2 * i + 1] = total - left;
                }
                else if (paddingString is null)
                {
                    result[2 * i] = padding[d];
                    result[2 * i + 1] = padding[d];
                }
            }
            return result;
        }

        /// <summary>
        /// As PyTorch's <c>_conv_forward</c>: with a non-"zeros" <see cref="padding_mode"/> the input is
        /// first padded in that mode (<c>F.pad</c>) and then convolved with padding 0; otherwise the
        /// convolution pads with zeros itself.
        /// </summary>
        private protected (Tensor Input, PaddingArg Padding) PaddedForMode(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            if (padding_mode == "zeros") return (input, FunctionalPadding);
            var padded = torch.nn.functional.pad(input, reversedPaddingRepeatedTwice, padding_mode);
            return (padded, (PaddingArg)new long[kernel_size.Length]);
        }

        /// <inheritdoc/>
        public override string extra_repr()
        {
            var s = $"{in_channels}, {out_channels}, kernel_size={Repr.Tuple(kernel_size)}, stride={Repr.Tuple(stride)}";
            if (padding_string is not null) s += $", padding={padding_string}";
            else if (padding.Any(p => p != 0)) s += $", padding={Repr.Tuple(padding)}";
            if (dilation.Any(d => d != 1)) s += $", dilation={Repr.Tuple(dilation)}";
            if (output_padding.Any(p => p != 0)) s += $", output_padding={Repr.Tuple(output_padding)}";
            if (groups != 1) s += $", groups={groups}";
            if (bias is null) s += ", bias=False";
            if (padding_mode != "zeros") s += $", padding_mode={padding_mode}";
            return s;
        }
    }

    /// <summary>PyTorch's <c>nn.Conv1d</c>.</summary>
    public sealed class Conv1d : ConvNd
    {
        internal Conv1d(long in_channels, long out_channels, SpatialSize kernel_size, SpatialSize stride, PaddingArg padding,
            SpatialSize dilation, long groups, bool bias, string padding_mode, ScalarType? dtype)
            : base(1, in_channels, out_channels, kernel_size, stride, padding, dilation, false, default, groups, bias, padding_mode, dtype)
        {
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            var (padded, convPadding) = PaddedForMode(input);
            return torch.nn.functional.conv1d(padded, weight, bias, stride, convPadding, dilation, groups);
        }
    }

    /// <summary>PyTorch's <c>nn.Conv2d</c>.</summary>
    public sealed class Conv2d : ConvNd
    {
        internal Conv2d(long in_channels, long out_channels, SpatialSize kernel_size, SpatialSize stride, PaddingArg padding,
            SpatialSize dilation, long groups, bool bias, string padding_mode, ScalarType? dtype)
            : base(2, in_channels, out_channels, kernel_size, stride, padding, dilation, false, default, groups, bias, padding_mode, dtype)
        {
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            var (padded, convPadding) = PaddedForMode(input);
            return torch.nn.functional.conv2d(padded, weight, bias, stride, convPadding, dilation, groups);
        }
    }

    /// <summary>PyTorch's <c>nn.ConvTranspose2d</c>.</summary>
    public sealed class ConvTranspose2d : ConvNd
    {
        internal ConvTranspose2d(long in_channels, long out_channels, SpatialSize kernel_size, SpatialSize stride, SpatialSize padding,
            SpatialSize output_padding, long groups, bool bias, SpatialSize dilation, string padding_mode, ScalarType? dtype)
            : base(2, in_channels, out_channels, kernel_size, stride, ToPadding(padding), dilation, true, output_padding, groups, bias, padding_mode, dtype)
        {
        }

        private static PaddingArg ToPadding(SpatialSize padding) => padding.IsEmpty ? default : PaddingArg.FromSize(padding);

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
            => torch.nn.functional.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation);
    }
}
