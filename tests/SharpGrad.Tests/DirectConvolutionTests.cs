using SharpGrad.Kernels;
using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

/// <summary>
/// The direct convolution (unit stride, few output channels: no column matrix, a padded copy of
/// each sample and register tiles of four channels) against a naive loop over the definition, in
/// float64 and float32: the forward pass with bias and the weight gradient, on geometries with
/// channel counts that are not multiples of the tile's four, tap counts that are not multiples of
/// three, odd sizes, padding, dilation, groups, batches of one and three; and through the public
/// conv2d to second order.
/// </summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class DirectConvolutionTests
{
    /// <summary>(N, C, H, W, Cout, Groups, KH, KW, PH, PW, DH, DW[, extra padding after in H, in W]), unit stride.</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 3, 6, 12, 12, 16, 1, 5, 5, 0, 0, 1, 1 },  // LeNet's second layer, batch 3
        new[] { 1, 8, 9, 11, 6, 1, 3, 3, 1, 1, 1, 1 },    // batch 1, 'same' 3×3, odd sizes, 72 taps, six outputs (a tile of two)
        new[] { 3, 10, 7, 13, 9, 1, 3, 3, 1, 2, 1, 1 },   // 90 taps, nine outputs (one past two tiles), rows of 15 (two vectors and a partial)
        new[] { 2, 8, 10, 9, 10, 2, 3, 3, 2, 2, 2, 2 },   // two groups of five outputs, dilation 2, padding 2
        new[] { 3, 9, 8, 21, 3, 3, 3, 4, 1, 0, 1, 2 },    // three groups, even kernel width, dilation in one dim, rows of 15
        new[] { 2, 3, 6, 40, 5, 1, 5, 5, 2, 2, 1, 1 },    // rows of 40 output columns (several tiles per row), 75 taps
        new[] { 3, 1, 9, 9, 4, 1, 3, 3, 1, 1, 1, 1 },     // one input channel, 9 taps: the weight gradient direct, the forward pass by GEMM
        new[] { 3, 2, 1, 17, 7, 1, 1, 5, 0, 2, 1, 1 },    // a 1-D convolution as 2-D
        new[] { 2, 8, 7, 9, 5, 1, 4, 4, 1, 1, 1, 1, 1, 1 }, // 'same' with an even kernel: one more row and column of padding after than before
        new[] { 2, 8, 7, 9, 5, 1, 3, 3, 1, 1, 1, 1, -1, -1 }, // padding after smaller than before: the last input row and column read by no output
    };

    private static ConvGeometry Geometry(int[] a)
    {
        int n = a[0], c = a[1], h = a[2], w = a[3], cout = a[4], groups = a[5], kh = a[6], kw = a[7];
        int ph = a[8], pw = a[9], dh = a[10], dw = a[11];
        int oh = h + 2 * ph - dh * (kh - 1), ow = w + 2 * pw - dw * (kw - 1);
        if (a.Length > 12)
        {
            oh += a[12];
            ow += a[13];
        }
        return new ConvGeometry(n, c, h, w, cout, groups, kh, kw, 1, 1, ph, pw, dh, dw, oh, ow);
    }

    private static double[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = random.NextDouble() * 4 - 2;
        return v;
    }

    /// <summary>y[n, o, oy, ox] = b[o] + Σ w[o, c, i, j]·x[n, g·C/G + c, oy − PH + i·DH, ox − PW + j·DW], straight from the definition.</summary>
    private static double[] NaiveForward(ConvGeometry g, double[] x, double[] w, double[] b)
    {
        var y = new double[g.N * g.Cout * g.L];
        for (int n = 0; n < g.N; n++)
            for (int o = 0; o < g.Cout; o++)
            {
                int grp = o / g.CoutG;
                for (int oy = 0; oy < g.OH; oy++)
                    for (int ox = 0; ox < g.OW; ox++)
                    {
                        double sum = b[o];
                        for (int c = 0; c < g.CinG; c++)
                            for (int i = 0; i < g.KH; i++)
                                for (int j = 0; j < g.KW; j++)
                                {
                                    int iy = oy - g.PH + i * g.DH, ix = ox - g.PW + j * g.DW;
                                    if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W) continue;
                                    sum += w[((o * g.CinG + c) * g.KH + i) * g.KW + j] * x[((n * g.C + grp * g.CinG + c) * g.H + iy) * g.W + ix];
                                }
                        y[((n * g.Cout + o) * g.OH + oy) * g.OW + ox] = sum;
                    }
            }
        return y;
    }

    /// <summary>gw[o, c, i, j] = Σ gy[n, o, oy, ox]·x[n, g·C/G + c, oy − PH + i·DH, ox − PW + j·DW].</summary>
    private static double[] NaiveWeightGrad(ConvGeometry g, double[] x, double[] gy)
    {
        var gw = new double[g.Cout * g.Kg];
        for (int n = 0; n < g.N; n++)
            for (int o = 0; o < g.Cout; o++)
            {
                int grp = o / g.CoutG;
                for (int oy = 0; oy < g.OH; oy++)
                    for (int ox = 0; ox < g.OW; ox++)
                        for (int c = 0; c < g.CinG; c++)
                            for (int i = 0; i < g.KH; i++)
                                for (int j = 0; j < g.KW; j++)
                                {
                                    int iy = oy - g.PH + i * g.DH, ix = ox - g.PW + j * g.DW;
                                    if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W) continue;
                                    gw[((o * g.CinG + c) * g.KH + i) * g.KW + j] +=
                                        gy[((n * g.Cout + o) * g.OH + oy) * g.OW + ox] * x[((n * g.C + grp * g.CinG + c) * g.H + iy) * g.W + ix];
                                }
            }
        return gw;
    }

    private static void Close(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"{what}[{i}]: naive {expected[i]}, direct {actual[i]}");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void DirectPathGivesTheDefinitionsValuesInFloat64(int[] shape)
    {
        var g = Geometry(shape);
        var x = Values(g.N * g.C * g.H * g.W, 1);
        var w = Values(g.Cout * g.Kg, 2);
        var b = Values(g.Cout, 3);
        var gy = Values(g.N * g.Cout * g.L, 4);
        // NaN-filled outputs: every element must be written.
        var y = Enumerable.Repeat(double.NaN, gy.Length).ToArray();
        var gw = Enumerable.Repeat(double.NaN, w.Length).ToArray();
        Assert.True(DirectConvolutionKernels.AppliesToWeightGrad<double>(in g));
        ConvolutionKernels.Forward<double>(x, w, b, y, g);
        ConvolutionKernels.WeightGrad<double>(x, gy, gw, g);
        Close(NaiveForward(g, x, w, b), y, 1e-12, "y");
        Close(NaiveWeightGrad(g, x, gy), gw, 1e-12, "gw");
        // Called directly too (where ConvolutionKernels takes the GEMM for the forward pass).
        var yDirect = Enumerable.Repeat(double.NaN, gy.Length).ToArray();
        DirectConvolutionKernels.Forward<double>(x, w, b, yDirect, g);
        Close(NaiveForward(g, x, w, b), yDirect, 1e-12, "y (direct)");
        var yNoBias = Enumerable.Repeat(double.NaN, gy.Length).ToArray();
        DirectConvolutionKernels.Forward<double>(x, w, null, yNoBias, g);
        Close(NaiveForward(g, x, w, new double[g.Cout]), yNoBias, 1e-12, "y (no bias)");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void DirectPathGivesTheDefinitionsValuesInFloat32(int[] shape)
    {
        var g = Geometry(shape);
        var x = Values(g.N * g.C * g.H * g.W, 5);
        var w = Values(g.Cout * g.Kg, 6);
        var b = Values(g.Cout, 7);
        var gy = Values(g.N * g.Cout * g.L, 8);
        float[] Floats(double[] v) => [.. v.Select(e => (float)e)];
        // The reference in float64 from the same float32 values.
        double[] Widen(float[] v) => [.. v.Select(e => (double)e)];
        float[] xf = Floats(x), wf = Floats(w), bf = Floats(b), gyf = Floats(gy);
        var y = Enumerable.Repeat(float.NaN, gy.Length).ToArray();
        var gw = Enumerable.Repeat(float.NaN, w.Length).ToArray();
        DirectConvolutionKernels.Forward<float>(xf, wf, bf, y, g);
        ConvolutionKernels.WeightGrad<float>(xf, gyf, gw, g);
        // float32 sums of up to a few hundred terms of size ~4 (forward) or a few thousand (weight gradient).
        Close(NaiveForward(g, Widen(xf), Widen(wf), Widen(bf)), Widen(y), 1e-4, "y");
        Close(NaiveWeightGrad(g, Widen(xf), Widen(gyf)), Widen(gw), 1e-3, "gw");
    }

    [Fact]
    public void LeNetShapesTakeTheDirectPathAndMatchTheGemm()
    {
        // LeNet's second layer at batch 5: the forward pass and the weight gradient direct, compared with the GEMM's.
        var g = Geometry([5, 6, 12, 12, 16, 1, 5, 5, 0, 0, 1, 1]);
        Assert.True(DirectConvolutionKernels.Applies<double>(in g));
        Assert.True(DirectConvolutionKernels.AppliesToWeightGrad<double>(in g));
        var x = Values(g.N * g.C * g.H * g.W, 9);
        var w = Values(g.Cout * g.Kg, 10);
        var b = Values(g.Cout, 11);
        var gy = Values(g.N * g.Cout * g.L, 12);
        double[] y = new double[gy.Length], gw = new double[w.Length], yGemm = new double[gy.Length], gwGemm = new double[w.Length];
        ConvolutionKernels.Forward<double>(x, w, b, y, g);
        ConvolutionKernels.WeightGrad<double>(x, gy, gw, g);
        DirectConvolutionKernels.Disabled = true;
        try
        {
            ConvolutionKernels.Forward<double>(x, w, b, yGemm, g);
            ConvolutionKernels.WeightGrad<double>(x, gy, gwGemm, g);
        }
        finally
        {
            DirectConvolutionKernels.Disabled = false;
        }
        Close(yGemm, y, 1e-12, "y");
        Close(gwGemm, gw, 1e-12, "gw");
    }

    [Fact]
    public void DirectPathIsDeterministic()
    {
        // The weight gradient's per-thread sums are added in piece order: the same bits every time.
        var g = Geometry([64, 6, 12, 12, 16, 1, 5, 5, 0, 0, 1, 1]);
        var x = Values(g.N * g.C * g.H * g.W, 13).Select(v => (float)v).ToArray();
        var gy = Values(g.N * g.Cout * g.L, 14).Select(v => (float)v).ToArray();
        var first = new float[g.Cout * g.Kg];
        ConvolutionKernels.WeightGrad<float>(x, gy, first, g);
        for (int r = 0; r < 5; r++)
        {
            var again = new float[first.Length];
            ConvolutionKernels.WeightGrad<float>(x, gy, again, g);
            Assert.Equal(first, again);
        }
    }

    [Fact]
    public void DirectConvolutionGradchecks()
    {
        // 2 groups of 3 outputs from 4 channels each with 5×5 taps and padding (100 taps: the forward pass direct), to second order.
        manual_seed(21);
        var x = TestUtil.RandD(3, 8, 6, 5);
        var w = TestUtil.RandD(6, 4, 5, 5);
        var b = TestUtil.RandD(6);
        TestUtil.CheckGradients(t => F.conv2d(t[0], t[1], t[2], padding: 2, groups: 2), x, w, b);
    }
}
