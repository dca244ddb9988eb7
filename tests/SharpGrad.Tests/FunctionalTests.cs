using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class FunctionalTests
{
    private static Tensor Probabilities(params long[] shape)
        => (rand(shape, dtype: float64) * 0.8 + 0.1).requires_grad_(true);

    // ------------------------------------------------------------------ activations

    [Fact]
    public void SoftmaxValues()
    {
        var x = tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var y = F.softmax(x, 0);
        AssertValues(y, [0.0900, 0.2447, 0.6652]);
        Assert.Equal("SoftmaxBackward0", y.grad_fn!.name());
        Assert.Equal(float32, y.dtype);

        var l = F.log_softmax(x, dim: -1);
        AssertValues(l, [-2.4076, -1.4076, -0.4076]);
        Assert.Equal("LogSoftmaxBackward0", l.grad_fn!.name());

        // Rows and columns of a matrix.
        var m = tensor(new double[,] { { 1, 2, 3 }, { 0.5, -1, 2 } });
        AssertValues(F.softmax(m, 1).sum(1L), [1, 1], 1e-12);
        AssertValues(F.softmax(m, 0).sum(0L), [1, 1, 1], 1e-12);
        AssertValues(F.log_softmax(m, 1), [-2.4076, -1.4076, -0.4076, -1.7413, -3.2413, -0.2413]);
        Assert.True(allclose(F.softmax(m.t(), 0), F.softmax(m, 1).t()));

        // Shifting by the maximum keeps large logits finite.
        AssertValues(F.softmax(tensor(new float[] { 1000, 1001 }), 0), [0.2689, 0.7311]);
        AssertValues(F.log_softmax(tensor(new float[] { -1000, 0 }), 0), [-1000, 0]);

        // dtype converts first.
        var d = F.softmax(tensor(new long[] { 1, 2, 3 }), 0, dtype: float64);
        Assert.Equal(float64, d.dtype);
        AssertValues(d, [0.0900, 0.2447, 0.6652]);
        var e = Assert.Throws<NotSupportedException>(() => F.softmax(tensor(new long[] { 1, 2, 3 }), 0));
        Assert.Equal("\"softmax_lastdim_kernel_impl\" not implemented for 'Long'", e.Message);

        // A 0-dim input is a single class.
        Assert.Equal(1.0, F.softmax(tensor(5.0), 0).item());
        Assert.Equal(0.0, F.log_softmax(tensor(5.0), 0).item());
    }

    private static readonly Dictionary<string, Action> SoftmaxGradientsCases = new()
    {
        ["F.softmax(t[0], 1)"] = () => { manual_seed(3); CheckGradients(t => F.softmax(t[0], 1), RandD(3, 4)); },
        ["F.softmax(t[0], 0)"] = () => { manual_seed(3); CheckGradients(t => F.softmax(t[0], 0), RandD(3, 4)); },
        ["F.softmax(t[0], 1) * t[1]"] = () => { manual_seed(3); CheckGradients(t => F.softmax(t[0], 1) * t[1], RandD(2, 3, 4), RandD(2, 3, 4)); },
        ["F.log_softmax(t[0], 1)"] = () => { manual_seed(3); CheckGradients(t => F.log_softmax(t[0], 1), RandD(3, 4)); },
        ["F.log_softmax(t[0], -1)"] = () => { manual_seed(3); CheckGradients(t => F.log_softmax(t[0], -1), RandD(2, 3, 2)); },
        ["F.softmin(t[0], 0)"] = () => { manual_seed(3); CheckGradients(t => F.softmin(t[0], 0), RandD(4)); },
    };

    public static TheoryData<string> SoftmaxGradientsOps => [.. SoftmaxGradientsCases.Keys];

    /// <summary>One case per op, named by its expression.</summary>
    [Theory, MemberData(nameof(SoftmaxGradientsOps))]
    public void SoftmaxGradients(string op) => SoftmaxGradientsCases[op]();

    [Fact]
    public void SoftmaxBackwardValues()
    {
        var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var y = F.softmax(x, 0);
        (y * tensor(new double[] { 1, 0, 0 })).sum().backward();
        // d y0 / d x = y0·(δ − y)
        AssertValues(x.grad!, [0.0900 * (1 - 0.0900), -0.0900 * 0.2447, -0.0900 * 0.6652]);
    }

    [Fact]
    public void ElementwiseActivations()
    {
        var x = tensor(new double[] { 1, -2, 0.5 }, requires_grad: true);
        Assert.Equal("ReluBackward0", F.relu(x).grad_fn!.name());
        AssertValues(F.relu(x), [1, 0, 0.5]);
        Assert.Equal("SigmoidBackward0", F.sigmoid(x).grad_fn!.name());
        AssertValues(F.sigmoid(x), [0.7311, 0.1192, 0.6225]);
        Assert.Equal("TanhBackward0", F.tanh(x).grad_fn!.name());
        AssertValues(F.tanh(x), [0.7616, -0.9640, 0.4621]);

        var ls = F.logsigmoid(x);
        Assert.Equal("LogSigmoidBackward0", ls.grad_fn!.name());
        AssertValues(ls, [-0.313262, -2.126928, -0.474077], 1e-6);
        AssertValues(F.logsigmoid(tensor(new double[] { -1000, 1000 })), [-1000, 0]);

        var sp = F.softplus(x);
        Assert.Equal("SoftplusBackward0", sp.grad_fn!.name());
        AssertValues(sp, [1.313262, 0.126928, 0.974077], 1e-6);
        AssertValues(F.softplus(tensor(new double[] { 30, 1 }), beta: 2, threshold: 20), [30, 0.5 * Math.Log(1 + Math.Exp(2))], 1e-9);

        var lr = F.leaky_relu(x, 0.1);
        Assert.Equal("LeakyReluBackward0", lr.grad_fn!.name());
        AssertValues(lr, [1, -0.2, 0.5]);

        var elu = F.elu(x);
        Assert.Equal("EluBackward0", elu.grad_fn!.name());
        AssertValues(elu, [1, -0.864665, 0.5], 1e-6);

        var silu = F.silu(x);
        Assert.Equal("SiluBackward0", silu.grad_fn!.name());
        AssertValues(silu, [0.731059, -0.238406, 0.311230], 1e-6);
    }

    private static readonly Dictionary<string, Action> ActivationGradientsCases = new()
    {
        ["F.tanh(t[0])"] = () => { manual_seed(5); CheckGradients(t => F.tanh(t[0]), RandD(5)); },
        ["F.sigmoid(t[0])"] = () => { manual_seed(5); CheckGradients(t => F.sigmoid(t[0]), RandD(5)); },
        ["F.relu(t[0]) * t[0]"] = () => { manual_seed(5); CheckGradients(t => F.relu(t[0]) * t[0], RandD(5)); },
        ["F.logsigmoid(t[0])"] = () => { manual_seed(5); CheckGradients(t => F.logsigmoid(t[0]), RandD(5)); },
        ["F.softplus(t[0], beta: 2)"] = () => { manual_seed(5); CheckGradients(t => F.softplus(t[0], beta: 2), RandD(5)); },
        ["F.leaky_relu(t[0], 0.2) * t[0]"] = () => { manual_seed(5); CheckGradients(t => F.leaky_relu(t[0], 0.2) * t[0], RandD(5)); },
        ["F.elu(t[0], 1.5)"] = () => { manual_seed(5); CheckGradients(t => F.elu(t[0], 1.5), RandD(5)); },
        ["F.silu(t[0])"] = () => { manual_seed(5); CheckGradients(t => F.silu(t[0]), RandD(5)); },
    };

    public static TheoryData<string> ActivationGradientsOps => [.. ActivationGradientsCases.Keys];

    /// <summary>One case per op, named by its expression.</summary>
    [Theory, MemberData(nameof(ActivationGradientsOps))]
    public void ActivationGradients(string op) => ActivationGradientsCases[op]();

    // ------------------------------------------------------------------ mse / l1

    [Fact]
    public void MseLossValues()
    {
        var x = tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var t = tensor(new float[] { 1, 1, 1 });
        var loss = F.mse_loss(x, t);
        Assert.Equal("MseLossBackward0", loss.grad_fn!.name());
        AssertValues(loss, [5.0 / 3]);
        AssertValues(F.mse_loss(x, t, reduction: "sum"), [5]);
        var none = F.mse_loss(x, t, reduction: "none");
        Assert.Equal([3L], none.shape);
        AssertValues(none, [0, 1, 4]);
        loss.backward();
        AssertValues(x.grad!, [0, 2.0 / 3, 4.0 / 3]);

        // A target of another shape is broadcast.
        var b = F.mse_loss(tensor(new double[,] { { 1 }, { 2 } }), tensor(new double[] { 0, 1, 2 }), reduction: "none");
        Assert.Equal([2L, 3L], b.shape);
        AssertValues(b, [1, 0, 1, 4, 1, 0]);

        AssertValues(F.l1_loss(x, t), [1]);
        Assert.Equal("MeanBackward0", F.l1_loss(x, t).grad_fn!.name());
    }

    private static readonly Dictionary<string, Action> MseLossGradientsCases = new()
    {
        ["F.mse_loss(t[0], t[1]) on RandD(3, 4), RandD(3, 4)"] = () => { manual_seed(7); CheckGradients(t => F.mse_loss(t[0], t[1]), RandD(3, 4), RandD(3, 4)); },
        ["F.mse_loss(t[0], t[1], reduction: \"sum\")"] = () => { manual_seed(7); CheckGradients(t => F.mse_loss(t[0], t[1], reduction: "sum"), RandD(3, 4), RandD(3, 4)); },
        ["F.mse_loss(t[0], t[1], reduction: \"none\")"] = () => { manual_seed(7); CheckGradients(t => F.mse_loss(t[0], t[1], reduction: "none"), RandD(3, 4), RandD(3, 4)); },
        ["F.mse_loss(t[0], t[1]) on RandD(3, 1), RandD(4)"] = () => { manual_seed(7); CheckGradients(t => F.mse_loss(t[0], t[1]), RandD(3, 1), RandD(4)); },
        ["F.l1_loss(t[0], t[1])"] = () => { manual_seed(7); CheckGradients(t => F.l1_loss(t[0], t[1]), RandD(3, 4), RandD(3, 4)); },
    };

    public static TheoryData<string> MseLossGradientsOps => [.. MseLossGradientsCases.Keys];

    /// <summary>One case per op, named by its expression.</summary>
    [Theory, MemberData(nameof(MseLossGradientsOps))]
    public void MseLossGradients(string op) => MseLossGradientsCases[op]();

    [Fact]
    public void InvalidReduction()
    {
        var x = tensor(new float[] { 0.5f });
        var e = Assert.Throws<ArgumentException>(() => F.mse_loss(x, x, reduction: "avg"));
        Assert.Equal("avg is not a valid value for reduction", e.Message);
        e = Assert.Throws<ArgumentException>(() => F.binary_cross_entropy(x, x, reduction: "max"));
        Assert.Equal("max is not a valid value for reduction", e.Message);
        e = Assert.Throws<ArgumentException>(() => F.binary_cross_entropy_with_logits(x, x, reduction: "x"));
        Assert.Equal("x is not a valid value for reduction", e.Message);
        e = Assert.Throws<ArgumentException>(() => F.cross_entropy(tensor(new float[,] { { 1, 2 } }), tensor(new long[] { 0 }), reduction: "Mean"));
        Assert.Equal("Mean is not a valid value for reduction", e.Message);
    }

    // ------------------------------------------------------------------ binary cross entropy

    [Fact]
    public void BinaryCrossEntropyValues()
    {
        var x = tensor(new float[] { 0.2f, 0.9f }, requires_grad: true);
        var t = tensor(new float[] { 0, 1 });
        var loss = F.binary_cross_entropy(x, t);
        Assert.Equal("BinaryCrossEntropyBackward0", loss.grad_fn!.name());
        AssertValues(loss, [0.164252], 1e-6);
        AssertValues(F.binary_cross_entropy(x, t, reduction: "sum"), [0.328504], 1e-6);
        AssertValues(F.binary_cross_entropy(x, t, reduction: "none"), [-Math.Log(0.8), -Math.Log(0.9)], 1e-6);
        AssertValues(F.binary_cross_entropy(x, t, weight: tensor(new float[] { 1, 3 })), [0.269613], 1e-6);
        loss.backward();
        // (x − t) / (x·(1 − x)) / N
        AssertValues(x.grad!, [0.2 / 0.16 / 2, -0.1 / 0.09 / 2], 1e-5);

        // log is clamped at -100.
        AssertValues(F.binary_cross_entropy(tensor(new float[] { 0, 1 }), tensor(new float[] { 1, 0 }), reduction: "none"), [100, 100]);
        AssertValues(F.binary_cross_entropy(tensor(new float[] { 0, 1 }), tensor(new float[] { 0, 1 })), [0]);
    }

    [Fact]
    public void BinaryCrossEntropyErrors()
    {
        var e1 = Assert.Throws<InvalidOperationException>(() => F.binary_cross_entropy(tensor(new float[] { 1.5f, 0.5f }), tensor(new float[] { 1, 0 })));
        Assert.Equal("all elements of input should be between 0 and 1", e1.Message);
        var e2 = Assert.Throws<InvalidOperationException>(() => F.binary_cross_entropy(tensor(new float[] { -0.1f }), tensor(new float[] { 1 })));
        Assert.Equal("all elements of input should be between 0 and 1", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => F.binary_cross_entropy(tensor(new float[] { 0.5f, 0.5f }), tensor(new float[] { 1, 0, 1 })));
        Assert.Equal("Using a target size (torch.Size([3])) that is different to the input size (torch.Size([2])) is deprecated. Please ensure they have the same size.", e3.Message);
        var w = tensor(new float[] { 1, 2 }, requires_grad: true);
        var e4 = Assert.Throws<InvalidOperationException>(() => F.binary_cross_entropy(tensor(new float[] { 0.5f, 0.5f }), tensor(new float[] { 1, 0 }), w));
        Assert.Equal("The function 'binary_cross_entropy' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.", e4.Message);
    }

    [Fact]
    public void BinaryCrossEntropyGradients()
    {
        manual_seed(11);
        CheckGradients(t => F.binary_cross_entropy(t[0], t[1]), Probabilities(3, 4), Probabilities(3, 4));
        CheckGradients(t => F.binary_cross_entropy(t[0], t[1], reduction: "sum"), Probabilities(5), Probabilities(5));
        CheckGradients(t => F.binary_cross_entropy(t[0], t[1], reduction: "none"), Probabilities(2, 3), Probabilities(2, 3));
        var weight = rand(4, dtype: float64) + 0.5;
        CheckGradients(t => F.binary_cross_entropy(t[0], t[1], weight: weight), Probabilities(3, 4), Probabilities(3, 4));
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsValues()
    {
        var x = tensor(new float[] { 0.5f, -1 }, requires_grad: true);
        var t = tensor(new float[] { 1, 0 });
        var loss = F.binary_cross_entropy_with_logits(x, t);
        Assert.Equal("BinaryCrossEntropyWithLogitsBackward0", loss.grad_fn!.name());
        // mean(log(1 + e^-0.5), log(1 + e^-1))
        AssertValues(loss, [(Math.Log(1 + Math.Exp(-0.5)) + Math.Log(1 + Math.Exp(-1))) / 2], 1e-6);
        AssertValues(loss, [0.393669], 1e-6);
        Assert.Equal("tensor(0.3937, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)", loss.ToString());
        AssertValues(F.binary_cross_entropy_with_logits(x, t, reduction: "none"), [0.474077, 0.313262], 1e-6);
        AssertValues(F.binary_cross_entropy_with_logits(x, t, pos_weight: tensor(new float[] { 2 })), [0.630708], 1e-6);
        AssertValues(F.binary_cross_entropy_with_logits(x, t, weight: tensor(new float[] { 2, 0 }), reduction: "sum"), [0.948154], 1e-6);
        loss.backward();
        // (σ(x) − t) / N
        AssertValues(x.grad!, [(1 / (1 + Math.Exp(-0.5)) - 1) / 2, 1 / (1 + Math.Exp(1)) / 2], 1e-6);

        // Large logits stay finite.
        AssertValues(F.binary_cross_entropy_with_logits(tensor(new double[] { 1000, -1000 }), tensor(new double[] { 0, 1 }), reduction: "none"), [1000, 1000]);
        AssertValues(F.binary_cross_entropy_with_logits(tensor(new double[] { 1000, -1000 }), tensor(new double[] { 1, 0 }), reduction: "none"), [0, 0]);

        var e = Assert.Throws<ArgumentException>(() => F.binary_cross_entropy_with_logits(tensor(new float[] { 1, 2 }), tensor(new float[] { 1, 0, 1 })));
        Assert.Equal("Target size (torch.Size([3])) must be the same as input size (torch.Size([2]))", e.Message);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsGradients()
    {
        manual_seed(13);
        CheckGradients(t => F.binary_cross_entropy_with_logits(t[0], t[1]), RandD(3, 4), Probabilities(3, 4));
        CheckGradients(t => F.binary_cross_entropy_with_logits(t[0], t[1], reduction: "sum"), RandD(5), Probabilities(5));
        CheckGradients(t => F.binary_cross_entropy_with_logits(t[0], t[1], reduction: "none"), RandD(2, 3), Probabilities(2, 3));
        var weight = rand(4, dtype: float64) + 0.5;
        var posWeight = rand(4, dtype: float64) + 0.5;
        CheckGradients(t => F.binary_cross_entropy_with_logits(t[0], t[1], weight: weight, pos_weight: posWeight),
            RandD(3, 4), Probabilities(3, 4));
    }

    [Fact]
    public void SeedProgram002()
    {
        manual_seed(0);
        var x = ones(5);
        var y = zeros(3);
        var w = randn(5, 3, requires_grad: true);
        var b = randn(3, requires_grad: true);
        var z = matmul(x, w) + b;
        var loss = nn.functional.binary_cross_entropy_with_logits(z, y);
        Assert.Equal("AddBackward0", z.grad_fn!.name());
        Assert.Equal("BinaryCrossEntropyWithLogitsBackward0", loss.grad_fn!.name());
        Assert.StartsWith("<BinaryCrossEntropyWithLogitsBackward0 object at 0x", $"{loss.grad_fn}");
        loss.backward();
        var expected = z.detach().sigmoid() / 3.0;
        Assert.Equal([5L, 3L], w.grad!.shape);
        for (int i = 0; i < 5; i++) Assert.True(allclose(w.grad.select(0, i), expected, rtol: 1e-5, atol: 1e-6));
        Assert.True(allclose(b.grad!, expected, rtol: 1e-5, atol: 1e-6));
        // The loss itself: mean of softplus(z) for zero targets.
        var direct = (z.detach().exp() + 1.0).log().mean();
        Assert.True(allclose(loss.detach(), direct, rtol: 1e-5, atol: 1e-6));
    }

    // ------------------------------------------------------------------ nll / cross entropy

    private static Tensor Logits() => tensor(new double[,] { { 1, 2, 3 }, { 0.5, -1, 2 } }, requires_grad: true);

    [Fact]
    public void CrossEntropyValues()
    {
        var single = F.cross_entropy(tensor(new float[,] { { 1, 2, 3 } }), tensor(new long[] { 2 }));
        AssertValues(single, [0.4076]);

        var x = Logits();
        var target = tensor(new long[] { 2, 1 });
        var loss = F.cross_entropy(x, target);
        Assert.Equal("NllLossBackward0", loss.grad_fn!.name());
        Assert.Equal("LogSoftmaxBackward0", loss.grad_fn.next_functions[0].node!.name());
        Assert.Equal(0, loss.dim());
        AssertValues(loss, [1.824458630550769], 1e-9);
        AssertValues(F.cross_entropy(x, target, reduction: "sum"), [3.648917261101538], 1e-9);
        AssertValues(F.cross_entropy(x, target, reduction: "none"), [0.4076059644443806, 3.241311296657157], 1e-9);
        AssertValues(F.cross_entropy(x, target, weight: tensor(new double[] { 1, 2, 3 })), [1.5410880973294911], 1e-9);
        AssertValues(F.cross_entropy(x, tensor(new long[] { 2, -100 })), [0.4076059644443806], 1e-9);
        AssertValues(F.cross_entropy(x, tensor(new long[] { 2, 0 }), ignore_index: 0), [0.4076059644443806], 1e-9);
        AssertValues(F.cross_entropy(x, target, label_smoothing: 0.1), [1.7994586305507687], 1e-9);

        // Class probabilities.
        var p = tensor(new double[,] { { 0.1, 0.2, 0.7 }, { 0.5, 0.25, 0.25 } });
        AssertValues(F.cross_entropy(x, p), [1.2744586305507688], 1e-9);
        Assert.Equal("DivBackward0", F.cross_entropy(x, p).grad_fn!.name());

        // An unbatched input of C classes.
        AssertValues(F.cross_entropy(tensor(new double[] { 1, 2, 3 }), tensor(2L)), [0.4076059644443806], 1e-9);

        loss.backward();
        // softmax(x) − onehot(target), over N
        var sm = F.softmax(x.detach(), 1);
        var onehot = tensor(new double[,] { { 0, 0, 1 }, { 0, 1, 0 } });
        Assert.True(allclose(x.grad!, (sm - onehot) / 2.0));
    }

    private static Tensor CeTarget => tensor(new long[] { 0, 3, 1, 3 });
    private static Tensor CeWeight() => rand(5, dtype: float64) + 0.5;

    private static readonly Dictionary<string, Action> CrossEntropyGradientsCases = new()
    {
        ["F.cross_entropy(t[0], CeTarget)"] = () => { manual_seed(17); CheckGradients(t => F.cross_entropy(t[0], CeTarget), RandD(4, 5)); },
        ["F.cross_entropy(t[0], CeTarget, reduction: \"sum\")"] = () => { manual_seed(17); CheckGradients(t => F.cross_entropy(t[0], CeTarget, reduction: "sum"), RandD(4, 5)); },
        ["F.cross_entropy(t[0], CeTarget, reduction: \"none\")"] = () => { manual_seed(17); CheckGradients(t => F.cross_entropy(t[0], CeTarget, reduction: "none"), RandD(4, 5)); },
        ["F.cross_entropy(t[0], CeTarget, weight: w)"] = () => { manual_seed(17); var w = CeWeight(); CheckGradients(t => F.cross_entropy(t[0], CeTarget, weight: w), RandD(4, 5)); },
        ["F.cross_entropy(t[0], CeTarget, weight: w, label_smoothing: 0.3)"] = () => { manual_seed(17); var w = CeWeight(); CheckGradients(t => F.cross_entropy(t[0], CeTarget, weight: w, label_smoothing: 0.3), RandD(4, 5)); },
        ["F.cross_entropy(t[0], target with ignore_index -100)"] = () => { manual_seed(17); CheckGradients(t => F.cross_entropy(t[0], tensor(new long[] { 0, -100, 1, 3 })), RandD(4, 5)); },
        ["F.cross_entropy(t[0], CeTarget, label_smoothing: 0.2)"] = () => { manual_seed(17); CheckGradients(t => F.cross_entropy(t[0], CeTarget, label_smoothing: 0.2), RandD(4, 5)); },
        ["F.cross_entropy(t[0], t[1])"] = () => { manual_seed(17); CheckGradients(t => F.cross_entropy(t[0], t[1]), RandD(3, 4), Probabilities(3, 4)); },
        ["F.cross_entropy(t[0], t[1], reduction: \"none\", label_smoothing: 0.1)"] = () => { manual_seed(17); CheckGradients(t => F.cross_entropy(t[0], t[1], reduction: "none", label_smoothing: 0.1), RandD(3, 4), Probabilities(3, 4)); },
        ["F.cross_entropy(t[0], 0-dim target)"] = () => { manual_seed(17); CheckGradients(t => F.cross_entropy(t[0], tensor(1L)), RandD(4)); },
        ["F.cross_entropy(t[0], target), spatial [N, C, d] with targets [N, d]"] = () => { manual_seed(17); CheckGradients(t => F.cross_entropy(t[0], tensor(new long[,] { { 0, 2 }, { 1, 1 } })), RandD(2, 3, 2)); },
        ["F.cross_entropy(t[0], target, reduction: \"none\"), spatial"] = () => { manual_seed(17); CheckGradients(t => F.cross_entropy(t[0], tensor(new long[,] { { 0, 2 }, { 1, 1 } }), reduction: "none"), RandD(2, 3, 2)); },
    };

    public static TheoryData<string> CrossEntropyGradientsOps => [.. CrossEntropyGradientsCases.Keys];

    /// <summary>One case per op, named by its expression.</summary>
    [Theory, MemberData(nameof(CrossEntropyGradientsOps))]
    public void CrossEntropyGradients(string op) => CrossEntropyGradientsCases[op]();

    [Fact]
    public void NllLoss()
    {
        var logp = tensor(new double[,] { { -1, -2, -3 }, { -0.5, -0.25, -4 } }, requires_grad: true);
        var target = tensor(new long[] { 0, 2 });
        var loss = F.nll_loss(logp, target);
        Assert.Equal("NllLossBackward0", loss.grad_fn!.name());
        AssertValues(loss, [2.5]);
        AssertValues(F.nll_loss(logp, target, reduction: "sum"), [5]);
        AssertValues(F.nll_loss(logp, target, reduction: "none"), [1, 4]);
        AssertValues(F.nll_loss(logp, target, weight: tensor(new double[] { 3, 1, 1 })), [(3 * 1 + 4) / 4.0]);
        loss.backward();
        AssertValues(logp.grad!, [-0.5, 0, 0, 0, 0, -0.5]);

        // Everything ignored: 0/0.
        Assert.True(double.IsNaN(F.nll_loss(logp, tensor(new long[] { -100, -100 })).item()));

        // Spatial inputs use the 2-D kernel.
        var spatial = F.nll_loss(RandD(2, 3, 2, 2), zeros(new long[] { 2, 2, 2 }, dtype: int64));
        Assert.Equal("NllLoss2DBackward0", spatial.grad_fn!.name());
        var spatial3 = F.nll_loss(RandD(2, 3, 4), zeros(new long[] { 2, 4 }, dtype: int64), reduction: "none");
        Assert.Equal([2L, 4L], spatial3.shape);

        manual_seed(19);
        CheckGradients(t => F.nll_loss(t[0], tensor(new long[] { 1, 0, 2 })), RandD(3, 3));
        CheckGradients(t => F.nll_loss(t[0], tensor(new long[] { 1, 0, 2 }), reduction: "none"), RandD(3, 3));
        CheckGradients(t => F.nll_loss(t[0], tensor(new long[,] { { 1, 0 }, { 2, 2 } }), reduction: "sum"), RandD(2, 3, 2));
        CheckGradients(t => F.nll_loss(t[0], zeros(new long[] { 2, 1, 2 }, dtype: int64), reduction: "none"), RandD(2, 3, 1, 2));
    }

    [Fact]
    public void CrossEntropyErrors()
    {
        var x = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var e1 = Assert.Throws<IndexOutOfRangeException>(() => F.cross_entropy(x, tensor(new long[] { 5, 0 })));
        Assert.Equal("Target 5 is out of bounds.", e1.Message);
        var e2 = Assert.Throws<IndexOutOfRangeException>(() => F.nll_loss(x, tensor(new long[] { 0, -1 })));
        Assert.Equal("Target -1 is out of bounds.", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => F.cross_entropy(x, tensor(new long[] { 0, 1, 2 })));
        Assert.Equal("Expected input batch_size (2) to match target batch_size (3).", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => F.cross_entropy(x, tensor(new long[] { 0, 1 }), weight: tensor(new float[] { 1, 2 })));
        Assert.Equal("weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]", e4.Message);
        var e5 = Assert.Throws<InvalidOperationException>(() => F.cross_entropy(x, tensor(new long[,] { { 0, 1, 2 }, { 1, 1, 1 } })));
        Assert.Equal("Expected floating point type for target with class probabilities, got Long", e5.Message);
        var e6 = Assert.Throws<ArgumentException>(() => F.nll_loss(tensor(1.0f), tensor(0L)));
        Assert.Equal("Expected 1 or more dimensions (got 0)", e6.Message);
        var e7 = Assert.Throws<ArgumentException>(() => F.cross_entropy(RandD(2, 3, 4), zeros(new long[] { 2, 3 }, dtype: int64)));
        Assert.Equal("Expected target size [2, 4], got [2, 3]", e7.Message);
        var e8 = Assert.Throws<NotSupportedException>(() => F.nll_loss(x, tensor(new float[] { 0, 1 })));
        Assert.Equal("\"nll_loss_out_frame\" not implemented for 'Float'", e8.Message);
    }

    [Fact]
    public void ReachableThroughTorchAndAlias()
    {
        var x = tensor(new float[] { -1, 2 });
        AssertValues(torch.nn.functional.relu(x), [0, 2]);
        AssertValues(nn.functional.relu(x), [0, 2]);
        AssertValues(F.relu(x), [0, 2]);
    }
}
