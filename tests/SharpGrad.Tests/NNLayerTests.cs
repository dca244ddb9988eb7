using SharpGrad.Modules;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Layers, activations, losses and nn.utils; the MLP's values are libtorch's
/// (tools/TorchOracle, script NnMlp).</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class NNLayerTests
{
    private static void Close(float[] expected, Tensor actual, float tol = 1e-6f)
    {
        var a = actual.detach().to(float32).reshape(-1).ToArray<float>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(expected[i] - a[i]) <= tol, $"element {i}: expected {expected[i]:R}, got {a[i]:R}");
    }

    private static (Sequential model, Tensor x, Tensor y) Mlp()
    {
        manual_seed(0);
        var model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3));
        return (model, randn(5, 4), tensor(new long[] { 0, 2, 1, 1, 0 }));
    }

    [Fact]
    public void MlpForwardLossAndGradientsArePyTorchs()
    {
        var (model, x, y) = Mlp();
        var output = model.call(x);
        Close([0.8899573f, -0.1452423f, 0.038332984f, 0.23386082f, -0.48061305f, 0.35329258f, 0.3771956f, -0.13999186f, 0.22564338f, 0.3541832f, -0.4344948f, 0.30563977f, 0.19974326f, -0.41546634f, 0.6041308f], output);
        var loss = nn.CrossEntropyLoss().call(output, y);
        Close([1.1228256f], loss);
        loss.backward();
        var grads = model.named_parameters().ToDictionary(p => p.name, p => p.param.grad!);
        Close([0.01565397f, 0.03552415f, 0.022133589f, 0.0036018672f, -0.03295314f, -0.011299046f, -0.014181894f, -0.013342404f, -0.07121066f, -0.017531486f, -0.019250738f, 0.0068230736f, -0.024409015f, 0.08668708f, 0.025105016f, -0.08718238f, 0.055695437f, -0.060812794f, -0.038088366f, -0.053712565f, 0.05346959f, -0.031113042f, 0.03119501f, -0.031946793f, -0.0711467f, 0.017690375f, 0.00499779f, 0.014723133f, -0.0119561935f, 0.07215919f, 0.023021642f, 0.036160078f], grads["0.weight"]);
        Close([0.03321682f, -0.050284695f, -0.07084409f, -0.07449004f, -0.021437481f, 0.019196486f, -0.04843049f, 0.047742475f], grads["0.bias"]);
        Close([-0.036482822f, 0.1210853f, 0.008783139f, 0.039239958f, -0.032232117f, 0.1001103f, -0.0445772f, 0.117897496f, 0.084042475f, -0.0005190151f, 0.06952743f, 0.09296173f, 0.0475519f, -0.14217812f, -0.009003774f, -0.053839132f, -0.047559664f, -0.120566286f, -0.07831058f, -0.13220169f, -0.015319783f, 0.042067837f, 0.053580966f, -0.06405834f], grads["2.weight"]);
        Close([0.019034341f, -0.20082988f, 0.18179558f], grads["2.bias"]);
    }

    [Fact]
    public void ClipGradNormIsPyTorchs()
    {
        var (model, x, y) = Mlp();
        nn.CrossEntropyLoss().call(model.call(x), y).backward();
        var total = nn.utils.clip_grad_norm_(model.parameters(), 0.5);
        Assert.Equal(0.5374350547790527, total.item(), 1e-6);
        var grads = model.named_parameters().ToDictionary(p => p.name, p => p.param.grad!);
        Close([0.014563564f, 0.03304965f, 0.020591835f, 0.0033509727f, -0.03065773f, -0.010511991f, -0.013194029f, -0.012413015f, -0.066250354f, -0.016310299f, -0.017909793f, 0.0063478f, -0.02270876f, 0.080648735f, 0.023356281f, -0.08110954f, 0.05181587f, -0.05657677f, -0.035435252f, -0.049971122f, 0.04974507f, -0.028945807f, 0.029022064f, -0.029721482f, -0.066190846f, 0.01645812f, 0.00464966f, 0.013697567f, -0.011123364f, 0.067132816f, 0.021418028f, 0.033641282f], grads["0.weight"]);
        Close([0.030903041f, -0.046782024f, -0.06590932f, -0.06930131f, -0.019944215f, 0.017859321f, -0.04505698f, 0.044416886f], grads["0.bias"]);
        Close([-0.033941545f, 0.112650886f, 0.008171334f, 0.036506627f, -0.029986931f, 0.09313694f, -0.041472096f, 0.10968514f, 0.078188345f, -0.0004828622f, 0.064684376f, 0.08648631f, 0.044239588f, -0.13227445f, -0.0083766f, -0.05008887f, -0.04424681f, -0.11216803f, -0.07285572f, -0.12299294f, -0.014252656f, 0.039137527f, 0.049848687f, -0.059596244f], grads["2.weight"]);
        Close([0.01770847f, -0.18684071f, 0.16913229f], grads["2.bias"]);
        // Below max_norm nothing changes (the coefficient is clamped to 1).
        var before = grads["2.bias"].clone();
        nn.utils.clip_grad_norm_(model.parameters(), 10);
        Assert.True(before.equal(grads["2.bias"]));
        // The infinity norm is the largest |g|.
        var p = nn.Parameter(zeros(3));
        p.grad = tensor(new[] { 1f, -4f, 2f });
        Assert.Equal(4.0, nn.utils.clip_grad_norm_([p], 2, norm_type: double.PositiveInfinity).item());
        Close([0.5f, -2f, 1f], p.grad, 1e-5f);
        p.grad = tensor(new[] { float.NaN, 1f, 0f });
        var ex = Assert.Throws<InvalidOperationException>(() => nn.utils.clip_grad_norm_([p], 1, error_if_nonfinite: true));
        Assert.StartsWith("The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped.", ex.Message);
        Assert.Equal(0.0, nn.utils.clip_grad_norm_([nn.Parameter(zeros(2))], 1).item());
    }

    [Fact]
    public void ClipGradValueAndParameterVectors()
    {
        var a = nn.Parameter(zeros(2, 2));
        var b = nn.Parameter(zeros(3));
        a.grad = tensor(new[,] { { 1f, -2f }, { 0.25f, 3f } });
        nn.utils.clip_grad_value_([a, b], 0.5);
        Assert.Equal(new[] { 0.5f, -0.5f, 0.25f, 0.5f }, a.grad.ToArray<float>());
        Assert.Null(b.grad);
        var vec = nn.utils.parameters_to_vector([a, b]);
        Assert.Equal(new long[] { 7 }, vec.shape);
        nn.utils.vector_to_parameters(arange(7, dtype: float32), [a, b]);
        Assert.Equal(new[] { 0f, 1, 2, 3 }, a.detach().reshape(-1).ToArray<float>());
        Assert.Equal(new[] { 4f, 5, 6 }, b.detach().ToArray<float>());
        Assert.Equal(new long[] { 2, 2 }, a.shape);
        Assert.True(a.is_leaf && a.requires_grad);
        var (model, _, _) = Mlp();
        Assert.Equal(67, nn.utils.parameters_to_vector(model.parameters()).numel()); // as PyTorch counts
    }

    [Fact]
    public void ActivationModulesMatchTheirFunctionalOps()
    {
        var x = tensor(new[] { -2f, -0.5f, 0f, 0.5f, 3f });
        Assert.True(nn.ReLU().call(x).equal(nn.functional.relu(x)));
        Assert.True(nn.LeakyReLU(0.1).call(x).equal(nn.functional.leaky_relu(x, 0.1)));
        Assert.True(nn.ELU(0.5).call(x).equal(nn.functional.elu(x, 0.5)));
        Assert.True(nn.SiLU().call(x).equal(nn.functional.silu(x)));
        Assert.True(nn.Sigmoid().call(x).equal(x.sigmoid()));
        Assert.True(nn.Tanh().call(x).equal(x.tanh()));
        Assert.True(nn.Softplus(2, 1).call(x).equal(nn.functional.softplus(x, 2, 1)));
        var m = x.view(1, 5);
        Assert.True(nn.Softmax(1).call(m).equal(nn.functional.softmax(m, 1)));
        Assert.True(nn.LogSoftmax(-1).call(m).equal(nn.functional.log_softmax(m, -1)));
        Assert.Same(x, nn.Identity().call(x));
        var y = x.clone();
        nn.ReLU(inplace: true).call(y);
        Assert.Equal(new[] { 0f, 0, 0, 0.5f, 3 }, y.ToArray<float>());
        var z = x.clone();
        nn.LeakyReLU(0.5, inplace: true).call(z);
        Assert.Equal(new[] { -1f, -0.25f, 0, 0.5f, 3 }, z.ToArray<float>());
    }

    [Fact]
    public void LossModulesMatchTheirFunctionalOps()
    {
        manual_seed(4);
        var input = randn(4, 3);
        var target = randn(4, 3);
        var cls = tensor(new long[] { 2, 0, 1, 2 });
        var probs = input.sigmoid();
        var bin = rand(4, 3).gt(tensor(0.5f)).to(float32);
        Assert.True(nn.MSELoss().call(input, target).equal(nn.functional.mse_loss(input, target)));
        Assert.True(nn.MSELoss("sum").call(input, target).equal(nn.functional.mse_loss(input, target, "sum")));
        Assert.True(nn.L1Loss("none").call(input, target).equal(nn.functional.l1_loss(input, target, "none")));
        var w = tensor(new[] { 1f, 2f, 0.5f });
        Assert.True(nn.CrossEntropyLoss(w, label_smoothing: 0.1).call(input, cls)
            .equal(nn.functional.cross_entropy(input, cls, w, label_smoothing: 0.1)));
        var logp = nn.functional.log_softmax(input, 1);
        Assert.True(nn.NLLLoss(ignore_index: 0).call(logp, cls).equal(nn.functional.nll_loss(logp, cls, ignore_index: 0)));
        Assert.True(nn.BCELoss().call(probs, bin).equal(nn.functional.binary_cross_entropy(probs, bin)));
        var pw = tensor(new[] { 2f, 1f, 3f });
        Assert.True(nn.BCEWithLogitsLoss(pos_weight: pw).call(input, bin)
            .equal(nn.functional.binary_cross_entropy_with_logits(input, bin, pos_weight: pw)));
        // Class weights are buffers (in state_dict), as in PyTorch.
        Assert.Equal(["weight"], nn.CrossEntropyLoss(w).state_dict().Keys.ToArray());
        Assert.Empty(nn.CrossEntropyLoss().state_dict());
    }

    [Fact]
    public void GeluMishHardtanhAndTheRobustLossesAsModules()
    {
        var x = tensor(new[] { -2f, -0.5f, 0f, 0.5f, 3f });
        Assert.True(nn.GELU().call(x).equal(nn.functional.gelu(x)));
        Assert.True(nn.GELU("tanh").call(x).equal(nn.functional.gelu(x, approximate: "tanh")));
        Assert.True(nn.Mish().call(x).equal(nn.functional.mish(x)));
        Assert.Equal(new[] { -1f, -0.5f, 0, 0.5f, 1 }, nn.Hardtanh().call(x).ToArray<float>());
        Assert.Equal(new[] { -0.25f, -0.25f, 0, 0.5f, 2 }, nn.Hardtanh(-0.25, 2).call(x).ToArray<float>());
        var h = x.clone();
        nn.Hardtanh(inplace: true).call(h);
        Assert.Equal(new[] { -1f, -0.5f, 0, 0.5f, 1 }, h.ToArray<float>());

        var target = tensor(new[] { 0f, 0f, 0f, 2f, 0f });
        // |d| = 2, 0.5, 0, 1.5, 3: smooth L1 (beta 1) = 1.5, 0.125, 0, 1, 2.5; Huber (delta 2) = 2, 0.125, 0, 1.125, 4
        Assert.Equal(new[] { 1.5f, 0.125f, 0, 1, 2.5f }, nn.SmoothL1Loss("none").call(x, target).ToArray<float>());
        Assert.Equal(5.125f / 5, nn.SmoothL1Loss().call(x, target).item<float>(), 6);
        Assert.Equal(new[] { 2f, 0.125f, 0, 1.125f, 4 }, nn.HuberLoss("none", delta: 2).call(x, target).ToArray<float>());
        var logp = nn.functional.log_softmax(x.view(1, 5), 1);
        var p = tensor(new[] { 0.1f, 0.2f, 0.3f, 0.2f, 0.2f }).view(1, 5);
        Assert.True(nn.KLDivLoss("batchmean").call(logp, p).equal(nn.functional.kl_div(logp, p, "batchmean")));
        Assert.True(nn.KLDivLoss("sum", log_target: true).call(logp, p.log()).equal(nn.functional.kl_div(logp, p.log(), "sum", log_target: true)));

        Assert.Equal("GELU(approximate='none')", nn.GELU().ToString());
        Assert.Equal("GELU(approximate='tanh')", nn.GELU("tanh").ToString());
        Assert.Equal("Mish()", nn.Mish().ToString());
        Assert.Equal("Hardtanh(min_val=-1.0, max_val=1.0)", nn.Hardtanh().ToString());
        Assert.Equal("SmoothL1Loss()", nn.SmoothL1Loss().ToString());
        Assert.Equal("HuberLoss()", nn.HuberLoss().ToString());
        Assert.Equal("KLDivLoss()", nn.KLDivLoss().ToString());
    }

    [Fact]
    public void FlattenUnflattenAndSequentialChaining()
    {
        var x = arange(24, dtype: float32).view(2, 3, 4);
        Assert.Equal(new long[] { 2, 12 }, nn.Flatten().call(x).shape);
        Assert.Equal(new long[] { 24 }, nn.Flatten(0).call(x).shape);
        Assert.Equal(new long[] { 6, 4 }, nn.Flatten(0, 1).call(x).shape);
        Assert.Equal(new long[] { 2, 3, 2, 2 }, nn.Unflatten(2, [2, 2]).call(x).shape);
        Assert.Equal(new long[] { 2, 3, 2, 2 }, nn.Unflatten(-1, [2, -1]).call(x).shape);
        var seq = nn.Sequential(nn.Flatten(), nn.Unflatten(1, [3, 4]));
        Assert.True(seq.call(x).equal(x));
        Assert.Equal(2, seq.Count);
        Assert.IsType<Unflatten>(seq[-1]);
        seq.append(nn.Flatten());
        Assert.Equal(new long[] { 2, 12 }, seq.call(x).shape);
        var withLoss = nn.Sequential(nn.Identity(), nn.MSELoss());
        Assert.Equal("Sequential: module (1) MSELoss does not take one tensor and return one",
            Assert.Throws<InvalidOperationException>(() => withLoss.call(x)).Message);
    }

    [Fact]
    public void LinearHandlesBatchesVectorsAndNoBias()
    {
        manual_seed(5);
        var lin = nn.Linear(4, 3, bias: false);
        Assert.Null(lin.bias);
        Assert.Equal(["weight"], lin.named_parameters().Select(p => p.name).ToArray());
        var x = randn(2, 5, 4);
        Assert.True(lin.call(x).allclose(x.matmul(lin.weight.detach().t()), atol: 1e-6));
        Assert.Equal(new long[] { 3 }, lin.call(randn(4)).shape);
        var d = nn.Linear(2, 2, dtype: float64);
        Assert.Equal(float64, d.weight.dtype);
        Assert.Equal(float64, d.bias!.dtype);
        var w = randn(new long[] { 3, 4 }, dtype: float64, requires_grad: true);
        var b = randn(new long[] { 3 }, dtype: float64, requires_grad: true);
        var xin = randn(new long[] { 2, 4 }, dtype: float64, requires_grad: true);
        TestUtil.CheckGradients(t => nn.functional.linear(t[0], t[1], t[2]), xin, w, b);
    }
}
