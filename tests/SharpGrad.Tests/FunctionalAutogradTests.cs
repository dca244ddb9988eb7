using SharpGrad;
using static SharpGrad.torch;
using static SharpGrad.Tests.TestUtil;

namespace SharpGrad.Tests;

public class FunctionalAutogradTests
{
    // f(x) = sum(x³): gradient 3x², Hessian diag(6x).
    private static Tensor Cubes(Tensor x) => x.pow(3).sum();

    [Fact]
    public void HessianOfSumOfCubes()
    {
        var x = tensor(new double[] { 1, 2 });
        var h = autograd.functional.hessian(Cubes, x);
        Assert.Equal("tensor([[ 6.,  0.],\n        [ 0., 12.]], dtype=torch.float64)", h.ToString());
    }

    [Fact]
    public void VectorProducts()
    {
        var x = tensor(new double[] { 1, 2 });
        var v = tensor(new double[] { 1, 1 });
        var (y, vh) = autograd.functional.vhp(Cubes, x, v);
        Assert.Equal(9.0, y.item());
        AssertValues(vh, [6, 12]);
        var (_, hv) = autograd.functional.hvp(Cubes, x, v);
        AssertValues(hv, [6, 12]);

        // g(x) = [x0·x1, x0²]: J = [[x1, x0], [2x0, 0]]
        Tensor g(Tensor t) => stack([t.select(0, 0) * t.select(0, 1), t.select(0, 0) * t.select(0, 0)]);
        var x2 = tensor(new double[] { 3, 5 });
        var (out1, vj) = autograd.functional.vjp(g, x2, tensor(new double[] { 1, 2 }));
        AssertValues(out1, [15, 9]);
        AssertValues(vj, [5 + 12, 3]);
        var (_, jv) = autograd.functional.jvp(g, x2, tensor(new double[] { 1, 2 }));
        AssertValues(jv, [5 + 6, 6]);
        var jac = autograd.functional.jacobian(g, x2);
        AssertValues(jac, [5, 3, 6, 0]);
    }

    [Fact]
    public void CreateGraphKeepsProductsDifferentiable()
    {
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var (_, vh) = autograd.functional.vhp(Cubes, x, ones(2, dtype: float64), create_graph: true);
        vh.sum().backward(); // d/dx of sum(6x) = 6
        AssertValues(x.grad!, [6, 6]);
    }
}
