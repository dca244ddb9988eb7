using SharpGrad.Modules;
using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

/// <summary>Shared inputs and assertions of the Layers*Tests.</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
internal static class LayersData
{
    /// <summary>((i·7) mod 19 − 9) / 4, exactly representable (tools/TorchOracle Scripts.Layers.cs, LayerInput).</summary>
    public static Tensor Input(ScalarType dtype, params long[] shape)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var values = new double[n];
        for (long i = 0; i < n; i++) values[i] = (i * 7 % 19 - 9) / 4.0;
        return tensor(values, shape).to(dtype);
    }

    public static Tensor Input(params long[] shape) => Input(float32, shape);

    public static void Close(float[] expected, Tensor actual, double tol = 1e-6)
    {
        var a = actual.detach().to(float64).reshape(-1).ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]:R}, got {a[i]:R}");
    }

    public static void Exact(float[] expected, Tensor actual)
        => Assert.Equal(expected, actual.detach().to(float32).reshape(-1).ToArray<float>());

    public static void Shape(long[] expected, Tensor actual) => Assert.Equal(expected, actual.shape);

    public static void Gradients(Func<Tensor[], Tensor> f, params Tensor[] inputs) => TestUtil.CheckGradients(f, inputs);
}

/// <summary>max_pool1d/2d, avg_pool2d, adaptive_avg_pool2d and their modules; values and indices are
/// libtorch's (tools/TorchOracle, script LayersPooling).</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class LayersPoolingTests
{
    private static readonly Tensor X = LayersData.Input(2, 3, 5, 7);

    public static readonly Dictionary<string, (Func<Tensor, (Tensor, Tensor)> pool, long[] shape, float[] values, long[] indices)> MaxCases = new()
    {
        ["k2"] = (x => F.max_pool2d_with_indices(x, 2), [2, 3, 2, 3],
            [2.25f, 1.25f, 1.75f, 1.25f, 2, 0.75f, 2, 0.75f, 2.25f, 0.75f, 1.5f, 2, 1.5f, 2, 1.75f, 2.25f, 1, 1.5f, 1, 1.5f, 1.25f, 1.75f, 2.25f, 2, 2.25f, 2, 0.75f, 1.25f, 1.75f, 1.5f, 1.75f, 1.5f, 2.25f, 0.75f, 2.25f, 1],
            [8, 2, 5, 21, 16, 18, 0, 2, 11, 21, 16, 19, 0, 3, 11, 14, 16, 19, 0, 3, 11, 14, 17, 25, 1, 9, 11, 14, 17, 25, 1, 9, 4, 14, 23, 25]),
        ["k(3,2) s(2,3) p1 ceil"] = (x => F.max_pool2d_with_indices(x, new long[] { 3, 2 }, stride: new long[] { 2, 3 }, padding: 1, ceil_mode: true), [2, 3, 3, 3],
            [0.5f, 1.25f, 1.75f, 1.25f, 2, 2.25f, 1.25f, 1.75f, 2.25f, 2, 0.75f, 1.25f, 0.75f, 1.5f, 2, 0.75f, 2.25f, 1.75f, 1.5f, 2, 0.75f, 2.25f, 1, 1.5f, 0.25f, 1.75f, 2.25f, 1, 1.5f, 2, 1.75f, 2.25f, 1, -0.25f, 1.25f, 1.75f, 0.5f, 2, 1.5f, 1.25f, 2, 2.25f, 2, 0.75f, 1.25f, 0, 1.5f, 2, 0.75f, 2.25f, 2, 1.5f, 2.25f, 0.75f],
            [7, 2, 5, 21, 16, 27, 21, 24, 27, 0, 2, 5, 21, 16, 19, 21, 30, 27, 0, 3, 5, 14, 16, 19, 21, 30, 33, 0, 3, 6, 14, 17, 19, 21, 30, 33, 0, 9, 6, 14, 9, 20, 28, 30, 33, 0, 9, 12, 14, 23, 12, 28, 23, 33]),
        ["k(2,3) s(1,2) p(1,0) d2"] = (x => F.max_pool2d_with_indices(x, new long[] { 2, 3 }, stride: new long[] { 1, 2 }, padding: new long[] { 1, 0 }, dilation: 2), [2, 3, 5, 2],
            [0.5f, 1.5f, 2, 2, 1.25f, 2.25f, 2, 2, 1.25f, 2.25f, 2.25f, 2.25f, 2, 1.5f, 2.25f, 2.25f, 2.25f, 2.25f, 0.75f, 1.75f, 1.75f, 1.75f, 2.25f, 1, 1.75f, 1.75f, 2.25f, 1.75f, 0.25f, 1.25f, 1.25f, 1.25f, 1.75f, 2, 2, 2, 1.75f, 1.25f, 2, 2, 2, 2, 1.25f, 2.25f, 2, 2, 2, 2.25f, 1.5f, 1.5f, 1.5f, 1.5f, 2.25f, 2.25f, 2.25f, 2.25f, 1.5f, 1.75f, 2.25f, 2.25f],
            [7, 13, 16, 16, 21, 27, 16, 16, 21, 27, 11, 11, 0, 16, 11, 11, 30, 30, 21, 27, 11, 11, 14, 16, 11, 11, 14, 30, 21, 27, 11, 11, 14, 6, 25, 25, 14, 30, 25, 25, 9, 9, 14, 20, 9, 9, 28, 20, 25, 25, 9, 9, 4, 4, 23, 23, 28, 20, 23, 23]),
    };

    public static IEnumerable<object[]> MaxCaseNames => MaxCases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(MaxCaseNames))]
    public void MaxPool2dValuesIndicesAndShapesArePyTorchs(string name)
    {
        var (pool, shape, values, indices) = MaxCases[name];
        foreach (var dtype in new[] { float32, float64 })
        {
            var (output, idx) = pool(X.to(dtype));
            LayersData.Shape(shape, output);
            LayersData.Exact(values, output);
            Assert.Equal(indices, idx.reshape(-1).ToArray<long>());
            Assert.Equal(int64, idx.dtype);
        }
        // An unbatched (C, H, W) input pools as one sample; a strided view as its contiguous copy.
        var (single, singleIdx) = pool(X[1]);
        Assert.True(single.equal(pool(X).Item1[1]));
        Assert.True(singleIdx.equal(pool(X).Item2[1]));
        var transposed = X.transpose(2, 3);
        Assert.True(pool(transposed).Item1.equal(pool(transposed.contiguous()).Item1));
    }

    [Fact]
    public void MaxPool1dIsPyTorchs()
    {
        var x = LayersData.Input(2, 3, 9);
        var (output, indices) = F.max_pool1d_with_indices(x, 3, stride: 2, padding: 1, ceil_mode: true);
        LayersData.Shape([2, 3, 5], output);
        LayersData.Exact([-0.5f, 1.25f, 1.75f, 1.75f, 2.25f, 1, 1, 1.5f, 2, 2, 0.75f, 1.25f, 1.25f, 1.75f, 0.5f, 2.25f, 1, 1.5f, 1.5f, 2, 0.75f, 0.75f, 1.25f, 1.75f, 1.75f, 2.25f, 2.25f, 1, 1.5f, 0.25f], output);
        Assert.Equal([1, 2, 5, 5, 8, 1, 1, 4, 7, 7, 0, 3, 3, 6, 8, 0, 2, 5, 5, 8, 1, 1, 4, 7, 7, 1, 1, 3, 6, 8], indices.reshape(-1).ToArray<long>());
        Assert.True(nn.MaxPool1d(3, stride: 2, padding: 1, ceil_mode: true).call(x).equal(output));
        Assert.True(F.max_pool1d(x[0], 3, 2, 1, ceil_mode: true).equal(output[0]));
    }

    [Fact]
    public void MaxPool2dBackwardScattersToTheArgmaxAndIsDifferentiableTwice()
    {
        // Ties: the gradient goes to the first maximum of each window, as PyTorch's indices say.
        var x = X.clone().requires_grad_(true);
        var (output, indices) = F.max_pool2d_with_indices(x, 2);
        Assert.Equal("MaxPool2DWithIndicesBackward0", output.grad_fn!.name());
        var upstream = arange(36, dtype: float32).view(2, 3, 2, 3) + 1;
        output.backward(upstream);
        var expected = new float[2 * 3 * 35];
        var idx = indices.reshape(-1).ToArray<long>();
        var g = upstream.reshape(-1).ToArray<float>();
        for (int i = 0; i < idx.Length; i++) expected[i / 6 * 35 + idx[i]] += g[i];
        LayersData.Exact(expected, x.grad!);

        var xd = randn([2, 2, 5, 6], dtype: float64).requires_grad_(true);
        LayersData.Gradients(t => F.max_pool2d(t[0], 2), xd);
        LayersData.Gradients(t => F.max_pool2d(t[0], new long[] { 3, 2 }, stride: new long[] { 2, 1 }, padding: 1, dilation: new long[] { 1, 2 }, ceil_mode: true), xd);
        LayersData.Gradients(t => F.max_pool1d(t[0], 3, stride: 2, padding: 1), randn([2, 3, 8], dtype: float64).requires_grad_(true));
        // Second order: the gradient's own backward gathers at the indices.
        var gy = randn([2, 2, 2, 3], dtype: float64).requires_grad_(true);
        var gx = autograd.grad([F.max_pool2d(xd, 2)], [xd], [gy], create_graph: true)[0]!;
        Assert.NotNull(gx.grad_fn);
    }

    [Fact]
    public void LargeBatchesSplitOverTheWorkerPoolGiveTheSameValues()
    {
        // 64 maps of 8×28×28: above the parallel threshold; each sample alone runs on one thread.
        manual_seed(3);
        var x = randn([64, 8, 28, 28]).requires_grad_(true);
        var (output, indices) = F.max_pool2d_with_indices(x, 2);
        var avg = F.avg_pool2d(x, 3, stride: 2, padding: 1);
        var adaptive = F.adaptive_avg_pool2d(x, new long[] { 5, 3 });
        for (int n = 0; n < 64; n += 21)
        {
            var xn = x.detach()[n].unsqueeze(0);
            var (on, inn) = F.max_pool2d_with_indices(xn, 2);
            Assert.True(on.equal(output[n].unsqueeze(0).detach()));
            Assert.True(inn.equal(indices[n].unsqueeze(0)));
            Assert.True(F.avg_pool2d(xn, 3, stride: 2, padding: 1).equal(avg[n].unsqueeze(0).detach()));
            Assert.True(F.adaptive_avg_pool2d(xn, new long[] { 5, 3 }).equal(adaptive[n].unsqueeze(0).detach()));
        }
        (output.sum() + avg.sum() + adaptive.sum()).backward();
        var xs = x.detach()[5].unsqueeze(0).requires_grad_(true);
        (F.max_pool2d(xs, 2).sum() + F.avg_pool2d(xs, 3, stride: 2, padding: 1).sum() + F.adaptive_avg_pool2d(xs, new long[] { 5, 3 }).sum()).backward();
        Assert.True(xs.grad!.equal(x.grad![5].unsqueeze(0)));
    }

    public static readonly Dictionary<string, (Func<Tensor, Tensor> pool, long[] shape, float[] values)> AvgCases = new()
    {
        ["avg k(3,2) s(2,3) p1 exclude pad"] = (x => F.avg_pool2d(x, new long[] { 3, 2 }, new long[] { 2, 3 }, 1, count_include_pad: false), [2, 3, 3, 3],
            [-0.875f, -0.0625f, 0.4375f, 0.083333336f, 0.5f, 0.20833333f, 0.25f, -0.125f, 0.375f, 1, -0.5625f, -0.0625f, -0.41666666f, 0, 0.5f, -0.25f, 0.5625f, -0.125f, 0.5f, 0.125f, -0.5625f, 0.6666667f, -0.5f, 0, -0.75f, 0.0625f, 0.5625f, 0, -0.375f, 0.125f, 0.16666667f, -0.20833333f, -0.5f, -1.25f, -0.4375f, 0.0625f, -0.5f, 0.3125f, -0.375f, -0.33333334f, 0.083333336f, -0.20833333f, 0.625f, -0.9375f, -0.4375f, -1, -0.1875f, 0.3125f, -0.8333333f, 0.375f, 0.083333336f, 0.125f, 0.9375f, -0.9375f]),
        ["avg k(3,2) s(2,3) p1 include pad ceil"] = (x => F.avg_pool2d(x, new long[] { 3, 2 }, new long[] { 2, 3 }, 1, ceil_mode: true), [2, 3, 3, 3],
            [-0.29166666f, -0.041666668f, 0.29166666f, 0.041666668f, 0.5f, 0.20833333f, 0.083333336f, -0.083333336f, 0.25f, 0.33333334f, -0.375f, -0.041666668f, -0.20833333f, 0, 0.5f, -0.083333336f, 0.375f, -0.083333336f, 0.16666667f, 0.083333336f, -0.375f, 0.33333334f, -0.5f, 0, -0.25f, 0.041666668f, 0.375f, 0, -0.25f, 0.083333336f, 0.083333336f, -0.20833333f, -0.5f, -0.41666666f, -0.29166666f, 0.041666668f, -0.16666667f, 0.20833333f, -0.25f, -0.16666667f, 0.083333336f, -0.20833333f, 0.20833333f, -0.625f, -0.29166666f, -0.33333334f, -0.125f, 0.20833333f, -0.41666666f, 0.375f, 0.083333336f, 0.041666668f, 0.625f, -0.625f]),
        ["avg k2 p1 divisor_override 3"] = (x => F.avg_pool2d(x, 2, padding: 1, divisor_override: 3), [2, 3, 3, 4],
            [-0.75f, 0.25f, -0.5833333f, 0.16666667f, -0.33333334f, 1.25f, -0.41666666f, -0.5f, 0.16666667f, -0.9166667f, 0.5833333f, 0.5f, 0.6666667f, -0.083333336f, -0.9166667f, -0.16666667f, -0.6666667f, 0.5833333f, 0.5f, 0.41666666f, -0.16666667f, 0, -0.083333336f, -0.16666667f, 0.5f, -0.41666666f, 0.33333334f, -0.5f, 0.5833333f, -0.083333336f, -0.16666667f, -0.25f, -0.5f, 0.9166667f, -0.75f, 0.75f, 0.33333334f, -0.75f, 0, 0.75f, 0.25f, -0.75f, 0.75f, -0.9166667f, -0.8333333f, 0.25f, 0.16666667f, 0.083333336f, 0.16666667f, 0.5f, -0.33333334f, 0.41666666f, -0.083333336f, 0.16666667f, 0.083333336f, 0, 0.41666666f, -0.41666666f, -0.5f, -0.5833333f, 0, 0.16666667f, 0.9166667f, 0.083333336f, -0.41666666f, -0.5f, -0.5833333f, 0.9166667f, 0.083333336f, 0.5f, 0.41666666f, -1.25f]),
        ["adaptive (3,2)"] = (x => F.adaptive_avg_pool2d(x, new long[] { 3, 2 }), [2, 3, 3, 2],
            [-0.03125f, -0.125f, 0.33333334f, 0.041666668f, -0.09375f, 0.40625f, 0.0625f, -0.03125f, -0.16666667f, 0.33333334f, 0, -0.09375f, 0.15625f, 0.0625f, 0.125f, -0.16666667f, 0.09375f, 0, -0.34375f, 0.15625f, 0.020833334f, 0.125f, -0.40625f, 0.09375f, 0.34375f, -0.34375f, -0.083333336f, 0.020833334f, -0.3125f, -0.40625f, -0.15625f, 0.34375f, -0.1875f, -0.083333336f, 0.375f, -0.3125f]),
        ["adaptive (4,5)"] = (x => F.adaptive_avg_pool2d(x, new long[] { 4, 5 }), [2, 3, 4, 5],
            [0, 0.5625f, -0.375f, -0.125f, 0.4375f, 0.375f, 0.9375f, 0, -0.9375f, -0.375f, -0.4375f, 0.125f, 0.375f, -0.5625f, 0, -0.0625f, -0.6875f, -0.041666668f, -0.1875f, 0.375f, 0.6875f, 0.0625f, -0.083333336f, 0.5625f, -0.0625f, -0.125f, 0.4375f, 0.29166666f, 0.9375f, 0.3125f, -0.9375f, -0.375f, -0.125f, 0.125f, 0.6875f, -0.5625f, 0, 0.25f, -0.6875f, -0.125f, 0.1875f, -0.4375f, 0.20833333f, 0.0625f, -0.5625f, 0.5625f, -0.0625f, -0.20833333f, 0.4375f, -0.1875f, 0.9375f, 0.3125f, -0.625f, -0.375f, 0.1875f, 0.125f, 0.6875f, -0.25f, 0, 0.5625f, -0.3125f, -0.9375f, -0.29166666f, -0.4375f, 0.125f, 0.0625f, -0.5625f, 0.083333336f, -0.0625f, -0.6875f, 0.4375f, -0.1875f, 0.45833334f, 0.3125f, -0.3125f, -0.375f, 0.1875f, 0.041666668f, 0.6875f, 0.0625f, 0.375f, 0.9375f, 0, -0.9375f, -0.375f, -0.4375f, 0.125f, 0.375f, -0.5625f, 0, -0.0625f, -0.6875f, -0.041666668f, -0.1875f, 0.375f, 0.3125f, -0.3125f, -0.45833334f, 0.1875f, -0.4375f, -0.125f, 0.4375f, 0.29166666f, 0.9375f, 0.3125f, -0.9375f, -0.375f, -0.125f, 0.125f, 0.6875f, -0.5625f, 0, 0.25f, -0.6875f, -0.125f, -0.1875f, 0.375f, 0.625f, -0.3125f, -0.9375f]),
    };

    public static IEnumerable<object[]> AvgCaseNames => AvgCases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(AvgCaseNames))]
    public void AveragePoolingIsPyTorchsAndDifferentiableTwice(string name)
    {
        var (pool, shape, values) = AvgCases[name];
        var output = pool(X);
        LayersData.Shape(shape, output);
        LayersData.Exact(values, output);
        LayersData.Close(values, pool(X.to(float64)));
        Assert.True(pool(X[0]).equal(output[0]));
        var transposed = X.transpose(2, 3);
        Assert.True(pool(transposed).equal(pool(transposed.contiguous())));
        var xd = randn([2, 2, 5, 7], dtype: float64).requires_grad_(true);
        LayersData.Gradients(t => pool(t[0]), xd);
        var y = pool(xd);
        Assert.Equal(name.StartsWith("adaptive", StringComparison.Ordinal) ? "AdaptiveAvgPool2DBackward0" : "AvgPool2DBackward0", y.grad_fn!.name());
    }

    [Fact]
    public void CeilModeShapesArePyTorchs()
    {
        // Ceil mode keeps a last window only if it starts inside the input or its left padding
        // (the ceil shapes are libtorch's: oracle script LayersPooling, "ceil shapes").
        LayersData.Shape([1, 1, 3, 3], F.max_pool2d(LayersData.Input(1, 1, 5, 5), 2, ceil_mode: true));
        LayersData.Shape([1, 1, 2, 2], F.max_pool2d(LayersData.Input(1, 1, 5, 5), 2));
        LayersData.Shape([1, 1, 4, 4], F.max_pool2d(LayersData.Input(1, 1, 6, 6), 3, stride: 2, padding: 1, ceil_mode: true));
        LayersData.Shape([1, 1, 3, 3], F.max_pool2d(LayersData.Input(1, 1, 6, 6), 3, stride: 2, padding: 1));
        // (4 + 2 − 1 − 1 + 2) / 3 + 1 = 3 windows, but the third would start at 2·3 − 1 = 5, past the input and its left padding.
        LayersData.Shape([1, 1, 2, 2], F.max_pool2d(LayersData.Input(1, 1, 4, 4), 2, stride: 3, padding: 1, ceil_mode: true));
        LayersData.Shape([1, 1, 2, 2], F.avg_pool2d(LayersData.Input(1, 1, 4, 4), 2, stride: 3, padding: 1, ceil_mode: true));
        LayersData.Shape([1, 1, 4, 4], F.avg_pool2d(LayersData.Input(1, 1, 6, 6), 3, stride: 2, padding: 1, ceil_mode: true));
        LayersData.Shape([1, 1, 4, 4], F.avg_pool2d(LayersData.Input(1, 1, 7, 7), 2, ceil_mode: true));
    }

    public static readonly Dictionary<string, (Action act, string message)> ErrorCases = new()
    {
        ["pad over half the kernel"] = (() => F.max_pool2d(X, 2, padding: 2), "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1"),
        ["avg pad over half the kernel"] = (() => F.avg_pool2d(X, 2, padding: 2), "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1"),
        ["output too small"] = (() => F.max_pool2d(LayersData.Input(1, 2, 2), 3), "Given input size: (1x2x2). Calculated output size: (1x0x0). Output size is too small"),
        ["2-D input"] = (() => F.max_pool2d(LayersData.Input(4, 4), 2), "non-empty 3D or 4D (batch mode) tensor expected for input"),
        ["zero kernel"] = (() => F.max_pool2d(X, 0), "kernel size should be greater than zero, but got kH: 0 kW: 0"),
        ["zero divisor"] = (() => F.avg_pool2d(X, 2, divisor_override: 0), "divisor must be not zero"),
        ["kernel of three dims"] = (() => F.max_pool2d(X, new long[] { 2, 2, 2 }), "kernel_size must be a single int or a tuple of 2 ints, but got (2, 2, 2)"),
        ["max_pool1d 4-D"] = (() => F.max_pool1d(X, 2), "max_pool1d() Expected 2D or 3D input tensor, but got [2, 3, 5, 7]"),
        ["unknown buffer"] = (() => nn.BatchNorm2d(2).get_buffer("running_std"), "`running_std` is not a buffer"),
        ["unknown submodule"] = (() => nn.Sequential(nn.BatchNorm2d(2)).get_buffer("1.running_mean"), "Sequential has no attribute `1`"),
    };

    public static IEnumerable<object[]> ErrorCaseNames => ErrorCases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(ErrorCaseNames))]
    public void BadArgumentsGivePyTorchsMessages(string name)
    {
        var (act, message) = ErrorCases[name];
        Assert.Equal(message, Assert.ThrowsAny<ArgumentException>(act).Message);
    }

    [Fact]
    public void IntegerInputsAreRefusedByName()
    {
        var ints = arange(16).view(1, 1, 4, 4);
        Assert.Contains("\"max_pool2d\" not implemented for 'Long'", Assert.Throws<NotSupportedException>(() => F.max_pool2d(ints, 2)).Message);
        Assert.Contains("\"avg_pool2d\" not implemented for 'Long'", Assert.Throws<NotSupportedException>(() => F.avg_pool2d(ints, 2)).Message);
        Assert.Contains("\"adaptive_avg_pool2d\" not implemented for 'Long'", Assert.Throws<NotSupportedException>(() => F.adaptive_avg_pool2d(ints, 2)).Message);
    }

    [Fact]
    public void ModulesPoolAndPrintAsPyTorchs()
    {
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", nn.MaxPool2d(2).ToString());
        Assert.Equal("MaxPool2d(kernel_size=(3, 2), stride=1, padding=(1, 0), dilation=1, ceil_mode=True)",
            nn.MaxPool2d(new long[] { 3, 2 }, stride: 1, padding: new long[] { 1, 0 }, ceil_mode: true).ToString());
        Assert.Equal("MaxPool1d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)", nn.MaxPool1d(3, stride: 2).ToString());
        Assert.Equal("AvgPool2d(kernel_size=2, stride=2, padding=0)", nn.AvgPool2d(2).ToString());
        Assert.Equal("AvgPool2d(kernel_size=(3, 2), stride=(1, 1), padding=0)", nn.AvgPool2d((3, 2), stride: (1, 1)).ToString());
        Assert.True(F.max_pool2d(X, (3, 2), stride: (2, 3), padding: 1, ceil_mode: true).equal(MaxCases["k(3,2) s(2,3) p1 ceil"].pool(X).Item1));
        Assert.Equal("AdaptiveAvgPool2d(output_size=(1, 1))", nn.AdaptiveAvgPool2d(new long[] { 1, 1 }).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=5)", nn.AdaptiveAvgPool2d(5).ToString());
        Assert.True(nn.MaxPool2d(2).call(X).equal(F.max_pool2d(X, 2)));
        Assert.True(nn.AvgPool2d(new long[] { 3, 2 }, stride: new long[] { 2, 3 }, padding: 1, count_include_pad: false).call(X)
            .equal(AvgCases["avg k(3,2) s(2,3) p1 exclude pad"].pool(X)));
        Assert.True(nn.AdaptiveAvgPool2d(new long[] { 3, 2 }).call(X).equal(AvgCases["adaptive (3,2)"].pool(X)));
        Assert.Empty(nn.MaxPool2d(2).parameters());
    }
}
