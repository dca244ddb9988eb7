using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

/// <summary>
/// max_pool2d(2)'s float32 vector loops on rows whose windows are not a multiple of eight: the
/// forward's last windows of a row through a padded copy (all of a row of seven windows, as the
/// 14×14 maps of a small CNN), the backward's blocks of eight written whole. Values against the
/// plain definition (PyTorch's <c>val &gt; maxval || isnan(val)</c> in row-major window order), the
/// backward's exact zeros included.
/// </summary>
public class MaxPoolRowTailTests
{
    private static double[] Awkward(int count, int seed)
    {
        var random = new Random(seed);
        double[] specials = [double.NaN, double.NegativeInfinity, double.PositiveInfinity, 0, -0.0, 1, 1, -1];
        var v = new double[count];
        for (int i = 0; i < count; i++)
            v[i] = random.Next(4) == 0 ? specials[random.Next(specials.Length)] : random.Next(-3, 4) / 2.0;
        return v;
    }

    private static (double[] values, long[] indices) Reference(double[] x, int planes, int h, int w)
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

    [Theory]
    [InlineData(2, 3, 14, 14)]   // seven windows a row: the tail alone
    [InlineData(1, 2, 28, 28)]   // fourteen: a block of eight, then six
    [InlineData(2, 1, 7, 3)]     // one window a row, an odd last row and column
    [InlineData(1, 1, 4, 31)]    // fifteen: a block, then seven
    public void ForwardRowTailsFollowPyTorchsRule(int n, int c, int h, int w)
    {
        var x = Awkward(n * c * h * w, h * 100 + w);
        var (expected, expectedIndices) = Reference(x, n * c, h, w);
        var (output, indices) = F.max_pool2d_with_indices(tensor(x, [n, c, h, w]).to(float32), 2);
        var actual = output.to(float64).reshape(-1).ToArray<double>();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(actual[i]), $"window {i}: expected {expected[i]}, got {actual[i]}");
        Assert.Equal(expectedIndices, indices.reshape(-1).ToArray<long>());
    }

    [Theory]
    [InlineData(2, 3, 14, 14)]
    [InlineData(1, 2, 28, 29)]
    [InlineData(1, 1, 5, 33)]
    public void BackwardPutsEachGradientAtItsArgmaxAndExactZerosElsewhere(int n, int c, int h, int w)
    {
        var random = new Random(h * 100 + w);
        var x = Enumerable.Range(0, n * c * h * w).Select(_ => (double)random.Next(-4, 5)).ToArray();
        var (_, argmax) = Reference(x, n * c, h, w);
        int outPlane = h / 2 * (w / 2);
        // Gradients with negative zeros and a NaN: at the argmax 0 + g (−0 becomes +0, as in PyTorch's accumulation into zeros).
        var gradOut = Enumerable.Range(0, argmax.Length).Select(i => i % 5 == 0 ? -0.0 : i % 17 == 3 ? double.NaN : random.Next(-8, 9) / 4.0).ToArray();
        var expected = new double[x.Length];
        for (int o = 0; o < argmax.Length; o++)
            expected[o / outPlane * h * w + argmax[o]] += gradOut[o];
        // Dirty the buffer pool first: the backward's result is not zero-filled, so every element must be written.
        for (int k = 0; k < 4; k++) _ = full([n, c, h, w], double.NaN, dtype: float32);
        var input = tensor(x, [n, c, h, w]).to(float32).requires_grad_();
        F.max_pool2d(input, 2).backward(tensor(gradOut, [n, c, h / 2, w / 2]).to(float32));
        var actual = input.grad!.to(float64).reshape(-1).ToArray<double>();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]) || (double.IsNaN(expected[i]) && double.IsNaN(actual[i])),
                $"pixel {i}: expected {expected[i]}, got {actual[i]}");
    }
}
