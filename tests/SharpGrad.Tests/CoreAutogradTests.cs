using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class CoreAutogradTests
{
    [Fact]
    public void NeuronGradients()
    {
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);
        var z = mm(w, x) + b;
        var a = z.pow(2);
        a.backward();
        Assert.Equal("tensor([[36., 54.]])", w.grad!.ToString());
        Assert.Equal("tensor([18.])", b.grad!.ToString());
        Assert.Null(z.grad);
        Assert.Null(x.grad);
        Assert.Equal("tensor([[81.]], grad_fn=<PowBackward0>)", a.ToString());
        Assert.True(x.is_leaf);
        Assert.False(a.is_leaf);
        Assert.Equal("AddBackward0", z.grad_fn!.name());
        Assert.Equal("MmBackward0", z.grad_fn.next_functions[0].node!.name());
        Assert.Equal("AccumulateGrad", z.grad_fn.next_functions[1].node!.name());
    }

    [Fact]
    public void BackwardTwiceRaises()
    {
        var a = tensor(new float[] { 1, 3, 5, 7, 9 }, requires_grad: true);
        var b = tensor(new float[] { 2, 4, 6, 9, 10 }, requires_grad: true);
        var s = (a * b).sum();
        Assert.Equal("tensor(197., grad_fn=<SumBackward0>)", s.ToString());
        s.backward();
        Assert.Equal("tensor([ 2.,  4.,  6.,  9., 10.])", a.grad!.ToString());
        var e = Assert.Throws<InvalidOperationException>(() => s.backward());
        Assert.StartsWith("Trying to backward through the graph a second time", e.Message);
    }

    [Fact]
    public void DeepChainDoesNotOverflowTheStack()
    {
        var x = tensor(1.0, requires_grad: true);
        var y = x;
        for (int i = 0; i < 100_000; i++) y = y * 1.0;
        y.backward();
        Assert.Equal(1.0, x.grad!.item());
    }

    [Fact]
    public void ArithmeticGradients()
    {
        manual_seed(1);
        CheckGradients(t => t[0] * t[1] + t[0] / (t[1].abs() + 1.0) - t[1], RandD(3, 4), RandD(4));
        CheckGradients(t => (t[0] - 2.0).pow(3) + 2.0 - t[0], RandD(5));
        CheckGradients(t => t[0].abs().pow(t[1]), RandD(3), RandD(3));
    }
}
