using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;
using F = SharpGrad.torch.autograd.functional;

namespace SharpGrad.Tests;

/// <summary>autograd.functional for functions with several outputs, forward-mode Jacobians, inputs
/// written out. In the global-state collection: forward mode's dual levels are process-wide.</summary>
[Collection("Global state")]
public class FunctionalMultiOutputTests
{
    static readonly double[] X = [0.5, -1, 2];

    static double[] Diag(double[] d)
    {
        var m = new double[d.Length * d.Length];
        for (int i = 0; i < d.Length; i++) m[i * d.Length + i] = d[i];
        return m;
    }

    [Theory]
    [InlineData("reverse-mode")]
    [InlineData("forward-mode")]
    public void JacobiansOfAFunctionWithTwoOutputs(string strategy)
    {
        var jac = F.jacobian(x => [x.sin(), (x * x).sum()], tensor(X), vectorize: true, strategy: strategy);
        Assert.Equal(2, jac.Length);
        Assert.Equal(new long[] { 3, 3 }, jac[0].shape);
        Assert.Equal(new long[] { 3 }, jac[1].shape);
        AssertValues(jac[0], Diag(X.Select(Math.Cos).ToArray()), 1e-15);
        AssertValues(jac[1], X.Select(v => 2 * v).ToArray(), 1e-15);
    }

    [Theory]
    [InlineData("reverse-mode")]
    [InlineData("forward-mode")]
    public void JacobiansOfSeveralInputsAndOutputs(string strategy)
    {
        double[] x = [1, 2], y = [3, -1];
        var jac = F.jacobian(t => [t[0] * t[1], t[0].sum() * t[1].pow(2)], [tensor(x), tensor(y)],
            vectorize: true, strategy: strategy);
        Assert.Equal(2, jac.Length);
        Assert.All(jac, row => Assert.Equal(2, row.Length));
        AssertValues(jac[0][0], Diag(y), 1e-15);                                  // ∂(x·y)/∂x = diag(y)
        AssertValues(jac[0][1], Diag(x), 1e-15);                                  // ∂(x·y)/∂y = diag(x)
        AssertValues(jac[1][0], [9, 9, 1, 1], 1e-15);                             // ∂(Σx·y²)/∂xⱼ = yᵢ²
        AssertValues(jac[1][1], Diag(y.Select(v => 2 * 3 * v).ToArray()), 1e-15); // 2·Σx·yᵢ on the diagonal
    }

