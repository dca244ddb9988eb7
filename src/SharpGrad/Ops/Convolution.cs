using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>A convolution's stride, padding (before each spatial dim) and dilation, one per spatial dim, and its groups.</summary>
internal sealed record ConvOptions(int[] Stride, int[] Padding, int[] Dilation, int Groups)
{
    public int SpatialDims => Stride.Length;
}

/// <summary>
/// Convolutions (1-D and 2-D, plain and transposed) as three bilinear ops, each the others'
/// gradient, as PyTorch's convolution_backward and its double backward:
/// <list type="bullet">
/// <item><see cref="Forward"/>: y = conv(x, w) + b;</item>
/// <item><see cref="InputGrad"/>: the input gradient of conv for an output gradient gy, which is
/// also the transposed convolution of gy (+ b);</item>
/// <item><see cref="WeightGrad"/>: the weight gradient of conv.</item>
/// </list>
/// Each computes with the GEMM kernels (<see cref="ConvolutionKernels"/>) and records a node whose
/// formulas call the other two, so derivatives of every order exist. The shapes of all three
/// tensors are passed explicitly, which makes each op the exact adjoint of the others even where
/// the output size rounds down (strides, transposed convolutions' output_padding).
/// </summary>
internal static class Convolution
{
    /// <summary>y = conv(x, w) + b for a batched input x [N, C, *]; y has shape <paramref name="yShape"/>.</summary>
    public static Tensor Forward(Tensor x, Tensor w, Tensor? b, ConvOptions o, int[] yShape)
    {
        var y = Tensor.Empty(yShape, x.ElementType, uninitialized: true);
        var g = Geometry(x.Sizes, w.Sizes, yShape, o);
        var xc = Copy.Contiguous(x);
        var wc = Copy.Contiguous(w);
        var bc = b is null ? null : Copy.Contiguous(b);
        switch (x.ElementType)
        {
            case ScalarType.Float32:
                ConvolutionKernels.Forward(Segment<float>(xc), Segment<float>(wc), bc is null ? default(ArraySegment<float>?) : Segment<float>(bc), Segment<float>(y), g);
                break;
            case ScalarType.Float64:
                ConvolutionKernels.Forward(Segment<double>(xc), Segment<double>(wc), bc is null ? default(ArraySegment<double>?) : Segment<double>(bc), Segment<double>(y), g);
                break;
            default:
                throw NotImplemented(x.ElementType);
        }
        GC.KeepAlive(xc);
        GC.KeepAlive(wc);
        GC.KeepAlive(bc);
        if (NeedsGrad(x, w, b)) y.SetHistory(new ConvolutionBackward(x, w, b, o));
        return y;
    }

    /// <summary>
    /// The input gradient of <c>conv(·, w)</c> for the output gradient gy, shaped
    /// <paramref name="xShape"/>, plus b: the transposed convolution of gy.
    /// </summary>
    public static Tensor InputGrad(Tensor gy, Tensor w, Tensor? b, ConvOptions o, int[] xShape)
    {
        var gx = Tensor.Empty(xShape, gy.ElementType, uninitialized: true);
        var g = Geometry(xShape, w.Sizes, gy.Sizes, o);
        var gyc = Copy.Contiguous(gy);
        var wc = Copy.Contiguous(w);
        switch (gy.ElementType)
        {
            case ScalarType.Float32:
                ConvolutionKernels.InputGrad(Segment<float>(gyc), Segment<float>(wc), Segment<float>(gx), g);
                break;
            case ScalarType.Float64:
                ConvolutionKernels.InputGrad(Segment<double>(gyc), Segment<double>(wc), Segment<double>(gx), g);
                break;
            default:
                throw NotImplemented(gy.ElementType);
        }
        GC.KeepAlive(gyc);
        GC.KeepAlive(wc);
        if (b is not null)
        {
            // The bias is added by broadcasting over [N, C, *]: outside the recorded graph, as
            // the node below adds the bias's gradient itself.
            using (new GradModeScope(false))
                gx.add_(b.reshape(BiasShape(b, xShape.Length)));
        }
        if (NeedsGrad(gy, w, b)) gx.SetHistory(new TransposedConvolutionBackward(gy, w, b, o));
        return gx;
    }

