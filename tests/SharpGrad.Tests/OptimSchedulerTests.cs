using SharpGrad;
using SharpGrad.Optim;
using static SharpGrad.torch;
using static SharpGrad.torch.optim;

namespace SharpGrad.Tests;

/// <summary>Each scheduler's learning rates over 12 steps, against libtorch's (TorchSharp's ports of torch/optim/lr_scheduler.py).</summary>
public class OptimSchedulerTests
{
    private static Optim.SGD NewSgd(double lr = 0.1) => SGD([zeros(2).requires_grad_(true)], lr: lr, momentum: 0.9);

    private static lr_scheduler.LRScheduler Make(string name, Optimizer o) => name switch
    {
        "StepLR(step_size: 3, gamma: 0.5)" => lr_scheduler.StepLR(o, 3, 0.5),
        "MultiStepLR([2, 5, 8], gamma: 0.1)" => lr_scheduler.MultiStepLR(o, [2, 5, 8], 0.1),
        "ExponentialLR(gamma: 0.9)" => lr_scheduler.ExponentialLR(o, 0.9),
        "CosineAnnealingLR(T_max: 4, eta_min: 0.001)" => lr_scheduler.CosineAnnealingLR(o, 4, 0.001),
        "LambdaLR(epoch => 0.95^epoch)" => lr_scheduler.LambdaLR(o, e => Math.Pow(0.95, e)),
        "OneCycleLR(max_lr: 0.1, total_steps: 12)" => lr_scheduler.OneCycleLR(o, 0.1, total_steps: 12),
        "OneCycleLR(max_lr: 0.1, total_steps: 12, anneal_strategy: linear, three_phase)" => lr_scheduler.OneCycleLR(o, 0.1, total_steps: 12, anneal_strategy: "linear", three_phase: true),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> Cases() => [.. Expected.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Learning_rates_follow_libtorch(string name)
    {
        var opt = NewSgd();
        var scheduler = Make(name, opt);
        var expected = Expected[name];
        // TorchSharp's OneCycleLR clamps its last step (total_steps) to 0; PyTorch's extrapolates the
        // cosine past the end of the phase, as this one does, so that step is left out.
        int steps = name.StartsWith("OneCycleLR", StringComparison.Ordinal) ? expected.Length - 1 : expected.Length;
        Assert.Equal(expected[0], scheduler.get_last_lr()[0]);
        Assert.Equal(expected[0], opt.param_groups[0].lr);
        for (int s = 1; s < steps; s++)
        {
            opt.step();
            scheduler.step();
            Assert.Equal(expected[s], scheduler.get_last_lr()[0]);
            Assert.Equal(expected[s], opt.param_groups[0].lr);
        }
    }

    [Fact]
    public void Reduce_on_plateau_waits_patience_then_cools_down()
    {
        // Oracle: tools/TorchOracle/run.sh OptimPlateauProbe (the group's rate after each step; TorchSharp's
        // get_last_lr() is not updated by its ReduceLROnPlateau, so OptimSchedulers' line for it is not used).
        // As torch/optim/lr_scheduler.py reads: 0.95 at epoch 5 is the third bad epoch after best 0.9, so
        // the rate halves; the next bad epoch falls in the cooldown; 0.8 sets a new best, and three more
        // bad epochs halve it again.
        double[] metrics = [1, 0.9, 0.9, 0.9, 0.95, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8];
        double[] expected = [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025];
        var opt = NewSgd();
        var scheduler = lr_scheduler.ReduceLROnPlateau(opt, factor: 0.5, patience: 2, cooldown: 1);
        Assert.Equal([0.1], scheduler.get_last_lr());
        for (int i = 0; i < metrics.Length; i++)
        {
            ((ReduceLROnPlateau)scheduler).step(metrics[i]);
            Assert.Equal(expected[i], scheduler.get_last_lr()[0]);
        }
        // min_lr bounds the rate; mode "max" looks for increases.
        var opt2 = NewSgd();
        var up = lr_scheduler.ReduceLROnPlateau(opt2, mode: "max", factor: 0.1, patience: 0, min_lr: 0.005);
        up.step(1.0);
        up.step(0.5);
        Assert.Equal(0.010000000000000002, opt2.param_groups[0].lr);
        up.step(0.5);
        Assert.Equal(0.005, opt2.param_groups[0].lr);
        Assert.Throws<InvalidOperationException>(() => up.step());
    }

    [Fact]
    public void Schedulers_set_every_group_from_its_own_initial_rate()
    {
        var a = zeros(2).requires_grad_(true);
        var b = zeros(3).requires_grad_(true);
        var opt = SGD([new ParamGroup([a]), new ParamGroup([b], lr: 0.5)], lr: 0.1);
        var scheduler = lr_scheduler.StepLR(opt, step_size: 2, gamma: 0.1);
        Assert.Equal([0.1, 0.5], scheduler.get_last_lr());
        scheduler.step();
        scheduler.step();
        Assert.Equal([0.1 * 0.1, 0.5 * 0.1], scheduler.get_last_lr());
        Assert.Equal([0.1, 0.5], scheduler.base_lrs);
        Assert.Equal(0.1, opt.param_groups[0]["initial_lr"]);
        var lambdas = lr_scheduler.LambdaLR(SGD([new ParamGroup([a]), new ParamGroup([b], lr: 0.5)], lr: 0.1), [e => 1.0 / (e + 1), e => 2.0]);
        lambdas.step();
        Assert.Equal([0.05, 1.0], lambdas.get_last_lr());
    }

    [Fact]
    public void One_cycle_cycles_momentum_and_beta1()
    {
        var sgd = NewSgd();
        lr_scheduler.OneCycleLR(sgd, 0.1, total_steps: 10);
        Assert.Equal(0.95, sgd.param_groups[0].momentum);
        var adam = Adam([zeros(2).requires_grad_(true)], lr: 0.1);
        var s = lr_scheduler.OneCycleLR(adam, 0.1, total_steps: 10, pct_start: 0.5);
        for (int i = 0; i < 4; i++) s.step();
        // The peak (step 4 = pct_start·total − 1): the maximum rate with the base momentum.
        Assert.Equal(0.1, adam.param_groups[0].lr, 15);
        Assert.Equal(0.85, adam.param_groups[0].betas.Item1, 15);
        Assert.Equal(0.999, adam.param_groups[0].betas.Item2);
        for (int i = 0; i < 6; i++) s.step();
        var e = Assert.Throws<InvalidOperationException>(() => s.step());
        Assert.Equal("Tried to step 11 times. The specified number of total steps is 10", e.Message);
    }

    [Fact]
    public void One_cycle_takes_epochs_times_steps_per_epoch()
    {
        var byTotal = lr_scheduler.OneCycleLR(NewSgd(), 0.1, total_steps: 12);
        var byEpochs = lr_scheduler.OneCycleLR(NewSgd(), 0.1, epochs: 3, steps_per_epoch: 4);
        for (int s = 0; s < 11; s++)
        {
            byTotal.step();
            byEpochs.step();
            Assert.Equal(byTotal.get_last_lr(), byEpochs.get_last_lr());
        }
        Assert.Equal("Expected positive integer epochs, but got 0",
            Assert.Throws<ArgumentException>(() => lr_scheduler.OneCycleLR(NewSgd(), 0.1, epochs: 0, steps_per_epoch: 4)).Message);
    }

    [Fact]
    public void Scheduler_arguments_are_validated_with_pytorchs_messages()
    {
        Assert.Equal("You must define either total_steps OR (epochs AND steps_per_epoch)",
            Assert.Throws<ArgumentException>(() => lr_scheduler.OneCycleLR(NewSgd(), 0.1)).Message);
        Assert.Equal("Expected positive integer total_steps, but got 0",
            Assert.Throws<ArgumentException>(() => lr_scheduler.OneCycleLR(NewSgd(), 0.1, total_steps: 0)).Message);
        Assert.Equal("Expected float between 0 and 1 pct_start, but got 1.5",
            Assert.Throws<ArgumentException>(() => lr_scheduler.OneCycleLR(NewSgd(), 0.1, total_steps: 5, pct_start: 1.5)).Message);
        Assert.Equal("anneal_strategy must be one of 'cos' or 'linear', instead got exp",
            Assert.Throws<ArgumentException>(() => lr_scheduler.OneCycleLR(NewSgd(), 0.1, total_steps: 5, anneal_strategy: "exp")).Message);
        Assert.Equal("Factor should be < 1.0.",
            Assert.Throws<ArgumentException>(() => lr_scheduler.ReduceLROnPlateau(NewSgd(), factor: 1.0)).Message);
        Assert.Equal("mode up is unknown!",
            Assert.Throws<ArgumentException>(() => lr_scheduler.ReduceLROnPlateau(NewSgd(), mode: "up")).Message);
        Assert.Equal("threshold mode x is unknown!",
            Assert.Throws<ArgumentException>(() => lr_scheduler.ReduceLROnPlateau(NewSgd(), threshold_mode: "x")).Message);
        Assert.Equal("param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer",
            Assert.Throws<KeyNotFoundException>(() => lr_scheduler.StepLR(NewSgd(), 2, last_epoch: 3)).Message);
        Assert.Equal("Expected 1 lr_lambdas, but got 2",
            Assert.Throws<ArgumentException>(() => lr_scheduler.LambdaLR(NewSgd(), [e => 1.0, e => 2.0])).Message);
    }

    // Oracle: tools/TorchOracle/run.sh OptimSchedulers (Scripts.Optim.cs): get_last_lr() after
    // construction and after each of 12 steps, SGD(lr 0.1, momentum 0.9).
    private static readonly Dictionary<string, double[]> Expected = new()
    {
        ["StepLR(step_size: 3, gamma: 0.5)"] = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125, 0.00625],
        ["MultiStepLR([2, 5, 8], gamma: 0.1)"] = [0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.00010000000000000003, 0.00010000000000000003, 0.00010000000000000003, 0.00010000000000000003, 0.00010000000000000003],
        ["ExponentialLR(gamma: 0.9)"] = [0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002, 0.05904900000000002, 0.05314410000000002, 0.04782969000000002, 0.043046721000000024, 0.03874204890000002, 0.03486784401000002, 0.03138105960900001, 0.028242953648100012],
        ["CosineAnnealingLR(T_max: 4, eta_min: 0.001)"] = [0.1, 0.0855017856687341, 0.0505, 0.0154982143312659, 0.001, 0.015498214331265896, 0.05050000000000001, 0.08550178566873413, 0.10000000000000003, 0.08550178566873413, 0.05050000000000003, 0.015498214331265945, 0.001],
        ["LambdaLR(epoch => 0.95^epoch)"] = [0.1, 0.095, 0.09025, 0.0857375, 0.081450625, 0.07737809374999999, 0.07350918906249998, 0.06983372960937498, 0.06634204312890622, 0.0630249409724609, 0.05987369392383787, 0.05688000922764597, 0.05403600876626367],
        ["OneCycleLR(max_lr: 0.1, total_steps: 12)"] = [0.0040000000000000036, 0.0349789654219583, 0.08792851591221287, 0.09944154354509119, 0.09330129698414118, 0.0811745653949763, 0.06473789976951033, 0.046263710266697504, 0.028306099820869922, 0.01334775301888306, 0.0034566987425395223, 4e-07, 0],
        ["OneCycleLR(max_lr: 0.1, total_steps: 12, anneal_strategy: linear, three_phase)"] = [0.004, 0.04092307692307694, 0.07784615384615387, 0.08523076923076922, 0.048307692307692295, 0.011384615384615368, 0.0034483310344827585, 0.0027587448275862066, 0.002069158620689655, 0.0013795724137931034, 0.000689986206896552, 4.0000000000022656e-07, 0],
    };
}