    [Fact]
    public void ForwardModeMatchesReverseMode()
    {
        manual_seed(3);
        var w = randn([4, 3], dtype: float64);
        Tensor[] f(Tensor[] t) => [w.mm(t[0]).tanh() * t[1], (t[0] * t[0]).sum(0), t[1].exp()];
        Tensor[] inputs = [randn([3, 2], dtype: float64), randn([4, 2], dtype: float64)];
        var reverse = F.jacobian(f, inputs);
        var forward = F.jacobian(f, inputs, vectorize: true, strategy: "forward-mode");
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++)
            {
                Assert.Equal(reverse[i][j].shape, forward[i][j].shape);
                Assert.True(allclose(reverse[i][j], forward[i][j], rtol: 1e-12, atol: 1e-14), $"block [{i}][{j}]");
            }
        // Single input, single output too.
        var x = randn([5], dtype: float64);
        Assert.True(allclose(F.jacobian(t => t.sigmoid() * t.sum(), x),
            F.jacobian(t => t.sigmoid() * t.sum(), x, vectorize: true, strategy: "forward-mode"), rtol: 1e-12));
    }

    sealed class SinCos : autograd.MultiOutputFunction<SinCos>
    {
        public override Tensor[] forward(AutogradContext ctx, params Tensor[] inputs)
        {
            ctx.save_for_backward(inputs[0]);
            return [inputs[0].sin(), inputs[0].cos()];
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor?[] grad_outputs)
        {
            var x = ctx.saved_tensors[0];
            return [grad_outputs[0]! * x.cos() - grad_outputs[1]! * x.sin()];
        }
    }

    [Theory]
    [InlineData("reverse-mode")]
    [InlineData("forward-mode")]
    public void JacobiansOfACustomMultiOutputFunction(string strategy)
    {
        var jac = F.jacobian(x => SinCos.apply(x), tensor(X), vectorize: true, strategy: strategy);
        AssertValues(jac[0], Diag(X.Select(Math.Cos).ToArray()), 1e-15);
        AssertValues(jac[1], Diag(X.Select(v => -Math.Sin(v)).ToArray()), 1e-15);
    }

    [Fact]
    public void JacobianErrors()
    {
        var x = tensor(X);
        Assert.Equal("Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.",
            Assert.Throws<NotSupportedException>(() => F.jacobian(t => t * 2, x, strategy: "forward-mode")).Message);
        Assert.Equal("torch.autograd.functional.jacobian: `create_graph=True` and `strategy=\"forward-mode\"` are not supported together (yet). Please either set `create_graph=False` or `strategy=\"reverse-mode\"`.",
            Assert.Throws<NotSupportedException>(() => F.jacobian(t => t * 2, x, create_graph: true, vectorize: true, strategy: "forward-mode")).Message);
        Assert.Equal("torch.autograd.functional.jacobian: `strict=True` and `strategy=\"forward-mode\"` are not supported together (yet). Please either set `strict=False` or `strategy=\"reverse-mode\"`.",
            Assert.Throws<InvalidOperationException>(() => F.jacobian(t => t * 2, x, strict: true, vectorize: true, strategy: "forward-mode")).Message);
        Assert.Equal("Expected strategy to be either \"forward-mode\" or \"reverse-mode\". Hint: If your function has more outputs than inputs, \"forward-mode\" tends to be more performant. Otherwise, prefer to use \"reverse-mode\".",
            Assert.Throws<ArgumentException>(() => F.jacobian(t => t * 2, x, strategy: "sideways")).Message);
        Assert.Equal("Output 1 of the user-provided function is independent of input 1. This is not allowed in strict mode.",
            Assert.Throws<InvalidOperationException>(() => F.jacobian(t => [t[0] * t[1], t[0] * 2], [x, x], strict: true)).Message);
    }

    [Fact]
    public void HessianWithInputsWrittenOut()
    {
        var x = tensor(new double[] { 1, 2 });
        var y = tensor(new double[] { 3, 4 });
        var h = F.hessian(t => (2 * t[0].pow(2) + 3 * t[1].pow(2)).sum(), x, y);
        AssertValues(h[0][0], [4, 0, 0, 4]);
        AssertValues(h[0][1], [0, 0, 0, 0]);
        AssertValues(h[1][0], [0, 0, 0, 0]);
        AssertValues(h[1][1], [6, 0, 0, 6]);
        var (output, grads) = F.vjp(t => (t[0] * t[1]).sum(), [x, y]);
        Assert.Equal(11.0, output.item());
        AssertValues(grads[0], [3, 4]);
        AssertValues(grads[1], [1, 2]);
    }

    [Fact]
    public void VjpAndJvpOfFunctionsWithSeveralOutputs()
    {
        var x = tensor(X);
        var v0 = tensor(new double[] { 1, 2, 3 });
        var v1 = tensor(10.0);
        var (outputs, vjp) = F.vjp(t => [t.sin(), t.sum()], x, [v0, v1]);
        AssertValues(outputs[0], X.Select(Math.Sin).ToArray(), 1e-15);
        Assert.Equal(1.5, outputs[1].item());
        AssertValues(vjp, X.Select((v, i) => (i + 1) * Math.Cos(v) + 10).ToArray(), 1e-14);

        var u = tensor(new double[] { 1, -1, 0.5 });
        var (jOutputs, jvp) = F.jvp(t => [t.sin(), t.sum(), ones(2, dtype: float64)], x, u);
        Assert.Equal(3, jOutputs.Length);
        AssertValues(jvp[0], X.Select((v, i) => Math.Cos(v) * new[] { 1, -1, 0.5 }[i]).ToArray(), 1e-15);
        Assert.Equal(0.5, jvp[1].item(), 15);
        AssertValues(jvp[2], [0, 0]);   // an output that does not depend on x

        // Several inputs: J·v sums over the inputs.
        var (_, jvp2) = F.jvp(t => [t[0] * t[1], t[0] + t[1]], [tensor(new double[] { 1, 2 }), tensor(new double[] { 3, 4 })],
            [tensor(new double[] { 1, 0 }), tensor(new double[] { 0, 1 })]);
        AssertValues(jvp2[0], [3, 2]);
        AssertValues(jvp2[1], [1, 1]);
        var (_, vjp2) = F.vjp(t => [t[0] * t[1], t[0] + t[1]], [tensor(new double[] { 1, 2 }), tensor(new double[] { 3, 4 })],
            [ones(2, dtype: float64), ones(2, dtype: float64)]);
        AssertValues(vjp2[0], [4, 5]);
        AssertValues(vjp2[1], [2, 3]);
    }

    [Fact]
    public void VjpValidatesV()
    {
        var x = tensor(X);
        Assert.Equal("v is a tuple of invalid length: should be 2 but got 1.",
            Assert.Throws<ArgumentException>(() => F.vjp(t => [t.sin(), t.sum()], x, [ones(3)])).Message);
        Assert.Equal("Entry 1 in v has invalid size: should be torch.Size([]) but got torch.Size([3]).",
            Assert.Throws<ArgumentException>(() => F.vjp(t => [t.sin(), t.sum()], x, [ones(3), ones(3)])).Message);
        Assert.Equal("The given v should contain 1 Tensors, got 2.",
            Assert.Throws<ArgumentException>(() => F.jvp(t => [t[0].sin()], [x], [ones(3), ones(3)])).Message);
    }
}
