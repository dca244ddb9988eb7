using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Forward values on known numbers and float64 first/second-order gradient checks, per op.</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class OpGradientTests
{
    public OpGradientTests() => manual_seed(7);

    private static Tensor Positive(params long[] shape) => (rand(shape, dtype: float64) + 0.5).requires_grad_();

    // Each many-op check is a theory with one case per op, named by its first argument, so that a
    // failure names the op.

    private static Tensor X => tensor(new float[] { -1, 0, 0.5f, 2 });

    private static readonly Dictionary<string, Action> UnaryForwardCases = new()
    {
        ["exp"] = () => AssertValues(X.exp(), [0.3679, 1, 1.6487, 7.3891]),
        ["abs"] = () => AssertValues(X.abs(), [1, 0, 0.5, 2]),
        ["sin"] = () => AssertValues(X.sin(), [-0.8415, 0, 0.4794, 0.9093]),
        ["cos"] = () => AssertValues(X.cos(), [0.5403, 1, 0.8776, -0.4161]),
        ["tanh"] = () => AssertValues(X.tanh(), [-0.7616, 0, 0.4621, 0.9640]),
        ["sigmoid"] = () => AssertValues(X.sigmoid(), [0.2689, 0.5, 0.6225, 0.8808]),
        ["relu"] = () => AssertValues(X.relu(), [0, 0, 0.5, 2]),
        ["clamp"] = () => AssertValues(X.clamp(min: 0, max: 1), [0, 0, 0.5, 1]),
        ["neg"] = () => AssertValues(-X, [1, 0, -0.5, -2]),
        ["sqrt"] = () => AssertValues(tensor(new float[] { 1, 4, 9 }).sqrt(), [1, 2, 3]),
        ["log"] = () => AssertValues(tensor(new float[] { 1, (float)Math.E }).log(), [0, 1]),
        ["pow(x, 2)"] = () => AssertValues(X.pow(2), [1, 0, 0.25, 4]),
        ["pow(2, x)"] = () => AssertValues(pow(2.0, X), [0.5, 1, 1.4142, 4]),
        ["sign"] = () => AssertValues(X.sign(), [-1, 0, 1, 1]),
    };

    public static TheoryData<string> UnaryForwardOps => [.. UnaryForwardCases.Keys];

    [Theory, MemberData(nameof(UnaryForwardOps))]
    public void UnaryForwardValues(string op) => UnaryForwardCases[op]();

    private static readonly Dictionary<string, Action> UnaryGradientCases = new()
    {
        ["exp"] = () => CheckGradients(t => t[0].exp(), RandD(3, 2)),
        ["log"] = () => CheckGradients(t => t[0].log(), Positive(4)),
        ["log1p"] = () => CheckGradients(t => t[0].log1p(), Positive(4)),
        ["sqrt"] = () => CheckGradients(t => t[0].sqrt(), Positive(4)),
        ["sin"] = () => CheckGradients(t => t[0].sin(), RandD(5)),
        ["cos"] = () => CheckGradients(t => t[0].cos(), RandD(5)),
        ["tanh"] = () => CheckGradients(t => t[0].tanh(), RandD(5)),
        ["sigmoid"] = () => CheckGradients(t => t[0].sigmoid(), RandD(5)),
        ["reciprocal"] = () => CheckGradients(t => t[0].reciprocal(), Positive(5)),
        ["neg"] = () => CheckGradients(t => -t[0], RandD(5)),
        ["abs"] = () => CheckGradients(t => t[0].abs() * 1.5, tensor(new double[] { -2, -0.5, 0.7, 3 }, requires_grad: true)),
        ["relu"] = () => CheckGradients(t => t[0].relu() * t[0], tensor(new double[] { -2, -0.5, 0.7, 3 }, requires_grad: true)),
        ["clamp"] = () => CheckGradients(t => t[0].clamp(min: -1, max: 1) * t[0], tensor(new double[] { -2, -0.5, 0.7, 3 }, requires_grad: true)),
        ["pow(x, 3)"] = () => CheckGradients(t => t[0].pow(3.0), RandD(4)),
        ["pow(x, -1.5)"] = () => CheckGradients(t => t[0].pow(-1.5), Positive(4)),
        ["pow(2.5, x)"] = () => CheckGradients(t => pow(2.5, t[0]), RandD(4)),
    };

    public static TheoryData<string> UnaryGradientOps => [.. UnaryGradientCases.Keys];

    [Theory, MemberData(nameof(UnaryGradientOps))]
    public void UnaryGradients(string op) => UnaryGradientCases[op]();

    private static readonly Dictionary<string, Action> BinaryGradientCases = new()
    {
        ["add"] = () => CheckGradients(t => t[0] + t[1], RandD(2, 3), RandD(3)),
        ["sub"] = () => CheckGradients(t => t[0] - t[1], RandD(2, 1), RandD(1, 3)),
        ["mul"] = () => CheckGradients(t => t[0] * t[1], RandD(4, 1, 2), RandD(3, 1)),
        ["div"] = () => CheckGradients(t => t[0] / t[1], RandD(2, 3), Positive(3)),
        ["pow(x, y)"] = () => CheckGradients(t => t[0].pow(t[1]), Positive(2, 3), RandD(3)),
        ["rsub, mul and div by scalars"] = () => CheckGradients(t => 3.0 - t[0] * 2.0 + 1.0 / t[1], RandD(3), Positive(3)),
        ["maximum and minimum"] = () => CheckGradients(t => maximum(t[0], t[1]) + minimum(t[0], t[1]) * 2.0, RandD(2, 3), RandD(3)),
        ["where"] = () => CheckGradients(t => where(t[0] > 0.0, t[0] * t[1], t[1]), RandD(3, 2), RandD(2)),
        ["add and sub with alpha"] = () => CheckGradients(t => t[0].add(t[1], alpha: 2.5).sub(t[1], alpha: 0.5), RandD(3), RandD(3)),
    };

    public static TheoryData<string> BinaryGradientOps => [.. BinaryGradientCases.Keys];

    [Theory, MemberData(nameof(BinaryGradientOps))]
    public void BinaryGradientsWithBroadcasting(string op) => BinaryGradientCases[op]();

    private static readonly Dictionary<string, Action> ReductionGradientCases = new()
    {
        ["sum()"] = () => CheckGradients(t => t[0].sum(), RandD(2, 3)),
        ["sum(dim)"] = () => CheckGradients(t => t[0].sum(1), RandD(2, 3)),
        ["sum(dim, keepdim)"] = () => CheckGradients(t => t[0].sum(0, keepdim: true) * t[0], RandD(2, 3)),
        ["sum(dims)"] = () => CheckGradients(t => t[0].sum(new long[] { 0, 2 }), RandD(2, 3, 4)),
        ["mean()"] = () => CheckGradients(t => t[0].mean(), RandD(2, 3)),
        ["mean(dim, keepdim)"] = () => CheckGradients(t => t[0].mean(-1, keepdim: true) * t[0], RandD(2, 3)),
    };

    public static TheoryData<string> ReductionGradientOps => [.. ReductionGradientCases.Keys];

    [Theory, MemberData(nameof(ReductionGradientOps))]
    public void ReductionGradients(string op) => ReductionGradientCases[op]();

    [Fact]
    public void ReductionValuesAndDtypes()
    {
        AssertValues(tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).sum(0), [5, 7, 9]);
        AssertValues(tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).sum(1), [6, 15]);
        AssertValues(tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).mean(), [3.5]);
        Assert.Equal(ScalarType.Int64, tensor(new long[] { 1, 2 }).sum().dtype);
        Assert.Equal("tensor(3)", tensor(new[] { true, true, false, true }).sum().ToString());
    }

    private static readonly Dictionary<string, Action> LinearAlgebraGradientCases = new()
    {
        ["mm(t[0], t[1])"] = () => CheckGradients(t => mm(t[0], t[1]), RandD(2, 3), RandD(3, 4)),
        ["mm(t[0].t(), t[1])"] = () => CheckGradients(t => mm(t[0].t(), t[1]), RandD(3, 2), RandD(3, 4)),
        ["mv(t[0], t[1])"] = () => CheckGradients(t => mv(t[0], t[1]), RandD(2, 3), RandD(3)),
        ["dot(t[0], t[1])"] = () => CheckGradients(t => dot(t[0], t[1]), RandD(3), RandD(3)),
        ["matmul(t[0], t[1]) on RandD(2, 2, 3), RandD(3, 2)"] = () => CheckGradients(t => matmul(t[0], t[1]), RandD(2, 2, 3), RandD(3, 2)),
        ["matmul(t[0], t[1]) on RandD(2, 1, 2, 3), RandD(3, 3, 2)"] = () => CheckGradients(t => matmul(t[0], t[1]), RandD(2, 1, 2, 3), RandD(3, 3, 2)),
        ["bmm(t[0], t[1].transpose(1, 2))"] = () => CheckGradients(t => bmm(t[0], t[1].transpose(1, 2)), RandD(2, 2, 3), RandD(2, 4, 3)),
        ["matmul(t[0], t[1]) on RandD(3), RandD(2, 3, 2)"] = () => CheckGradients(t => matmul(t[0], t[1]), RandD(3), RandD(2, 3, 2)),
    };

    public static TheoryData<string> LinearAlgebraGradientOps => [.. LinearAlgebraGradientCases.Keys];

    /// <summary>One case per op, named by its expression.</summary>
    [Theory, MemberData(nameof(LinearAlgebraGradientOps))]
    public void LinearAlgebraGradients(string op) => LinearAlgebraGradientCases[op]();

    [Fact]
    public void LinearAlgebraValues()
    {
        var a = tensor(new float[,] { { 1, 2 }, { 3, 4 } });
        var b = tensor(new float[,] { { 5, 6 }, { 7, 8 } });
        Assert.Equal("tensor([[19., 22.],\n        [43., 50.]])", mm(a, b).ToString());
        Assert.Equal("tensor([[26., 30.],\n        [38., 44.]])", mm(a.t(), b).ToString());
        Assert.Equal("tensor([17., 39.])", mv(a, tensor(new float[] { 5, 6 })).ToString());
        Assert.Equal("tensor(70.)", dot(tensor(new float[] { 1, 2, 3, 4 }), tensor(new float[] { 5, 6, 7, 8 })).ToString());
        Assert.Equal(new long[] { 3, 2, 5 }, matmul(randn(3, 2, 4), randn(4, 5)).shape);
        Assert.Equal(new long[] { 3, 2, 5 }, matmul(randn(1, 2, 4), randn(3, 4, 5)).shape);
        Assert.Equal(new long[] { 2 }, matmul(randn(4), randn(4, 2)).shape);
    }

    [Fact]
    public void ShapeOpsAreViewsWithGradients()
    {
        var x = arange(6.0).reshape(2, 3);
        Assert.Equal("tensor([[0., 1., 2.],\n        [3., 4., 5.]])", x.ToString());
        var v = x.view(3, 2);
        v.add_(1.0);
        Assert.Equal("tensor([[1., 2., 3.],\n        [4., 5., 6.]])", x.ToString()); // shared storage
        Assert.Equal("tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])", x.t().ToString());
        Assert.False(x.t().is_contiguous());
        Assert.Equal(new long[] { 2, 1, 3 }, x.unsqueeze(1).shape);
        Assert.Equal(new long[] { 2, 3 }, x.unsqueeze(0).squeeze().shape);
        Assert.Equal(new long[] { 4, 2, 3 }, x.expand(4, -1, -1).shape);
        Assert.Equal(new long[] { 3, 2 }, x.permute(1, 0).shape);
        Assert.Equal(new long[] { 6 }, x.flatten().shape);
        Assert.Equal("tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])", x.t().contiguous().ToString());
        Assert.Equal("tensor([1., 4., 2., 5., 3., 6.])", x.t().reshape(-1).ToString());

        CheckGradients(t => t[0].reshape(3, 2) * t[1], RandD(2, 3), RandD(2));
        CheckGradients(t => t[0].t().reshape(-1), RandD(2, 3));
        CheckGradients(t => t[0].view(6), RandD(2, 3));
        CheckGradients(t => t[0].transpose(0, 2), RandD(2, 3, 4));
        CheckGradients(t => t[0].permute(2, 0, 1) * 2.0, RandD(2, 3, 4));
        CheckGradients(t => t[0].unsqueeze(1).expand(2, 3, 4), RandD(2, 4));
        CheckGradients(t => t[0].squeeze(), RandD(2, 1, 3));
        CheckGradients(t => t[0].flatten(1), RandD(2, 3, 4));
        CheckGradients(t => t[0].select(1, 2), RandD(2, 3, 4));
        CheckGradients(t => t[0].narrow(0, 1, 2) * t[0].slice(0, null, null, 2).sum(), RandD(4, 2));
        CheckGradients(t => cat([t[0], t[1] * 2.0], 1), RandD(2, 3), RandD(2, 2));
        CheckGradients(t => stack([t[0], t[1]], 1), RandD(2, 3), RandD(2, 3));
        CheckGradients(t => t[0].clone() * t[0].to(float64), RandD(3));
    }

    [Fact]
    public void ComparisonsGiveBoolTensors()
    {
        var x = tensor(new float[] { -1, 0, 2 });
        Assert.Equal("tensor([False, False,  True])", (x > 0).ToString());
        Assert.Equal("tensor([ True,  True, False])", (1 > x).ToString());
        Assert.Equal("tensor([False,  True, False])", (x == 0).ToString());
        Assert.Equal("tensor([ True, False,  True])", (x != 0).ToString());
        Assert.Equal("tensor([ True,  True, False])", x.le(tensor(new float[] { 0, 0, 0 })).ToString());
        Assert.Equal("tensor([False,  True, False])", (~(x != 0)).ToString());
        Assert.Equal("tensor([False, False,  True])", ((x > -1) & (x > 0)).ToString());
        Assert.True(equal(x, x.clone()));
        Assert.False(equal(x, x.unsqueeze(0)));
        Assert.True(allclose(x, x + 1e-9));
        Assert.False((x > 5).any().item<bool>());
        Assert.True((x > -5).all().item<bool>());
    }

    [Fact]
    public void CatAndStackValues()
    {
        var a = tensor(new float[,] { { 1, 2 } });
        var b = tensor(new float[,] { { 3, 4 } });
        Assert.Equal("tensor([[1., 2.],\n        [3., 4.]])", cat([a, b]).ToString());
        Assert.Equal("tensor([[1., 2., 3., 4.]])", cat([a, b], 1).ToString());
        Assert.Equal(new long[] { 1, 2, 2 }, stack([a, b], 1).shape);
    }

    [Fact]
    public void TypePromotion()
    {
        var i = tensor(new long[] { 1, 2 });
        var f = tensor(new float[] { 1, 2 });
        var d = tensor(new double[] { 1, 2 });
        Assert.Equal(ScalarType.Int64, (i + 2).dtype);
        Assert.Equal(ScalarType.Float32, (i + 2.5).dtype);
        Assert.Equal(ScalarType.Float32, (f + 2.5).dtype);
        Assert.Equal(ScalarType.Float32, (f * 2).dtype);
        Assert.Equal(ScalarType.Float64, (f + d).dtype);
        Assert.Equal(ScalarType.Float32, (i + f).dtype);
        Assert.Equal(ScalarType.Float32, (i / 2).dtype);
        Assert.Equal(ScalarType.Float32, (f + tensor(1.0)).dtype); // 0-dim does not promote a dimensioned tensor
        Assert.Equal(ScalarType.Int64, (tensor(new[] { true }) + 1).dtype);
        Assert.Equal("tensor([1.5000, 2.5000], dtype=torch.float64)", (d + 0.5).ToString());
        Assert.Equal("tensor([3, 4])", (i + 2).ToString());
        // Two 0-dim operands that both need converting keep their own values.
        Assert.Equal("tensor(1.5000)", (tensor(1L) + 0.5).ToString());
        Assert.Equal("tensor(-1.5000)", (0.5 - tensor(2L)).ToString());
    }

    [Fact]
    public void InPlaceOpsAndCompoundAssignment()
    {
        var w = ones(3, requires_grad: true);
        var e = Assert.Throws<InvalidOperationException>(() => w.add_(1.0));
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.", e.Message);
        var before = w;
        using (no_grad())
        {
            w -= 0.5 * ones(3);
            w *= 4;
            w += 1;
            w /= 2;
        }
        Assert.Same(before, w);
        Assert.True(w.is_leaf);
        Assert.Equal("tensor([1.5000, 1.5000, 1.5000], requires_grad=True)", w.ToString());

        // A non-leaf takes the in-place op into its history.
        var x = RandD(3);
        var y = x * 2.0;
        y.mul_(x);
        Assert.Equal("MulBackward0", y.grad_fn!.name());
        y.sum().backward();
        Assert.True(allclose(x.grad!, 4.0 * x.detach()));

        var r = RandD(3) * 1.0;
        r.relu_();
        Assert.Equal("ReluBackward0", r.grad_fn!.name());

        var z = zeros(2, 2);
        z.fill_(3);
        z.clamp_(max: 2);
        Assert.Equal("tensor([[2., 2.],\n        [2., 2.]])", z.ToString());
        z.copy_(tensor(new float[] { 1, 2 }));
        Assert.Equal("tensor([[1., 2.],\n        [1., 2.]])", z.ToString());
        var ints = tensor(new long[] { 1 });
        var castError = Assert.Throws<InvalidOperationException>(() => ints.add_(1.5));
        Assert.Equal("result type Float can't be cast to the desired output type Long", castError.Message);
    }

    [Fact]
    public void ModifiedSavedTensorIsDetected()
    {
        var a = ones(2, 2, requires_grad: true);
        var b = a * 2;
        var c = b * b;
        b.add_(1.0);
        var e = Assert.Throws<InvalidOperationException>(() => c.sum().backward());
        Assert.Equal(
            "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2, 2]], which is output 0 of AddBackward0, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).",
            e.Message);
    }
}

