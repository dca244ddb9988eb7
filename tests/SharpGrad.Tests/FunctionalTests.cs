using SharpGrad;
using static SharpGrad.torch;
using static SharpGrad.Tests.TestUtil;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

public class FunctionalTests
{
    [Fact]
    public void ForwardValues()
    {
        var x = tensor(new float[] { 1, 2, 3 });
        Assert.Equal("tensor([0.0900, 0.2447, 0.6652])", F.softmax(x, 0).ToString());
        Assert.Equal("tensor([-2.4076, -1.4076, -0.4076])", F.log_softmax(x, -1).ToString());
        Assert.Equal("tensor(0.4076)", F.cross_entropy(tensor(new float[,] { { 1, 2, 3 } }), tensor(new long[] { 2 })).ToString());
        AssertValues(F.binary_cross_entropy_with_logits(tensor(new float[] { 0.5f, -1 }), tensor(new float[] { 1, 0 })),
            [(Math.Log(1 + Math.Exp(-0.5)) + Math.Log(1 + Math.Exp(-1))) / 2]);
        AssertValues(F.binary_cross_entropy(tensor(new float[] { 0.8f, 0.3f }), tensor(new float[] { 1, 0 })),
            [-(Math.Log(0.8) + Math.Log(0.7)) / 2]);
        Assert.Equal("tensor(2.5000)", F.mse_loss(tensor(new float[] { 1, 2 }), tensor(new float[] { 2, 4 })).ToString());
        Assert.Equal("tensor(5.)", F.mse_loss(tensor(new float[] { 1, 2 }), tensor(new float[] { 2, 4 }), reduction: "sum").ToString());
        Assert.Equal("tensor([1., 4.])", F.mse_loss(tensor(new float[] { 1, 2 }), tensor(new float[] { 2, 4 }), reduction: "none").ToString());
        // Large logits stay finite.
        AssertValues(F.binary_cross_entropy_with_logits(tensor(new float[] { 1000, -1000 }), tensor(new float[] { 0, 1 }), reduction: "none"), [1000, 1000]);
        AssertValues(F.softmax(tensor(new float[] { 1000, 1000 }), 0), [0.5, 0.5]);
        // Probabilities as targets, label smoothing, ignore_index, class weights.
        var logits = tensor(new float[,] { { 1, 2, 3 }, { 1, 0, -1 } });
        AssertValues(F.cross_entropy(logits, tensor(new float[,] { { 0, 0, 1 }, { 1, 0, 0 } })), [(0.4076 + 0.4076) / 2]);
        AssertValues(F.cross_entropy(logits, tensor(new long[] { 2, -100 })), [0.4076]);
        AssertValues(F.cross_entropy(logits, tensor(new long[] { 2, 0 }), weight: tensor(new float[] { 3, 1, 1 })), [(0.4076 + 3 * 0.4076) / 4]);
        AssertValues(F.cross_entropy(logits, tensor(new long[] { 2, 0 }), label_smoothing: 0.1),
            [0.9 * 0.4076 + 0.1 * ((2.4076 + 1.4076 + 0.4076) / 3 + (0.4076 + 1.4076 + 2.4076) / 3) / 2]);
    }

    [Fact]
    public void NodeNames()
    {
        var x = randn(2, 3, requires_grad: true);
        Assert.Equal("SoftmaxBackward0", F.softmax(x, 1).grad_fn!.name());
        Assert.Equal("LogSoftmaxBackward0", F.log_softmax(x, 1).grad_fn!.name());
        Assert.Equal("NllLossBackward0", F.cross_entropy(x, tensor(new long[] { 0, 2 })).grad_fn!.name());
        Assert.Equal("MseLossBackward0", F.mse_loss(x, zeros(2, 3)).grad_fn!.name());
        Assert.Equal("BinaryCrossEntropyBackward0", F.binary_cross_entropy(x.sigmoid(), zeros(2, 3)).grad_fn!.name());
        Assert.Equal("BinaryCrossEntropyWithLogitsBackward0", F.binary_cross_entropy_with_logits(x, zeros(2, 3)).grad_fn!.name());
    }

    [Fact]
    public void Gradients()
    {
        manual_seed(21);
        var target = tensor(new long[] { 2, 0, 1 });
        var probs = (rand(3, 4, dtype: float64) * 0.8 + 0.1).requires_grad_();
        CheckGradients(t => F.softmax(t[0], 1), RandD(3, 4));
        CheckGradients(t => F.softmax(t[0], 0) * t[0], RandD(3, 4));
        CheckGradients(t => F.log_softmax(t[0], -1), RandD(3, 4));
        CheckGradients(t => F.cross_entropy(t[0], target), RandD(3, 4));
        CheckGradients(t => F.cross_entropy(t[0], target, reduction: "none"), RandD(3, 4));
        CheckGradients(t => F.cross_entropy(t[0], F.softmax(t[1], 1)), RandD(3, 4), RandD(3, 4));
        CheckGradients(t => F.mse_loss(t[0], t[1]), RandD(3, 4), RandD(3, 4));
        CheckGradients(t => F.binary_cross_entropy(t[0], t[1]), probs, (rand(3, 4, dtype: float64)).requires_grad_());
        CheckGradients(t => F.binary_cross_entropy_with_logits(t[0], t[1]), RandD(3, 4), rand(3, 4, dtype: float64).requires_grad_());
        CheckGradients(t => F.binary_cross_entropy_with_logits(t[0], t[1], pos_weight: tensor(new double[] { 1, 2, 3, 0.5 })),
            RandD(3, 4), rand(3, 4, dtype: float64).requires_grad_());
    }

    [Fact]
    public void Errors()
    {
        Assert.Equal("mean_sum is not a valid value for reduction",
            Assert.Throws<ArgumentException>(() => F.mse_loss(ones(2), ones(2), reduction: "mean_sum")).Message);
        Assert.Equal("Target size (torch.Size([3])) must be the same as input size (torch.Size([2]))",
            Assert.Throws<ArgumentException>(() => F.binary_cross_entropy_with_logits(ones(2), ones(3))).Message);
        Assert.Equal("all elements of input should be between 0 and 1",
            Assert.Throws<ArgumentException>(() => F.binary_cross_entropy(tensor(new float[] { 1.5f }), ones(1))).Message);
        Assert.Equal("Target 5 is out of bounds.",
            Assert.Throws<IndexOutOfRangeException>(() => F.cross_entropy(ones(1, 3), tensor(new long[] { 5 }))).Message);
    }

    [Fact]
    public void Seed002_BinaryCrossEntropyGraph()
    {
        var x = ones(5);
        var y = zeros(3);
        var w = randn(5, 3, requires_grad: true);
        var b = randn(3, requires_grad: true);
        var z = matmul(x, w) + b;
        var loss = F.binary_cross_entropy_with_logits(z, y);
        Assert.Equal("AddBackward0", z.grad_fn!.name());
        Assert.StartsWith("<BinaryCrossEntropyWithLogitsBackward0 object at 0x", loss.grad_fn!.ToString());
        loss.backward();
        var expected = z.detach().sigmoid() / 3;
        Assert.True(allclose(b.grad!, expected));
        Assert.True(allclose(w.grad!, expected.expand(5, 3)));
    }
}
