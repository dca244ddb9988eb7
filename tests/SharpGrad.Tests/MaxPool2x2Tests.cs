using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

/// <summary>
/// max_pool2d's unrolled 2×2 loop (no padding, no dilation) against a plain reference of
/// PyTorch's rule (<c>val &gt; maxval || isnan(val)</c> over the window in row-major order, from
/// −∞ at the window's first tap): NaNs, −∞, ties and ceil_mode's clipped edge windows.
/// </summary>
public class MaxPool2x2Tests
{
    private static (double[] values, long[] indices) Reference(double[] x, int h, int w, int stride, int oh, int ow)
    {
        var values = new double[oh * ow];
        var indices = new long[oh * ow];
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                double max = double.NegativeInfinity;
                long index = (long)i * stride * w + j * stride;
                for (int r = i * stride; r < Math.Min(i * stride + 2, h); r++)
                    for (int c = j * stride; c < Math.Min(j * stride + 2, w); c++)
                        if (x[r * w + c] > max || double.IsNaN(x[r * w + c])) { max = x[r * w + c]; index = r * w + c; }
                values[i * ow + j] = max;
                indices[i * ow + j] = index;
            }
        return (values, indices);
    }

    [Theory]
    [InlineData(2, false, 2, 2)]
    [InlineData(2, true, 3, 3)]
    [InlineData(1, false, 4, 4)]
    public void UnrolledWindowsFollowPyTorchsRule(int stride, bool ceilMode, int oh, int ow)
    {
        const int H = 5, W = 5;
        // Ties (the repeated 1s and 2s), −∞ at a window's first tap, NaNs first and last in windows.
        double[] x =
        [
            double.NegativeInfinity, 1, 2, 2, double.NaN,
            1, 1, 0, -3, 4,
            double.NaN, -1, 7, 7, double.NegativeInfinity,
            5, 3, double.NaN, 1, 0,
            2, 2, 2, double.NegativeInfinity, -8,
        ];
        foreach (var dtype in new[] { float32, float64 })
        {
            var input = tensor(x, [1, 1, H, W]).to(dtype);
            var (output, indices) = F.max_pool2d_with_indices(input, 2, stride: stride, ceil_mode: ceilMode);
            var (expected, expectedIndices) = Reference(x, H, W, stride, oh, ow);
            Assert.Equal(new long[] { 1, 1, oh, ow }, output.shape);
            Assert.Equal(expected, output.to(float64).reshape(-1).ToArray<double>());
            Assert.Equal(expectedIndices, indices.reshape(-1).ToArray<long>());
        }
    }
}
