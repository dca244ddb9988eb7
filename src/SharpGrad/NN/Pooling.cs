using SharpGrad.Modules;
using SharpGrad.Ops;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>2-D max pooling; <paramref name="stride"/> defaults to <paramref name="kernel_size"/>.</summary>
            public static MaxPool2d MaxPool2d(SpatialSize kernel_size, SpatialSize? stride = null, SpatialSize? padding = null,
                SpatialSize? dilation = null, bool ceil_mode = false)
                => new(kernel_size, stride, padding ?? 0, dilation ?? 1, ceil_mode);

            /// <summary>1-D max pooling; <paramref name="stride"/> defaults to <paramref name="kernel_size"/>.</summary>
            public static MaxPool1d MaxPool1d(SpatialSize kernel_size, SpatialSize? stride = null, SpatialSize? padding = null,
                SpatialSize? dilation = null, bool ceil_mode = false)
                => new(kernel_size, stride, padding ?? 0, dilation ?? 1, ceil_mode);

            /// <summary>2-D average pooling; <paramref name="stride"/> defaults to <paramref name="kernel_size"/>.</summary>
            public static AvgPool2d AvgPool2d(SpatialSize kernel_size, SpatialSize? stride = null, SpatialSize? padding = null,
                bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null)
                => new(kernel_size, stride, padding ?? 0, ceil_mode, count_include_pad, divisor_override);

            /// <summary>2-D adaptive average pooling to <paramref name="output_size"/>.</summary>
            public static AdaptiveAvgPool2d AdaptiveAvgPool2d(SpatialSize output_size) => new(output_size);

            public static partial class functional
            {
                /// <summary>
                /// 2-D max pooling over a (C, H, W) or (N, C, H, W) input (MaxPool2DWithIndicesBackward0).
                /// <paramref name="stride"/> defaults to <paramref name="kernel_size"/>; PyTorch's
                /// <c>return_indices=True</c> is <see cref="max_pool2d_with_indices"/>.
                /// </summary>
                public static Tensor max_pool2d(Tensor input, SpatialSize kernel_size, SpatialSize? stride = null, SpatialSize? padding = null,
                    SpatialSize? dilation = null, bool ceil_mode = false)
                    => max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode).output;

                /// <summary>
                /// <see cref="max_pool2d"/> and the indices of the maxima: for each output, the flat
                /// position ih·W + iw of its maximum in its input plane (PyTorch's indices).
                /// </summary>
                public static (Tensor output, Tensor indices) max_pool2d_with_indices(Tensor input, SpatialSize kernel_size,
                    SpatialSize? stride = null, SpatialSize? padding = null, SpatialSize? dilation = null, bool ceil_mode = false)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    var (k, s) = PoolingWindow(kernel_size, stride, 2);
                    return Pooling.MaxPool2d(input, k, s, (padding ?? 0).Expand(2, "padding"), (dilation ?? 1).Expand(2, "dilation"), ceil_mode);
                }

                /// <summary>1-D max pooling over a (C, L) or (N, C, L) input; <paramref name="stride"/> defaults to <paramref name="kernel_size"/>.</summary>
                public static Tensor max_pool1d(Tensor input, SpatialSize kernel_size, SpatialSize? stride = null, SpatialSize? padding = null,
                    SpatialSize? dilation = null, bool ceil_mode = false)
                    => max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode).output;

                /// <summary><see cref="max_pool1d"/> and the position of each maximum along L.</summary>
                public static (Tensor output, Tensor indices) max_pool1d_with_indices(Tensor input, SpatialSize kernel_size,
                    SpatialSize? stride = null, SpatialSize? padding = null, SpatialSize? dilation = null, bool ceil_mode = false)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    if (input.dim() is not (2 or 3) || input.size(-1) == 0 || input.size(-2) == 0)
                        throw new ArgumentException($"max_pool1d() Expected 2D or 3D input tensor, but got {Tensor.ShapeString(input.Sizes)}");
                    var (k, s) = PoolingWindow(kernel_size, stride, 1);
                    var p = (padding ?? 0).Expand(1, "padding")[0];
                    var d = (dilation ?? 1).Expand(1, "dilation")[0];
                    // PyTorch's max_pool1d_with_indices is max_pool2d over a height of 1.
                    var (output, indices) = Pooling.MaxPool2d(input.unsqueeze(-2), [1, k[0]], [1, s[0]], [0, p], [1, d], ceil_mode);
                    return (output.squeeze(-2), indices.squeeze(-2));
                }

                /// <summary>
                /// 2-D average pooling (AvgPool2DBackward0): windows clipped to the padded input;
                /// <paramref name="count_include_pad"/> counts the padding in the divisor;
                /// <paramref name="divisor_override"/> replaces the divisor.
                /// </summary>
                public static Tensor avg_pool2d(Tensor input, SpatialSize kernel_size, SpatialSize? stride = null, SpatialSize? padding = null,
                    bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    var (k, s) = PoolingWindow(kernel_size, stride, 2);
                    return Pooling.AvgPool2d(input, k, s, (padding ?? 0).Expand(2, "padding"), ceil_mode, count_include_pad, divisor_override);
                }

                /// <summary>A pooling window for <paramref name="dims"/> spatial dims: its size, and the
                /// step between windows (the window size unless <paramref name="stride"/> is given).</summary>
                private static (int[] Kernel, int[] Stride) PoolingWindow(SpatialSize kernel_size, SpatialSize? stride, int dims)
                {
                    var kernel = kernel_size.Expand(dims, "kernel_size");
                    return (kernel, stride is { IsEmpty: false } given ? given.Expand(dims, "stride") : kernel);
                }

                /// <summary>
                /// Adaptive 2-D average pooling (AdaptiveAvgPool2DBackward0): output (oh, ow) averages
                /// rows floor(oh·H/OH) to ceil((oh+1)·H/OH) and likewise the columns.
                /// </summary>
                public static Tensor adaptive_avg_pool2d(Tensor input, SpatialSize output_size)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    var o = output_size.Expand(2, "output_size");
                    return Pooling.AdaptiveAvgPool2d(input, o[0], o[1]);
                }
            }
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>PyTorch's <c>_MaxPoolNd</c>: what MaxPool1d and MaxPool2d hold and print.</summary>
    public abstract class MaxPoolNd(SpatialSize kernel_size, SpatialSize? stride, SpatialSize padding, SpatialSize dilation, bool ceil_mode)
        : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The window size.</summary>
        public SpatialSize kernel_size { get; } = kernel_size;
        /// <summary>The step between windows (the kernel size unless given).</summary>
        public SpatialSize stride { get; } = stride is { IsEmpty: false } s ? s : kernel_size;
        /// <summary>Implicit −∞ padding on both sides.</summary>
        public SpatialSize padding { get; } = padding;
        /// <summary>The step between window elements.</summary>
        public SpatialSize dilation { get; } = dilation;
        /// <summary>Ceil instead of floor for the output size.</summary>
        public bool ceil_mode { get; } = ceil_mode;

        /// <inheritdoc/>
        public override string extra_repr()
            => $"kernel_size={kernel_size}, stride={stride}, padding={padding}, dilation={dilation}, ceil_mode={Repr.Bool(ceil_mode)}";
    }

    /// <summary>PyTorch's <c>nn.MaxPool2d</c> (indices: <see cref="torch.nn.functional.max_pool2d_with_indices"/>).</summary>
    public sealed class MaxPool2d : MaxPoolNd
    {
        /// <summary>See <see cref="torch.nn.MaxPool2d"/>.</summary>
        public MaxPool2d(SpatialSize kernel_size, SpatialSize? stride, SpatialSize padding, SpatialSize dilation, bool ceil_mode)
            : base(kernel_size, stride, padding, dilation, ceil_mode) { }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);
    }

    /// <summary>PyTorch's <c>nn.MaxPool1d</c>.</summary>
    public sealed class MaxPool1d : MaxPoolNd
    {
        /// <summary>See <see cref="torch.nn.MaxPool1d"/>.</summary>
        public MaxPool1d(SpatialSize kernel_size, SpatialSize? stride, SpatialSize padding, SpatialSize dilation, bool ceil_mode)
            : base(kernel_size, stride, padding, dilation, ceil_mode) { }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode);
    }

    /// <summary>PyTorch's <c>nn.AvgPool2d</c>.</summary>
    public sealed class AvgPool2d(SpatialSize kernel_size, SpatialSize? stride, SpatialSize padding, bool ceil_mode, bool count_include_pad, long? divisor_override)
        : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The window size.</summary>
        public SpatialSize kernel_size { get; } = kernel_size;
        /// <summary>The step between windows (the kernel size unless given).</summary>
        public SpatialSize stride { get; } = stride is { IsEmpty: false } s ? s : kernel_size;
        /// <summary>Implicit zero padding on both sides.</summary>
        public SpatialSize padding { get; } = padding;
        /// <summary>Ceil instead of floor for the output size.</summary>
        public bool ceil_mode { get; } = ceil_mode;
        /// <summary>Count the padding in the divisor.</summary>
        public bool count_include_pad { get; } = count_include_pad;
        /// <summary>The divisor to use instead of the window size.</summary>
        public long? divisor_override { get; } = divisor_override;

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
            => torch.nn.functional.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);

        /// <inheritdoc/>
        public override string extra_repr() => $"kernel_size={kernel_size}, stride={stride}, padding={padding}";
    }

    /// <summary>PyTorch's <c>nn.AdaptiveAvgPool2d</c>.</summary>
    public sealed class AdaptiveAvgPool2d(SpatialSize output_size) : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The output's (H, W).</summary>
        public SpatialSize output_size { get; } = output_size;

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.adaptive_avg_pool2d(input, output_size);

        /// <inheritdoc/>
        public override string extra_repr() => $"output_size={output_size}";
    }
}
