using SharpGrad;
using static SharpGrad.torch;
using static SharpGrad.Tests.TestUtil;

namespace SharpGrad.Tests;

public class ReductionTests
{
    private static Tensor M() => tensor(new float[,] { { 1, 5, 2 }, { 7, 0, 7 } });

    [Fact]
    public void MaxMinArgmaxValues()
    {
        var x = M();
        Assert.Equal("tensor(7.)", x.max().ToString());
        Assert.Equal("tensor(0.)", x.min().ToString());
        var (values, indices) = x.max(1);
        Assert.Equal("tensor([5., 7.])", values.ToString());
        Assert.Equal("tensor([1, 0])", indices.ToString()); // first of the tied 7s
        var (v0, i0) = x.min(0, keepdim: true);
        Assert.Equal("tensor([[1., 0., 2.]])", v0.ToString());
        Assert.Equal("tensor([[0, 1, 0]])", i0.ToString());
        Assert.Equal("tensor(3)", x.argmax().ToString());
        Assert.Equal("tensor([1, 0])", x.argmax(1).ToString());
        Assert.Equal("tensor([0, 1, 0])", x.argmin(0).ToString());
        Assert.Equal("tensor([7., 5., 7.])", x.max(0).values.ToString());
        Assert.Equal("tensor([[7., 5., 7.],\n        [7., 5., 7.]])", x.max(x.max(0).values).ToString());
        var withNan = tensor(new float[] { 1, float.NaN, 3 });
        Assert.Equal("tensor(nan)", withNan.max().ToString());
        Assert.Equal("tensor(1)", withNan.argmax().ToString());
        Assert.Equal("tensor(7)", tensor(new long[] { 3, 7, 1 }).max().ToString());
        Assert.Equal(
            "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
            Assert.Throws<InvalidOperationException>(() => zeros(0).max()).Message);
    }

    [Fact]
    public void ProdAndGatherValues()
    {
        var x = M();
        Assert.Equal("tensor(0.)", x.prod().ToString());
        Assert.Equal("tensor([10.,  0.])", x.prod(1).ToString());
        Assert.Equal("tensor(24)", tensor(new long[] { 2, 3, 4 }).prod().ToString());
        Assert.Equal("tensor([[5., 1.],\n        [7., 7.]])", x.gather(1, tensor(new long[,] { { 1, 0 }, { 0, 2 } })).ToString());
    }

    [Fact]
    public void Gradients()
    {
        manual_seed(4);
        CheckGradients(t => t[0].max(), RandD(3, 4));
        CheckGradients(t => t[0].min() * t[0], RandD(3, 4));
        CheckGradients(t => t[0].max(1).values, RandD(3, 4));
        CheckGradients(t => t[0].min(0, keepdim: true).values * t[0], RandD(3, 4));
        CheckGradients(t => t[0].prod(), RandD(2, 3));
        CheckGradients(t => t[0].prod(1), RandD(2, 3));
        CheckGradients(t => t[0].prod(0, keepdim: true) * t[0], RandD(2, 3));
        CheckGradients(t => t[0].gather(1, tensor(new long[,] { { 2, 0, 0 }, { 1, 1, 3 } })), RandD(2, 4));
        // A tie shares the gradient evenly, as PyTorch's evenly_distribute_backward.
        var tie = tensor(new double[] { 3, 1, 3 }, requires_grad: true);
        tie.max().backward();
        Assert.Equal("tensor([0.5000, 0.0000, 0.5000], dtype=torch.float64)", tie.grad!.ToString());
        // Products with a zero: only the zero's position gets the product of the others.
        var z = tensor(new double[] { 2, 0, 3 }, requires_grad: true);
        z.prod().backward();
        Assert.Equal("tensor([0., 6., 0.], dtype=torch.float64)", z.grad!.ToString());
        Assert.True(autograd.gradcheck(t => t[0].prod(1), [tensor(new double[,] { { 2, 0, 3 }, { 0, 0, 1 } }, requires_grad: true)]));
    }
}
