using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

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

public class FunctionalAutogradMultiInputTests
{
    // f(a, b) = sum(a² · b): ∂/∂a = 2ab, ∂/∂b = a²; ∂²/∂a² = diag(2b), ∂²/∂a∂b = diag(2a), ∂²/∂b² = 0.
    private static Tensor F(Tensor[] t) => (t[0].pow(2) * t[1]).sum();

    [Fact]
    public void SeveralInputs()
    {
        var a = tensor(new double[] { 1, 2 });
        var b = tensor(new double[] { 3, 4 });
        var h = autograd.functional.hessian(F, [a, b]);
        AssertValues(h[0][0], [6, 0, 0, 8]);
        AssertValues(h[0][1], [2, 0, 0, 4]);
        AssertValues(h[1][0], [2, 0, 0, 4]);
        AssertValues(h[1][1], [0, 0, 0, 0]);

        var (y, vj) = autograd.functional.vjp(F, [a, b]);
        Assert.Equal(3 + 16, y.item());
        AssertValues(vj[0], [6, 16]);
        AssertValues(vj[1], [1, 4]);

        var ones2 = ones(2, dtype: float64);
        var (_, jv) = autograd.functional.jvp(F, [a, b], [ones2, ones2]);
        AssertValues(jv, [6 + 16 + 1 + 4]);

        var (_, vh) = autograd.functional.vhp(F, [a, b], [ones2, ones2]);
        AssertValues(vh[0], [6 + 2, 8 + 4]);   // row sums of [H_aa H_ab]
        AssertValues(vh[1], [2, 4]);
        var (_, hv) = autograd.functional.hvp(F, [a, b], [ones2, ones2]);
        AssertValues(hv[0], [8, 12]);

        Assert.Equal("Mismatch in shape: v[1] has a shape of torch.Size([3]) and inputs[1] has a shape of torch.Size([2]).",
            Assert.Throws<ArgumentException>(() => autograd.functional.jvp(F, [a, b], [ones2, ones(3, dtype: float64)])).Message);
    }

    private static void AssertValues(Tensor t, double[] expected) => TestUtil.AssertValues(t, expected, 1e-10);
}