[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class LargeElementwiseTests
{
    [Theory]
    [InlineData(65_536 * 3 + 17)]
    [InlineData(1_000_003)]
    public void ParallelChunksMatchElementByElement(int n)
    {
        manual_seed(3);
        var a = randn(n);
        var b = randn(n);
        var sum = (a + b).ToArray<float>();
        var scaled = (2.0 - a).ToArray<float>();
        var e = a.exp().ToArray<float>();
        var av = a.ToArray<float>();
        var bv = b.ToArray<float>();
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(av[i] + bv[i], sum[i]);
            Assert.Equal(2f - av[i], scaled[i]);
            Assert.True(Math.Abs(e[i] - MathF.Exp(av[i])) <= 1e-6f * MathF.Exp(av[i]) + 1e-7f, $"exp at {i}");
        }
    }

    [Fact]
    public void ProductNodesSaveOnlyWhatTheOtherGradientReads()
    {
        var a = randn(3, dtype: float64, requires_grad: true);
        var m = randn(2, 3, dtype: float64, requires_grad: true);
        var b1 = randn(2, 3, 4, dtype: float64, requires_grad: true);
        var b2 = randn(2, 4, 5, dtype: float64, requires_grad: true);
        Assert.Equal("DotBackward0", a.dot(a.detach()).grad_fn!.name());
        Assert.Equal("MvBackward0", m.mv(a).grad_fn!.name());
        Assert.Equal("BmmBackward0", b1.bmm(b2).grad_fn!.name());
        Assert.True(autograd.gradgradcheck((x, y) => x.dot(y), [a, randn(3, dtype: float64, requires_grad: true)]));
        Assert.True(autograd.gradgradcheck((x, y) => x.mv(y), [m, a]));
        Assert.True(autograd.gradgradcheck((x, y) => x.bmm(y), [b1, b2]));

        // Only the operand that needs no gradient is saved: changing the one that needs it in
        // place afterwards is no error, as in PyTorch.
        var c = randn(3, dtype: float64);
        var y2 = a.dot(c);
        using (no_grad()) a.add_(1.0);
        y2.backward();
        Assert.Equal(c.ToArray<double>(), a.grad!.ToArray<double>());
    }
}
