using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class ReductionTests
{
    private static Tensor Grid() => tensor(new float[,] { { 1, 5, 5 }, { 7, 2, 7 } });

    private static long[] Longs(Tensor t) => t.reshape(-1).ToArray<long>();

    // ------------------------------------------------------------------ max / min

    [Fact]
    public void MaxMinOfAllElements()
    {
        var x = Grid();
        Assert.Equal("tensor(7.)", x.max().ToString());
        Assert.Equal("tensor(1.)", x.min().ToString());
        Assert.Equal("tensor(7.)", torch.max(x).ToString());
        Assert.Empty(x.max().shape);

        var i = tensor(new long[] { 3, -9, 9, 1 });
        Assert.Equal(int64, i.max().dtype);
        Assert.Equal("tensor(9)", i.max().ToString());
        Assert.Equal("tensor(-9)", i.min().ToString());

        Assert.Equal("tensor(True)", tensor(new[] { false, true }).max().ToString());
        Assert.Equal("tensor(False)", tensor(new[] { false, true }).min().ToString());
        var (bv, bi) = tensor(new[,] { { false, true, true }, { false, false, false } }).max(1);
        Assert.Equal("tensor([ True, False])", bv.ToString());
        Assert.Equal("tensor([1, 0])", bi.ToString());
        Assert.Equal("tensor(4.)", tensor(4.0f).max().ToString());
    }

    [Fact]
    public void MaxMinPropagateNaN()
    {
        var x = tensor(new[] { 1.0, double.NaN, 3.0 });
        Assert.True(double.IsNaN(x.max().item()));
        Assert.True(double.IsNaN(x.min().item()));
        var f = tensor(new[] { float.NaN, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f, 17f });
        Assert.True(double.IsNaN(f.max().item()));
        Assert.True(double.IsNaN(f.min().item()));
    }

    [Fact]
    public void MaxOfAllSharesTheGradientAmongTies()
    {
        var x = tensor(new float[] { 1, 3, 3, 2 }, requires_grad: true);
        var m = x.max();
        Assert.Equal("MaxBackward1", m.grad_fn!.name());
        m.backward();
        Assert.Equal("tensor([0.0000, 0.5000, 0.5000, 0.0000])", x.grad!.ToString());

        var y = tensor(new float[] { 1, 1, 3 }, requires_grad: true);
        var n = y.min();
        Assert.Equal("MinBackward1", n.grad_fn!.name());
        (n * 3).backward();
        Assert.Equal("tensor([1.5000, 1.5000, 0.0000])", y.grad!.ToString());

        var z = tensor(new[] { 1.0, double.NaN, 2.0, double.NaN }, requires_grad: true);
        z.max().backward();
        AssertValues(z.grad!, [0, 0.5, 0, 0.5]);
    }

    [Fact]
    public void MaxMinAlongDim()
    {
        var x = Grid();
        var (values, indices) = x.max(1);
        Assert.Equal("tensor([5., 7.])", values.ToString());
        Assert.Equal("tensor([1, 0])", indices.ToString());
        Assert.Equal(int64, indices.dtype);

        var m0 = x.max(0, keepdim: true);
        Assert.Equal(new long[] { 1, 3 }, m0.values.shape);
        Assert.Equal("tensor([[7., 5., 7.]])", m0.values.ToString());
        Assert.Equal("tensor([[1, 0, 1]])", m0.indices.ToString());

        var (mv, mi) = torch.min(x, -1);
        Assert.Equal("tensor([1., 2.])", mv.ToString());
        Assert.Equal("tensor([0, 1])", mi.ToString());
        Assert.Equal("tensor([0, 1, 0])", x.min(dim: 0).indices.ToString());

        // Transposed (non-contiguous) input, int64 input, 3-D input along the middle dim.
        Assert.Equal("tensor([7., 5., 7.])", x.t().max(1).values.ToString());
        var l = tensor(new long[,] { { 4, 9, 9 }, { -1, -1, 0 } });
        Assert.Equal("tensor([9, 0])", l.max(1).values.ToString());
        Assert.Equal("tensor([1, 2])", l.max(1).indices.ToString());
        Assert.Equal("tensor([0, 0])", l.min(1).indices.ToString());
        var c = arange(24.0).reshape(2, 3, 4);
        Assert.Equal(new long[] { 2, 1, 4 }, c.max(1, keepdim: true).values.shape);
        Assert.Equal(new long[] { 2, 2, 2, 2, 2, 2, 2, 2 }, Longs(c.max(1).indices));
        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 0, 0, 0 }, Longs(c.min(-2).indices));

        // A 0-dim tensor reduces along dim 0 or -1 to itself.
        var s = tensor(3.0f);
        Assert.Equal("tensor(3.)", s.max(0).values.ToString());
        Assert.Equal("tensor(0)", s.max(-1).indices.ToString());
    }

    [Fact]
    public void MaxMinAlongDimWithNaN()
    {
        var row = tensor(new[,] { { 1.0, double.NaN, 3.0, double.NaN } });
        Assert.True(double.IsNaN(row.max(1).values.item()));
        Assert.Equal(1, row.max(1).indices.item<long>());
        Assert.True(double.IsNaN(row.min(1).values.item()));
        Assert.Equal(1, row.min(1).indices.item<long>());

        var col = tensor(new[,] { { 1.0, 2.0 }, { double.NaN, 0.0 }, { 3.0, double.NaN } });
        var (v, i) = col.max(0);
        Assert.True(double.IsNaN(v.select(0, 0).item()) && double.IsNaN(v.select(0, 1).item()));
        Assert.Equal(new long[] { 1, 2 }, Longs(i));
        Assert.Equal(new long[] { 1, 2 }, Longs(col.min(0).indices));
        Assert.True(col.amax(0).isnan().all().item<bool>());
        Assert.True(col.amin(0).isnan().all().item<bool>());
        Assert.Equal("tensor([False,  True,  True])", col.amax(1).isnan().ToString());
        Assert.Equal(2.0, col.amax(1).select(0, 0).item());
    }

    [Fact]
    public void MaxAlongDimGradientGoesToTheFirstMaximum()
    {
        var x = tensor(new float[,] { { 1, 5, 5 }, { 7, 2, 7 } }, requires_grad: true);
        var (values, _) = x.max(1);
        Assert.Equal("MaxBackward0", values.grad_fn!.name());
        (values * tensor(new float[] { 2, 3 })).sum().backward();
        Assert.Equal("tensor([[0., 2., 0.],\n        [3., 0., 0.]])", x.grad!.ToString());

        var y = tensor(new float[,] { { 1, 5 }, { 0, 2 } }, requires_grad: true);
        var mn = y.min(0, keepdim: true).values;
        Assert.Equal("MinBackward0", mn.grad_fn!.name());
        mn.sum().backward();
        Assert.Equal("tensor([[0., 0.],\n        [1., 1.]])", y.grad!.ToString());
    }

    private static readonly Dictionary<string, Action> MaxMinGradientsCases = new()
    {
        ["t[0].max()"] = () => { manual_seed(3); CheckGradients(t => t[0].max(), RandD(3, 4)); },
        ["t[0].min()"] = () => { manual_seed(3); CheckGradients(t => t[0].min(), RandD(5)); },
        ["t[0].max(1).values"] = () => { manual_seed(3); CheckGradients(t => t[0].max(1).values, RandD(3, 4)); },
        ["t[0].max(0, keepdim: true).values"] = () => { manual_seed(3); CheckGradients(t => t[0].max(0, keepdim: true).values, RandD(3, 4)); },
        ["t[0].min(-1).values * 2.0"] = () => { manual_seed(3); CheckGradients(t => t[0].min(-1).values * 2.0, RandD(2, 3, 4)); },
        ["t[0].min(1, keepdim: true).values"] = () => { manual_seed(3); CheckGradients(t => t[0].min(1, keepdim: true).values, RandD(2, 3, 4)); },
        ["t[0].amax(1)"] = () => { manual_seed(3); CheckGradients(t => t[0].amax(1), RandD(3, 4)); },
        ["t[0].amin([0, 2], keepdim: true)"] = () => { manual_seed(3); CheckGradients(t => t[0].amin([0, 2], keepdim: true), RandD(2, 3, 4)); },
    };

    public static TheoryData<string> MaxMinGradientsOps => [.. MaxMinGradientsCases.Keys];

    /// <summary>One case per op, named by its expression.</summary>
    [Theory, MemberData(nameof(MaxMinGradientsOps))]
    public void MaxMinGradients(string op) => MaxMinGradientsCases[op]();

    [Fact]
    public void ArgmaxArgmin()
    {
        var x = Grid();
        Assert.Equal("tensor(3)", x.argmax().ToString());
        Assert.Equal("tensor(0)", x.argmin().ToString());
        Assert.Equal("tensor([1, 0])", x.argmax(1).ToString());
        Assert.Equal("tensor([[1, 0, 1]])", torch.argmax(x, 0, keepdim: true).ToString());
        Assert.Equal("tensor([0, 1])", torch.argmin(x, -1).ToString());
        Assert.Equal("tensor(3)", torch.argmax(x).ToString());

        Assert.Equal(1, tensor(new[] { 1.0, double.NaN, 5.0, double.NaN }).argmax().item<long>());
        Assert.Equal(1, tensor(new[] { 1.0, double.NaN, -5.0 }).argmin().item<long>());
        Assert.Equal(1, tensor(new long[] { 3, 9, 9, 1 }).argmax().item<long>());
        Assert.Equal(3, tensor(new long[] { 3, 9, 9, 1 }).argmin().item<long>());
        // +0 and -0 are equal: the first one wins.
        Assert.Equal(0, tensor(new[] { -0.0, 0.0 }).argmax().item<long>());
        Assert.Equal(0, tensor(new[] { 0.0f, -0.0f }).argmin().item<long>());
        // Ties in long runs (vectorised search): still the first.
        var ties = zeros(100);
        Assert.Equal(0, ties.argmax().item<long>());
        Assert.Equal(0, ties.argmin().item<long>());
        var data = new float[100];
        data[37] = data[80] = data[99] = 1;
        Assert.Equal(37, tensor(data).argmax().item<long>());
        Assert.Equal(37, tensor(data).reshape(1, 100).max(1).indices.item<long>());
        data[37] = data[80] = data[99] = -1;
        Assert.Equal(37, tensor(data).argmin().item<long>());
        Assert.Equal(int64, x.argmax().dtype);
        Assert.False(x.requires_grad_().argmax().requires_grad);
    }

    [Fact]
    public void MaxMinErrors()
    {
        var empty = zeros(0, 3);
        var e1 = Assert.Throws<InvalidOperationException>(() => empty.max());
        Assert.Equal("max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.", e1.Message);
        var e2 = Assert.Throws<InvalidOperationException>(() => empty.min());
        Assert.Equal("min(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.", e2.Message);
        var e3 = Assert.Throws<IndexOutOfRangeException>(() => empty.max(0));
        Assert.Equal("max(): Expected reduction dim 0 to have non-zero size.", e3.Message);
        var e4 = Assert.Throws<IndexOutOfRangeException>(() => empty.argmax());
        Assert.Equal("argmax(): Expected reduction dim to be specified for input.numel() == 0.", e4.Message);
        var e5 = Assert.Throws<IndexOutOfRangeException>(() => empty.argmin(-2));
        Assert.Equal("argmin(): Expected reduction dim 0 to have non-zero size.", e5.Message);
        var e6 = Assert.Throws<IndexOutOfRangeException>(() => Grid().max(2));
        Assert.Equal("Dimension out of range (expected to be in range of [-2, 1], but got 2)", e6.Message);
        var e7 = Assert.Throws<IndexOutOfRangeException>(() => empty.amax());
        Assert.Equal("amax(): Expected reduction dim 0 to have non-zero size.", e7.Message);

        // Reducing a non-empty dim of an empty tensor is fine.
        var (v, i) = empty.max(1);
        Assert.Equal(new long[] { 0 }, v.shape);
        Assert.Equal(new long[] { 0 }, i.shape);
        Assert.Equal(new long[] { 0 }, empty.amax(1).shape);
        var e8 = Assert.Throws<IndexOutOfRangeException>(() => zeros(new long[] { 3, 0 }).amin(-1));
        Assert.Equal("amin(): Expected reduction dim 1 to have non-zero size.", e8.Message);
    }

    [Fact]
    public void AmaxAminShareTiedGradients()
    {
        var x = tensor(new float[,] { { 1, 3, 3 }, { 2, 2, 0 } }, requires_grad: true);
        var m = x.amax(1);
        Assert.Equal("tensor([3., 2.], grad_fn=<AmaxBackward0>)", m.ToString());
        m.sum().backward();
        Assert.Equal("tensor([[0.0000, 0.5000, 0.5000],\n        [0.5000, 0.5000, 0.0000]])", x.grad!.ToString());
        Assert.Equal("tensor([[0.]])", x.amin([0, 1], keepdim: true).detach().ToString());
        Assert.Equal("tensor(3.)", x.amax().detach().ToString());
        Assert.Equal("AminBackward0", torch.amin(x, 0).grad_fn!.name());
    }

    // ------------------------------------------------------------------ prod

    [Fact]
    public void ProdValues()
    {
        var x = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal("tensor(720.)", x.prod().ToString());
        Assert.Equal("tensor([  6., 120.])", x.prod(1).ToString());
        Assert.Equal("tensor([[ 4., 10., 18.]])", torch.prod(x, 0, keepdim: true).ToString());
        Assert.Equal("tensor([  6., 120.])", x.prod(-1).ToString());
        Assert.Equal("tensor([ 4., 10., 18.])", x.t().prod(1).ToString());

        var l = tensor(new long[] { 2, -3, 7 });
        Assert.Equal(int64, l.prod().dtype);
        Assert.Equal("tensor(-42)", l.prod().ToString());
        Assert.Equal(int64, tensor(new[] { true, true }).prod().dtype);
        Assert.Equal("tensor(1)", tensor(new[] { true, true }).prod().ToString());
        Assert.Equal(float64, x.prod(dtype: float64).dtype);
        Assert.Equal("tensor([5., 7., 9.])", x.sum(0).ToString());
        Assert.Equal("tensor([[ 6.],\n        [15.]])", torch.sum(x, 1, keepdim: true).ToString());
        Assert.Equal("tensor([2.5000, 3.5000, 4.5000])", x.mean(0).ToString());
        Assert.Equal("tensor([2., 5.])", torch.mean(x, -1).ToString());
        Assert.Equal(float64, x.sum(dtype: float64).dtype);
        Assert.Equal("tensor(1.)", zeros(0).prod().ToString());
        Assert.Equal("tensor([1., 1.])", zeros(new long[] { 2, 0 }).prod(1).ToString());
        var big = arange(1.0, 21.0);
        Assert.Equal(2432902008176640000.0, big.to(float64).prod().item(), 1e3);
    }

    [Fact]
    public void ProdGradientsWithZeros()
    {
        var x = tensor(new float[] { 2, 0, 3 }, requires_grad: true);
        var p = x.prod();
        Assert.Equal("ProdBackward0", p.grad_fn!.name());
        p.backward();
        Assert.Equal("tensor([0., 6., 0.])", x.grad!.ToString());

        var y = tensor(new float[] { 0, 0, 3 }, requires_grad: true);
        y.prod().backward();
        Assert.Equal("tensor([0., 0., 0.])", y.grad!.ToString());

        var z = tensor(new float[,] { { 2, 0, 3 }, { 0, 0, 1 }, { 1, 2, 4 } }, requires_grad: true);
        var pz = z.prod(1);
        Assert.Equal("ProdBackward1", pz.grad_fn!.name());
        pz.sum().backward();
        Assert.Equal("tensor([[0., 6., 0.],\n        [0., 0., 0.],\n        [8., 4., 2.]])", z.grad!.ToString());
    }

    [Fact]
    public void ProdGradcheck()
    {
        manual_seed(5);
        CheckGradients(t => t[0].prod(), RandD(2, 3));
        CheckGradients(t => t[0].prod(1), RandD(3, 4));
        CheckGradients(t => t[0].prod(0, keepdim: true), RandD(3, 2));
        CheckGradients(t => t[0].prod(-2), RandD(2, 3, 2));

        // One zero per slice: first and second derivatives are exact.
        var oneZero = tensor(new[,] { { 1.5, 0.0, -0.7 }, { 0.9, 1.1, 2.0 } }, requires_grad: true);
        CheckGradients(t => t[0].prod(1), oneZero);
        CheckGradients(t => t[0].prod(), tensor(new[] { 1.5, 0.0, -0.7, 1.3 }, requires_grad: true));
        // Two zeros in a slice: the first derivative is exact.
        var twoZeros = tensor(new[,] { { 0.0, 0.0, -0.7 }, { 0.0, 1.1, 2.0 } }, requires_grad: true);
        Assert.True(autograd.gradcheck(t => t[0].prod(1), [twoZeros]));
        Assert.True(autograd.gradcheck(t => t[0].prod(), [twoZeros]));
    }

    // ------------------------------------------------------------------ var / std

    [Fact]
    public void VarStdValues()
    {
        var x = tensor(new float[] { 1, 2, 3, 4 });
        Assert.Equal("tensor(1.6667)", x.var().ToString());
        Assert.Equal("tensor(1.2500)", x.var(unbiased: false).ToString());
        Assert.Equal("tensor(1.2500)", x.var(correction: 0).ToString());
        Assert.Equal("tensor(1.2910)", x.std().ToString());
        Assert.Equal("tensor(1.1180)", torch.std(x, false).ToString());

        var m = tensor(new float[,] { { 1, 2 }, { 3, 5 } });
        Assert.Equal("tensor([0.5000, 2.0000])", m.var(1).ToString());
        Assert.Equal("tensor([[2.0000, 4.5000]])", torch.var(m, 0, keepdim: true).ToString());
        Assert.Equal("tensor([1.0000, 2.2500])", m.var(0, correction: 0).ToString());
        Assert.Equal("tensor(2.9167)", m.var(new long[] { 0, 1 }).ToString());
        Assert.Equal(new long[] { 1, 1 }, m.std(new long[] { 0, 1 }, keepdim: true).shape);
        Assert.Equal("tensor([0.7071, 1.4142])", m.std(-1).ToString());
        Assert.True(double.IsNaN(tensor(new[] { 3.0 }).var().item()));
        Assert.Equal(float64, tensor(new[] { 1.0, 2.0 }).var().dtype);

        var e = Assert.Throws<InvalidOperationException>(() => tensor(new long[] { 1, 2 }).var());
        Assert.Equal("std and var only support floating point and complex dtypes", e.Message);
    }

    private static readonly Dictionary<string, Action> VarStdGradientsCases = new()
    {
        ["t[0].var()"] = () => { manual_seed(7); CheckGradients(t => t[0].var(), RandD(3, 4)); },
        ["t[0].var(1, keepdim: true)"] = () => { manual_seed(7); CheckGradients(t => t[0].var(1, keepdim: true), RandD(3, 4)); },
        ["t[0].var(0, correction: 0)"] = () => { manual_seed(7); CheckGradients(t => t[0].var(0, correction: 0), RandD(3, 4)); },
        ["t[0].std()"] = () => { manual_seed(7); CheckGradients(t => t[0].std(), RandD(5)); },
        ["t[0].std(new long[] { 0, 2 })"] = () => { manual_seed(7); CheckGradients(t => t[0].std(new long[] { 0, 2 }), RandD(2, 3, 4)); },
    };

    public static TheoryData<string> VarStdGradientsOps => [.. VarStdGradientsCases.Keys];

    /// <summary>One case per op, named by its expression.</summary>
    [Theory, MemberData(nameof(VarStdGradientsOps))]
    public void VarStdGradients(string op) => VarStdGradientsCases[op]();

    [Fact]
    public void VarStdNodeNames()
    {
        manual_seed(7);
        var v = RandD(3, 4).var();
        Assert.Equal("VarBackward0", v.grad_fn!.name());
        Assert.Equal("StdBackward0", RandD(3).std().grad_fn!.name());
    }

    // ------------------------------------------------------------------ logsumexp

    [Fact]
    public void LogsumexpValues()
    {
        var x = tensor(new float[] { 1, 2, 3 });
        Assert.Equal(3.4076059644, x.logsumexp(0).item(), 5);
        var big = tensor(new float[,] { { 1000, 1000 }, { -1000, -1000 } });
        Assert.Equal("tensor([1000.6932, -999.3068])", big.logsumexp(1).ToString());
        Assert.Equal(new long[] { 2, 1 }, big.logsumexp(1, keepdim: true).shape);
        Assert.Equal("tensor(1000.6932)", torch.logsumexp(big, new long[] { 0, 1 }).ToString());
        Assert.Equal("tensor([-inf])", tensor(new[,] { { double.NegativeInfinity, double.NegativeInfinity } }, dtype: float32).logsumexp(1).ToString());
        Assert.Equal("tensor([inf])", tensor(new[,] { { double.PositiveInfinity, 1.0 } }, dtype: float32).logsumexp(1).ToString());
        Assert.Equal(float32, tensor(new long[] { 1, 2 }).logsumexp(0).dtype);
        Assert.Equal("tensor([-inf, -inf])", zeros(new long[] { 2, 0 }).logsumexp(1).ToString());
    }

    [Fact]
    public void LogsumexpGradients()
    {
        manual_seed(11);
        var r = RandD(3, 4).logsumexp(1);
        Assert.Equal("LogsumexpBackward0", r.grad_fn!.name());
        CheckGradients(t => t[0].logsumexp(1), RandD(3, 4));
        CheckGradients(t => t[0].logsumexp(0, keepdim: true), RandD(3, 4));
        CheckGradients(t => t[0].logsumexp(new long[] { 0, 2 }), RandD(2, 3, 2));
        var x = tensor(new[] { 1.0, 2.0, 3.0 }, requires_grad: true);
        x.logsumexp(0).backward();
        AssertValues(x.grad!, [0.0900306, 0.2447285, 0.6652409], 1e-6);
    }

    // ------------------------------------------------------------------ cumsum

    [Fact]
    public void CumsumValues()
    {
        var x = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal("tensor([[ 1.,  3.,  6.],\n        [ 4.,  9., 15.]])", x.cumsum(1).ToString());
        Assert.Equal("tensor([[1., 2., 3.],\n        [5., 7., 9.]])", torch.cumsum(x, 0).ToString());
        Assert.Equal("tensor([[ 1.,  3.,  6.],\n        [ 4.,  9., 15.]])", x.cumsum(-1).ToString());
        Assert.Equal("tensor([[1., 5.],\n        [2., 7.],\n        [3., 9.]])", x.t().cumsum(1).ToString());
        var l = tensor(new long[] { 1, 2, 3 });
        Assert.Equal("tensor([1, 3, 6])", l.cumsum(0).ToString());
        Assert.Equal("tensor([1, 1, 2])", tensor(new[] { true, false, true }).cumsum(0).ToString());
        Assert.Equal(float64, l.cumsum(0, dtype: float64).dtype);
        Assert.Equal("tensor(5.)", tensor(5.0f).cumsum(0).ToString());
    }

    [Fact]
    public void CumsumGradients()
    {
        manual_seed(13);
        var x = tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var c = x.cumsum(0);
        Assert.Equal("CumsumBackward0", c.grad_fn!.name());
        c.sum().backward();
        Assert.Equal("tensor([3., 2., 1.])", x.grad!.ToString());
        CheckGradients(t => t[0].cumsum(1), RandD(3, 4));
        CheckGradients(t => t[0].cumsum(0) * t[0], RandD(3, 4));
    }

    // ------------------------------------------------------------------ gather

    [Fact]
    public void GatherValuesAndGradients()
    {
        var x = tensor(new float[,] { { 1, 2 }, { 3, 4 } });
        var idx = tensor(new long[,] { { 0, 0 }, { 1, 0 } });
        Assert.Equal("tensor([[1., 1.],\n        [4., 3.]])", x.gather(1, idx).ToString());
        Assert.Equal("tensor([[1., 2.],\n        [3., 2.]])", torch.gather(x, 0, idx).ToString());
        Assert.Equal("tensor([[2.]])", x.gather(1, tensor(new long[,] { { 1 } })).ToString());
        Assert.Equal("tensor([[3, 4]])", tensor(new long[,] { { 1, 2 }, { 3, 4 } }).gather(0, tensor(new long[,] { { 1, 1 } })).ToString());

        var w = tensor(new float[,] { { 1, 2 }, { 3, 4 } }, requires_grad: true);
        var g = w.gather(1, idx);
        Assert.Equal("GatherBackward0", g.grad_fn!.name());
        g.sum().backward();
        Assert.Equal("tensor([[2., 0.],\n        [1., 1.]])", w.grad!.ToString());

        manual_seed(17);
        var index = tensor(new long[,] { { 2, 0, 2 }, { 1, 1, 0 } });
        CheckGradients(t => t[0].gather(1, index), RandD(2, 3));
        CheckGradients(t => t[0].gather(0, tensor(new long[,] { { 1, 0, 1 } })), RandD(2, 3));
    }

    [Fact]
    public void GatherErrors()
    {
        var x = tensor(new float[,] { { 1, 2 }, { 3, 4 } });
        var e1 = Assert.Throws<InvalidOperationException>(() => x.gather(1, tensor(new float[,] { { 0 } })));
        Assert.Equal("gather(): Expected dtype int64 for index", e1.Message);
        var e2 = Assert.Throws<InvalidOperationException>(() => x.gather(1, tensor(new long[,] { { 2 } })));
        Assert.Equal("index 2 is out of bounds for dimension 1 with size 2", e2.Message);
        var e3 = Assert.Throws<InvalidOperationException>(() => x.gather(1, tensor(new long[] { 0 })));
        Assert.Equal("Index tensor must have the same number of dimensions as input tensor", e3.Message);
        var e4 = Assert.Throws<InvalidOperationException>(() => x.gather(1, zeros(new long[] { 3, 1 }, dtype: int64)));
        Assert.Equal("Size does not match at dimension 0 expected index [3, 1] to be no larger than self [2, 2] apart from dimension 1", e4.Message);
    }

    // ------------------------------------------------------------------ overloads as PyTorch code spells them

    [Fact]
    public void OverloadsResolveAsInPyTorch()
    {
        var x = Grid();
        Assert.Equal(new long[] { 2 }, x.max(1).values.shape);
        Assert.Equal(new long[] { 3 }, x.prod(0).shape);
        Assert.Equal(new long[] { 3 }, torch.prod(x, 0).shape);
        Assert.Equal(new long[] { 2 }, x.prod(1L).shape);
        Assert.Equal(float64, x.prod(dtype: float64).dtype);
        Assert.Equal(new long[] { 3 }, x.var(0).shape);
        Assert.Equal(new long[] { 2 }, x.std(1, false).shape);
        Assert.Equal("tensor([[7., 5., 7.],\n        [7., 5., 7.]])", x.max(x.flip0()).ToString());
    }
}

[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
internal static class ReductionTestExtensions
{
    /// <summary>Rows in reverse order, for the elementwise max overload test.</summary>
    public static Tensor flip0(this Tensor t) => cat([t.select(0, 1).unsqueeze(0), t.select(0, 0).unsqueeze(0)]);
}
