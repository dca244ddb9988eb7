using System.Globalization;
using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// 2-D max, average and adaptive average pooling over the last two dims of a 3-D (C, H, W) or 4-D
/// (N, C, H, W) input, each forward next to its backward. Average pooling and its backward are
/// linear maps, each the other's adjoint, so each is the other's backward (any order). Max
/// pooling's backward scatters the gradient to the argmax; that scatter's backward is a gather at
/// the same indices (second order).
/// </summary>
internal static class Pooling
{
    /// <summary>PyTorch's <c>pooling_output_shape</c>: the output size along one dim (with its checks).</summary>
    public static int OutputSize(int inputSize, int kernel, int pad, int stride, int dilation, bool ceilMode)
    {
        if (stride == 0) throw new ArgumentException("stride should not be zero");
        if (pad < 0) throw new ArgumentException($"pad must be non-negative, but got pad: {pad}");
        if (pad > ((kernel - 1) * dilation + 1) / 2)
            throw new ArgumentException($"pad should be at most half of effective kernel size, but got pad={pad}, kernel_size={kernel} and dilation={dilation}");
        long numerator = (long)inputSize + 2 * pad - (long)dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        long output = (long)Math.Floor(numerator / (double)stride) + 1;
        // Ensure that the last pooling window starts inside the image (or its left padding).
        if (ceilMode && (output - 1) * stride >= inputSize + pad) output--;
        return (int)output;
    }

    /// <summary>The geometry of a pooling of <paramref name="input"/> (checked as PyTorch's pool2d_shape_check).</summary>
    public static PoolGeometry Geometry(string op, Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation, bool ceilMode)
    {
        int nd = input.Sizes.Length;
        bool nonEmpty = nd is 3 or 4 && input.Sizes[nd - 1] != 0 && input.Sizes[nd - 2] != 0 && input.Sizes[nd - 3] != 0;
        if (!nonEmpty) throw new ArgumentException("non-empty 3D or 4D (batch mode) tensor expected for input");
        if (kernel[0] <= 0 || kernel[1] <= 0)
            throw new ArgumentException($"kernel size should be greater than zero, but got kH: {kernel[0]} kW: {kernel[1]}");
        if (stride[0] <= 0 || stride[1] <= 0)
            throw new ArgumentException($"stride should be greater than zero, but got dH: {stride[0]} dW: {stride[1]}");
        if (dilation[0] <= 0 || dilation[1] <= 0)
            throw new ArgumentException($"dilation should be greater than zero, but got dilationH: {dilation[0]} dilationW: {dilation[1]}");
        if (input.ElementType is not (ScalarType.Float32 or ScalarType.Float64))
            throw new NotSupportedException($"\"{op}\" not implemented for '{input.ElementType.CTypeName()}' (SharpGrad pools float32 and float64 tensors)");
        int h = input.Sizes[nd - 2], w = input.Sizes[nd - 1], c = input.Sizes[nd - 3];
        int oh = OutputSize(h, kernel[0], padding[0], stride[0], dilation[0], ceilMode);
        int ow = OutputSize(w, kernel[1], padding[1], stride[1], dilation[1], ceilMode);
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"Given input size: ({c}x{h}x{w}). Calculated output size: ({c}x{oh}x{ow}). Output size is too small");
        int planes = input.NumelInt / (h * w);
        return new PoolGeometry(planes, h, w, oh, ow, kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
    }

    private static int[] OutputShape(int[] inputShape, int oh, int ow)
    {
        var shape = (int[])inputShape.Clone();
        shape[^2] = oh;
        shape[^1] = ow;
        return shape;
    }

    // ------------------------------------------------------------------ max pooling

