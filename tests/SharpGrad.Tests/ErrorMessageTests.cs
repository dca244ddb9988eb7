using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Misuse raises PyTorch's message.</summary>
public class ErrorMessageTests
{
    private static void Throws<TException>(string expected, Action action) where TException : Exception
    {
        var e = Assert.ThrowsAny<TException>(action);
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void NothingRequiresGrad() => Throws<InvalidOperationException>(
        "element 0 of tensors does not require grad and does not have a grad_fn",
        () => ones(2).sum().backward());

    [Fact]
    public void UnusedInputWithoutAllowUnused()
    {
        var x = ones(2, requires_grad: true);
        var y = ones(2, requires_grad: true);
        Throws<InvalidOperationException>(
            "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.",
            () => autograd.grad([(x * 2).sum()], [x, y]));
        var grads = autograd.grad([(x * 2).sum()], [x, y], allow_unused: true);
        Assert.Null(grads[1]);
        Assert.Equal("tensor([2., 2.])", grads[0]!.ToString());
    }

    [Fact]
    public void BackwardGradientOfWrongShape() => Throws<ArgumentException>(
        "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).",
        () => (ones(3, requires_grad: true) * 2).backward(ones(2)));

    [Fact]
    public void RequiresGradOnIntegerTensor() => Throws<InvalidOperationException>(
        "only Tensors of floating point and complex dtype can require gradients",
        () => tensor(new long[] { 1, 2 }).requires_grad_());

    [Fact]
    public void ShapeMismatches()
    {
        Throws<ArgumentException>("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", () => mm(ones(2, 3), ones(4, 5)));
        Throws<ArgumentException>("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
            () => _ = ones(2, 3) + ones(2, 4));
        Throws<ArgumentException>("The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0",
            () => _ = ones(3) * ones(2));
        Throws<ArgumentException>("shape '[4, 2]' is invalid for input of size 6", () => ones(2, 3).reshape(4, 2));
        Throws<InvalidOperationException>(
            "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
            () => ones(2, 3).t().view(6));
        Throws<ArgumentException>("Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for tensor number 1 in the list.",
            () => cat([ones(2, 3), ones(2, 2)]));
        Throws<ArgumentException>("1D tensors expected, but got 2D and 1D tensors", () => dot(ones(2, 2), ones(2)));
        Throws<ArgumentException>("t() expects a tensor with <= 2 dimensions, but self is 3D", () => ones(2, 2, 2).t());
        Throws<IndexOutOfRangeException>("Dimension out of range (expected to be in range of [-2, 1], but got 2)", () => ones(2, 3).sum(2));
        Throws<IndexOutOfRangeException>("index 5 is out of bounds for dimension 0 with size 3", () => ones(3).select(0, 5));
    }

    [Fact]
    public void NonLeafRequiresGradCannotBeCleared()
    {
        var y = ones(2, requires_grad: true) * 2;
        Throws<InvalidOperationException>(
            "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
            () => y.requires_grad = false);
    }

    sealed class MyFunc : autograd.Function<MyFunc>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs) => inputs[0] + inputs[1] + inputs[2];
        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs) => [grad_outputs[0], grad_outputs[0]];
    }

    [Fact]
    public void CustomFunctionWithWrongNumberOfGradients()
    {
        var x = ones(2, requires_grad: true);
        var y = MyFunc.apply(x, x, x);
        Throws<InvalidOperationException>(
            "function MyFuncBackward returned an incorrect number of gradients (expected 3, got 2)",
            () => y.sum().backward());
    }

    sealed class BadShape : autograd.Function<BadShape>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs) => inputs[0] * 2;
        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs) => [ones(3)];
    }

    [Fact]
    public void CustomFunctionWithIncompatibleGradientShape() => Throws<InvalidOperationException>(
        "Function BadShapeBackward returned an invalid gradient at index 0 - got [3] but expected shape compatible with [2]",
        () => BadShape.apply(ones(2, requires_grad: true)).sum().backward());

    [Fact]
    public void HookOnTensorWithoutGrad() => Throws<InvalidOperationException>(
        "cannot register a hook on a tensor that doesn't require gradient",
        () => ones(2).register_hook(g => g));
}

public class BinaryOpShapeMismatchTests
{
    public static IEnumerable<object[]> Ops() => new (string, Func<Tensor, Tensor, Tensor>)[]
    {
        ("add", (a, b) => a + b), ("sub", (a, b) => a - b), ("mul", (a, b) => a * b), ("div", (a, b) => a / b),
        ("pow", (a, b) => a.pow(b)), ("maximum", torch.maximum), ("minimum", torch.minimum),
        ("eq", (a, b) => a == b), ("lt", (a, b) => a < b), ("ge", (a, b) => a >= b),
        ("where", (a, b) => torch.where(a > 0.0, a, b)), ("logical_and", torch.logical_and),
        ("add_", (a, b) => a.clone().add_(b)),
    }.Select(p => new object[] { p.Item1, p.Item2 });

    [Theory]
    [MemberData(nameof(Ops))]
    public void EveryBinaryOpNamesBothSizes(string name, Func<Tensor, Tensor, Tensor> op)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => op(torch.ones(2, 3), torch.ones(2, 4)));
        Assert.True(
            e.Message == "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"
            || e.Message == "output with shape [2, 3] doesn't match the broadcast shape [2, 4]",
            $"{name}: {e.Message}");
    }

    [Fact]
    public void MatmulAndStackMismatches()
    {
        Assert.Equal("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)",
            Assert.ThrowsAny<ArgumentException>(() => torch.matmul(torch.ones(2, 3), torch.ones(4, 5))).Message);
        Assert.Equal("stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1",
            Assert.ThrowsAny<ArgumentException>(() => torch.stack([torch.ones(2), torch.ones(3)])).Message);
        Assert.Equal("expand(torch.FloatTensor{[2, 3]}, size=[4]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)".Replace("{[2, 3]}", "{2, 3}"),
            Assert.ThrowsAny<ArgumentException>(() => torch.ones(2, 3).expand(4)).Message);
    }
}
