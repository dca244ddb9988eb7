using SharpGrad.Kernels;
using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

/// <summary>
/// The fast paths under convolution and pooling against plain definitions: im2col (including the
/// one-span copy of stride-1 convolutions as wide as their input) against the per-entry formula,
/// col2im as its adjoint, and max_pool2d(2)'s tiling loops (eight windows at a time in float32)
/// against PyTorch's rule (<c>val &gt; maxval || isnan(val)</c> over the window in row-major order).
/// </summary>
public class ConvolutionLoweringTests
{
    /// <summary>Geometries (N, C, H, W, KH, KW, SH, SW, PH, PW, DH, DW; OH and OW follow with no padding after) that take each im2col path.</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 2, 3, 5, 6, 3, 3, 1, 1, 1, 1, 1, 1 },   // 'same' 3×3: the shifted-span copy
        new[] { 1, 2, 4, 7, 2, 4, 1, 1, 0, 1, 1, 1 },   // even kernel, asymmetric width: OW ≠ W, per-row copy
        new[] { 2, 2, 6, 5, 3, 3, 1, 1, 2, 2, 2, 2 },   // dilated 'same': shifted span, rows wholly in padding
        new[] { 1, 3, 7, 7, 3, 2, 2, 2, 1, 0, 1, 1 },   // strided
        new[] { 3, 1, 4, 9, 1, 5, 1, 1, 0, 2, 1, 1 },   // a 1-D 'same' convolution as 2-D
        new[] { 1, 2, 3, 3, 3, 3, 1, 1, 2, 2, 1, 1 },   // padding wider than the kernel's reach: some rows read nothing
    };

    private static ConvGeometry Geometry(int[] a)
    {
        int n = a[0], c = a[1], h = a[2], w = a[3], kh = a[4], kw = a[5], sh = a[6], sw = a[7], ph = a[8], pw = a[9], dh = a[10], dw = a[11];
        // Padding on both sides, except that a 'same' geometry keeps the output as wide as the input.
        int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
        int ow = (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        return new ConvGeometry(n, c, h, w, 4, 1, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow);
    }

    private static double[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = Math.Round(random.NextDouble() * 16 - 8) / 4;
        return v;
    }

    /// <summary>col[(c·KH + i)·KW + j, s·L + y·OW + x] = x[s, c, y·SH − PH + i·DH, x·SW − PW + j·DW], or 0 outside the image.</summary>
    private static double[] ReferenceUnfold(double[] x, ConvGeometry g, int n0, int nb)
    {
        int width = nb * g.L;
        var col = new double[g.Rows * width];
        for (int c = 0; c < g.C; c++)
            for (int i = 0; i < g.KH; i++)
                for (int j = 0; j < g.KW; j++)
                    for (int s = 0; s < nb; s++)
                        for (int oy = 0; oy < g.OH; oy++)
                            for (int ox = 0; ox < g.OW; ox++)
                            {
                                int iy = oy * g.SH - g.PH + i * g.DH, ix = ox * g.SW - g.PW + j * g.DW;
                                double v = iy >= 0 && iy < g.H && ix >= 0 && ix < g.W ? x[(((n0 + s) * g.C + c) * g.H + iy) * g.W + ix] : 0;
                                col[((c * g.KH + i) * g.KW + j) * width + s * g.L + oy * g.OW + ox] = v;
                            }
        return col;
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void UnfoldIsTheColumnMatrix(int[] shape)
    {
        var g = Geometry(shape);
        var x = Values(g.N * g.C * g.H * g.W, 1);
        int n0 = g.N > 1 ? 1 : 0, nb = g.N - n0;
        // Garbage in col first: every entry must be written.
        var col = Enumerable.Repeat(double.NaN, g.Rows * nb * g.L).ToArray();
        Im2Col.Unfold<double>(x, g, n0, nb, col);
        Assert.Equal(ReferenceUnfold(x, g, n0, nb), col);
        var colF = Enumerable.Repeat(float.NaN, col.Length).ToArray();
        Im2Col.Unfold<float>(x.Select(v => (float)v).ToArray(), g, n0, nb, colF);
        Assert.Equal(col, colF.Select(v => (double)v).ToArray());
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void FoldAddIsUnfoldsAdjoint(int[] shape)
    {
        // ⟨unfold(x), c⟩ = ⟨x, fold(c)⟩ for every x and c, so fold(c)[p] = Σ of the entries of c that unfold reads from p.
        var g = Geometry(shape);
        int n0 = g.N > 1 ? 1 : 0, nb = g.N - n0;
        var c = Values(g.Rows * nb * g.L, 2);
        var start = Values(g.N * g.C * g.H * g.W, 3);
        var folded = (double[])start.Clone();
        Im2Col.FoldAdd<double>((double[])c.Clone(), g, n0, nb, folded);
        int planeElems = g.C * g.H * g.W;
        for (int p = 0; p < folded.Length; p++)
        {
            var unit = new double[folded.Length];
            unit[p] = 1;
            var column = ReferenceUnfold(unit, g, n0, nb);
            double expected = start[p];
            if (p / planeElems >= n0)
                for (int e = 0; e < column.Length; e++)
                    expected += column[e] * c[e];
            Assert.True(expected == folded[p], $"pixel {p}: expected {expected}, got {folded[p]}");
        }
    }

    private static (double[] values, long[] indices) ReferenceMaxPool(double[] x, int planes, int h, int w)
    {
        int oh = h / 2, ow = w / 2;
        var values = new double[planes * oh * ow];
        var indices = new long[values.Length];
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    double max = double.NegativeInfinity;
                    long index = 2 * i * w + 2 * j;
                    for (int r = 2 * i; r < 2 * i + 2; r++)
                        for (int c = 2 * j; c < 2 * j + 2; c++)
                        {
                            double v = x[p * h * w + r * w + c];
                            if (v > max || double.IsNaN(v)) { max = v; index = r * w + c; }
                        }
                    values[(p * oh + i) * ow + j] = max;
                    indices[(p * oh + i) * ow + j] = index;
                }
        return (values, indices);
    }

    /// <summary>Values with many ties, NaNs and infinities, so that every comparison's outcome occurs in every lane.</summary>
    private static double[] Awkward(int count, int seed)
    {
        var random = new Random(seed);
        double[] specials = [double.NaN, double.NegativeInfinity, double.PositiveInfinity, 0, -0.0, 1, 1, -1];
        var v = new double[count];
        for (int i = 0; i < count; i++)
            v[i] = random.Next(4) == 0 ? specials[random.Next(specials.Length)] : random.Next(-3, 4) / 2.0;
        return v;
    }

    [Theory]
    [InlineData(2, 3, 6, 37)]   // two blocks of eight windows per row, then a tail; an odd last column
    [InlineData(1, 2, 5, 16)]   // exactly one block; an odd last row
    [InlineData(3, 1, 4, 4)]    // no block
    public void TilingMaxPoolFollowsPyTorchsRule(int n, int c, int h, int w)
    {
        var x = Awkward(n * c * h * w, h * 100 + w);
        var (expected, expectedIndices) = ReferenceMaxPool(x, n * c, h, w);
        foreach (var dtype in new[] { float32, float64 })
        {
            var input = tensor(x, [n, c, h, w]).to(dtype);
            var (output, indices) = F.max_pool2d_with_indices(input, 2);
            Assert.Equal(new long[] { n, c, h / 2, w / 2 }, output.shape);
            var actual = output.to(float64).reshape(-1).ToArray<double>();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(expected[i].Equals(actual[i]), $"{dtype} window {i}: expected {expected[i]}, got {actual[i]}");
            Assert.Equal(expectedIndices, indices.reshape(-1).ToArray<long>());
        }
    }

    [Theory]
    [InlineData(2, 3, 6, 37)]
    [InlineData(1, 2, 5, 16)]
    public void TilingMaxPoolBackwardPutsEachGradientAtItsArgmaxAndZerosElsewhere(int n, int c, int h, int w)
    {
        var x = Values(n * c * h * w, 7);
        var (_, argmax) = ReferenceMaxPool(x, n * c, h, w);
        int outPlane = h / 2 * (w / 2);
        var gradOut = Values(argmax.Length, 8);
        var expected = new double[x.Length];
        for (int o = 0; o < argmax.Length; o++)
            expected[o / outPlane * h * w + argmax[o]] += gradOut[o];
        foreach (var dtype in new[] { float32, float64 })
        {
            // Dirty the buffer pool first: the backward's result is not zero-filled, so every element must be written.
            for (int k = 0; k < 4; k++) _ = full([n, c, h, w], double.NaN, dtype: dtype);
            var input = tensor(x, [n, c, h, w]).to(dtype).requires_grad_();
            F.max_pool2d(input, 2).backward(tensor(gradOut, [n, c, h / 2, w / 2]).to(dtype));
            Assert.Equal(expected, input.grad!.to(float64).reshape(-1).ToArray<double>());
        }
    }

    [Fact]
    public void TilingMaxPoolGradchecks()
    {
        // Distinct values (no ties), so the max is differentiable; 5×7 leaves an odd row and column out.
        var x = tensor(Enumerable.Range(0, 2 * 5 * 7).Select(i => (i * 37 % 71) / 8.0).ToArray(), [1, 2, 5, 7]).requires_grad_();
        Assert.True(autograd.gradcheck(t => F.max_pool2d(t, 2), x));
        Assert.True(autograd.gradgradcheck(t => F.max_pool2d(t, 2), x));
    }
}
