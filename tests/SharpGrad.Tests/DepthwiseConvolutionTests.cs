using SharpGrad.Kernels;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// The direct depthwise convolution (<see cref="DepthwiseConvolutionKernels"/>: groups = input
/// channels) against libtorch's values (tools/TorchOracle script Depthwise,
/// tools/TorchOracle/Scripts.Depthwise.cs), against the GEMM lowering it replaces, and by float64
/// gradient checks of the first and second order. Widths are odd and wider than a vector so that
/// the vector loops and their scalar tails both run.
/// </summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class DepthwiseConvolutionTests
{
    /// <summary>((i·mult) mod m − m/2) / scale for i = 0, 1, …: exactly representable values (the oracle's Pattern).</summary>
    private static Tensor Pattern(long[] shape, int mult, int mod, double scale, ScalarType dtype)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var v = new double[n];
        for (long i = 0; i < n; i++) v[i] = ((i * mult) % mod - mod / 2) / scale;
        return tensor(v).reshape(shape).to(dtype);
    }

    private static void Close(double[] expected, Tensor actual, double tol)
    {
        var a = actual.detach().to(float64).reshape(-1).ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol, $"element {i}: expected {expected[i]:R}, got {a[i]:R}");
    }

    public sealed record OracleCase(long[] X, long[] W, bool Bias, Func<Tensor, Tensor, Tensor?, Tensor> Conv,
        long[] YShape, double[] Y, double[] GradX, double[] GradW, double[]? GradB);

    /// <summary>x = Pattern(5, 11, 8), w = Pattern(3, 7, 4), b = Pattern(1, 5, 2), output gradient Pattern(7, 13, 16); values from the oracle script Depthwise.</summary>
    private static readonly Dictionary<string, OracleCase> OracleCases = new()
    {
        ["stride1 pad1 bias"] = new OracleCase([2, 3, 5, 11], [3, 1, 3, 3], true, (x, w, b) => nn.functional.conv2d(x, w, b, padding: 1, groups: 3),
            [2, 3, 5, 11],
            [-0.84375, -1.3125, -1.09375, -1.21875, -1, -1.125, -0.90625, -1.03125, -0.8125, -0.9375, -1.03125, -0.84375, -0.375, -1.1875, -1.3125, -1.09375, -1.21875, -1, -1.125, -0.90625, -1.03125, -0.65625, -0.84375, -0.375, -1.1875, -1.3125, -1.09375, -1.21875, -1, -1.125, -0.90625, -1.03125, -0.65625, -0.84375, -0.375, -1.1875, -1.3125, -1.09375, -1.21875, -1, -1.125, -0.90625, -1.03125, -0.65625, -1.3125, -0.21875, -0.71875, -1.5625, -0.6875, -1.53125, -0.65625, -1.5, -0.625, -1.46875, -0.4375, -1.125, -0.8125, 0.25, -1.4375, 0.3125, -1.375, 0.375, -1.3125, 0.4375, -1.25, -0.125, -0.96875, -0.96875, 0.03125, -0.6875, -0.03125, -0.75, -0.09375, -0.8125, -0.15625, -0.875, -0.53125, -0.96875, -0.96875, 0.03125, -0.6875, -0.03125, -0.75, -0.09375, -0.8125, -0.15625, -0.875, -0.53125, -0.96875, -0.96875, 0.03125, -0.6875, -0.03125, -0.75, -0.09375, -0.8125, -0.15625, -0.875, -0.53125, -0.5, -0.8125, -0.46875, -0.46875, -0.46875, -0.46875, -0.46875, -0.46875, -0.46875, -0.46875, -0.625, -0.3125, 0.78125, 0.28125, -0.5625, 0.3125, -0.53125, 0.34375, -0.5, 0.375, -0.46875, 0.5625, 0, 0.625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.25, 0, 0.625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.25, 0, 0.625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.25, 0.3125, 0.78125, -0.4375, 0.40625, -0.46875, 0.375, -0.5, 0.34375, -0.53125, 0.3125, 0.0625, -0.84375, -1.3125, -1.09375, -1.21875, -1, -1.125, -0.90625, -1.03125, -0.8125, -0.9375, -1.03125, -0.84375, -0.375, -1.1875, -1.3125, -1.09375, -1.21875, -1, -1.125, -0.90625, -1.03125, -0.65625, -0.84375, -0.375, -1.1875, -1.3125, -1.09375, -1.21875, -1, -1.125, -0.90625, -1.03125, -0.65625, -0.84375, -0.375, -1.1875, -1.3125, -1.09375, -1.21875, -1, -1.125, -0.90625, -1.03125, -0.65625, -1.3125, -0.21875, -0.71875, -1.5625, -0.6875, -1.53125, -0.65625, -1.5, -0.625, -1.46875, -0.4375, -1.125, -0.8125, 0.25, -1.4375, 0.3125, -1.375, 0.375, -1.3125, 0.4375, -1.25, -0.125, -0.96875, -0.96875, 0.03125, -0.6875, -0.03125, -0.75, -0.09375, -0.8125, -0.15625, -0.875, -0.53125, -0.96875, -0.96875, 0.03125, -0.6875, -0.03125, -0.75, -0.09375, -0.8125, -0.15625, -0.875, -0.53125, -0.96875, -0.96875, 0.03125, -0.6875, -0.03125, -0.75, -0.09375, -0.8125, -0.15625, -0.875, -0.53125, -0.5, -0.8125, -0.46875, -0.46875, -0.46875, -0.46875, -0.46875, -0.46875, -0.46875, -0.46875, -0.625, -0.3125, 0.78125, 0.28125, -0.5625, 0.3125, -0.53125, 0.34375, -0.5, 0.375, -0.46875, 0.5625, 0, 0.625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.25, 0, 0.625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.25, 0, 0.625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.25, 0.3125, 0.78125, -0.4375, 0.40625, -0.46875, 0.375, -0.5, 0.34375, -0.53125, 0.3125, 0.0625],
            [-0.203125, 0.859375, -0.265625, 0.234375, -0.28125, 0.21875, -0.296875, 0.203125, -0.3125, 0.1875, 0, 0.53125, -0.265625, 0.015625, 0.703125, -0.03125, 0.046875, -0.078125, 0, -0.125, -0.046875, 0, -0.015625, -0.421875, 0.46875, -0.265625, 0.015625, 0.703125, -0.03125, 0.046875, -0.078125, 0, 0, 0.046875, -0.171875, -0.09375, -0.421875, 0.46875, -0.265625, 0.015625, 0.703125, -0.03125, 0.046875, 0, -0.078125, -0.078125, 0, -0.125, -0.046875, -0.375, 0.515625, -0.21875, 0.0625, 0.140625, 0, -0.09375, -0.046875, -0.046875, -0.046875, -0.046875, -0.046875, -0.046875, -0.046875, -0.046875, 0.359375, -0.21875, -0.015625, -0.265625, 0.15625, -0.234375, 0.1875, -0.203125, 0.21875, -0.171875, 0.25, -0.140625, -0.28125, 0.53125, -0.5, 0.53125, -0.265625, 0.15625, -0.234375, 0.1875, -0.203125, 0.21875, -0.171875, 0.3125, 0.0625, -0.328125, 0.5, -0.5, 0.53125, -0.265625, 0.15625, -0.234375, 0.1875, -0.203125, 0.296875, -0.234375, 0.5, -0.53125, -0.140625, 0.046875, -0.375, 0.625, -0.40625, 0.59375, -0.4375, 0.46875, 0.03125, -0.296875, 0.21875, -0.28125, 0.234375, -0.265625, 0.859375, -0.25, -0.140625, 0.171875, -0.359375, -0.078125, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.140625, -0.46875, 1.15625, -0.46875, 0.03125, -0.046875, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.140625, -0.46875, 0.609375, -0.421875, 0.140625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.171875, -0.203125, 0.859375, -0.265625, 0.234375, -0.28125, 0.21875, -0.296875, 0.203125, -0.3125, 0.1875, 0, 0.265625, -0.328125, 0.171875, -0.140625, -0.25, 0.859375, -0.265625, 0.234375, -0.28125, 0.21875, -0.09375, 0.046875, -0.171875, -0.09375, -0.421875, 0.46875, -0.265625, 0.015625, 0.703125, -0.03125, 0.046875, 0, 0.109375, -0.125, -0.046875, -0.171875, -0.09375, -0.421875, 0.46875, -0.265625, 0.015625, 0.703125, 0, 0.171875, -0.078125, 0, -0.125, -0.046875, -0.171875, -0.09375, -0.421875, 0.46875, -0.265625, 0, -0.046875, 0.015625, 0.09375, -0.03125, 0.046875, -0.078125, 0, -0.125, -0.046875, -0.375, 0.5, 0.484375, -0.25, 0.359375, -0.046875, -0.046875, -0.046875, -0.046875, -0.046875, -0.046875, -0.046875, 0.015625, 0.0625, -0.328125, 0.5, -0.5, 0.53125, -0.265625, 0.15625, -0.234375, 0.1875, -0.203125, 0.296875, 0, 0.25, -0.140625, -0.328125, 0.5, -0.5, 0.53125, -0.265625, 0.15625, -0.234375, 0.28125, -0.0625, 0.21875, -0.171875, 0.25, -0.140625, -0.328125, 0.5, -0.5, 0.53125, -0.265625, 0.265625, -0.296875, 0.5625, -0.46875, 0.53125, -0.5, 0.5, -0.53125, -0.140625, 0.046875, -0.375, 0.46875, 0.125, -0.328125, 0.1875, -0.3125, 0.203125, -0.296875, 0.21875, -0.28125, 0.234375, -0.265625, 0.390625, -0.421875, 0.140625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.171875, -0.390625, 1.15625, -0.46875, 0.140625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.140625, 0.046875, 0.140625, -0.46875, 1.15625, -0.46875, 0.140625, -0.0625, -0.0625, -0.0625, -0.0625, 0.109375, 0.265625, -0.328125, 0.171875, -0.140625, -0.25, 0.859375, -0.265625, 0.234375, -0.28125, 0.21875, -0.09375],
            [1.46875, -0.40625, -0.9921875, 2.40625, -1.421875, -0.15625, 2.7265625, -2.1328125, 0.84375, -3.8046875, 2.9453125, -1.234375, -4.4140625, 3.859375, -2.71875, -4.171875, 3.5546875, -3.2578125, 3.4140625, -4.265625, 3.3984375, 3.796875, -4.5703125, 4.265625, 2.9453125, -3.453125, 3.7109375],
            [0, -0.25, -0.5]),
        ["stride2 pad1 mult2"] = new OracleCase([1, 2, 6, 11], [4, 1, 3, 3], false, (x, w, b) => nn.functional.conv2d(x, w, b, stride: 2, padding: 1, groups: 2),
            [1, 4, 3, 6],
            [0.15625, -0.09375, 0, 0.09375, 0.1875, -0.03125, 0.15625, -0.1875, -0.09375, 0, 0.09375, 0.34375, 0.15625, -0.1875, -0.09375, 0, 0.09375, 0.34375, -0.625, 0.75, 0.8125, 0.875, 0.9375, 0.375, -0.46875, 0.53125, 0.46875, 0.40625, 0.34375, -0.03125, -0.46875, 0.53125, 0.46875, 0.40625, 0.34375, -0.03125, -0.3125, 0.28125, 0.3125, 0.34375, 0.375, 0.5625, 0, -0.0625, -0.0625, -0.0625, -0.0625, 0.25, 0, -0.0625, -0.0625, -0.0625, -0.0625, 0.25, 0, 0.03125, 0.03125, 0.03125, 0.03125, -0.125, 0.46875, -0.4375, -0.375, -0.3125, -0.25, -0.34375, 0.46875, -0.4375, -0.375, -0.3125, -0.25, -0.34375],
            [-0.140625, 0.125, -0.015625, 0.0625, -0.09375, 0, 0.03125, -0.0625, -0.046875, -0.125, 0.078125, 0.328125, -0.171875, -0.1875, -0.03125, 0.515625, -0.5, -0.203125, 0.046875, 0.5, -0.421875, -0.21875, 0, -0.25, 0.125, 0.09375, -0.15625, 0.234375, 0.171875, -0.03125, -0.109375, 0.109375, 0.21875, 0.484375, 0.265625, -0.234375, -0.40625, -0.140625, 0.546875, -0.25, -0.328125, -0.15625, 0.625, -0.265625, -0.0625, 0.1875, -0.140625, 0.125, -0.015625, 0.0625, -0.09375, 0, 0.03125, -0.0625, -0.046875, -0.1875, -0.03125, 0.421875, -0.03125, -0.1875, -0.03125, 0.421875, -0.03125, -0.1875, -0.03125, 0.421875, 0.078125, -0.390625, -0.03125, 0.15625, 0.0625, 0.296875, -0.046875, -0.375, 0.046875, 0.375, -0.0625, -0.078125, 0.09375, 0.109375, -0.140625, -0.109375, 0.234375, -0.328125, 0.203125, -0.140625, -0.03125, 0.25, 0.03125, 0.453125, -0.078125, -0.21875, 0.015625, 0.53125, -0.09375, -0.140625, 0, 0, 0.09375, -0.171875, -0.09375, 0.21875, 0.078125, -0.203125, -0.15625, 0.1875, -0.390625, 0.171875, -0.015625, -0.046875, -0.015625, 0.078125, 0.078125, -0.390625, -0.03125, 0.15625, 0.0625, 0.296875, -0.046875, -0.375, 0.046875, 0.171875, -0.03125, -0.109375, 0.109375, 0.21875, -0.15625, -0.0625, 0.1875, -0.140625, 0.125, -0.015625],
            [-0.078125, 0.0390625, 0, -0.0703125, 0.1640625, 0.1484375, -0.0703125, 0.1640625, 0.1484375, -0.0625, -0.1796875, 0.21875, -0.1484375, -0.265625, 0.0703125, -0.1484375, -0.265625, 0.0703125, 0.0546875, -0.296875, 0.03125, 0.28125, -0.1875, 0.09375, 0.28125, -0.1875, 0.09375, 0.171875, 0.09375, -0.15625, 0.1015625, 0.296875, -0.0859375, 0.1015625, 0.296875, -0.0859375],
            null),
        ["same dil2 bias"] = new OracleCase([1, 3, 7, 10], [3, 1, 3, 2], true, (x, w, b) => nn.functional.conv2d(x, w, b, padding: "same", dilation: 2, groups: 3),
            [1, 3, 7, 10],
            [-1.0625, -1.5625, -0.90625, -1.28125, -0.96875, -0.65625, -1.03125, -0.71875, -1.09375, -0.625, -0.59375, -0.84375, -1.5625, -0.90625, -1.28125, -0.96875, -0.65625, -1.03125, -0.71875, -1.40625, -1.15625, -0.6875, -0.84375, -2.03125, -0.8125, -1.65625, -0.78125, -0.9375, -0.75, -0.65625, -0.6875, -0.875, -0.6875, -0.84375, -2.03125, -0.8125, -1.65625, -0.78125, -0.9375, -0.96875, -1.25, -0.71875, -0.875, -0.6875, -0.84375, -2.03125, -0.8125, -1.65625, -0.78125, -0.59375, -0.90625, -0.96875, -0.78125, -0.9375, -0.75, -0.90625, -2.09375, -0.875, -1.03125, -0.90625, -1.09375, -0.8125, -0.96875, -0.78125, -0.9375, -0.75, -0.90625, -2.09375, -0.875, -0.90625, -0.75, -0.125, -0.875, -0.25, -1, -0.375, -1.125, -0.5, -0.21875, -0.53125, 0.1875, -0.75, -0.125, -0.875, -0.25, -1, -0.375, -1.125, -0.5, -0.375, -0.40625, 0.1875, -0.53125, -0.21875, -0.59375, -0.28125, -0.65625, -0.34375, -1.75, -0.5625, -0.71875, -0.46875, 0.1875, -0.53125, -0.21875, -0.59375, -0.28125, -0.65625, -0.34375, -0.5625, -0.34375, -0.4375, -0.46875, 0.1875, -0.53125, -0.21875, -0.59375, -0.28125, -0.65625, -0.5625, -1.4375, -0.40625, -0.25, -0.4375, -0.28125, -0.46875, -0.3125, -0.5, -0.34375, -0.625, -0.40625, -1.59375, -0.40625, -0.25, -0.4375, -0.28125, -0.46875, -0.3125, -0.5, -0.4375, 0.09375, 0.03125, 0.21875, 0.0625, 0.25, 0.09375, -1.09375, 0.125, -0.03125, 0.09375, -0.09375, 0.1875, 0.03125, 0.21875, 0.0625, 0.25, 0.09375, -1.09375, 0.125, 0.09375, -0.0625, -0.09375, 0.28125, -0.03125, 0.6875, 0.03125, 0.0625, 0.09375, -1.25, 0.21875, -0.0625, 0.21875, -0.09375, 0.28125, -0.03125, 0.6875, 0.03125, 0.0625, 0.09375, -1.1875, -0.0625, -0.15625, 0.21875, -0.09375, 0.28125, -0.03125, 0.6875, 0.03125, 0.0625, 0.15625, 0.09375, 0.125, -0.5, 0.25, -0.375, 0.375, -0.25, 0.84375, -0.125, 0.15625, -0.0625, -0.625, 0.125, -0.5, 0.25, -0.375, 0.375, -0.25, 0.84375, -0.09375],
            [0.140625, -0.375, 0.125, -0.390625, 0.109375, 0.203125, 0.09375, 0.1875, 0.078125, 0.03125, 0.140625, 0.15625, -0.5625, 0.140625, -0.375, 0.125, -0.390625, 0.109375, 0.203125, -0.046875, 0.171875, 0.109375, 0.203125, 0.09375, 0.1875, -0.53125, 0.171875, -0.34375, 0.15625, 0.140625, 0.328125, 0.234375, -0.28125, 0.21875, 0.109375, 0.203125, 0.09375, 0.1875, -0.53125, -0.09375, -0.53125, 0.15625, -0.359375, 0.140625, 0.234375, -0.28125, 0.21875, 0.109375, 0.203125, 0.078125, 0.09375, -0.34375, 0.078125, -0.109375, 0.109375, -0.078125, 0.140625, -0.046875, -0.234375, 0.046875, 0.078125, 0.015625, 0.234375, 0.046875, -0.34375, 0.078125, -0.109375, 0.109375, -0.078125, -0.1875, -0.09375, 0.15625, 0.0625, 0.171875, 0.078125, 0.1875, 0.09375, 0.203125, 0.109375, -0.46875, -0.015625, -0.375, 0.140625, -0.5625, 0.15625, 0.0625, 0.171875, 0.078125, 0.1875, 0.140625, 0.109375, 0.140625, -0.453125, 0.171875, -0.421875, 0.203125, -0.59375, 0.4375, 0.046875, -0.046875, -0.09375, 0.09375, 0.109375, 0.125, 0.140625, -0.453125, 0.171875, -0.421875, 0.203125, -0.5, 0.109375, 0.046875, 0.0625, 0.078125, 0.09375, 0.109375, 0.125, 0.140625, -0.453125, 0.265625, 0.015625, 0.15625, -0.21875, 0.421875, -0.15625, 0.078125, -0.09375, 0.140625, -0.03125, 0.15625, -0.0625, -0.34375, 0.09375, -0.28125, 0.15625, -0.21875, 0.421875, -0.15625, 0.078125, -0.0625, -0.375, 0.03125, 0.203125, -0.03125, 0.140625, -0.09375, 0.078125, -0.15625, 0.421875, 0, 0.25, -0.28125, 0.09375, -0.34375, 0.03125, 0.203125, -0.03125, 0.140625, -0.09375, 0.078125, 0.140625, 0.4375, -0.59375, 0.203125, -0.421875, 0.171875, -0.453125, 0.140625, 0.125, -0.09375, -0.015625, 0.078125, 0.0625, 0.046875, 0.4375, -0.59375, 0.203125, -0.421875, 0.171875, 0.109375, 0.234375, 0.125, 0.109375, 0.09375, 0.078125, 0.0625, 0.046875, 0.4375, -0.59375, -0.09375, -0.46875, 0.125, -0.390625, 0.109375, 0.203125, 0.09375, 0.1875, 0.078125, 0.171875, -0.078125, 0.140625, -0.5625, 0.140625, -0.375, 0.125, -0.390625, 0.109375, 0.203125, 0.09375, 0.046875],
            [-0.0546875, -1.7890625, 2.015625, 0.8203125, 1.6875, 1.59375, 0.3203125, 1.1171875, -1.546875, -1.140625, -2.5625, -2.1640625, 0.5625, -1.1640625, 2.015625, 1.3359375, 1.7109375, 2],
            [-0.75, 0.4375, 0]),
    };

    public static TheoryData<string, string> OracleCaseNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in OracleCases.Keys)
        {
            data.Add(name, "float32");
            data.Add(name, "float64");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OracleCaseNames))]
    public void ValuesAndGradientsMatchLibtorch(string name, string dtypeName)
    {
        var c = OracleCases[name];
        var dtype = dtypeName == "float32" ? float32 : float64;
        var x = Pattern(c.X, 5, 11, 8, dtype).requires_grad_();
        var w = Pattern(c.W, 3, 7, 4, dtype).requires_grad_();
        var b = c.Bias ? Pattern([c.W[0]], 1, 5, 2, dtype).requires_grad_() : null;
        var y = c.Conv(x, w, b);
        Assert.Equal(c.YShape, y.shape);
        y.backward(Pattern(y.shape, 7, 13, 16, dtype));
        double tol = dtype == float32 ? 1e-5 : 1e-12;
        Close(c.Y, y, tol);
        Close(c.GradX, x.grad!, tol);
        Close(c.GradW, w.grad!, tol);
        if (c.GradB is not null) Close(c.GradB, b!.grad!, tol);
    }

    /// <summary>A convolution call: (x, w, b) to y, with the shapes of x and w and whether there is a bias.</summary>
    public sealed record Geometry(long[] X, long[] W, bool Bias, Func<Tensor, Tensor, Tensor?, Tensor> Conv);

    private static readonly Dictionary<string, Geometry> Geometries = new()
    {
        ["3x3 pad1 bias"] = new([2, 5, 9, 13], [5, 1, 3, 3], true, (x, w, b) => nn.functional.conv2d(x, w, b, padding: 1, groups: 5)),
        ["3x3 stride2 pad1"] = new([3, 4, 11, 19], [4, 1, 3, 3], false, (x, w, b) => nn.functional.conv2d(x, w, b, stride: 2, padding: 1, groups: 4)),
        ["5x3 stride(1,3) pad(2,1) mult3 bias"] = new([1, 2, 8, 17], [6, 1, 5, 3], true, (x, w, b) => nn.functional.conv2d(x, w, b, stride: (1, 3), padding: (2, 1), groups: 2)),
        ["same even kernel dil2 mult2"] = new([2, 3, 7, 21], [6, 1, 2, 4], true, (x, w, b) => nn.functional.conv2d(x, w, b, padding: "same", dilation: 2, groups: 3)),
        ["valid dil(2,3)"] = new([1, 3, 9, 23], [3, 1, 3, 3], false, (x, w, b) => nn.functional.conv2d(x, w, b, dilation: (2, 3), groups: 3)),
        ["padding wider than the kernel"] = new([2, 2, 3, 5], [2, 1, 3, 3], true, (x, w, b) => nn.functional.conv2d(x, w, b, padding: 3, groups: 2)),
        ["1x1 mult2"] = new([2, 3, 5, 11], [6, 1, 1, 1], true, (x, w, b) => nn.functional.conv2d(x, w, b, groups: 3)),
        ["conv1d stride2 pad2 mult2"] = new([2, 3, 37], [6, 1, 5], true, (x, w, b) => nn.functional.conv1d(x, w, b, stride: 2, padding: 2, groups: 3)),
        ["conv_transpose2d stride2"] = new([2, 3, 5, 9], [3, 1, 3, 3], true, (x, w, b) => nn.functional.conv_transpose2d(x, w, b, stride: 2, padding: 1, output_padding: 1, groups: 3)),
        ["conv_transpose2d mult2 dil2"] = new([1, 4, 4, 11], [4, 1, 3, 2], false, (x, w, b) => nn.functional.conv_transpose2d(x, w, b, dilation: 2, groups: 2)),
        // Column strides as de-interleaved phases: two phases from an even and an odd left
        // padding, three phases, outputs narrower than a vector (a whole vector's buffer), wider
        // than two vectors, a whole number of vectors, one column wide.
        ["stride2 pad0 odd width narrow output mult2"] = new([2, 3, 9, 7], [6, 1, 3, 3], true, (x, w, b) => nn.functional.conv2d(x, w, b, stride: 2, groups: 3)),
        ["stride2 pad2 dil2 odd width"] = new([1, 2, 6, 41], [2, 1, 3, 3], false, (x, w, b) => nn.functional.conv2d(x, w, b, stride: 2, padding: 2, dilation: 2, groups: 2)),
        ["stride2 pad1 odd width mult2"] = new([2, 2, 5, 37], [4, 1, 3, 3], true, (x, w, b) => nn.functional.conv2d(x, w, b, stride: 2, padding: 1, groups: 2)),
        ["stride(2,3) pad(1,2) 3x5"] = new([1, 2, 7, 29], [2, 1, 3, 5], true, (x, w, b) => nn.functional.conv2d(x, w, b, stride: (2, 3), padding: (1, 2), groups: 2)),
        ["3x3 pad1 width 32 mult2"] = new([2, 2, 6, 32], [4, 1, 3, 3], true, (x, w, b) => nn.functional.conv2d(x, w, b, padding: 1, groups: 2)),
        ["3x1 pad(1,0) width 1"] = new([1, 2, 6, 1], [2, 1, 3, 1], true, (x, w, b) => nn.functional.conv2d(x, w, b, padding: (1, 0), groups: 2)),
        ["3x3 pad1 width 3 float rows 9"] = new([1, 3, 9, 3], [3, 1, 3, 3], false, (x, w, b) => nn.functional.conv2d(x, w, b, padding: 1, groups: 3)),
        ["conv_transpose2d stride(2,3) narrow mult2"] = new([1, 4, 3, 2], [4, 1, 3, 3], false, (x, w, b) => nn.functional.conv_transpose2d(x, w, b, stride: (2, 3), padding: 1, groups: 2)),
    };

    public static TheoryData<string, string> GeometryNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Geometries.Keys)
        {
            data.Add(name, "float32");
            data.Add(name, "float64");
        }
        return data;
    }

    /// <summary>y and the gradients of x, w and b for the output gradient gy, with the direct kernels on or off.</summary>
    private static Tensor?[] Run(Geometry g, Tensor x, Tensor w, Tensor? b, bool direct)
    {
        DepthwiseConvolutionKernels.Disabled = !direct;
        try
        {
            var xs = x.detach().requires_grad_();
            var ws = w.detach().requires_grad_();
            var bs = b?.detach().requires_grad_();
            var y = g.Conv(xs, ws, bs);
            manual_seed(3);
            var gy = randn(y.shape, dtype: y.dtype);
            y.backward(gy);
            return [y.detach(), xs.grad, ws.grad, bs?.grad];
        }
        finally
        {
            DepthwiseConvolutionKernels.Disabled = false;
        }
    }

    [Theory]
    [MemberData(nameof(GeometryNames))]
    public void DirectPathMatchesTheGemmLowering(string name, string dtypeName)
    {
        var g = Geometries[name];
        var dtype = dtypeName == "float32" ? float32 : float64;
        manual_seed(7);
        var x = randn(g.X, dtype: dtype);
        var w = randn(g.W, dtype: dtype);
        var b = g.Bias ? randn([BiasLength(name, g)], dtype: dtype) : null;
        var direct = Run(g, x, w, b, direct: true);
        var lowered = Run(g, x, w, b, direct: false);
        double tol = dtype == float32 ? 1e-4 : 1e-12;
        for (int i = 0; i < direct.Length; i++)
        {
            Assert.Equal(lowered[i] is null, direct[i] is null);
            if (direct[i] is { } d)
            {
                Assert.Equal(lowered[i]!.shape, d.shape);
                Close(lowered[i]!.to(float64).reshape(-1).ToArray<double>(), d, tol);
            }
        }
    }

    /// <summary>The bias's length: output channels, which a transposed convolution's weight holds in dim 1 (times groups = its input channels).</summary>
    private static long BiasLength(string name, Geometry g) => name.StartsWith("conv_transpose", StringComparison.Ordinal) ? g.W[1] * g.X[1] : g.W[0];

    [Fact]
    public void OnlyDepthwiseGeometriesTakeTheDirectPath()
    {
        static ConvGeometry Of(int c, int cout, int groups) => new(2, c, 5, 5, cout, groups, 3, 3, 1, 1, 1, 1, 1, 1, 5, 5);
        Assert.True(DepthwiseConvolutionKernels.Applies(Of(4, 4, 4)));
        Assert.True(DepthwiseConvolutionKernels.Applies(Of(4, 8, 4)));
        Assert.False(DepthwiseConvolutionKernels.Applies(Of(4, 4, 2)));   // two input channels per group
        Assert.False(DepthwiseConvolutionKernels.Applies(Of(1, 6, 1)));   // one input channel, one group: an ordinary convolution
        DepthwiseConvolutionKernels.Disabled = true;
        try
        {
            Assert.False(DepthwiseConvolutionKernels.Applies(Of(4, 4, 4)));
        }
        finally
        {
            DepthwiseConvolutionKernels.Disabled = false;
        }
    }

    [Fact]
    public void ModuleGradcheckAndGradgradcheckPass()
    {
        manual_seed(11);
        var conv = nn.Conv2d(3, 3, 3, padding: 1, groups: 3, dtype: float64);
        var x = TestUtil.RandD(2, 3, 4, 11);
        TestUtil.CheckGradients(a => conv.forward(a[0]), x);
        // The same convolution with the weight and bias as inputs too.
        TestUtil.CheckGradients(a => nn.functional.conv2d(a[0], a[1], a[2], padding: 1, groups: 3),
            x, conv.weight.detach().requires_grad_(), conv.bias!.detach().requires_grad_());
    }

    [Fact]
    public void AnInfiniteInputInTheOverlapOfARowsLastVectorGivesInfiniteWeightGradientsNotNaN()
    {
        // Width 19: the last vector of each row (float32: 8 or 16 lanes) overlaps the one before
        // it; the infinite input sits in the overlap, where the lanes already counted are masked out.
        manual_seed(5);
        var values = randn([1, 2, 4, 19], dtype: float32).reshape(-1).ToArray<float>();
        values[(1 * 4 + 2) * 19 + 12] = float.PositiveInfinity;
        var x = tensor(values).reshape(1, 2, 4, 19);
        var w = randn([2, 1, 3, 3], dtype: float32).requires_grad_();
        nn.functional.conv2d(x, w, null, padding: 1, groups: 2).sum().backward();
        var gw = w.grad!.reshape(-1).ToArray<float>();
        for (int t = 0; t < 9; t++)
            Assert.True(float.IsFinite(gw[t]), $"channel 0 tap {t}: {gw[t]}");
        for (int t = 9; t < 18; t++)
            Assert.True(float.IsPositiveInfinity(gw[t]), $"channel 1 tap {t - 9}: {gw[t]}");
    }

    public static TheoryData<string> GradCaseNames() => ["3x3 stride2 pad1", "stride2 pad0 odd width narrow output mult2", "stride(2,3) pad(1,2) 3x5", "same even kernel dil2 mult2", "5x3 stride(1,3) pad(2,1) mult3 bias", "conv_transpose2d mult2 dil2"];

    [Theory]
    [MemberData(nameof(GradCaseNames))]
    public void GradcheckAndGradgradcheckPass(string name)
    {
        var g = Geometries[name];
        manual_seed(13);
        // Smaller inputs than the comparison's: gradcheck perturbs each element.
        long[] xShape = [1, g.X[1], Math.Min(g.X[2], 5), Math.Min(g.X[3], 9)];
        var inputs = new List<Tensor> { TestUtil.RandD(xShape), TestUtil.RandD(g.W) };
        if (g.Bias) inputs.Add(TestUtil.RandD(BiasLength(name, g)));
        TestUtil.CheckGradients(a => g.Conv(a[0], a[1], a.Length > 2 ? a[2] : null), [.. inputs]);
    }
}