    /// <summary>The weight gradient of <c>conv(x, ·)</c> for the output gradient gy, shaped <paramref name="wShape"/>.</summary>
    public static Tensor WeightGrad(Tensor x, Tensor gy, ConvOptions o, int[] wShape)
    {
        var gw = Tensor.Empty(wShape, x.ElementType, uninitialized: true);
        var g = Geometry(x.Sizes, wShape, gy.Sizes, o);
        var xc = Copy.Contiguous(x);
        var gyc = Copy.Contiguous(gy);
        switch (x.ElementType)
        {
            case ScalarType.Float32:
                ConvolutionKernels.WeightGrad(Segment<float>(xc), Segment<float>(gyc), Segment<float>(gw), g);
                break;
            case ScalarType.Float64:
                ConvolutionKernels.WeightGrad(Segment<double>(xc), Segment<double>(gyc), Segment<double>(gw), g);
                break;
            default:
                throw NotImplemented(x.ElementType);
        }
        GC.KeepAlive(xc);
        GC.KeepAlive(gyc);
        if (Autograd.NeedsGrad(x, gy)) gw.SetHistory(new WeightGradBackward(x, gy, o));
        return gw;
    }

    /// <summary>The bias gradient: gy summed over every dim but the channels.</summary>
    private static Tensor BiasGrad(Tensor gy)
    {
        var dims = new int[gy.Sizes.Length - 1];
        dims[0] = 0;
        for (int d = 2; d < gy.Sizes.Length; d++) dims[d - 1] = d;
        return Reduction.Sum(gy, dims, false, null);
    }

    // convolution: input: convolution_backward(grad, ...)[0] (the transposed convolution of grad),
    // weight: [1] (input's column matrix times grad), bias: grad summed over all but the channels.
    private sealed class ConvolutionBackward : NamedNode
    {
        private readonly ConvOptions _options;
        private readonly int[] _xShape, _wShape;

        public ConvolutionBackward(Tensor x, Tensor w, Tensor? b, ConvOptions options)
            : base("ConvolutionBackward0", [x, w, b])
        {
            _options = options;
            _xShape = x.Sizes;
            _wShape = w.Sizes;
            SaveForBackward(NeedsInputGrad(1) ? x : null, NeedsInputGrad(0) ? w : null);
        }

        internal override Tensor?[] Apply(Tensor grad) =>
        [
            NeedsInputGrad(0) ? InputGrad(grad, Saved(1), null, _options, _xShape) : null,
            NeedsInputGrad(1) ? WeightGrad(Saved(0), grad, _options, _wShape) : null,
            NeedsInputGrad(2) ? BiasGrad(grad) : null,
        ];
    }

    // The transposed convolution y = InputGrad(gy, w) + b is linear in gy and in w:
    // gy: conv(grad, w), w: WeightGrad(grad, gy), b: grad summed over all but the channels.
    private sealed class TransposedConvolutionBackward : NamedNode
    {
        private readonly ConvOptions _options;
        private readonly int[] _gyShape, _wShape;

        public TransposedConvolutionBackward(Tensor gy, Tensor w, Tensor? b, ConvOptions options)
            : base("ConvolutionBackward0", [gy, w, b])
        {
            _options = options;
            _gyShape = gy.Sizes;
            _wShape = w.Sizes;
            SaveForBackward(NeedsInputGrad(1) ? gy : null, NeedsInputGrad(0) ? w : null);
        }

        internal override Tensor?[] Apply(Tensor grad) =>
        [
            NeedsInputGrad(0) ? Forward(grad, Saved(1), null, _options, _gyShape) : null,
            NeedsInputGrad(1) ? WeightGrad(grad, Saved(0), _options, _wShape) : null,
            NeedsInputGrad(2) ? BiasGrad(grad) : null,
        ];
    }

