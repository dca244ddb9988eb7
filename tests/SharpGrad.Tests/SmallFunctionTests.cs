using System.Runtime.InteropServices;
using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>norm, isclose, logspace, frombuffer, tolist.</summary>
public class SmallFunctionTests
{
    [Fact]
    public void NormValues()
    {
        var v = tensor(new double[] { 3, -4 });
        Assert.Equal(5.0, v.norm().item());
        Assert.Equal(5.0, v.norm("fro").item());
        Assert.Equal(7.0, v.norm(1).item());
        Assert.Equal(4.0, v.norm(double.PositiveInfinity).item());
        Assert.Equal(3.0, v.norm(double.NegativeInfinity).item());
        Assert.Equal(2.0, tensor(new double[] { 3, 0, -4 }).norm(0).item());
        Assert.Equal(Math.Pow(91, 1.0 / 3), v.norm(3).item(), 12);
        Assert.Equal(0.0, zeros(3).norm().item());

        var m = tensor(new double[,] { { 1, 2 }, { 3, 4 } });
        AssertValues(m.norm(dim: 1), [Math.Sqrt(5), 5], 1e-12);
        AssertValues(torch.norm(m, 1, dim: 0), [4, 6]);
        Assert.Equal(new long[] { 2, 1 }, m.norm(2, dim: 1, keepdim: true).shape);
        Assert.Equal(new long[] { 1, 1 }, m.norm(keepdim: true).shape);
        Assert.Equal(Math.Sqrt(30), m.norm("fro", [0, 1]).item(), 12);
        Assert.Equal(Math.Sqrt(30), m.norm(2, [0, 1]).item(), 12);
        Assert.Equal("tensor(5.)", tensor(new float[] { 3, 4 }).norm().ToString());
    }

    [Fact]
    public void NormGradients()
    {
        foreach (var p in new[] { 2.0, 1.0, 3.0, 1.5, double.PositiveInfinity })
        {
            Assert.True(autograd.gradcheck(t => t[0].norm(p), [RandD(5)]), $"p = {p}");
            Assert.True(autograd.gradcheck(t => t[0].norm(p, dim: 1), [RandD(3, 4)]), $"p = {p}, dim 1");
        }
        Assert.True(autograd.gradcheck(t => t[0].norm("fro", [0, 1], keepdim: true), [RandD(2, 3)]));
        Assert.True(autograd.gradgradcheck(t => t[0].norm(), [RandD(4)]));
        Assert.True(autograd.gradgradcheck(t => t[0].norm(3, dim: 0), [RandD(3, 2)]));

        // The gradient of ‖x‖₂ is x/‖x‖.
        var x = tensor(new double[] { 3, -4 }, requires_grad: true);
        x.norm().backward();
        AssertValues(x.grad!, [0.6, -0.8], 1e-12);
    }

    [Fact]
    public void NormGradientAtZeroIsZero()
    {
        foreach (var p in new[] { 2.0, 1.0, 3.0, 0.5, double.PositiveInfinity, 0.0 })
        {
            var x = zeros(3, dtype: float64, requires_grad: true);
            x.norm(p).backward();
            AssertValues(x.grad!, [0, 0, 0], 0);
        }
        // p < 1: a zero element gets gradient 0 while the others get sgn(x)·|x|^(p-1)·‖x‖^(1-p).
        var z = tensor(new double[] { 0, 2, -3 }, requires_grad: true);
        var half = z.norm(0.5);
        double expectedNorm = Math.Pow(Math.Sqrt(2) + Math.Sqrt(3), 2);
        Assert.Equal(expectedNorm, half.item(), 12);
        half.backward();
        AssertValues(z.grad!, [0, Math.Pow(2, -0.5) * Math.Sqrt(expectedNorm), -Math.Pow(3, -0.5) * Math.Sqrt(expectedNorm)], 1e-12);
        Assert.True(autograd.gradcheck(t => t[0].norm(0.5), [tensor(new double[] { 0.5, 2, -3 }, requires_grad: true)]));

        // One row of zeros among others: only that row's gradient is masked.
        var m = tensor(new double[,] { { 0, 0 }, { 3, 4 } }, requires_grad: true);
        m.norm(dim: 1).sum().backward();
        AssertValues(m.grad!, [0, 0, 0.6, 0.8], 1e-12);
        Assert.True(autograd.gradcheck(t => t[0].norm(dim: 1), [tensor(new double[,] { { 0, 0 }, { 1, 2 } }, requires_grad: true)]));
    }

