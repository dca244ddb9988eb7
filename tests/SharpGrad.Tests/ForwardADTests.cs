using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

[Collection("Global state")] // dual levels are process-wide, as in PyTorch
public class ForwardADTests
{
    private static Tensor Jvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        using (autograd.forward_ad.dual_level())
        {
            var dual = autograd.forward_ad.make_dual(x, v);
            var (_, tangent) = autograd.forward_ad.unpack_dual(f(dual));
            return tangent!;
        }
    }

    private sealed class Cube : autograd.Function<Cube>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            ctx.save_for_backward(inputs[0]);
            return inputs[0].pow(3);
        }
        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
            => [grad_outputs[0] * 3.0 * ctx.saved_tensors[0].pow(2)];
    }

    public static IEnumerable<object[]> Functions() => new (string, Func<Tensor, Tensor>)[]
    {
        ("arithmetic", x => x * x - 2.0 * x + x / (x.abs() + 1.0)),
        ("unary", x => x.sin() + x.tanh().exp() + x.sigmoid() * x.cos()),
        ("matmul", x => mm(x, x.t()) + x.sum(1, keepdim: true)),
        ("views", x => x.t().reshape(-1)[1..4] * x[0].sum()),
        ("reductions", x => stack([x.max(), x.mean(), x.prod(), x.logsumexp(1).sum()])),
        ("softmax+loss", x => F.log_softmax(x, 1) + F.mse_loss(x, x.detach() * 0.5)),
        ("custom function", x => Cube.apply(x) * 2.0),
        ("where/clamp", x => where(x > 0.0, x.clamp(max: 0.5), x * 3.0)),
    }.Select(p => new object[] { p.Item1, p.Item2 });

    [Theory]
    [MemberData(nameof(Functions))]
    public void TangentsAreColumnsOfTheJacobian(string name, Func<Tensor, Tensor> f)
    {
        manual_seed(8);
        var x = randn(new long[] { 2, 3 }, dtype: float64);
        var jac = autograd.functional.jacobian(f, x); // output.shape + [2, 3]
        var flatJac = jac.reshape(-1, 6);
        for (int j = 0; j < 6; j++)
        {
            var e = zeros(6, dtype: float64);
            e[j] = 1.0;
            var column = Jvp(f, x, e.reshape(2, 3)).reshape(-1);
            Assert.True(allclose(column, flatJac[.., j], atol: 1e-10), $"{name}: column {j}");
        }
    }

    [Fact]
    public void DualTensorsBehave()
    {
        var x = tensor(new double[] { 1, 2 });
        using (autograd.forward_ad.dual_level())
        {
            var d = autograd.forward_ad.make_dual(x, tensor(new double[] { 1, 0 }));
            var y = d.exp();
            var (primal, tangent) = autograd.forward_ad.unpack_dual(y);
            AssertValues(primal, [Math.E, Math.Exp(2)]);
            AssertValues(tangent!, [Math.E, 0]);
            Assert.False(y.requires_grad);       // forward mode leaves reverse mode alone
            Assert.Null(autograd.forward_ad.unpack_dual(x).tangent);
            // Forward mode works under no_grad too.
            using (no_grad()) AssertValues(autograd.forward_ad.unpack_dual(d * 3.0).tangent!, [3, 0]);
            Assert.Equal("Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size [2] while the given forward gradient is of size [3].",
                Assert.Throws<ArgumentException>(() => autograd.forward_ad.make_dual(x, ones(3, dtype: float64))).Message);
            // Reverse mode through a dual tensor still works.
            var w = tensor(new double[] { 3, 4 }, requires_grad: true);
            var z = (w * d).sum();
            z.backward();
            AssertValues(w.grad!, [1, 2]);
            AssertValues(autograd.forward_ad.unpack_dual(z).tangent!, [3]);
        }
        Assert.Equal("Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.",
            Assert.Throws<InvalidOperationException>(() => autograd.forward_ad.make_dual(x, x)).Message);
    }
}
