using SharpGrad;
using static SharpGrad.torch;
using static SharpGrad.torch.optim;

namespace SharpGrad.Tests;

/// <summary>The optimizer base: parameter groups, the state dict, zero_grad, closures, validation, and the fused update's fallback.</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class OptimizerTests
{
    private static float[][][] Oracle(string name) => OptimStepTests.Expected[name];

    private static void Exact(float[] expected, Tensor actual, string what) => OptimStepTests.AssertClose(expected, actual, what, rtol: 0, atol: 0);

    [Fact]
    public void Each_group_updates_with_its_own_options()
    {
        var ps = OptimStepTests.Params();
        var targets = OptimStepTests.Targets();
        var opt = SGD(
        [
            new ParamGroup([ps[0]]),
            new ParamGroup([ps[1]], lr: 0.05, options: new Dictionary<string, object?> { ["momentum"] = 0.9, ["dampening"] = 0.1, ["weight_decay"] = 0.01 }),
        ], lr: 0.1);
        Assert.Equal(0.0, opt.param_groups[0].momentum);
        Assert.Equal(0.9, opt.param_groups[1]["momentum"]);
        for (int s = 0; s < 4; s++)
        {
            OptimStepTests.SetGrads(ps, targets);
            opt.step();
            Exact(Oracle("SGD lr=0.1")[s][0], ps[0], $"group 0, step {s + 1}");
            Exact(Oracle("SGD lr=0.05 momentum=0.9 dampening=0.1 weight_decay=0.01")[s][1], ps[1], $"group 1, step {s + 1}");
        }
    }

    [Fact]
    public void A_groups_learning_rate_can_change_between_steps()
    {
        var p = tensor(new[] { 1.0f, -2.0f, 3.0f }).requires_grad_(true);
        var opt = SGD([p], lr: 0.1);
        p.grad = tensor(new[] { 0.5f, 0.25f, -1.0f });
        opt.step();
        foreach (var group in opt.param_groups) group["lr"] = 0.01;   // PyTorch's `for g in opt.param_groups: g['lr'] = x`
        opt.step();
        opt.param_groups[0].lr = 1;                                  // the typed form
        opt.step();
        float[] expected = [1.0f, -2.0f, 3.0f];
        float[] grad = [0.5f, 0.25f, -1.0f];
        foreach (var lr in new[] { 0.1, 0.01, 1.0 })
            for (int i = 0; i < 3; i++) expected[i] = MathF.FusedMultiplyAdd((float)-lr, grad[i], expected[i]);
        Exact(expected, p, "after three steps");
        opt.param_groups[0]["lr"] = 2;   // an int is kept as a double
        Assert.Equal(2.0, opt.param_groups[0].lr);
    }

    [Fact]
    public void State_dict_has_pytorchs_layout_and_a_reloaded_optimizer_continues_identically()
    {
        const string name = "Adam lr=0.01 betas=(0.8,0.99) weight_decay=0.1 amsgrad";
        var ps = OptimStepTests.Params();
        var targets = OptimStepTests.Targets();
        var opt = OptimStepTests.Make(name, ps);
        for (int s = 0; s < 2; s++)
        {
            OptimStepTests.SetGrads(ps, targets);
            opt.step();
        }
        var sd = opt.state_dict();
        Assert.Equal([0, 1], sd.state.Keys.Order());
        Assert.Equal(["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"], sd.state[0].Keys);
        var step = (Tensor)sd.state[1]["step"]!;
        Assert.Equal(ScalarType.Float32, step.dtype);
        Assert.Equal(0, step.dim());
        Assert.Equal(2.0, step.item());
        Assert.Single(sd.param_groups);
        Assert.Equal([0, 1], (int[])sd.param_groups[0]["params"]!);
        Assert.Equal(0.01, sd.param_groups[0]["lr"]);
        Assert.Equal((0.8, 0.99), sd.param_groups[0]["betas"]);
        Assert.Equal(true, sd.param_groups[0]["amsgrad"]);

        // A second optimizer, built with other options, on copies of the parameters.
        var copies = ps.Select(p => p.detach().clone().requires_grad_(true)).ToArray();
        var reloaded = Adam(copies, lr: 0.5, betas: (0.5, 0.5));
        reloaded.load_state_dict(sd);
        Assert.Equal(0.01, reloaded.param_groups[0].lr);
        Assert.Equal((0.8, 0.99), reloaded.param_groups[0].betas);
        for (int s = 2; s < 4; s++)
        {
            OptimStepTests.SetGrads(ps, targets);
            OptimStepTests.SetGrads(copies, targets);
            opt.step();
            reloaded.step();
            for (int i = 0; i < 2; i++)
            {
                Exact(Oracle(name)[s][i], ps[i], $"original, step {s + 1}");
                Exact(Oracle(name)[s][i], copies[i], $"reloaded, step {s + 1}");
            }
        }
    }

    [Fact]
    public void Loading_a_different_group_layout_raises_pytorchs_message()
    {
        var a = zeros(2).requires_grad_(true);
        var b = zeros(2).requires_grad_(true);
        var sd = SGD([a, b], lr: 0.1).state_dict();
        var twoGroups = SGD([new ParamGroup([a]), new ParamGroup([b])], lr: 0.1);
        Assert.Equal("loaded state dict has a different number of parameter groups",
            Assert.Throws<ArgumentException>(() => twoGroups.load_state_dict(sd)).Message);
        var oneParam = SGD([a], lr: 0.1);
        Assert.Equal("loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
            Assert.Throws<ArgumentException>(() => oneParam.load_state_dict(sd)).Message);
    }

    [Fact]
    public void Adagrad_state_exists_from_construction()
    {
        var p = zeros(3).requires_grad_(true);
        var sd = Adagrad([p], initial_accumulator_value: 0.5).state_dict();
        Assert.Equal(0.0, ((Tensor)sd.state[0]["step"]!).item());
        Assert.Equal([0.5f, 0.5f, 0.5f], ((Tensor)sd.state[0]["sum"]!).ToArray<float>());
    }

    /// <summary>A non-contiguous parameter takes the tensor-op path; it agrees with the fused loop to rounding (float32) and closely in float64.</summary>
    [Theory]
    [MemberData(nameof(OptimStepTests.Cases), MemberType = typeof(OptimStepTests))]
    public void Fused_update_and_tensor_op_fallback_agree(string name)
    {
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var fused = OptimStepTests.Params(dtype);
            // The same values, but the matrix is a transposed view of its transpose: not contiguous.
            var strided = OptimStepTests.Params(dtype);
            strided[1] = strided[1].detach().t().contiguous().t().requires_grad_(true);
            Assert.False(strided[1].is_contiguous());
            var targets = OptimStepTests.Targets();
            var optFused = OptimStepTests.Make(name, fused);
            var optStrided = OptimStepTests.Make(name, strided);
            for (int s = 0; s < 4; s++)
            {
                OptimStepTests.SetGrads(fused, targets);
                OptimStepTests.SetGrads(strided, targets);
                optFused.step();
                optStrided.step();
                var a = fused[1].detach().to(float64).reshape(-1).ToArray<double>();
                var b = strided[1].detach().to(float64).reshape(-1).ToArray<double>();
                double rtol = dtype == ScalarType.Float32 ? 2e-6 : 1e-13;
                for (int k = 0; k < a.Length; k++)
                    Assert.True(Math.Abs(a[k] - b[k]) <= rtol * Math.Max(1, Math.Abs(a[k])), $"{dtype} step {s + 1} element {k}: fused {a[k]:R}, fallback {b[k]:R}");
                if (dtype == ScalarType.Float32)
                    OptimStepTests.AssertClose(Oracle(name)[s][1], strided[1], $"fallback, step {s + 1}", rtol: 2e-6);
            }
        }
    }

    /// <summary>A long parameter's update is split over threads; its bits equal the same update run on short pieces (one thread each).</summary>
    [Theory]
    [InlineData("Adam lr=0.01 betas=(0.8,0.99) weight_decay=0.1 amsgrad")]
    [InlineData("SGD lr=0.05 momentum=0.9 nesterov weight_decay=0.01")]
    [InlineData("RMSprop lr=0.01 centered momentum=0.9 weight_decay=0.01")]
    [InlineData("Adagrad lr=0.1 lr_decay=0.1 weight_decay=0.01 initial_accumulator_value=0.1")]
    public void A_long_parameter_split_over_threads_updates_as_its_pieces_do(string name)
    {
        const int n = 200_003;
        manual_seed(3);
        var values = randn(n);
        var target = randn(n);
        var whole = values.clone().requires_grad_(true);
        int[] sizes = [50_000, 50_000, 0, 50_000, 50_003];
        var pieces = new List<Tensor>();
        for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++)
            pieces.Add(values.narrow(0, start, sizes[i]).clone().requires_grad_(true));
        var optWhole = OptimStepTests.Make(name, [whole]);
        var optPieces = OptimStepTests.Make(name, pieces);
        for (int s = 0; s < 3; s++)
        {
            using (no_grad())
            {
                whole.grad = (whole - target) * 3.0;
                for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++)
                    pieces[i].grad = (pieces[i] - target.narrow(0, start, sizes[i])) * 3.0;
            }
            optWhole.step();
            optPieces.step();
            Assert.True(cat(pieces.Select(p => p.detach()).ToList()).equal(whole.detach()), $"{name}, step {s + 1}");
        }
    }

    [Fact]
    public void Prints_each_groups_options_as_pytorch_does()
    {
        var opt = SGD([new ParamGroup([zeros(1).requires_grad_(true)]), new ParamGroup([zeros(1).requires_grad_(true)], lr: 0.5)], lr: 0.1, momentum: 0.9);
        Assert.Equal(
            "SGD (\nParameter Group 0\n    dampening: 0.0\n    lr: 0.1\n    maximize: False\n    momentum: 0.9\n    nesterov: False\n    weight_decay: 0.0\n" +
            "\nParameter Group 1\n    dampening: 0.0\n    lr: 0.5\n    maximize: False\n    momentum: 0.9\n    nesterov: False\n    weight_decay: 0.0\n)",
            opt.ToString());
        Assert.Contains("    betas: (0.9, 0.999)", Adam([zeros(1).requires_grad_(true)]).ToString());
    }

    [Fact]
    public void Zero_grad_clears_or_zeroes_the_gradients()
    {
        var p = ones(3).requires_grad_(true);
        var opt = SGD([p], lr: 0.1);
        (p * p).sum().backward();
        var g = p.grad!;
        opt.zero_grad(set_to_none: false);
        Assert.Same(g, p.grad);
        Assert.Equal([0f, 0f, 0f], p.grad!.ToArray<float>());
        opt.zero_grad();
        Assert.Null(p.grad);
        // A parameter without a gradient is skipped and gets no state.
        opt = SGD([p], lr: 0.1, momentum: 0.9);
        opt.step();
        Assert.Empty(opt.state);
        Assert.Equal([1f, 1f, 1f], p.ToArray<float>());
    }

    [Fact]
    public void Step_runs_the_closure_with_gradients_enabled_and_returns_its_loss()
    {
        var p = tensor(new[] { 2.0f }).requires_grad_(true);
        var opt = SGD([p], lr: 0.25);
        Tensor? loss;
        using (no_grad())
            loss = opt.step(() =>
            {
                opt.zero_grad();
                var l = (p * p).sum();
                l.backward();
                return l;
            });
        Assert.Equal(4.0, loss!.item());
        Assert.Equal(1.0f, p.item<float>());   // 2 − 0.25·(2·2)
        Assert.Null(opt.step());
    }

    [Fact]
    public void Arguments_are_validated_with_pytorchs_messages()
    {
        var p = zeros(2).requires_grad_(true);
        void Check(string message, Action make) => Assert.Equal(message, Assert.Throws<ArgumentException>(make).Message);
        Check("Invalid learning rate: -1.0", () => SGD([p], lr: -1));
        Check("Invalid momentum value: -0.5", () => SGD([p], lr: 0.1, momentum: -0.5));
        Check("Invalid weight_decay value: -0.01", () => SGD([p], lr: 0.1, weight_decay: -0.01));
        Check("Nesterov momentum requires a momentum and zero dampening", () => SGD([p], lr: 0.1, nesterov: true));
        Check("Nesterov momentum requires a momentum and zero dampening", () => SGD([p], lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
        Check("Invalid learning rate: -0.001", () => Adam([p], lr: -1e-3));
        Check("Invalid epsilon value: -1e-08", () => Adam([p], eps: -1e-8));
        Check("Invalid beta parameter at index 0: 1.0", () => Adam([p], betas: (1.0, 0.999)));
        Check("Invalid beta parameter at index 1: -0.1", () => AdamW([p], betas: (0.9, -0.1)));
        Check("Invalid weight_decay value: -1.0", () => AdamW([p], weight_decay: -1));
        Check("Invalid alpha value: -0.1", () => RMSprop([p], alpha: -0.1));
        Check("Invalid momentum value: -1.0", () => RMSprop([p], momentum: -1));
        Check("Invalid lr_decay value: -0.5", () => Adagrad([p], lr_decay: -0.5));
        Check("Invalid initial_accumulator_value value: -1.0", () => Adagrad([p], initial_accumulator_value: -1));
        Check("optimizer got an empty parameter list", () => SGD(Array.Empty<Tensor>(), lr: 0.1));
        Check("can't optimize a non-leaf Tensor", () => SGD([p * 2], lr: 0.1));
        Check("some parameters appear in more than one parameter group", () => SGD([new ParamGroup([p]), new ParamGroup([p])], lr: 0.1));
        var opt = SGD([p], lr: 0.1);
        Check("some parameters appear in more than one parameter group", () => opt.add_param_group(new ParamGroup([p])));
        var q = zeros(2).requires_grad_(true);
        opt.add_param_group(new ParamGroup([q], lr: 0.5));
        Assert.Equal(0.5, opt.param_groups[1].lr);
        Assert.Equal(0.0, opt.param_groups[1].momentum);   // filled from the defaults
    }
}
