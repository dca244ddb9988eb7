using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Porting Python as written: f-strings, float(t), torch.Size, print.</summary>
public class PortingPythonTests
{
    [Fact]
    public void OneElementTensorFormatsItsValue()
    {
        var loss = tensor(0.123456f);
        Assert.Equal("0.1235", $"{loss:F4}");
        Assert.Equal("loss 0.12 after 7 steps", $"loss {tensor(new double[] { 0.123456 }):F2} after {tensor(7L):D} steps");
        Assert.Equal("1.23E+004", $"{tensor(12345.0):0.00E+000}");
        // No format: the repr, as Python's f"{t}".
        Assert.Equal("tensor(0.1235)", $"{loss}");
        Assert.Equal("tensor([1., 2.])", $"{tensor(new float[] { 1, 2 })}");
    }

    [Fact]
    public void FormatStringOnALargerTensorThrows()
    {
        var t = ones(2, 3);
        var e = Assert.Throws<FormatException>(() => $"{t:F4}");
        Assert.Equal("unsupported format string passed to Tensor.__format__", e.Message);
    }

    [Fact]
    public void ExplicitConversionsOfOneElementTensors()
    {
        Assert.Equal(2.5f, (float)tensor(2.5f));
        Assert.Equal(0.1, (double)tensor(new double[,] { { 0.1 } }));
        Assert.Equal((double)0.1f, (double)tensor(0.1f));
        Assert.Equal(-2L, (long)tensor(-2.7));   // truncates toward zero, as Python's int()
        Assert.Equal(7L, (long)tensor(7L));
        Assert.True((bool)tensor(0.5));
        Assert.False((bool)tensor(new[] { false }));
        var x = tensor(3.0, requires_grad: true);
        Assert.Equal(9.0, (double)(x * x));
    }

    [Fact]
    public void ConversionOfALargerTensorFails()
    {
        var t = ones(2, 3);
        Assert.Equal("a Tensor with 6 elements cannot be converted to Scalar",
            Assert.Throws<InvalidOperationException>(() => (float)t).Message);
        Assert.Equal("a Tensor with 6 elements cannot be converted to Scalar",
            Assert.Throws<InvalidOperationException>(() => (double)t).Message);
        Assert.Equal("a Tensor with 6 elements cannot be converted to Scalar",
            Assert.Throws<InvalidOperationException>(() => (long)t).Message);
        Assert.Equal("Boolean value of Tensor with more than one value is ambiguous",
            Assert.Throws<InvalidOperationException>(() => (bool)t).Message);
        Assert.Equal("Boolean value of Tensor with no values is ambiguous",
            Assert.Throws<InvalidOperationException>(() => (bool)zeros(0)).Message);
    }

    [Fact]
    public void SizeIsAReadOnlyListOfLong()
    {
        var t = zeros(2, 3);
        Size size = t.size();
        Assert.Equal("torch.Size([2, 3])", size.ToString());
        Assert.Equal("torch.Size([])", tensor(1.0).size().ToString());
        Assert.Equal(2, size.Count);
        Assert.Equal(2L, size[0]);
        Assert.Equal(3L, size[-1]);
        Assert.Equal(6L, size.numel());
        Assert.Equal([2L, 3L], size.ToList());
        long[] asArray = size;
        Assert.Equal(new long[] { 2, 3 }, asArray);
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(3L, t.size(1));
        Assert.Equal("tensor([[0., 0.],\n        [0., 0.],\n        [0., 0.]])", zeros(size.ToArray().Reverse().ToArray()).ToString());
        Assert.Equal(new long[] { 2, 3 }, ones(t.size()).shape);
        Assert.True(size == zeros(2, 3).size());
        Assert.True(size == new long[] { 2, 3 });
        Assert.True(size != new long[] { 3, 2 });
        Assert.False(size == new Size(2, 3, 1));
        Assert.True(size.Equals(new long[] { 2, 3 }));
        Assert.Equal(new Size(2, 3).GetHashCode(), size.GetHashCode());
        var (rows, cols) = t.size();
        Assert.Equal((2L, 3L), (rows, cols));
        Assert.Equal("tuple index out of range", Assert.Throws<IndexOutOfRangeException>(() => size[2]).Message);
        Assert.Equal("too many values to unpack (expected 2)",
            Assert.Throws<ArgumentException>(() => { var (a, b) = zeros(1, 2, 3).size(); }).Message);
        Assert.Equal("not enough values to unpack (expected 3, got 2)",
            Assert.Throws<ArgumentException>(() => { var (a, b, c) = size; }).Message);
    }

    static string Printed(params object?[] values)
    {
        var original = Console.Out;
        var writer = new StringWriter();
        lock (ConsoleLock.Instance)
        {
            Console.SetOut(writer);
            try { print(values); }
            finally { Console.SetOut(original); }
        }
        return writer.ToString();
    }

    [Fact]
    public void PrintWritesWhatPythonsPrintWrites()
    {
        Assert.Equal("None True False\n", Printed(null, true, false));
        Assert.Equal("0.1 1.0 1e-05 0.10000000149011612 1e+16 -0.0 inf nan 2.5\n",
            Printed(0.1, 1.0, 1e-5, 0.1f, 1e16, -0.0, double.PositiveInfinity, double.NaN, 2.5f));
        Assert.Equal("torch.float32 torch.int64\n", Printed(float32, int64));
        Assert.Equal("torch.Size([2, 3]) torch.Size([2, 3])\n", Printed(zeros(2, 3).size(), zeros(2, 3).shape));
        Assert.Equal("(1, 'a', 0.5) (None,)\n", Printed((1, "a", 0.5), ValueTuple.Create<object?>(null)));
        Assert.Equal("[1, 2] ['x', \"it's\"] [0.5, None]\n", Printed(new List<int> { 1, 2 }, new[] { "x", "it's" }, new object?[] { 0.5, null }));
        Assert.Equal("{'a': 1}\n", Printed(new Dictionary<string, int> { ["a"] = 1 }));
        Assert.Equal("loss: tensor([1., 2.], requires_grad=True) 3\n", Printed("loss:", tensor(new float[] { 1, 2 }, requires_grad: true), 3L));
        Assert.Equal("\n", Printed());
        Assert.Equal("None\n", Printed((object?)null));
    }
}

/// <summary>Tests that redirect the console take this lock.</summary>
internal sealed class ConsoleLock
{
    public static readonly object Instance = new();
}