    [Fact]
    public void NormErrors()
    {
        Assert.Equal("linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long",
            Assert.Throws<InvalidOperationException>(() => tensor(new long[] { 1, 2 }).norm()).Message);
        Assert.Equal("norm: unknown p \"abc\"; use \"fro\", \"nuc\" or a number",
            Assert.Throws<NotSupportedException>(() => ones(2, 2).norm("abc")).Message);
        Assert.Equal("norm: p = -1 is not supported; use p >= 0, inf or -inf",
            Assert.Throws<NotSupportedException>(() => ones(2).norm(-1)).Message);
    }

    [Fact]
    public void IsClose()
    {
        var a = tensor(new[] { 1.0, 1 + 1e-6, double.PositiveInfinity, double.NaN, 1.0, double.PositiveInfinity, 1.0 });
        var b = tensor(new[] { 1.0, 1.0, double.PositiveInfinity, double.NaN, 1.1, 1.0, double.PositiveInfinity });
        Assert.Equal("tensor([ True,  True,  True, False, False, False, False])", isclose(a, b).ToString());
        Assert.Equal("tensor([ True,  True,  True,  True, False, False, False])", isclose(a, b, equal_nan: true).ToString());
        Assert.Equal("tensor([ True,  True,  True, False,  True, False, False])", isclose(a, b, rtol: 0.2).ToString());
        Assert.Equal("tensor([[True, True]])", isclose(tensor(new float[,] { { 1, 2 } }), tensor(new double[] { 1, 2.00001 })).ToString());
        Assert.Equal("rtol must be greater than or equal to zero, but got -1",
            Assert.Throws<ArgumentException>(() => isclose(a, b, rtol: -1)).Message);
        Assert.Equal("atol must be greater than or equal to zero, but got -0.5",
            Assert.Throws<ArgumentException>(() => isclose(a, b, atol: -0.5)).Message);
    }

    [Fact]
    public void Logspace()
    {
        Assert.Equal("tensor([   1.,   10.,  100., 1000.])", logspace(0, 3, 4).ToString());
        Assert.Equal("tensor([1., 2., 4., 8.], dtype=torch.float64)", logspace(0, 3, 4, @base: 2, dtype: float64).ToString());
        Assert.Equal("tensor([100.])", logspace(2, 5, 1).ToString());
        Assert.Equal("tensor([])", logspace(0, 1, 0).ToString());
        AssertValues(logspace(-1, 1, 5, dtype: float64), [0.1, Math.Pow(10, -0.5), 1, Math.Pow(10, 0.5), 10], 1e-15);
        Assert.Equal("number of steps must be non-negative", Assert.Throws<ArgumentException>(() => logspace(0, 1, -1)).Message);
    }

    /// <summary>libtorch's numbers: tools/TorchOracle script Newcomer.</summary>
    [Fact]
    public void LogspaceAndNormMatchLibtorch()
    {
        Assert.Equal([0.10000000149011612, 0.3162277638912201, 1, 3.1622776985168457, 10],
            logspace(-1, 1, 5).ToArray<float>().Select(v => (double)v));
        Assert.Equal([1, 1.4142135381698608, 2, 2.8284270763397217, 4, 5.656854152679443, 8],
            logspace(0, 3, 7, @base: 2).ToArray<float>().Select(v => (double)v));
        Assert.Equal([0.1, 0.31622776601683794, 1, 3.1622776601683795, 10], logspace(-1, 1, 5, dtype: float64).ToArray<double>());
        var v = tensor(new float[] { 0.1f, -2.5f, 3.7f, 1e-3f });
        Assert.Equal(4.466542720794678, (double)v.norm().item<float>());
        Assert.Equal(4.046926975250244, (double)v.norm(3).item<float>());
        Assert.Equal(6.301000118255615, (double)v.norm(1).item<float>());
        Assert.Equal(14.841972351074219, (double)v.norm(0.5).item<float>());
    }

    [Fact]
    public void FromBuffer()
    {
        var floats = MemoryMarshal.AsBytes(new float[] { 1.5f, -2, 3 }.AsSpan()).ToArray();
        Assert.Equal("tensor([ 1.5000, -2.0000,  3.0000])", frombuffer(floats, float32).ToString());
        Assert.Equal("tensor([-2.,  3.])", frombuffer(floats, float32, offset: 4).ToString());
        Assert.Equal("tensor([-2.])", frombuffer(floats, float32, count: 1, offset: 4).ToString());
        var longs = MemoryMarshal.AsBytes(new long[] { 7, -1 }.AsSpan()).ToArray();
        Assert.Equal("tensor([ 7, -1])", frombuffer(longs, int64).ToString());
        Assert.Equal("tensor([2.5000], dtype=torch.float64)", frombuffer(BitConverter.GetBytes(2.5), float64).ToString());
        Assert.Equal("tensor([ True, False,  True])", frombuffer([1, 0, 1], @bool).ToString());
        Assert.True(frombuffer(floats, float32, requires_grad: true).requires_grad);
        // A copy: changing the buffer afterwards leaves the tensor as it was.
        var t = frombuffer(floats, float32);
        floats[0] = 0;
        Assert.Equal(1.5f, t[0].item<float>());
    }

