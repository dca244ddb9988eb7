using SharpGrad.Kernels;
using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

/// <summary>
/// The convolution's by-sample path (both cores take whole samples, one column matrix of one sample
/// each, products in place in the NCHW buffers, the weight gradient summed per thread) against the
/// chunked path (chunks of samples side by side in one column matrix, one GEMM per chunk), which
/// the other convolution tests check against libtorch: the same forward, input gradient and weight
/// gradient on geometries with strides, padding, dilation, groups and few taps.
/// </summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class ConvolutionBySampleTests
{
    /// <summary>(N, C, H, W, Cout, Groups, KH, KW, SH, SW, PH, PW, DH, DW); OH and OW follow with the padding on both sides.</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 4, 3, 7, 6, 10, 1, 3, 3, 1, 1, 1, 1, 1, 1 },  // 'same' 3×3 (shifted-span copy), 27 taps, 10 outputs: the GEMM weight gradient
        new[] { 3, 4, 6, 5, 18, 2, 3, 3, 2, 1, 1, 1, 1, 1 },  // groups of 9 outputs and 18 taps, strided: the GEMM weight gradient per group
        new[] { 4, 3, 7, 6, 5, 1, 3, 3, 1, 1, 1, 1, 1, 1 },   // five outputs: the weight gradient by dot products
        new[] { 3, 1, 9, 9, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1 },   // one input channel, 9 taps: the weight gradient by dot products
        new[] { 2, 4, 8, 7, 6, 2, 3, 2, 2, 1, 1, 0, 1, 2 },   // groups, stride, dilation, even kernel
        new[] { 5, 2, 6, 6, 3, 1, 2, 2, 2, 2, 0, 0, 1, 1 },   // non-overlapping windows (8 taps)
        new[] { 2, 6, 5, 9, 6, 3, 3, 3, 1, 2, 2, 1, 2, 1 },   // padding past the kernel's reach, three groups
        new[] { 3, 2, 1, 11, 4, 1, 1, 5, 1, 1, 0, 2, 1, 1 },  // a 1-D convolution as 2-D
        new[] { 2, 3, 4, 4, 2, 1, 1, 1, 2, 2, 0, 0, 1, 1 },   // strided 1×1 (not pointwise: lowered)
    };

    private static ConvGeometry Geometry(int[] a)
    {
        int n = a[0], c = a[1], h = a[2], w = a[3], cout = a[4], groups = a[5], kh = a[6], kw = a[7];
        int sh = a[8], sw = a[9], ph = a[10], pw = a[11], dh = a[12], dw = a[13];
        int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
        int ow = (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        return new ConvGeometry(n, c, h, w, cout, groups, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow);
    }

    private static double[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = random.NextDouble() * 4 - 2;
        return v;
    }

    /// <summary>Forward (with bias), input gradient and weight gradient of <paramref name="g"/> on the chunked path or not.</summary>
    private static (double[] y, double[] gx, double[] gw) Run(ConvGeometry g, bool chunks, int samplesPerProduct = 0)
    {
        var x = Values(g.N * g.C * g.H * g.W, 1);
        var w = Values(g.Cout * g.CinG * g.KH * g.KW, 2);
        var b = Values(g.Cout, 3);
        var gy = Values(g.N * g.Cout * g.L, 4);
        // NaN-filled outputs: every element must be written.
        var y = Enumerable.Repeat(double.NaN, gy.Length).ToArray();
        var gx = Enumerable.Repeat(double.NaN, x.Length).ToArray();
        var gw = Enumerable.Repeat(double.NaN, w.Length).ToArray();
        ConvolutionKernels.ForceChunks = chunks;
        ConvolutionKernels.SamplesPerProductOverride = samplesPerProduct;
        // The GEMM's by-sample path, not the direct one that few output channels would take (DirectConvolutionTests checks that).
        DirectConvolutionKernels.Disabled = true;
        try
        {
            ConvolutionKernels.Forward<double>(x, w, b, y, g);
            ConvolutionKernels.InputGrad<double>(gy, w, gx, g);
            ConvolutionKernels.WeightGrad<double>(x, gy, gw, g);
        }
        finally
        {
            ConvolutionKernels.ForceChunks = false;
            ConvolutionKernels.SamplesPerProductOverride = 0;
            DirectConvolutionKernels.Disabled = false;
        }
        return (y, gx, gw);
    }

    private static void Close(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])),
                $"{what}[{i}]: chunked {expected[i]}, by sample {actual[i]}");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BySampleGivesTheChunkedPathsValues(int[] shape)
    {
        var g = Geometry(shape);
        var chunked = Run(g, chunks: true);
        var bySample = Run(g, chunks: false);
        Close(chunked.y, bySample.y, "y");
        Close(chunked.gx, bySample.gx, "gx");
        Close(chunked.gw, bySample.gw, "gw");
    }

    /// <summary>(samples per product, then the geometry as in <see cref="Geometries"/>): batches that are not a multiple of it, so the last product is shorter.</summary>
    public static TheoryData<int, int[]> SeveralSamplesPerProduct => new()
    {
        { 2, new[] { 5, 3, 7, 6, 10, 1, 3, 3, 1, 1, 1, 1, 1, 1 } },  // odd batch, 'same' 3×3, the GEMM weight gradient
        { 2, new[] { 3, 4, 6, 5, 18, 2, 3, 3, 2, 1, 1, 1, 1, 1 } },  // batch 3, groups, strided
        { 4, new[] { 2, 3, 7, 6, 10, 1, 3, 3, 1, 1, 1, 1, 1, 1 } },  // batch 2 with four per product: one product of two
        { 3, new[] { 7, 3, 7, 6, 5, 1, 3, 3, 1, 1, 1, 1, 1, 1 } },   // batch 7 by threes, the weight gradient by dot products
        { 4, new[] { 6, 6, 5, 9, 6, 3, 3, 3, 1, 2, 2, 1, 2, 1 } },   // batch 6 by fours, three groups, padding past the kernel
        { 3, new[] { 5, 2, 1, 11, 4, 1, 1, 5, 1, 1, 0, 2, 1, 1 } },  // a 1-D convolution, batch 5 by threes
        { 2, new[] { 3, 4, 8, 7, 6, 2, 3, 2, 2, 1, 1, 0, 1, 2 } },   // groups, stride, dilation, even kernel, batch 3
    };

    [Theory]
    [MemberData(nameof(SeveralSamplesPerProduct))]
    public void SeveralSamplesPerProductGiveTheChunkedPathsValues(int samplesPerProduct, int[] shape)
    {
        var g = Geometry(shape);
        var chunked = Run(g, chunks: true);
        var grouped = Run(g, chunks: false, samplesPerProduct);
        Close(chunked.y, grouped.y, "y");
        Close(chunked.gx, grouped.gx, "gx");
        Close(chunked.gw, grouped.gw, "gw");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void SeveralSamplesPerProductGiveOneSamplesValues(int samplesPerProduct)
    {
        // The same products split differently: equal to rounding.
        var g = Geometry([5, 4, 6, 6, 12, 1, 3, 3, 1, 1, 1, 1, 1, 1]);
        var one = Run(g, chunks: false, 1);
        var several = Run(g, chunks: false, samplesPerProduct);
        Close(one.y, several.y, "y");
        Close(one.gx, several.gx, "gx");
        Close(one.gw, several.gw, "gw");
    }

    [Fact]
    public void BySampleConvolutionGradchecks()
    {
        // Two samples and a group each way: the by-sample path with its per-thread weight gradients, to second order.
        manual_seed(12);
        var x = TestUtil.RandD(3, 4, 5, 5);
        var w = TestUtil.RandD(4, 2, 3, 3);
        var b = TestUtil.RandD(4);
        TestUtil.CheckGradients(t => F.conv2d(t[0], t[1], t[2], stride: 2, padding: 1, groups: 2), x, w, b);
    }
}
