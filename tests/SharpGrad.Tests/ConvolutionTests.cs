using SharpGrad.Modules;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// conv1d, conv2d, conv_transpose2d and their modules. Expected values are libtorch's, printed by
/// tools/TorchOracle script Conv (tools/TorchOracle/Scripts.Conv.cs), for inputs made by
/// <see cref="Pattern"/> (the oracle's Pattern is the same formula); the inputs are exact binary
/// fractions, so float32 and float64 results agree with libtorch's to rounding.
/// </summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class ConvolutionTests
{
    /// <summary>((i·mult) mod m − m/2) / scale for i = 0, 1, …: exactly representable values.</summary>
    private static Tensor Pattern(long[] shape, int mult, int mod, double scale, ScalarType dtype = ScalarType.Float32)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var v = new double[n];
        for (long i = 0; i < n; i++) v[i] = ((i * mult) % mod - mod / 2) / scale;
        return tensor(v).reshape(shape).to(dtype);
    }

    private static Tensor X(long[] shape, ScalarType dtype) => Pattern(shape, 5, 11, 8, dtype);
    private static Tensor W(long[] shape, ScalarType dtype) => Pattern(shape, 3, 7, 4, dtype);
    private static Tensor B(long n, ScalarType dtype) => Pattern([n], 1, 5, 2, dtype);

    private static void Close(double[] expected, Tensor actual, double tol = 1e-5)
    {
        var a = actual.detach().to(float64).reshape(-1).ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol, $"element {i}: expected {expected[i]:R}, got {a[i]:R}");
    }

    private static readonly Dictionary<string, (Func<ScalarType, Tensor> Run, long[] Shape, double[] Expected)> ForwardCases = new()
    {
        ["conv2d stride(2,1) pad(1,0) bias"] = (
            t => nn.functional.conv2d(X([2, 3, 5, 6], t), W([4, 3, 3, 2], t), B(4, t), stride: [2, 1], padding: [1, 0]),
            [2, 4, 3, 5], [-1.46875, -2.0625, 0.4375, -2.21875, 1.3125, -2.4375, 1.1875, -3.09375, 2.25, -3.0625, 0.0625, -2.28125, 1.21875, -2.15625, 1.34375, -1.5625, -0.96875, -0.71875, -0.8125, -0.21875, -0.78125, -1.4375, 0.3125, -1.03125, -0.3125, -1.5, 0.90625, -1.15625, 0.21875, -1.15625, 0.3125, 0.5625, -0.5625, 0.375, -1.09375, 0.21875, -1.21875, 0.4375, -1.6875, 1.34375, -0.4375, -0.5, -0.90625, 0.40625, -1.03125, 2.84375, -0.53125, 0.90625, -0.40625, 0, -0.96875, 1.84375, -1.1875, 0.9375, -0.71875, 1.71875, -0.59375, 0.875, -0.0625, 1.0625, 0.4375, -2.21875, 1.3125, -2.375, 0.46875, -3.09375, 2.25, -3.0625, 1.59375, -2.34375, 1.21875, -2.15625, 1.34375, -2.03125, -0.59375, -0.71875, -0.8125, -0.21875, -1.34375, 0.96875, 0.3125, -1.03125, -0.3125, 0.0625, -1.625, -1.15625, 0.21875, -1.15625, -1.15625, 0.21875, -0.5625, 0.375, -1.09375, 1.21875, -0.9375, 0.4375, -1.6875, 1.34375, -1.46875, 2.59375, -0.90625, 0.40625, -1.03125, 2.34375, -1.15625, 0.90625, -0.40625, 0, 0.0625, -0.21875, -1.1875, 0.9375, -0.71875, 0.71875, 1.125, 0.875, -0.0625, 1.0625, 0.8125, -0.125]),
        ["conv2d groups2 dil2 pad2"] = (
            t => nn.functional.conv2d(X([1, 4, 7, 7], t), W([6, 2, 3, 3], t), padding: 2, dilation: 2, groups: 2),
            [1, 6, 7, 7], [-0.15625, -0.625, 0.875, -0.9375, 0.6875, 0.1875, 0.34375, 0.34375, 0.21875, 0.5625, -1.25, 0.03125, -0.78125, 0.75, -0.53125, 0.65625, 0.75, -0.09375, -0.25, 0.90625, -0.46875, -1.15625, 0.03125, -1.03125, 1.21875, -0.3125, 0.5625, 0.5625, -0.40625, 0.4375, 0.28125, 0.46875, -1.40625, -0.8125, -0.46875, 0.40625, 0.375, 0.65625, 0.5, -0.34375, -0.8125, 0.75, 0.875, -0.53125, -0.78125, -0.59375, 0.96875, 0.15625, 0.34375, 0.375, 0.34375, 0.5, -0.34375, -0.5, 0.75, -0.78125, -0.53125, -0.21875, -0.59375, 0.96875, 0.46875, 0.34375, 0.1875, -0.09375, -0.0625, -0.25, 0.125, -0.1875, -1.0625, 0.53125, 0.46875, -0.1875, 0.65625, 0.34375, 0.03125, -0.90625, 0.34375, 0.6875, -0.3125, -0.84375, -0.125, 0.9375, -0.40625, 0.5, -0.21875, 0.46875, -0.78125, -0.3125, -0.1875, 0.625, -0.875, -0.21875, 0.125, 0.09375, 0.21875, 0.34375, 0.4375, -0.71875, 0.46875, -0.21875, -0.3125, -0.1875, 0.28125, -0.875, 0.71875, 0.125, -0.21875, 0.21875, 0.34375, 0.46875, -0.71875, -0.15625, -0.09375, -0.125, -0.15625, 0.125, 0.75, -0.40625, 0.4375, -0.3125, 0.6875, -0.9375, -0.3125, -0.71875, 0.6875, -0.53125, -0.1875, 0.46875, 0, -0.0625, 0.21875, 1.09375, -1.15625, 0.25, -0.75, 0.40625, 0.40625, 0.40625, 0.3125, -0.75, -0.21875, -0.53125, 0.75, -0.28125, -0.28125, -0.59375, 0.40625, 0.25, -0.75, 0.40625, 0.40625, 0.40625, 0.3125, -0.75, -0.21875, -0.53125, 0.75, -0.28125, -0.28125, -0.59375, 0.40625, 0.65625, -0.53125, 0.25, -0.71875, -0.3125, -0.375, 0.6875, -0.09375, 0.4375, 0, 0.75, 0.125, 0.53125, -0.125, -1.1875, 0.03125, -0.9375, 0.84375, 0.21875, -0.28125, -0.25, 0.25, 0.71875, -0.625, 0.28125, -0.1875, -0.21875, -0.21875, 0.4375, 0.21875, 0.21875, 0.09375, 0.3125, -0.21875, 0.125, 0.71875, -0.875, 0.28125, -0.1875, -0.3125, -0.21875, 0.46875, 0.21875, 0.34375, 0.09375, 0.3125, 0.1875, 0.125, -0.21875, -0.8125, 0.34375, -0.625, 0.03125, 0.34375, 0.53125, -0.1875, 0.75, 0.53125, -0.84375, -0.1875, 0.125, -0.375, -0.0625, 0.59375, 0.03125, 0.65625, -0.0625, 0.9375, -0.25, -0.28125, 0.09375, -0.78125, 0.03125, -0.5, -0.34375, 0.3125, 0.34375, 0.15625, 0.65625, -0.59375, -0.78125, -0.625, 0.875, -0.46875, -0.78125, 0.75, -0.5, -0.34375, 0.5, 0.34375, 0.375, 0.65625, 0.125, -0.78125, -0.625, 0.21875, -0.46875, 0.25, 0.5625, 0.5625, 0.90625, -0.3125, 1.21875, -1.1875, 0.03125, -0.8125, -0.46875, 0.28125, -0.25, -0.09375, 0.46875, 0.65625, -0.46875, 0.90625, -1.03125, -0.53125, -1.40625, 1.09375, -0.09375, 0.15625, 0.34375, 0.25, 0.6875, -0.9375, 0.625, -0.625, 0.09375, -1.09375, 0.5625, 0.3125, 0.40625, -0.21875, 0.25]),
        ["conv2d same even kernel"] = (
            t => nn.functional.conv2d(X([1, 2, 5, 5], t), W([3, 2, 2, 4], t), B(3, t), padding: "same"),
            [1, 3, 5, 5], [-0.5625, -0.34375, -0.125, -1.375, -0.5, -0.21875, -2.6875, -0.40625, -2.5, -0.59375, -1.59375, -0.21875, -0.34375, -0.1875, -1.71875, -1.59375, -0.84375, -2.6875, -0.625, -1.8125, -0.96875, -0.34375, -1.59375, 0.375, -1.1875, -1.53125, -0.1875, -1.59375, 0.3125, -0.09375, 0.03125, -0.6875, 0.3125, -2, 0.40625, -0.125, -1.1875, -0.1875, -0.875, -0.125, -0.96875, 0.375, -0.6875, 0.25, -2.03125, -0.34375, -0.71875, -1.09375, -0.25, -0.90625, -1.40625, 1.5, -2.625, 1.5625, -1.4375, 0.71875, -0.21875, 0.8125, 0.46875, 0.3125, 1.125, -1.9375, 1.5, -2, 1.03125, -1.21875, 1.15625, -0.21875, 0.6875, 0.375, 0.28125, -0.21875, -0.8125, 0.21875, -0.625]),
        ["conv2d same even kernel dil(2,1)"] = (
            t => nn.functional.conv2d(X([1, 2, 5, 5], t), W([3, 2, 2, 4], t), B(3, t), padding: "same", dilation: (2, 1)),
            [1, 3, 5, 5], [-0.0625, -1.9375, 0.5625, -1.65625, -0.3125, -1.46875, -0.21875, -1.375, -1.65625, -0.59375, -1.125, -0.5, -1.65625, -0.375, -1.71875, -0.4375, -1.8125, -0.21875, -1.15625, -1.8125, -1.875, -0.625, -1.875, -0.84375, -1.1875, -1, -0.59375, -0.59375, -0.875, 0.40625, -1.34375, 0.84375, -1.9375, 0.125, -0.5625, 0.5625, -1.71875, 0.65625, -1.15625, -0.40625, 0.0625, -1.53125, 0.84375, -1.40625, -0.59375, -1.375, 0.8125, -1.625, 0.5, -1.1875, -0.84375, 1.1875, -1.3125, 0.5625, -0.84375, -0.78125, 1.03125, -2.0625, 2.125, -0.96875, 2.03125, -2.0625, 2.75, -1.71875, 1.125, -0.3125, -1.03125, 1.03125, -1.4375, 1.5, -0.875, 1.375, -0.9375, 1.1875, -0.53125]),
        ["conv2d valid"] = (
            t => nn.functional.conv2d(X([1, 2, 5, 5], t), W([3, 2, 2, 4], t), padding: "valid"),
            [1, 3, 4, 2], [0.65625, 0.875, -1.6875, 0.59375, 0.78125, 0.65625, 0.15625, -1.6875, 0.3125, -1.09375, -0.1875, 0.8125, -0.6875, 0.3125, 0.875, -0.1875, 1.5, -2.625, -0.21875, 0.8125, -1.9375, 1.5, 1.15625, -0.21875]),
        ["conv1d stride2 pad1 dil2 bias"] = (
            t => nn.functional.conv1d(X([2, 3, 10], t), W([4, 3, 3], t), B(4, t), stride: 2, padding: 1, dilation: 2),
            [2, 4, 4], [-1.8125, -0.9375, -1.1875, -1.09375, -1.09375, -0.46875, -1.21875, -1.28125, 0.5, 0.875, -0.15625, -0.15625, 1, 0.25, 1.34375, 1.40625, -1.125, 0.125, 0.21875, -1.75, -0.875, -0.71875, -1.46875, 0.53125, 0.25, 0.1875, -1.1875, 0.1875, 1.15625, 1.53125, -0.46875, 0.28125]),
        ["conv1d groups3 same"] = (
            t => nn.functional.conv1d(X([2, 3, 10], t), W([6, 1, 4], t), padding: "same", groups: 3),
            [2, 6, 10], [-0.15625, 0.96875, -0.21875, -0.03125, -0.1875, 0, -0.15625, 0.03125, -0.09375, -0.1875, -0.15625, -0.0625, -0.71875, 0.6875, -0.65625, 0.75, -0.59375, 0.8125, -0.4375, 0.375, 0.25, -0.15625, -0.21875, 0.75, -0.34375, 0.625, -0.46875, 0.5, -0.34375, 0.1875, 0.5, -0.21875, -0.15625, 0.25, -0.71875, 0.375, -0.59375, 0.5, -0.46875, 0.25, 0.5, -0.71875, -0.0625, -0.09375, -0.46875, 0.875, -0.53125, 0.8125, -0.46875, 0.375, -0.09375, -0.21875, 0.96875, -0.25, -0.09375, 0.0625, -0.125, 0.03125, -0.34375, 0.375, -0.40625, 0.0625, -0.09375, -0.25, 0.96875, -0.21875, -0.03125, -0.1875, -0.09375, 0.1875, -0.34375, 0.875, -0.46875, -0.09375, -0.0625, -0.71875, 0.6875, -0.65625, 0.46875, -0.3125, -0.59375, 0.375, -0.71875, 0.25, -0.15625, -0.21875, 0.75, -0.34375, 0.4375, -0.1875, -0.28125, 0.625, -0.34375, 0.75, -0.21875, -0.15625, 0.25, -0.71875, 0.375, -0.3125, -0.40625, 0.75, -0.65625, 0.6875, -0.71875, -0.0625, -0.09375, -0.46875, 0.75, -0.21875, -0.09375, 0, -0.1875, -0.03125, -0.21875, 0.96875, -0.25, -0.09375, 0.25, -0.40625]),
        ["conv_transpose2d stride2 pad1 outpad1 bias"] = (
            t => nn.functional.conv_transpose2d(X([2, 4, 3, 4], t), W([4, 3, 3, 3], t), B(3, t), stride: 2, padding: 1, output_padding: 1),
            [2, 3, 6, 8], [-0.84375, -0.84375, -1.25, -0.34375, -0.28125, -1.5625, -1.375, -0.34375, -0.4375, -0.6875, -1.03125, -1.8125, -1.28125, -0.53125, -0.84375, -1.5, -0.40625, -1.59375, -1.5, -0.40625, -0.53125, -1.625, -1.625, -0.46875, -1.09375, -0.375, -0.65625, -0.8125, -1.59375, -0.5625, -0.125, -2.34375, -0.65625, -1.65625, -1.75, -1.5, -0.78125, -0.65625, -0.84375, -0.9375, -1.6875, -0.78125, -0.28125, -1.0625, -0.9375, -0.65625, -0.90625, -0.78125, -0.3125, 0.3125, -1, -0.71875, 0.03125, -0.71875, -1, 0.03125, -1.5, -0.25, -0.125, -0.59375, -0.46875, -0.59375, -0.125, -1, 0.03125, -0.71875, -1, -0.71875, 0.03125, -0.71875, -1, 0.15625, -0.46875, -0.59375, -0.125, -0.25, -1.5, -1.625, -0.125, -0.15625, 0.03125, -0.71875, -1, 0.3125, -0.3125, -0.375, -0.3125, -0.40625, -0.5625, -0.71875, -0.40625, -0.125, -0.25, -1.25, -1.46875, -0.25, 0.21875, -0.5, -0.75, -0.65625, 0.34375, 0.5625, -0.625, 0.1875, -0.59375, 0.1875, 0.34375, 0.625, -0.09375, -0.65625, 0.15625, 0.15625, 0.46875, 0.59375, -0.5, -0.59375, 0.59375, 0.625, -0.375, 0.125, -0.28125, -0.8125, -0.03125, 0.3125, 0.5625, -0.28125, -0.5625, 0.71875, 0.71875, 0.65625, -0.25, 0.15625, 0.15625, 0.34375, 0.21875, -0.96875, 0.34375, -0.65625, -0.75, -0.5, 0.21875, 0.34375, 0.15625, 0.0625, -0.40625, -1.59375, -1.5, -0.40625, -0.53125, -1.625, -1.625, -0.46875, -1.09375, -0.375, -0.65625, -0.8125, -1.59375, -0.5625, -0.125, -2.34375, -0.65625, -1.65625, -1.75, -1.5, -0.78125, -0.65625, -0.84375, -0.9375, -2.4375, -1.4375, 0.0625, -0.5, -1.5625, -1.28125, -0.4375, -0.78125, -1.25, -0.34375, -0.28125, -1.5625, -1.375, -0.375, -0.40625, -1.75, -0.53125, -1.21875, -1.875, -1.15625, -0.46875, -1.09375, -1.8125, -0.53125, 0.03125, -0.71875, -1, -0.71875, 0.03125, -0.71875, -1, 0.15625, -0.46875, -0.59375, -0.125, -0.25, -1.5, -1.625, -0.125, -0.15625, 0.03125, -0.71875, -1, 0.3125, -0.3125, -0.375, -0.3125, -0.40625, -0.46875, -0.9375, -0.46875, 0.78125, -0.125, -1.625, -1.5, 0.34375, -1, -0.71875, 0.03125, -0.71875, -1, -0.71875, 0.03125, -1.3125, -0.28125, -0.0625, -0.46875, -1.1875, -0.3125, 0.09375, -0.5, -0.53125, 0.46875, 0.59375, -0.5, -0.59375, 0.59375, 0.625, -0.375, 0.125, -0.28125, -0.8125, -0.03125, 0.3125, 0.5625, -0.28125, -0.5625, 0.71875, 0.71875, 0.65625, -0.25, 0.15625, 0.15625, 0.34375, 0.21875, -0.96875, 1.0625, -0.4375, -1.4375, -0.34375, 0.875, 0.4375, -0.59375, 0.59375, -0.75, -0.65625, 0.34375, 0.5625, -0.625, -0.625, 0.46875, 0, -0.25, 0.65625, 0.71875, -0.5625, -0.375, 0.625, 0.59375, -0.75]),
        ["conv_transpose2d groups2 dil2 stride(1,2) outpad(1,1)"] = (
            t => nn.functional.conv_transpose2d(X([1, 4, 3, 3], t), W([4, 2, 2, 3], t), stride: [1, 2], output_padding: 1, groups: 2, dilation: 2),
            [1, 4, 6, 10], [0.71875, 0, -0.1875, 0, -0.21875, 0, -0.25, 0, 0.9375, 0, 0.09375, 0, -0.6875, 0, 0.3125, 0, -0.125, 0, -0.09375, 0, -0.375, 0, -0.15625, 0, -0.15625, 0, -0.1875, 0, -0.25, 0, 0.03125, 0, -0.1875, 0, 0.84375, 0, -0.625, 0, 0.15625, 0, -0.09375, 0, 0.65625, 0, -0.75, 0, 0.65625, 0, -0.21875, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.40625, 0, 0.78125, 0, -0.34375, 0, -0.125, 0, -0.15625, 0, -0.03125, 0, 0.53125, 0, -0.8125, 0, 0.40625, 0, -0.03125, 0, 0.25, 0, -0.6875, 0, 1.03125, 0, -0.5, 0, -0.0625, 0, -0.09375, 0, -0.0625, 0, -0.28125, 0, 0.78125, 0, -0.21875, 0, -0.09375, 0, -0.1875, 0, 0.5625, 0, -0.4375, 0, 0.40625, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.09375, 0, -0.4375, 0, 0.78125, 0, -0.75, 0, 0.34375, 0, -0.03125, 0, 0.40625, 0, -0.8125, 0, 0.53125, 0, -0.03125, 0, -0.375, 0, 0.53125, 0, -1.09375, 0, 1.4375, 0, -0.5, 0, 0.15625, 0, -0.625, 0, 0.84375, 0, -0.1875, 0, 0.03125, 0, -0.15625, 0, -0.1875, 0, 0.375, 0, -0.6875, 0, 0.15625, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.09375, 0, 0, 0, -0.53125, 0, 0.53125, 0, -0.53125, 0, -0.09375, 0, -0.125, 0, 0.3125, 0, -0.6875, 0, 0.09375, 0, 1.1875, 0, -0.6875, 0, 0.78125, 0, -0.875, 0, 1.28125, 0, -0.125, 0, 0.59375, 0, -0.65625, 0, 0.78125, 0, -0.0625, 0, -0.15625, 0, -0.09375, 0, -0.59375, 0, 0.53125, 0, -0.6875, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ["conv2d 1x1 bias"] = (
            t => nn.functional.conv2d(X([2, 4, 3, 3], t), W([6, 4, 1, 1], t), B(6, t)),
            [2, 6, 3, 3], [-0.75, -0.90625, -1.75, -0.875, -1.71875, -0.84375, -0.65625, -0.8125, -0.96875, -0.46875, -0.78125, 0.28125, -0.71875, -0.34375, -0.65625, 0.0625, -0.59375, -0.90625, -0.40625, 0.21875, -0.53125, 0.09375, 0.375, -0.03125, -0.09375, -0.15625, 0.46875, 0.96875, 0.34375, 0.40625, 0.46875, 0.875, 0.59375, -0.03125, 0.71875, 0.09375, 0.59375, 0.90625, 1.5625, 0.84375, 1.15625, 0.78125, 1.78125, 0.71875, 1.03125, -0.96875, -0.8125, -0.65625, -0.84375, -1.71875, -0.875, -1.75, -0.90625, -0.75, -0.875, -1.71875, -0.84375, -0.65625, -0.8125, -0.96875, -0.78125, -0.9375, -0.75, -0.71875, -0.34375, -0.65625, 0.0625, -0.59375, -0.90625, -0.53125, -0.84375, -0.46875, 0.09375, 0.375, -0.03125, -0.09375, -0.15625, 0.46875, -0.28125, 0.34375, -0.40625, 0.46875, 0.875, 0.59375, -0.03125, 0.71875, 0.09375, 0.84375, 0.21875, 0.96875, 0.84375, 1.15625, 0.78125, 1.78125, 0.71875, 1.03125, 0.65625, 0.96875, 0.59375, -0.84375, -1.71875, -0.875, -1.75, -0.90625, -0.75, -0.9375, -0.78125, -0.96875]),
        ["conv2d 1x1 groups2"] = (
            t => nn.functional.conv2d(X([2, 4, 3, 3], t), W([6, 2, 1, 1], t), groups: 2),
            [2, 6, 3, 3], [0.46875, 0, -0.46875, 0.09375, -0.375, 0.1875, -0.28125, 0.28125, -0.1875, -0.34375, -0.03125, 0.625, -0.09375, 0.21875, -0.15625, 0.15625, -0.21875, 0.09375, -0.0625, -0.0625, 0.625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 0.09375, -0.21875, 0.15625, -0.15625, 0.21875, -0.09375, 0.625, -0.03125, -0.34375, -0.1875, 0.28125, -0.28125, 0.1875, -0.375, 0.09375, -0.46875, 0, 0.46875, -0.03125, 0.125, -0.0625, 0.09375, -0.09375, 0.0625, -0.46875, 0.03125, 0.1875, 0.09375, -0.375, 0.1875, -0.28125, 0.28125, -0.1875, 0.375, -0.09375, 0.46875, -0.09375, 0.21875, -0.15625, 0.15625, -0.21875, 0.09375, -0.28125, 0.03125, -0.34375, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, -0.15625, 0.21875, -0.09375, 0.625, -0.03125, -0.34375, 0.03125, -0.28125, 0.09375, 0.1875, -0.375, 0.09375, -0.46875, 0, 0.46875, -0.09375, 0.375, -0.1875, 0.09375, -0.09375, 0.0625, -0.46875, 0.03125, 0.1875, 0, 0.15625, -0.03125]),
    };

    public static TheoryData<string> ForwardCaseNames() => [.. ForwardCases.Keys];

    [Theory]
    [MemberData(nameof(ForwardCaseNames))]
    public void ForwardIsLibtorchs(string name)
    {
        var (run, shape, expected) = ForwardCases[name];
        foreach (var dtype in new[] { float32, float64 })
        {
            var y = run(dtype);
            Assert.Equal(shape, y.shape);
            Assert.Equal(dtype, y.dtype);
            Close(expected, y);
        }
    }

    [Theory]
    [MemberData(nameof(ForwardCaseNames))]
    public void ChunkedBatchesGiveTheSameValues(string name)
    {
        // A column budget of one element makes every sample a chunk of its own (the path large
        // images take); the values must not change.
        var (run, _, expected) = ForwardCases[name];
        Kernels.ConvolutionKernels.ColumnBudgetOverride = 1;
        try
        {
            Close(expected, run(float64));
        }
        finally
        {
            Kernels.ConvolutionKernels.ColumnBudgetOverride = null;
        }
    }

    [Fact]
    public void GradientsAreLibtorchs()
    {
        var x = X([2, 3, 5, 6], float32).requires_grad_();
        var w = W([4, 3, 3, 2], float32).requires_grad_();
        var b = B(4, float32).requires_grad_();
        var y = nn.functional.conv2d(x, w, b, stride: [2, 1], padding: [1, 0]);
        Assert.Equal("ConvolutionBackward0", y.grad_fn!.name());
        (y * Pattern(y.shape, 7, 13, 4)).sum().backward();
        Close([-0.625, 0.1875, -0.6875, 0.0625, -0.8125, 0.5625, -1.625, 1.375, 0.25, 0.75, 0.4375, -2.3125, -0.625, -0.9375, 2.25, -1.0625, 2.9375, -2.1875, 0.8125, -1, -2.125, 2.4375, -0.3125, 1, -0.625, 2, -0.5, -0.5625, 0.1875, -0.0625, -0.3125, -0.0625, -0.8125, 0.0625, -0.6875, -0.625, 0.5625, -1.5625, -0.4375, -0.125, 1.8125, 0, 0.8125, -0.5625, -0.5, 2, -2.8125, 2.625, -0.3125, 2.4375, -2.125, -1, -1.5, 0, 0.3125, -1.0625, 2.25, -0.9375, -0.0625, -0.625, 0.875, -0.75, 1.25, -0.8125, 1.1875, -0.0625, -0.3125, -0.125, 0.625, -1.875, -0.3125, 1, -0.8125, 1.125, 0.6875, 0.25, 0.625, -2.1875, -0.5625, -2.875, 3.5625, -1.375, 3.4375, -2.3125, -0.0625, -1.0625, -0.6875, 1.3125, -0.75, 0.5625, -0.625, 2.9375, -2.8125, 2, -0.5, 0.0625, 0.8125, -0.3125, 1.8125, -0.125, -0.4375, 0.0625, -0.625, 0.1875, -0.6875, 0.0625, -0.8125, 0.5625, -1.625, 1.375, 0.25, 0.75, 0.4375, -2.3125, -0.625, -0.9375, 2.25, -1.0625, 2.9375, -2.1875, 0.1875, -2.8125, 2.9375, -1.0625, 2.25, -0.625, 0.625, -1.5, 0.4375, 0.75, 0.25, 0.8125, -0.3125, -0.0625, -0.8125, 0.0625, -0.6875, -0.625, 0.5625, -1.5625, -0.4375, -0.125, 1.8125, 0, 0.8125, -0.5625, -0.5, 2, -2.8125, 2.625, 0.125, 0.625, -2.25, -1.0625, -0.6875, 0.4375, -0.875, 3.4375, -3.125, 2.5, -0.8125, 0.25, 0.875, -0.75, 1.25, -0.8125, 1.1875, -0.0625, -0.3125, -0.125, 0.625, -1.875, -0.3125, 1, -0.8125, 1.125, 0.6875, 0.25, 0.625, -2.1875], x.grad!);
        Close([0.0625, -0.65625, 0.21875, 0.59375, -3.9375, 3.59375, 1.53125, -1.59375, -4.6875, 3.9375, 2.34375, -2.84375, -2.5, 1.59375, 2.4375, -3.71875, -1.34375, 2.0625, -1.34375, 0.40625, 2.4375, -1.71875, -2.5, 3.03125, 2.34375, -3.125, -4.6875, 4.90625, 1.53125, -1.53125, -3.9375, 2.625, 0.21875, -0.84375, 0.0625, 1.46875, -4.375, 2.28125, 3.84375, -2.40625, 0.5625, 2.0625, 3.15625, -2.21875, -3.875, 4.65625, -0.5, 1, -3.75, 3.25, -4.03125, 2.4375, 1.875, -0.75, -3.75, 3.34375, 4.03125, -2.28125, 1.59375, 1.09375, 3.15625, -2.125, -1.4375, 3.59375, -1.71875, 1.90625, -4.375, 3.0625, -3.8125, 3.28125, 2.875, -1.75], w.grad!);
        Close([-0.5, 0.5, -1.75, -0.75], b.grad!);

        var xt = X([2, 4, 3, 4], float32).requires_grad_();
        var wt = W([4, 3, 3, 3], float32).requires_grad_();
        var bt = B(3, float32).requires_grad_();
        var yt = nn.functional.conv_transpose2d(xt, wt, bt, stride: 2, padding: 1, output_padding: 1);
        Assert.Equal("ConvolutionBackward0", yt.grad_fn!.name());
        (yt * Pattern(yt.shape, 7, 13, 4)).sum().backward();
        Close([-2.375, -1.5, -2.6875, -3.875, 5.6875, 8.375, 3.4375, 5.8125, -4.1875, -5.125, -5.1875, -1.1875, -0.75, -1.9375, 2.3125, 4.125, -2.6875, -4.9375, -4.8125, -6.3125, 3.625, 7.4375, 10, 4.4375, 0.4375, 1.5625, -1, -2.75, -0.5625, -0.3125, 4.4375, 10, -3, -5.375, -6.3125, -4.8125, -2.3125, -3.6875, -1.25, -0.4375, -0.1875, 0.375, -1.1875, -5.1875, 0, 4.125, 5.8125, 3.4375, 0.875, 2.375, 6.0625, 3.25, -4.375, -5.875, -5.125, -5.1875, 3.625, 5.8125, 4.125, -1.625, -0.375, -1.4375, -3.6875, -3.5, 3.75, 4.875, 7.4375, 10, -3.75, -6.3125, -5.375, -3.625, -2.0625, -1.75, 0.5625, 2.875, -3, -3.625, -5.375, -6.3125, 5.9375, 10, 7.4375, 4.875, 1.0625, 3.625, -0.4375, -1.25, -0.125, -1.625, 4.125, 5.8125, -3.1875, -5.1875, -5.125, -5.875], xt.grad!);
        Close([-0.78125, 1.9375, -1.75, -2, 0.375, -1.0625, 3.90625, -0.5625, 0.03125, 0.25, -0.78125, 0.40625, -2.3125, 0.03125, -1.40625, 1.15625, -0.09375, 1.71875, 2.5, -2.6875, 1.75, -1.40625, 1.71875, -0.125, -2, 0.375, -1.0625, -0.84375, 0.46875, -0.90625, -1.28125, 1.9375, -1.75, 0.96875, -1.96875, 3.28125, 1.5, -2.5625, 0.9375, -0.375, 3.28125, -2.4375, 1.0625, -0.21875, 1.78125, 1, -1.9375, 2.375, -1.09375, 1.78125, -1.90625, -1.28125, 1.9375, -1.75, 0.46875, -1, 0.28125, 1.5, -2, -1.0625, 1.8125, 1.4375, 0.34375, -0.34375, -1.25, 0.4375, 0.53125, 0.34375, 1.6875, -2.8125, -0.6875, -0.5625, 0.875, 0.53125, 0.59375, -0.4375, -0.5625, 0.78125, 1.5, -2, -1.0625, -0.28125, -3.15625, 0.4375, 1.53125, 0.9375, 1.6875, -1.8125, 0.03125, 1.1875, 0.21875, 0.75, 0.28125, 1.78125, 1.1875, 0.3125, 0.875, -0.125, -2.21875, -1.3125, 0.59375, 0.53125, -0.8125, -2.21875, -0.65625, 1.53125, 0.9375, 1.6875], wt.grad!);
        Close([-2.25, -1.5, 2.5], bt.grad!);
    }

    private static readonly Dictionary<string, (Func<Tensor[], Tensor> F, long[][] Shapes)> GradCases = new()
    {
        ["conv2d stride pad bias"] = (a => nn.functional.conv2d(a[0], a[1], a[2], stride: [2, 1], padding: [1, 0]), [[2, 2, 4, 3], [3, 2, 2, 2], [3]]),
        ["conv2d groups dilation"] = (a => nn.functional.conv2d(a[0], a[1], null, padding: 1, dilation: [2, 1], groups: 2), [[1, 4, 4, 3], [2, 2, 2, 2]]),
        ["conv2d same even kernel"] = (a => nn.functional.conv2d(a[0], a[1], a[2], padding: "same"), [[1, 2, 3, 3], [2, 2, 2, 2], [2]]),
        ["conv2d 1x1"] = (a => nn.functional.conv2d(a[0], a[1], a[2]), [[2, 3, 2, 2], [2, 3, 1, 1], [2]]),
        ["conv1d"] = (a => nn.functional.conv1d(a[0], a[1], a[2], stride: 2, padding: 1, dilation: 2), [[2, 2, 7], [3, 2, 2], [3]]),
        ["conv_transpose2d"] = (a => nn.functional.conv_transpose2d(a[0], a[1], a[2], stride: 2, padding: 1, output_padding: 1), [[1, 2, 2, 3], [2, 2, 3, 2], [2]]),
        ["conv_transpose2d groups dilation"] = (a => nn.functional.conv_transpose2d(a[0], a[1], null, stride: [1, 2], output_padding: 1, groups: 2, dilation: 2), [[1, 2, 2, 2], [2, 1, 2, 2]]),
    };

    public static TheoryData<string> GradCaseNames() => [.. GradCases.Keys];

    [Theory]
    [MemberData(nameof(GradCaseNames))]
    public void GradcheckAndGradgradcheckPass(string name)
    {
        var (f, shapes) = GradCases[name];
        manual_seed(11);
        var inputs = shapes.Select(s => TestUtil.RandD(s)).ToArray();
        TestUtil.CheckGradients(f, inputs);
    }

    [Fact]
    public void GradFnIsConvolutionBackward0AndUnbatchedInputsWork()
    {
        var w = W([6, 3, 3, 3], float32).requires_grad_();
        Assert.Equal("ConvolutionBackward0", nn.functional.conv2d(X([1, 3, 5, 5], float32), w).grad_fn!.name());
        Assert.Equal("ConvolutionBackward0", nn.functional.conv1d(X([1, 3, 5], float32), W([2, 3, 2], float32).requires_grad_()).grad_fn!.name());
        // An unbatched [C, H, W] input gives an unbatched output equal to the batched one's sample.
        var unbatched = nn.functional.conv2d(X([3, 5, 5], float32), w, padding: 1);
        Assert.Equal([6L, 5, 5], unbatched.shape);
        Close(nn.functional.conv2d(X([1, 3, 5, 5], float32), w, padding: 1).reshape(-1).ToArray<float>().Select(v => (double)v).ToArray(), unbatched);
    }

    [Fact]
    public void ForwardModeTangentsAreTheLinearMapsApplied()
    {
        // conv2d is linear in input and in weight, so the tangent along (v, u) is conv(v, w) + conv(x, u);
        // conv_transpose2d likewise.
        manual_seed(5);
        var x = randn([2, 4, 5, 5], dtype: float64);
        var w = randn([6, 2, 3, 3], dtype: float64);
        var v = randn([2, 4, 5, 5], dtype: float64);
        var u = randn([6, 2, 3, 3], dtype: float64);
        var wt = randn([4, 3, 3, 3], dtype: float64);
        var ut = randn([4, 3, 3, 3], dtype: float64);
        using (autograd.forward_ad.dual_level())
        {
            var y = nn.functional.conv2d(autograd.forward_ad.make_dual(x, v), autograd.forward_ad.make_dual(w, u), stride: 2, padding: 1, groups: 2);
            var expected = nn.functional.conv2d(v, w, stride: 2, padding: 1, groups: 2) + nn.functional.conv2d(x, u, stride: 2, padding: 1, groups: 2);
            Assert.True(autograd.forward_ad.unpack_dual(y).tangent!.allclose(expected, 1e-12, 1e-12));

            var yt = nn.functional.conv_transpose2d(autograd.forward_ad.make_dual(x, v), autograd.forward_ad.make_dual(wt, ut), stride: 2, output_padding: 1);
            var expectedT = nn.functional.conv_transpose2d(v, wt, stride: 2, output_padding: 1) + nn.functional.conv_transpose2d(x, ut, stride: 2, output_padding: 1);
            Assert.True(autograd.forward_ad.unpack_dual(yt).tangent!.allclose(expectedT, 1e-12, 1e-12));
        }
    }

    [Fact]
    public void StridedInputsGiveTheValuesOfTheirContiguousCopies()
    {
        manual_seed(6);
        var x = randn([5, 5, 4, 2]).permute(3, 2, 0, 1);   // [2, 4, 5, 5], not contiguous
        var w = randn([3, 3, 6, 2]).permute(2, 3, 0, 1);   // [6, 2, 3, 3]
        Assert.False(x.is_contiguous());
        var y = nn.functional.conv2d(x, w, padding: 1, groups: 2);
        var expected = nn.functional.conv2d(x.contiguous(), w.contiguous(), padding: 1, groups: 2);
        Assert.True(y.equal(expected));
    }

    [Fact]
    public void ModulesInitialiseAsPyTorch()
    {
        manual_seed(0);
        var c2 = nn.Conv2d(3, 4, 3);
        Assert.Equal(["weight", "bias"], c2.named_parameters().Select(p => p.name));
        Assert.Equal([4L, 3, 3, 3], c2.weight.shape);
        Close([-0.0014408393, 0.10323862, -0.15839511, -0.14163153, -0.074122995, 0.05160691, -0.0038130484, 0.15259165, -0.0170788, 0.05092471, -0.058160935, -0.037829027, -0.1838569, -0.12745625, -0.079332374, 0.0071290387, 0.0760823, 0.11547444, -0.13046983, -0.08380486, 0.06990117, 0.15980823, -0.039606262, 0.14401266, -0.031019751, 0.020363932, 0.17425898, -0.17853025, -0.121154636, -0.048721675, -0.075017035, 0.16627704, -0.12474223, -0.088591106, -0.13445342, -0.18024124, -0.112340905, 0.16542973, 0.085874766, 0.09327528, 0.0101212505, -0.09866599, 0.032559607, -0.17968963, -0.13905793, -0.099213794, 0.121424064, 0.112837575, -0.08535066, -0.0069440585, 0.12308352, 0.19132102, 0.076380014, 0.025998631, 0.12903516, -0.11331506, 0.035861924, -0.14920762, -0.1333845, -0.099416554, 0.08707848, 0.077395804, -0.113998294, 0.05814054, 0.10564972, -0.024290543, 0.0073480415, 0.044591594, 0.11939153, 0.18478945, -0.14830658, -0.07052714, 0.07563479, 0.1594544, 0.16747148, 0.16980964, 0.03830037, -0.16735126, 0.017703965, -0.120397806, -0.17935467, 0.17099045, 0.14633131, -0.19197434, 0.036021277, -0.032420143, -0.03166981, -0.08809535, 0.07400787, -0.11398887, 0.07055054, 0.09732357, 0.13776955, 0.071959235, -0.19047464, -0.12484178, 0.09609322, 0.040280063, -0.15012725, -0.110816516, 0.18104729, 0.12967631, -0.08391308, -0.04843676, -0.18332759, -0.0034591246, -0.14492625, -0.14844766], c2.weight, 1e-7);
        Close([-0.010603924, 0.028895428, -0.07881414, 0.11419557], c2.bias!, 1e-7);

        manual_seed(1);
        var c1 = nn.Conv1d(4, 6, 2, groups: 2);
        Assert.Equal([6L, 2, 2], c1.weight.shape);
        Close([0.2576316, -0.22068912, -0.09693074, 0.23468447, -0.47071844, 0.29985863, -0.102862656, 0.25437194, 0.06950849, -0.061222076, 0.13868046, 0.024665892, 0.18261409, -0.1948505, -0.03645438, -0.045013666, 0.07247198, -0.0019974113, 0.43708336, 0.15559506, -0.18620312, -0.30198067, -0.083807826, -0.21567035], c1.weight, 1e-7);
        Close([-0.16022426, 0.023940802, 0.29806387, 0.27176833, -0.48877543, 0.30996025], c1.bias!, 1e-7);

        manual_seed(2);
        var ct = nn.ConvTranspose2d(4, 6, 3, groups: 2);
        Assert.Equal([4L, 3, 3, 3], ct.weight.shape);
        Close([0.044146154, -0.04579817, 0.05277534, -0.009829936, 0.08221231, 0.045817122, -0.02211919, -0.15558873, 0.04393913, -0.17038466, 0.025293332, 0.012789823, -0.042319458, 0.15736584, 0.012843506, 0.079804905, 0.08144387, -0.113532394, -0.073984444, 0.18508273, -0.18850051, -0.013070883, -0.01525162, 0.13650668, -0.01829614, 0.050675537, -0.009238311, -0.10776181, -0.10907883, -0.09349875, -0.17482252, -0.1248967, 0.045292925, 0.12666026, 0.009480531, -0.088217154, 0.08457864, -0.07387632, -0.042631328, -0.10550254, -0.06042981, -0.17832421, 0.0821165, 0.074831486, 0.038227044, 0.09448938, 0.081566475, 0.008514588, 0.020381529, 0.014695716, 0.10269093, 0.12927772, 0.13820718, 0.111545146, -0.046921153, -0.008567424, -0.03911017, 0.11195436, 0.021373145, 0.17811967, 0.09760922, -0.16447921, 0.05629785, 0.18492033, 0.17094262, -0.0030243078, 0.06384606, -0.18052812, -0.061353266, 0.09384623, -0.1753149, 0.16766313, -0.12655984, 0.060857035, -0.0072858464, 0.033913016, 0.018645497, -0.17990859, -0.041338302, -0.12164983, 0.16361225, -0.023623165, -0.19162595, 0.04661121, 0.08357535, -0.08615193, -0.018053345, 0.08319817, -0.119743735, -0.10173228, -0.018564949, -0.13514885, 0.118279494, 0.015740717, 0.11514371, 0.10302925, -0.1483139, -0.11995303, -0.13163242, -0.06185363, -0.070325956, -0.031009588, -0.18617633, 0.08127105, 0.109178215, 0.060993813, 0.12229376, 0.14457434], ct.weight, 1e-7);
        Close([-0.18998198, 0.029070567, 0.1785189, -0.13947177, -0.085689306, -0.010134764], ct.bias!, 1e-7);
    }

    [Fact]
    public void ModulesCallTheirFunctionalForms()
    {
        manual_seed(3);
        var conv = nn.Conv2d(3, 4, (3, 2), stride: (2, 1), padding: [1, 0], bias: true);
        var x = X([2, 3, 5, 6], float32);
        var expected = nn.functional.conv2d(x, conv.weight, conv.bias, stride: [2, 1], padding: [1, 0]);
        Assert.True(conv.call(x).equal(expected));
        conv.call(x).sum().backward();
        Assert.Equal([4L, 3, 3, 2], conv.weight.grad!.shape);

        var same = nn.Conv1d(2, 3, 4, padding: "same");
        Assert.Equal([1L, 3, 9], same.call(X([1, 2, 9], float32)).shape);

        var up = nn.ConvTranspose2d(4, 2, 3, stride: 2, padding: 1, output_padding: 1);
        Assert.Equal([1L, 2, 6, 8], up.call(X([1, 4, 3, 4], float32)).shape);
    }

    [Fact]
    public void ReprsArePyTorchs()
    {
        Assert.Equal("Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))", nn.Conv2d(1, 6, 5).ToString());
        Assert.Equal("Conv2d(16, 33, kernel_size=(3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))",
            nn.Conv2d(16, 33, (3, 5), stride: (2, 1), padding: (4, 2), dilation: (3, 1)).ToString());
        Assert.Equal("Conv1d(4, 6, kernel_size=(3,), stride=(1,), padding=same, groups=2, bias=False)",
            nn.Conv1d(4, 6, 3, padding: "same", groups: 2, bias: false).ToString());
        Assert.Equal("Conv2d(2, 2, kernel_size=(3, 3), stride=(1, 1), padding=valid)", nn.Conv2d(2, 2, 3, padding: "valid").ToString());
        Assert.Equal("ConvTranspose2d(4, 6, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))",
            nn.ConvTranspose2d(4, 6, 3, stride: 2, padding: 1, output_padding: 1).ToString());
        Assert.Equal("Sequential(\n  (0): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))\n  (1): ReLU()\n)",
            nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU()).ToString());
    }

    private static readonly Dictionary<string, (Action Call, string Message)> ErrorCases = new()
    {
        ["channels"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 2, 3, 3], float32)), "Given groups=1, weight of size [6, 2, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead"),
        ["input rank"] = (() => nn.functional.conv2d(Pattern([3, 5], 1, 3, 1), W([6, 3, 3, 3], float32)), "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [3, 5]"),
        ["weight rank"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 3], float32)),
            "Expected 3-dimensional input for 3-dimensional weight [6, 3, 3], but got 4-dimensional input of size [1, 3, 5, 5] instead"),
        ["kernel too big"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 7, 3], float32)), "Calculated padded input size per channel: (5 x 5). Kernel size: (7 x 3). Kernel size can't be greater than actual input size"),
        ["bias size"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 3, 3], float32), Pattern([5], 1, 3, 1)), "Given weight of size [6, 3, 3, 3], expected bias to be 1-dimensional with 6 elements, but got bias of size [5] instead"),
        ["stride 0"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 3, 3], float32), stride: [0, 1]), "non-positive stride is not supported"),
        ["negative padding"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 3, 3], float32), padding: [-1, 0]), "negative padding is not supported"),
        ["dilation 0"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 3, 3], float32), dilation: [0, 1]), "dilation should be greater than zero, but got [0, 1]"),
        ["groups 0"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 3, 3], float32), groups: 0), "non-positive groups is not supported"),
        ["groups not dividing out"] = (() => nn.functional.conv2d(X([1, 4, 5, 5], float32), W([3, 2, 3, 3], float32), groups: 2), "Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[3, 2, 3, 3]] instead"),
        ["stride 3 values"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 3, 3], float32), stride: [1, 1, 1]), "expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 1, 1]"),
        ["same strided"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 3, 3], float32), stride: 2, padding: "same"), "padding='same' is not supported for strided convolutions"),
        ["bad padding string"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 3, 3], float32), padding: "full"), "Invalid padding string: 'full'"),
        ["dtype mismatch"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float64), W([6, 3, 3, 3], float32)), "expected scalar type Double but found Float"),
        ["bias dtype mismatch"] = (() => nn.functional.conv2d(X([1, 3, 5, 5], float32), W([6, 3, 3, 3], float32), Pattern([6], 1, 3, 1, float64)), "Input type (float) and bias type (double) should be the same"),
        ["conv1d rank"] = (() => nn.functional.conv1d(X([1, 3, 5, 5], float32), W([6, 3, 3], float32)), "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 3, 5, 5]"),
        ["transpose output_padding"] = (() => nn.functional.conv_transpose2d(X([1, 3, 5, 5], float32), W([3, 2, 3, 3], float32), output_padding: 1), "output padding must be smaller than either stride or dilation, but got output_padding_height: 1 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1"),
        ["transpose channels"] = (() => nn.functional.conv_transpose2d(X([1, 3, 5, 5], float32), W([2, 2, 3, 3], float32)), "Given transposed=1, weight of size [2, 2, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead"),
        ["transpose bias"] = (() => nn.functional.conv_transpose2d(X([1, 3, 5, 5], float32), W([3, 2, 3, 3], float32), Pattern([3], 1, 3, 1)), "Given transposed=1, weight of size [3, 2, 3, 3], expected bias to be 1-dimensional with 2 elements, but got bias of size [3] instead"),
        ["transpose groups"] = (() => nn.functional.conv_transpose2d(X([1, 3, 5, 5], float32), W([3, 2, 3, 3], float32), groups: 2), "Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[3, 2, 3, 3]] instead"),
        ["transpose empty output"] = (() => nn.functional.conv_transpose2d(X([1, 3, 1, 1], float32), W([3, 2, 1, 1], float32), padding: 1), "Given input size per channel: (1 x 1). Calculated output size per channel: (-1 x -1). Output size is too small"),
        ["module groups"] = (() => nn.Conv2d(3, 4, 3, groups: 2), "in_channels must be divisible by groups"),
        ["module out groups"] = (() => nn.Conv2d(4, 3, 3, groups: 2), "out_channels must be divisible by groups"),
        ["module padding string"] = (() => nn.Conv2d(4, 3, 3, padding: "full"), "Invalid padding string 'full', should be one of {'valid', 'same'}"),
        ["module same strided"] = (() => nn.Conv2d(4, 3, 3, stride: 2, padding: "same"), "padding='same' is not supported for strided convolutions"),
        ["module padding_mode"] = (() => nn.Conv2d(4, 3, 3, padding_mode: "mirror"),
            "padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='mirror'"),
    };

    public static TheoryData<string> ErrorCaseNames() => [.. ErrorCases.Keys];

    [Theory]
    [MemberData(nameof(ErrorCaseNames))]
    public void ErrorsArePyTorchs(string name)
    {
        var (call, message) = ErrorCases[name];
        var e = Assert.Throws<ArgumentException>(call);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void UnsupportedCasesSaySo()
    {
        Assert.Equal("Only \"zeros\" padding mode is supported for ConvTranspose2d",
            Assert.Throws<NotSupportedException>(() => nn.ConvTranspose2d(2, 2, 3, padding_mode: "circular")).Message);
        Assert.Contains("float32 and float64",
            Assert.Throws<NotSupportedException>(() => nn.functional.conv2d(X([1, 3, 5, 5], float32).to(int64), W([6, 3, 3, 3], float32).to(int64))).Message);
    }
}
