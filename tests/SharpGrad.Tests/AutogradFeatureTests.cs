using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class AutogradFeatureTests
{
    [Fact]
    public void HooksSeeAndReplaceGradients()
    {
        var x = tensor(new float[] { 1, 2 }, requires_grad: true);
        var y = x * 3;
        Tensor? seen = null;
        y.register_hook(g => { seen = g; return g * 10; });
        x.register_hook(g => g + 1);
        y.sum().backward();
        Assert.Equal("tensor([1., 1.])", seen!.ToString());
        Assert.Equal("tensor([31., 31.])", x.grad!.ToString());
    }

    [Fact]
    public void BackwardRestrictedToInputs()
    {
        var a = tensor(2.0f, requires_grad: true);
        var b = tensor(3.0f, requires_grad: true);
        var c = a * b;
        c.backward(inputs: [a]);
        Assert.Equal("tensor(3.)", a.grad!.ToString());
        Assert.Null(b.grad);
    }

    [Fact]
    public void AutogradBackwardOfSeveralRoots()
    {
        var x = tensor(new float[] { 1, 2 }, requires_grad: true);
        autograd.backward([(x * 2).sum(), (x * x).sum()]);
        Assert.Equal("tensor([4., 6.])", x.grad!.ToString());
    }

    [Fact]
    public void GradOutputsWeightTheVectorJacobianProduct()
    {
        var x = tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var y = x * x;
        var g = autograd.grad([y], [x], grad_outputs: [tensor(new float[] { 1, 0.5f, 0 })])[0]!;
        Assert.Equal("tensor([2., 2., 0.])", g.ToString());
    }

    [Fact]
    public void RetainGraphAllowsASecondBackward()
    {
        var x = tensor(2.0f, requires_grad: true);
        var y = x.exp();
        y.backward(retain_graph: true);
        y.backward();
        AssertValues(x.grad!, [2 * Math.Exp(2)]);
    }

    [Fact]
    public void ThirdDerivativeThroughCreateGraph()
    {
        var x = tensor(0.5, requires_grad: true);
        var y = x.sin() * x.pow(2);
        var d1 = autograd.grad([y], [x], create_graph: true)[0]!;
        var d2 = autograd.grad([d1], [x], create_graph: true)[0]!;
        var d3 = autograd.grad([d2], [x])[0]!;
        // y''' of x² sin x = -x² cos x - 6x sin x + 6 cos x
        double v = 0.5;
        AssertValues(d3, [-v * v * Math.Cos(v) - 6 * v * Math.Sin(v) + 6 * Math.Cos(v)], 1e-10);
    }

    [Fact]
    public void DataAndDetachShareStorage()
    {
        var x = ones(3, requires_grad: true);
        var d = x.detach();
        d.add_(1.0);
        Assert.Equal("tensor([2., 2., 2.], requires_grad=True)", x.ToString());
        var data = x.data;
        Assert.False(data.requires_grad);
        data.mul_(2);
        Assert.Equal("tensor([4., 4., 4.], requires_grad=True)", x.ToString());
        x.data = zeros(2);
        Assert.Equal("tensor([0., 0.], requires_grad=True)", x.ToString());
        Assert.True(x.is_leaf);
        var y = x * 2;
        y.detach_();
        Assert.True(y.is_leaf);
        Assert.False(y.requires_grad);
    }

    sealed class ScaleWithInfo : autograd.Function<ScaleWithInfo>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            ctx.saved_data["factor"] = 3.0;
            ctx.saved_data["needs"] = ctx.needs_input_grad.ToArray();
            return inputs[0] * 3.0 + inputs[1];
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            var factor = (double)ctx.saved_data["factor"]!;
            return [ctx.needs_input_grad[0] ? grad_outputs[0] * factor : null, ctx.needs_input_grad[1] ? grad_outputs[0] : null];
        }
    }

    [Fact]
    public void CustomFunctionContext()
    {
        var x = ones(2, requires_grad: true);
        var c = ones(2);
        var y = ScaleWithInfo.apply(x, c);
        Assert.Equal("ScaleWithInfoBackward", y.grad_fn!.name());
        Assert.Equal(2, y.grad_fn.next_functions.Count);
        Assert.Equal("AccumulateGrad", y.grad_fn.next_functions[0].node!.name());
        Assert.Null(y.grad_fn.next_functions[1].node);
        y.sum().backward();
        Assert.Equal("tensor([3., 3.])", x.grad!.ToString());
        Assert.Null(c.grad);

        // Without any input requiring grad, apply records nothing.
        Assert.Null(ScaleWithInfo.apply(ones(2), ones(2)).grad_fn);
    }

    sealed class Square : autograd.Function<Square>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            ctx.save_for_backward(inputs[0]);
            return inputs[0] * inputs[0];
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
            => [2.0 * ctx.saved_tensors[0] * grad_outputs[0]];
    }

    [Fact]
    public void CustomFunctionIsTwiceDifferentiable()
    {
        var x = tensor(3.0, requires_grad: true);
        var y = Square.apply(x);
        var dy = autograd.grad([y], [x], create_graph: true)[0]!;
        Assert.Equal(6.0, dy.item());
        var d2 = autograd.grad([dy], [x])[0]!;
        Assert.Equal(2.0, d2.item());
        Assert.True(autograd.gradcheck(t => Square.apply(t), [RandD(3)]));
    }

    [Fact]
    public void CustomFunctionSavedTensorsAreReleased()
    {
        var x = ones(2, requires_grad: true);
        var y = Square.apply(x).sum();
        y.backward();
        var e = Assert.Throws<InvalidOperationException>(() => y.backward());
        Assert.StartsWith("Trying to backward through the graph a second time", e.Message);
    }

    [Fact]
    public void JacobianOfAFunctionOfSeveralInputs()
    {
        var jac = autograd.functional.jacobian(t => t[0] * t[1], [tensor(new double[] { 1, 2 }), tensor(new double[] { 3, 4 })]);
        Assert.Equal("tensor([[3., 0.],\n        [0., 4.]], dtype=torch.float64)", jac[0].ToString());
        Assert.Equal("tensor([[1., 0.],\n        [0., 2.]], dtype=torch.float64)", jac[1].ToString());
    }

    [Fact]
    public void GradCheckDetectsAWrongGradient()
    {
        Assert.False(autograd.gradcheck(t => BadGradient.apply(t), [RandD(3)], raise_exception: false));
    }

    sealed class BadGradient : autograd.Function<BadGradient>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs) => inputs[0] * 2.0;
        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs) => [grad_outputs[0] * 3.0];
    }
}