    // The weight gradient gw = WeightGrad(x, gy) is linear in x and in gy:
    // x: InputGrad(gy, grad), gy: conv(x, grad).
    private sealed class WeightGradBackward : NamedNode
    {
        private readonly ConvOptions _options;
        private readonly int[] _xShape, _gyShape;

        public WeightGradBackward(Tensor x, Tensor gy, ConvOptions options)
            : base("ConvolutionBackwardBackward0", [x, gy])
        {
            _options = options;
            _xShape = x.Sizes;
            _gyShape = gy.Sizes;
            SaveForBackward(NeedsInputGrad(1) ? x : null, NeedsInputGrad(0) ? gy : null);
        }

        internal override Tensor?[] Apply(Tensor grad) =>
        [
            NeedsInputGrad(0) ? InputGrad(Saved(1), grad, null, _options, _xShape) : null,
            NeedsInputGrad(1) ? Forward(Saved(0), grad, null, _options, _gyShape) : null,
        ];
    }

    // ------------------------------------------------------------------ helpers

    private static bool NeedsGrad(Tensor a, Tensor b, Tensor? c)
        => Autograd.NeedsGrad(a, b) || (c is not null && Autograd.NeedsGrad(c));

    private static ArraySegment<T> Segment<T>(Tensor t) => new(t.Data<T>(), t.StorageOffset, t.NumelInt);

    private static NotSupportedException NotImplemented(ScalarType dtype)
        => new($"convolution is implemented for float32 and float64 tensors only, not {dtype.TorchName()}");

    /// <summary>[1, C, 1(, 1)]: a bias broadcast over a batched tensor of rank <paramref name="rank"/>.</summary>
    private static long[] BiasShape(Tensor b, int rank)
    {
        var shape = new long[rank];
        Array.Fill(shape, 1L);
        shape[1] = b.Sizes[0];
        return shape;
    }

    /// <summary>The kernels' 2-D geometry of a convolution from x [N, C, *], w [Cout, C/G, *k] and y [N, Cout, *out].</summary>
    internal static ConvGeometry Geometry(int[] x, int[] w, int[] y, ConvOptions o)
    {
        if (o.SpatialDims == 1)
            return new ConvGeometry(x[0], x[1], 1, x[2], w[0], o.Groups,
                1, w[2], 1, o.Stride[0], 0, o.Padding[0], 1, o.Dilation[0], 1, y[2]);
        return new ConvGeometry(x[0], x[1], x[2], x[3], w[0], o.Groups,
            w[2], w[3], o.Stride[0], o.Stride[1], o.Padding[0], o.Padding[1], o.Dilation[0], o.Dilation[1], y[2], y[3]);
    }
}