    /// <summary>max_pool2d_with_indices: the maxima and their flat indices (ih·W + iw) in each input plane.</summary>
    public static (Tensor output, Tensor indices) MaxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation, bool ceilMode)
    {
        var g = Geometry("max_pool2d", input, kernel, stride, padding, dilation, ceilMode);
        var x = Copy.Contiguous(input);
        var shape = OutputShape(input.Sizes, g.OutH, g.OutW);
        var output = Tensor.Empty(shape, input.ElementType, uninitialized: true);
        var indices = Tensor.Empty(shape, ScalarType.Int64, uninitialized: true);
        switch (input.ElementType)
        {
            case ScalarType.Float32: PoolingKernels.MaxPool(x.Data<float>(), x.StorageOffset, output.Data<float>(), indices.Data<long>(), g); break;
            case ScalarType.Float64: PoolingKernels.MaxPool(x.Data<double>(), x.StorageOffset, output.Data<double>(), indices.Data<long>(), g); break;
            default: throw new NotSupportedException($"max_pool2d: unsupported dtype {input.ElementType.CTypeName()}");
        }
        GC.KeepAlive(x);
        if (Autograd.NeedsGrad(input))
            output.SetHistory(new UnaryBackward<(int[] shape, PoolGeometry g)>("MaxPool2DWithIndicesBackward0", input, indices, (input.Sizes, g),
                static (grad, idx, a) => MaxPoolScatter(grad, idx, a.shape, a.g)));
        return (output, indices);
    }

    /// <summary>
    /// max_pool2d's backward: zeros of the input's shape with each output gradient added at its
    /// argmax. Recording a graph (create_graph), it is gather's adjoint, scatter_add, so that its own
    /// backward gathers the gradient's gradient at the indices.
    /// </summary>
    public static Tensor MaxPoolScatter(Tensor grad, Tensor indices, int[] inputShape, PoolGeometry g)
    {
        if (Autograd.NeedsGrad(grad))
        {
            var flatGrad = grad.reshape(g.Planes, g.OutPlane);
            var zeros = Tensor.Empty([g.Planes, g.InPlane], grad.ElementType);
            return GatherScatter.ScatterAdd(zeros, 1, indices.reshape(g.Planes, g.OutPlane), flatGrad, "MaxPool2DWithIndicesBackwardBackward0")
                .view(Reduction.ToLong(inputShape));
        }
        var gc = Copy.Contiguous(grad);
        var ic = Copy.Contiguous(indices);
        if (PoolingKernels.IsTiling2x2(in g))
        {
            // Non-overlapping windows: the kernel writes every element, no zero-fill first.
            var tiled = Tensor.Empty(inputShape, grad.ElementType, uninitialized: true);
            switch (grad.ElementType)
            {
                case ScalarType.Float32: PoolingKernels.MaxPoolBackwardTiling2x2(gc.Data<float>(), gc.StorageOffset, ic.Data<long>(), ic.StorageOffset, tiled.Data<float>(), g); break;
                case ScalarType.Float64: PoolingKernels.MaxPoolBackwardTiling2x2(gc.Data<double>(), gc.StorageOffset, ic.Data<long>(), ic.StorageOffset, tiled.Data<double>(), g); break;
                default: throw new NotSupportedException($"max_pool2d backward: unsupported dtype {grad.ElementType.CTypeName()}");
            }
            GC.KeepAlive(gc);
            GC.KeepAlive(ic);
            return tiled;
        }
        var result = Tensor.Empty(inputShape, grad.ElementType);
        switch (grad.ElementType)
        {
            case ScalarType.Float32: PoolingKernels.MaxPoolBackward(gc.Data<float>(), gc.StorageOffset, ic.Data<long>(), ic.StorageOffset, result.Data<float>(), g); break;
            case ScalarType.Float64: PoolingKernels.MaxPoolBackward(gc.Data<double>(), gc.StorageOffset, ic.Data<long>(), ic.StorageOffset, result.Data<double>(), g); break;
            default: throw new NotSupportedException($"max_pool2d backward: unsupported dtype {grad.ElementType.CTypeName()}");
        }
        GC.KeepAlive(gc);
        GC.KeepAlive(ic);
        return result;
    }

    // ------------------------------------------------------------------ average pooling

    /// <summary>An average pooling: plain (with count_include_pad and divisor_override, 0 for none) or adaptive.</summary>
    internal readonly record struct AvgPoolKind(PoolGeometry G, bool Adaptive, bool CountIncludePad, long DivisorOverride)
    {
        public string NodeName => Adaptive ? "AdaptiveAvgPool2DBackward0" : "AvgPool2DBackward0";
        public string AdjointNodeName => Adaptive ? "AdaptiveAvgPool2DBackwardBackward0" : "AvgPool2DBackwardBackward0";
    }

    /// <summary>avg_pool2d.</summary>
    public static Tensor AvgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, bool ceilMode, bool countIncludePad, long? divisorOverride)
    {
        if (divisorOverride is { } d && d == 0) throw new ArgumentException("divisor must be not zero");
        var g = Geometry("avg_pool2d", input, kernel, stride, padding, [1, 1], ceilMode);
        return AvgPoolForward(input, new AvgPoolKind(g, false, countIncludePad, divisorOverride ?? 0));
    }

    /// <summary>adaptive_avg_pool2d to (outH, outW).</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, int outH, int outW)
    {
        int nd = input.Sizes.Length;
        if (nd is not (3 or 4))
            throw new ArgumentException($"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got {Tensor.ShapeString(input.Sizes)}");
        for (int i = 1; i < nd; i++)
            if (input.Sizes[i] == 0)
                throw new ArgumentException($"adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes {Tensor.ShapeString(input.Sizes)} with dimension {i} being empty");
        if (outH < 0 || outW < 0)
            throw new ArgumentException($"adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {{{outH}, {outW}}}");
        if (input.ElementType is not (ScalarType.Float32 or ScalarType.Float64))
            throw new NotSupportedException($"\"adaptive_avg_pool2d\" not implemented for '{input.ElementType.CTypeName()}' (SharpGrad pools float32 and float64 tensors)");
        int h = input.Sizes[nd - 2], w = input.Sizes[nd - 1];
        var g = new PoolGeometry(input.NumelInt / (h * w), h, w, outH, outW, 0, 0, 0, 0, 0, 0, 1, 1);
        return AvgPoolForward(input, new AvgPoolKind(g, true, false, 0));
    }

    /// <summary>The pooling of <paramref name="input"/>; its backward is <see cref="AvgPoolAdjoint"/>.</summary>
    private static Tensor AvgPoolForward(Tensor input, AvgPoolKind k)
    {
        var g = k.G;
        var x = Copy.Contiguous(input);
        var output = Tensor.Empty(OutputShape(input.Sizes, g.OutH, g.OutW), input.ElementType, uninitialized: true);
        switch (input.ElementType)
        {
            case ScalarType.Float32:
                if (k.Adaptive) PoolingKernels.AdaptiveAvgPool(x.Data<float>(), x.StorageOffset, output.Data<float>(), g);
                else PoolingKernels.AvgPool(x.Data<float>(), x.StorageOffset, output.Data<float>(), g, k.CountIncludePad, k.DivisorOverride);
                break;
            case ScalarType.Float64:
                if (k.Adaptive) PoolingKernels.AdaptiveAvgPool(x.Data<double>(), x.StorageOffset, output.Data<double>(), g);
                else PoolingKernels.AvgPool(x.Data<double>(), x.StorageOffset, output.Data<double>(), g, k.CountIncludePad, k.DivisorOverride);
                break;
            default: throw new NotSupportedException($"avg_pool2d: unsupported dtype {input.ElementType.CTypeName()}");
        }
        GC.KeepAlive(x);
        if (Autograd.NeedsGrad(input))
            output.SetHistory(new UnaryBackward<(AvgPoolKind k, int[] shape)>(k.NodeName, input, null, (k, input.Sizes),
                static (grad, _, a) => AvgPoolAdjoint(grad, a.k, a.shape)));
        return output;
    }

    /// <summary>The pooling's adjoint (its backward): each output gradient spread over its window.
    /// Its backward is the pooling again.</summary>
    private static Tensor AvgPoolAdjoint(Tensor grad, AvgPoolKind k, int[] inputShape)
    {
        var g = k.G;
        var gc = Copy.Contiguous(grad);
        var result = Tensor.Empty(inputShape, grad.ElementType);
        switch (grad.ElementType)
        {
            case ScalarType.Float32:
                if (k.Adaptive) PoolingKernels.AdaptiveAvgPoolBackward(gc.Data<float>(), gc.StorageOffset, result.Data<float>(), g);
                else PoolingKernels.AvgPoolBackward(gc.Data<float>(), gc.StorageOffset, result.Data<float>(), g, k.CountIncludePad, k.DivisorOverride);
                break;
            case ScalarType.Float64:
                if (k.Adaptive) PoolingKernels.AdaptiveAvgPoolBackward(gc.Data<double>(), gc.StorageOffset, result.Data<double>(), g);
                else PoolingKernels.AvgPoolBackward(gc.Data<double>(), gc.StorageOffset, result.Data<double>(), g, k.CountIncludePad, k.DivisorOverride);
                break;
            default: throw new NotSupportedException($"avg_pool2d backward: unsupported dtype {grad.ElementType.CTypeName()}");
        }
        GC.KeepAlive(gc);
        if (Autograd.NeedsGrad(grad))
            result.SetHistory(new UnaryBackward<AvgPoolKind>(k.AdjointNodeName, grad, null, k,
                static (gg, _, kind) => AvgPoolForward(gg, kind)));
        return result;
    }

    internal static string Fmt(long v) => v.ToString(CultureInfo.InvariantCulture);
}