[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class CreationTests
{
    [Fact]
    public void CreationFunctions()
    {
        Assert.Equal("tensor([[0., 0., 0.],\n        [0., 0., 0.]])", zeros(2, 3).ToString());
        Assert.Equal("tensor([1., 1.], dtype=torch.float64)", ones(2, dtype: float64).ToString());
        Assert.Equal("tensor([[7., 7.]])", full([1, 2], 7.0).ToString());
        Assert.Equal("tensor([7, 7])", full([2], 7).ToString());
        Assert.Equal("tensor([0, 1, 2, 3, 4])", arange(5).ToString());
        Assert.Equal("tensor([1.0000, 1.5000, 2.0000, 2.5000])", arange(1.0, 3.0, 0.5).ToString());
        Assert.Equal("tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])", linspace(0, 1, 5).ToString());
        Assert.Equal("tensor([[1., 0., 0.],\n        [0., 1., 0.]])", eye(2, 3).ToString());
        Assert.Equal(ScalarType.Int64, tensor(new[] { 1, 2 }).dtype);
        Assert.Equal(ScalarType.Bool, tensor(new[] { true }).dtype);
        Assert.Equal(ScalarType.Float64, tensor(new double[,] { { 1 } }).dtype);
        Assert.Equal(new long[] { 2, 3, 4 }, tensor(new float[2, 3, 4]).shape);
        Assert.Equal("tensor([[1., 2.],\n        [3., 4.]])", tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 }).ToString());
        Assert.Equal(3.5f, tensor(3.5f).item<float>());
        Assert.Equal(new[] { 1f, 2f }, tensor(new float[] { 1, 2 }).ToArray<float>());
        Assert.Equal("tensor([[True, True]])", ones_like(zeros(1, 2), dtype: @bool).ToString());
    }

    /// <summary>Rectangular arrays of every element type and rank 2 to 4 keep their values in
    /// row-major order (copied as a block when the element type is the dtype's, converted from int).</summary>
    [Fact]
    public void TensorsFromRectangularArrays()
    {
        var f3 = new float[2, 3, 4];
        for (int i = 0, v = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) f3[i, j, k] = v++ * 0.5f;
        var t3 = tensor(f3);
        Assert.Equal(new long[] { 2, 3, 4 }, t3.shape);
        Assert.Equal(Enumerable.Range(0, 24).Select(v => v * 0.5f).ToArray(), t3.ToArray<float>());
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8 }, tensor(new double[,,,] { { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } } }).ToArray<double>());
        var fromInt = tensor(new int[,] { { 1, -2 }, { 3, int.MaxValue } });
        Assert.Equal(ScalarType.Int64, fromInt.dtype);
        Assert.Equal(new long[] { 1, -2, 3, int.MaxValue }, fromInt.ToArray<long>());
        Assert.Equal(new long[] { 5, 6, 7 }, tensor(new long[,] { { 5, 6, 7 } }).ToArray<long>());
        Assert.Equal(new[] { true, false, false, true }, tensor(new bool[,] { { true, false }, { false, true } }).ToArray<bool>());
    }

    [Fact]
    public void SeededRandomMatchesPyTorch()
    {
        manual_seed(0);
        Assert.Equal("tensor([0.4963, 0.7682, 0.0885, 0.1320, 0.3074])", rand(5).ToString());
        manual_seed(0);
        Assert.Equal("tensor([[-1.1258, -1.1524, -0.2506, -0.4339],\n        [ 0.8487,  0.6920, -0.3160, -2.1152],\n        [ 0.3223, -1.2633,  0.3500,  0.3081],\n        [ 0.1198,  1.2377,  1.1168, -0.2473]])", randn(4, 4).ToString());
        manual_seed(0);
        Assert.Equal("tensor([4, 9, 3, 0, 3])", randint(0, 10, [5]).ToString());
    }
}