/// <summary>The entry points of conv1d, conv2d and conv_transpose2d: PyTorch's argument checks and messages, unbatched inputs, string padding.</summary>
internal static class ConvolutionArguments
{
    /// <summary>conv1d (<paramref name="dims"/> = 1) or conv2d (2): input [N, C, *] or [C, *].</summary>
    public static Tensor Conv(int dims, Tensor input, Tensor weight, Tensor? bias,
        long[] stride, long[]? padding, string? paddingMode, long[] dilation, long groups)
    {
        string name = dims == 1 ? "conv1d" : "conv2d";
        bool unbatched = CheckInputRank(name, dims, input);
        var x = unbatched ? input.unsqueeze(0) : input;
        CheckCommon(x, weight, bias, stride, padding ?? new long[dims], dilation, groups);
        long[] before, after;
        if (paddingMode is null)
        {
            before = padding!;
            after = padding!;
        }
        else if (paddingMode == "valid")
        {
            before = new long[dims];
            after = new long[dims];
        }
        else if (paddingMode == "same")
        {
            if (stride.Any(s => s != 1))
                throw new ArgumentException("padding='same' is not supported for strided convolutions");
            // As ATen's _convolution_mode: the total padding d·(k − 1), its odd element after.
            before = new long[dims];
            after = new long[dims];
            for (int d = 0; d < dims; d++)
            {
                long total = dilation[d] * (weight.Sizes[2 + d] - 1);
                before[d] = total / 2;
                after[d] = total - before[d];
            }
        }
        else
            throw new ArgumentException($"Invalid padding string: '{paddingMode}'");

        if (weight.Sizes[0] < groups)
            throw new ArgumentException($"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got weight of size {SizeList(weight)} instead");
        if (weight.Sizes[0] % groups != 0)
            throw new ArgumentException($"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size [{SizeList(weight)}] instead");
        if (x.Sizes[1] != weight.Sizes[1] * groups)
            throw new ArgumentException(
                $"Given groups={groups}, weight of size {SizeList(weight)}, expected input{SizeList(x)} to have {weight.Sizes[1] * groups} channels, but got {x.Sizes[1]} channels instead");
        CheckBias(bias, weight, weight.Sizes[0], transposed: false);

        var yShape = new int[dims + 2];
        yShape[0] = x.Sizes[0];
        yShape[1] = weight.Sizes[0];
        var padded = new long[dims];
        var kernel = new long[dims];
        for (int d = 0; d < dims; d++)
        {
            padded[d] = x.Sizes[2 + d] + before[d] + after[d];
            kernel[d] = dilation[d] * (weight.Sizes[2 + d] - 1) + 1;
        }
        if (padded.Zip(kernel).Any(p => p.First < p.Second))
            throw new ArgumentException(
                $"Calculated padded input size per channel: ({string.Join(" x ", padded)}). Kernel size: ({string.Join(" x ", kernel)}). Kernel size can't be greater than actual input size");
        for (int d = 0; d < dims; d++)
            yShape[2 + d] = checked((int)((padded[d] - kernel[d]) / stride[d] + 1));

        var options = new ConvOptions(ToInt(stride), ToInt(before), ToInt(dilation), (int)groups);
        var y = Convolution.Forward(x, weight, bias, options, yShape);
        return unbatched ? y.squeeze(0) : y;
    }