    [Fact]
    public void FromBufferErrors()
    {
        var bytes = new byte[10];
        string Error(Action a) => Assert.Throws<ArgumentException>(a).Message;
        Assert.Equal("both buffer length (0) and count (-1) must not be 0", Error(() => frombuffer([], float32)));
        Assert.Equal("both buffer length (10) and count (0) must not be 0", Error(() => frombuffer(bytes, float32, count: 0)));
        Assert.Equal("offset (10 bytes) must be non-negative and no greater than buffer length (10 bytes) minus 1",
            Error(() => frombuffer(bytes, float32, offset: 10)));
        Assert.Equal("offset (-1 bytes) must be non-negative and no greater than buffer length (10 bytes) minus 1",
            Error(() => frombuffer(bytes, float32, offset: -1)));
        Assert.Equal("buffer length (10 bytes) after offset (0 bytes) must be a multiple of element size (4)",
            Error(() => frombuffer(bytes, float32)));
        Assert.Equal("requested buffer length (3 * 4 bytes) after offset (0 bytes) must not be greater than actual buffer length (10 bytes)",
            Error(() => frombuffer(bytes, float32, count: 3)));
    }

    [Fact]
    public void ToListGivesPythonsValues()
    {
        Assert.Equal(2.5, tensor(2.5).tolist());
        Assert.Equal((double)0.1f, tensor(0.1f).tolist());
        Assert.Equal(3L, tensor(3L).tolist());
        Assert.Equal(true, tensor(new[] { true })[0].tolist());
        var nested = (List<object>)tensor(new long[,] { { 1, 2, 3 }, { 4, 5, 6 } }).tolist();
        Assert.Equal(2, nested.Count);
        Assert.Equal(new List<object> { 4L, 5L, 6L }, (List<object>)nested[1]);
        Assert.Equal("[[1, 2, 3], [4, 5, 6]]", Printing.PythonStr.Str(nested));
        Assert.Equal("[[0.5, 1.0]]", Printing.PythonStr.Str(tensor(new float[,] { { 0.5f, 1 } }).tolist()));
        // A transposed view lists in its own order.
        Assert.Equal("[[1, 4], [2, 5], [3, 6]]", Printing.PythonStr.Str(tensor(new long[,] { { 1, 2, 3 }, { 4, 5, 6 } }).t().tolist()));
        Assert.Equal("[]", Printing.PythonStr.Str(zeros(0).tolist()));
        Assert.Equal("[[], []]", Printing.PythonStr.Str(zeros(2, 0).tolist()));
    }
}

[Collection("Global state")] // anomaly mode is process-wide
public class AnomalyCheckNanTests
{
    [Fact]
    public void DetectAnomalyWithAndWithoutNanChecks()
    {
        Assert.False(is_anomaly_enabled());
        Assert.True(is_anomaly_check_nan_enabled());
        using (autograd.detect_anomaly())
        {
            Assert.True(is_anomaly_enabled());
            Assert.True(autograd.is_anomaly_check_nan_enabled());
            var x = tensor(-1.0, requires_grad: true);
            var e = Assert.Throws<InvalidOperationException>(() => x.sqrt().backward());
            Assert.StartsWith("Function 'SqrtBackward0' returned nan values in its 0th output.", e.Message);
        }
        using (autograd.detect_anomaly(check_nan: false))
        {
            Assert.True(autograd.is_anomaly_enabled());
            Assert.False(is_anomaly_check_nan_enabled());
            var x = tensor(-1.0, requires_grad: true);
            x.sqrt().backward();
            Assert.True(double.IsNaN(x.grad!.item()));
        }
        Assert.False(is_anomaly_enabled());
        Assert.True(is_anomaly_check_nan_enabled());
        autograd.set_detect_anomaly(true, check_nan: false);
        try
        {
            Assert.True(is_anomaly_enabled());
            Assert.False(is_anomaly_check_nan_enabled());
        }
        finally
        {
            autograd.set_detect_anomaly(false);
        }
        Assert.True(is_anomaly_check_nan_enabled());
    }

    [Fact]
    public void LinspaceOfOneStepIsStart()
    {
        Assert.Equal(new[] { 2f }, linspace(2, 5, 1).ToArray<float>());
        Assert.Equal(new[] { 2.0 }, linspace(2, 5, 1, dtype: float64).ToArray<double>());
        Assert.Equal(new[] { 2L }, linspace(2, 5, 1, dtype: int64).ToArray<long>());
        Assert.Equal(new[] { 2f, 3.5f, 5f }, linspace(2, 5, 3).ToArray<float>());
    }
}
