using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// The forms that shared/API.md promises, written as the contract writes them: each must compile
/// and do what the contract says. (A form that stops compiling fails the build, which is the point.)
/// </summary>
[Collection("Global state")] // redirects Console.Out to read print(...)
public class ContractExampleTests
{
    [Fact]
    public void TheOpeningExample()
    {
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);
        var z = mm(w, x) + b;
        var a = z.pow(2);
        a.backward();
        Assert.Equal("tensor([[36., 54.]])", w.grad!.ToString());
        Assert.Equal("tensor([[81.]], grad_fn=<PowBackward0>)", a.ToString());
    }

    private sealed class MyReLU : autograd.Function<MyReLU>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            ctx.save_for_backward(inputs[0]);
            return inputs[0].clamp(min: 0);
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            var input = ctx.saved_tensors[0];
            var grad_input = grad_outputs[0].clone();
            grad_input[input < 0] = 0;
            return [grad_input];
        }
    }

    [Fact]
    public void TheCustomFunctionExample()
    {
        var x = tensor(new double[] { -1, 2, -3, 4 }, requires_grad: true);
        var y = MyReLU.apply(x);
        Assert.Equal("MyReLUBackward", y.grad_fn!.name());
        y.sum().backward();
        Assert.Equal(new double[] { 0, 1, 0, 1 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void GradcheckAndGradgradcheckInEveryForm()
    {
        var x = randn(3, dtype: float64, requires_grad: true);
        var y = randn(3, dtype: float64, requires_grad: true);
        // PyTorch's form: a function of one tensor and a list of one input.
        Assert.True(autograd.gradcheck(t => t.sin(), [x]));
        Assert.True(autograd.gradgradcheck(t => t.sin(), [x]));
        // A function of two tensors, called as f(*inputs).
        Assert.True(autograd.gradcheck((a, b) => a * b.exp(), [x, y]));
        Assert.True(autograd.gradgradcheck((a, b) => a * b.exp(), [x, y]));
        // A function of an array of tensors.
        Assert.True(autograd.gradcheck(xs => xs[0] * xs[1], [x, y]));
        Assert.True(autograd.gradgradcheck(xs => xs[0] * xs[1], [x, y]));
        // One tensor, no list.
        Assert.True(autograd.gradcheck(t => t.tanh(), x, eps: 1e-6, atol: 1e-5, rtol: 1e-3, raise_exception: true));
        // A wrong gradient is caught.
        Assert.False(autograd.gradcheck(t => WrongGradient.apply(t), [x], raise_exception: false));
        var ex = Assert.Throws<ArgumentException>(() => autograd.gradcheck(t => t.sin(), [x, y]));
        Assert.Equal("the function takes 1 tensor but 2 inputs were given", ex.Message);
    }

    private sealed class WrongGradient : autograd.Function<WrongGradient>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs) => inputs[0] * 2;
        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs) => [grad_outputs[0] * 3];
    }

    [Fact]
    public void FunctionalFormsReturnWhatTheContractSays()
    {
        var x = tensor(new double[] { 1, 2 });
        Func<Tensor, Tensor> f = t => (t * t).sum();
        Tensor jac = autograd.functional.jacobian(t => t * t, x);
        Assert.Equal(new double[] { 2, 0, 0, 4 }, jac.ToArray<double>());
        Tensor hess = autograd.functional.hessian(f, x);
        Assert.Equal(new double[] { 2, 0, 0, 2 }, hess.ToArray<double>());
        (Tensor output, Tensor vjp) = autograd.functional.vjp(f, x, tensor(1.0));
        Assert.Equal(5.0, output.item<double>());
        Assert.Equal(new double[] { 2, 4 }, vjp.ToArray<double>());
        var (_, jvp) = autograd.functional.jvp(t => t * t, x, tensor(new double[] { 1, 1 }));
        Assert.Equal(new double[] { 2, 4 }, jvp.ToArray<double>());
        var (_, hvp) = autograd.functional.hvp(f, x, tensor(new double[] { 1, 0 }));
        Assert.Equal(new double[] { 2, 0 }, hvp.ToArray<double>());
        var (_, vhp) = autograd.functional.vhp(f, x, tensor(new double[] { 0, 1 }));
        Assert.Equal(new double[] { 0, 2 }, vhp.ToArray<double>());
        Tensor[] jacs = autograd.functional.jacobian(xs => xs[0] * xs[1], [x, x.clone()]);
        Assert.Equal(2, jacs.Length);
    }

    [Fact]
    public void ForwardModeAsTheContractWritesIt()
    {
        var primal = tensor(new double[] { 0.5, 1.0 });
        var tangent = tensor(new double[] { 1.0, 0.0 });
        using (autograd.forward_ad.dual_level())
        {
            var dual = autograd.forward_ad.make_dual(primal, tangent);
            var (p, t) = autograd.forward_ad.unpack_dual(dual.sin());
            Assert.Equal(Math.Sin(0.5), p.ToArray<double>()[0], 12);
            Assert.Equal(new[] { Math.Cos(0.5), 0.0 }, t!.ToArray<double>());
        }
    }

    [Fact]
    public void ModesGradAndBackwardForms()
    {
        var x = tensor(2.0, requires_grad: true);
        using (no_grad()) Assert.False((x * 2).requires_grad);
        using (enable_grad()) Assert.True((x * 2).requires_grad);
        using (set_grad_enabled(false)) Assert.False(is_grad_enabled());
        using (inference_mode()) Assert.False((x * 2).requires_grad);
        var y = x.pow(3);
        Tensor?[] g = autograd.grad([y], [x], create_graph: true);
        var g2 = autograd.grad([g[0]!], [x]);
        Assert.Equal(12.0, g[0]!.item<double>());
        Assert.Equal(12.0, g2[0]!.item<double>());
        autograd.backward([x * x], retain_graph: false);
        Assert.Equal(4.0, x.grad!.item<double>());
        using (autograd.detect_anomaly()) Assert.True(autograd.is_anomaly_enabled());
        autograd.set_detect_anomaly(false);
        Assert.Equal("AccumulateGrad", (x * x).grad_fn!.next_functions[0].node!.name());
    }

    [Fact]
    public void TheTutorialUpdateForms()
    {
        var w1 = tensor(new float[] { 1, 2 }, requires_grad: true);
        (w1 * w1).sum().backward();
        var learning_rate = 0.5f;
        using (no_grad()) w1 -= learning_rate * w1.grad!;
        Assert.True(w1.is_leaf);
        Assert.Equal(new float[] { 0, 0 }, w1.ToArray<float>());
        var x1 = tensor(new float[] { 3 }, requires_grad: true);
        (x1 * x1).sum().backward();
        x1.data = x1.data - 0.5f * x1.grad!;
        Assert.True(x1.is_leaf);
        Assert.Equal(0f, x1.item<float>());
    }

    private sealed class LinearFunction : autograd.Function<LinearFunction>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            ctx.save_for_backward(inputs[0], inputs[1]);
            return inputs[0].mm(inputs[1].t());
        }

        // One entry per input, plus a trailing null: PyTorch allows extra entries when all are None.
        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            var (input, weight) = (ctx.saved_tensors[0], ctx.saved_tensors[1]);
            Assert.Equal([true, true], ctx.needs_input_grad);
            return [grad_outputs[0].mm(weight), grad_outputs[0].t().mm(input), null];
        }
    }

    private sealed class SplitHalves : autograd.MultiOutputFunction<SplitHalves>
    {
        public override Tensor[] forward(AutogradContext ctx, params Tensor[] inputs)
            => [inputs[0][..2] * 1, inputs[0][2..] * 1];

        public override Tensor?[] backward(AutogradContext ctx, params Tensor?[] grad_outputs)
            => [cat([grad_outputs[0]!, grad_outputs[1]!])];
    }

    [Fact]
    public void CustomFunctionRules()
    {
        var x = ones(2, 3, requires_grad: true);
        var w = ones(4, 3, requires_grad: true);
        LinearFunction.apply(x, w).sum().backward();
        Assert.Equal("LinearFunctionBackward", LinearFunction.apply(x, w).grad_fn!.name());
        Assert.Equal(4f, x.grad![0, 0].item<float>());

        var v = arange(4.0, requires_grad: true);
        Tensor[] halves = SplitHalves.apply(v);
        Assert.Equal(2, halves.Length);
        Assert.Same(halves[0].grad_fn, halves[1].grad_fn);
        halves[1].sum().backward();   // the unused first output's gradient is materialised as zeros
        Assert.Equal(new double[] { 0, 0, 1, 1 }, v.grad!.ToArray<double>());

        Tensor[] jacobians = autograd.functional.jacobian(t => new[] { t * 2, t.sum() }, arange(3.0));
        Assert.Equal(new long[] { 3, 3 }, jacobians[0].shape);
        Assert.Equal(new double[] { 1, 1, 1 }, jacobians[1].ToArray<double>());
    }

    [Fact]
    public void PrintingAndConversionsForPortingPython()
    {
        var loss = tensor(0.123456f);
        Assert.Equal("0.1235", $"{loss:F4}");
        Assert.Throws<FormatException>(() => $"{ones(2):F4}");
        Assert.Equal(0.123456f, (float)loss);
        Assert.Equal(3.0, (double)tensor(3.0));
        Assert.Equal(7L, (long)tensor(7));
        Assert.True((bool)tensor(true));
        var ex = Assert.ThrowsAny<Exception>(() => (float)ones(2, 3));
        Assert.Equal("a Tensor with 6 elements cannot be converted to Scalar", ex.Message);

        var x = zeros(2, 3);
        Size size = x.size();
        Assert.Equal("torch.Size([2, 3])", size.ToString());
        Assert.Equal(3L, size[1]);
        long[] shape = x.shape;
        Assert.Equal(new long[] { 2, 3 }, shape);

        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try { print(null, true, float32, x.size(), x.shape, (1, 2.5), 0.1); }
        finally { Console.SetOut(previous); }
        Assert.Equal("None True torch.float32 torch.Size([2, 3]) torch.Size([2, 3]) (1, 2.5) 0.1" + Environment.NewLine, output.ToString());
    }
}