    /// <summary>conv_transpose2d: input [N, Cin, H, W] or [Cin, H, W], weight [Cin, Cout/G, kH, kW].</summary>
    public static Tensor ConvTranspose(int dims, Tensor input, Tensor weight, Tensor? bias,
        long[] stride, long[] padding, long[] outputPadding, long groups, long[] dilation)
    {
        string name = $"conv_transpose{dims}d";
        bool unbatched = CheckInputRank(name, dims, input);
        var x = unbatched ? input.unsqueeze(0) : input;
        CheckCommon(x, weight, bias, stride, padding, dilation, groups);
        if (outputPadding.Any(p => p < 0))
            throw new ArgumentException("negative output_padding is not supported");
        if (weight.Sizes[0] < groups)
            throw new ArgumentException($"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got weight of size {SizeList(weight)} instead");
        if (weight.Sizes[0] % groups != 0)
            throw new ArgumentException($"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size [{SizeList(weight)}] instead");
        if (x.Sizes[1] != weight.Sizes[0])
            throw new ArgumentException(
                $"Given transposed=1, weight of size {SizeList(weight)}, expected input{SizeList(x)} to have {weight.Sizes[0]} channels, but got {x.Sizes[1]} channels instead");
        long outChannels = weight.Sizes[1] * groups;
        CheckBias(bias, weight, outChannels, transposed: true);
        bool outputPaddingTooLarge = false;
        for (int d = 0; d < dims; d++)
            outputPaddingTooLarge |= outputPadding[d] >= stride[d] && outputPadding[d] >= dilation[d];
        if (outputPaddingTooLarge)
        {
            string[] axis = dims == 1 ? [""] : ["_height", "_width"];
            string Part(string what, long[] v) => string.Join(" ", Enumerable.Range(0, dims).Select(d => $"{what}{axis[d]}: {v[d]}"));
            throw new ArgumentException(
                $"output padding must be smaller than either stride or dilation, but got {Part("output_padding", outputPadding)} {Part("stride", stride)} {Part("dilation", dilation)}");
        }

        var xShape = new int[dims + 2];
        xShape[0] = x.Sizes[0];
        xShape[1] = checked((int)outChannels);
        var outSize = new long[dims];
        for (int d = 0; d < dims; d++)
            outSize[d] = (x.Sizes[2 + d] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (weight.Sizes[2 + d] - 1) + outputPadding[d] + 1;
        if (outSize.Any(s => s <= 0))
            throw new ArgumentException(
                $"Given input size per channel: ({string.Join(" x ", x.Sizes[2..])}). Calculated output size per channel: ({string.Join(" x ", outSize)}). Output size is too small");
        for (int d = 0; d < dims; d++)
            xShape[2 + d] = checked((int)outSize[d]);

        var options = new ConvOptions(ToInt(stride), ToInt(padding), ToInt(dilation), (int)groups);
        var y = Convolution.InputGrad(x, weight, bias, options, xShape);
        return unbatched ? y.squeeze(0) : y;
    }

    /// <summary>True for an unbatched input; throws PyTorch's message for a wrong rank.</summary>
    private static bool CheckInputRank(string name, int dims, Tensor input)
    {
        int rank = input.Sizes.Length;
        if (rank != dims + 1 && rank != dims + 2)
            throw new ArgumentException(
                $"Expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input to {name}, but got input of size: {SizeList(input)}");
        return rank == dims + 1;
    }

    private static void CheckCommon(Tensor x, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups)
    {
        if (x.ElementType != weight.ElementType)
            throw new ArgumentException($"expected scalar type {x.ElementType.CTypeName()} but found {weight.ElementType.CTypeName()}");
        if (bias is not null && bias.ElementType != x.ElementType)
            throw new ArgumentException(
                $"Input type ({LinearAlgebra.DTypeWord(x.ElementType)}) and bias type ({LinearAlgebra.DTypeWord(bias.ElementType)}) should be the same");
        if (!x.ElementType.IsFloatingPoint())
            throw new NotSupportedException(
                $"convolution is implemented for float32 and float64 tensors only, not {x.ElementType.TorchName()}");
        if (weight.Sizes.Length != x.Sizes.Length)
            throw new ArgumentException(
                $"Expected {weight.Sizes.Length}-dimensional input for {weight.Sizes.Length}-dimensional weight {SizeList(weight)}, but got {x.Sizes.Length}-dimensional input of size {SizeList(x)} instead");
        if (padding.Any(p => p < 0))
            throw new ArgumentException("negative padding is not supported");
        if (stride.Any(s => s <= 0))
            throw new ArgumentException("non-positive stride is not supported");
        if (dilation.Any(d => d <= 0))
            throw new ArgumentException($"dilation should be greater than zero, but got {SizeList(dilation)}");
        if (groups <= 0)
            throw new ArgumentException("non-positive groups is not supported");
    }

    private static void CheckBias(Tensor? bias, Tensor weight, long channels, bool transposed)
    {
        if (bias is not null && (bias.Sizes.Length != 1 || bias.Sizes[0] != channels))
            throw new ArgumentException(
                $"Given {(transposed ? "transposed=1, " : "")}weight of size {SizeList(weight)}, expected bias to be 1-dimensional with {channels} elements, but got bias of size {SizeList(bias)} instead");
    }

    private static string SizeList(Tensor t) => "[" + string.Join(", ", t.Sizes) + "]";

    private static string SizeList(long[] values) => "[" + string.Join(", ", values) + "]";

    private static int[] ToInt(long[] values) => [.. values.Select(v => checked((int)v))];
}
