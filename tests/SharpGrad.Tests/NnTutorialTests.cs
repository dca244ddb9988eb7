using SharpGrad.Modules;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// "Learning PyTorch with Examples", nn chapter (the examples program's NnTutorial walkthroughs),
/// each from manual_seed(0), against libtorch's losses (tools/TorchOracle, scripts PolynomialNn,
/// PolynomialOptim, PolynomialModule). Sums over 2000 elements are added in another order than
/// libtorch's, so the losses agree to float rounding, which the optimisation then carries along.
/// </summary>
[Collection("Global state")] // seeds and draws from the global generator
public class NnTutorialTests
{
    private static (Tensor x, Tensor y) SinData()
    {
        var x = linspace(-Math.PI, Math.PI, 2000);
        return (x, sin(x));
    }

    private static void AssertLosses(double[] expected, List<double> losses, double rtol)
    {
        Assert.Equal(expected.Length, losses.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(losses[i] - expected[i]) <= rtol * Math.Abs(expected[i]),
                $"loss at step {100 * i + 99}: expected {expected[i]:R}, got {losses[i]:R}");
    }

    [Fact]
    public void SequentialWithAHandWrittenUpdate()
    {
        manual_seed(0);
        var (x, y) = SinData();
        var xx = x.unsqueeze(-1).pow(tensor(new long[] { 1, 2, 3 }));
        var model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1));
        var loss_fn = nn.MSELoss(reduction: "sum");
        var losses = new List<double>();
        for (int t = 0; t < 2000; t++)
        {
            var loss = loss_fn.call(model.call(xx), y);
            if (t % 100 == 99) losses.Add(loss.item());
            model.zero_grad();
            loss.backward();
            using (no_grad())
                foreach (var param in model.parameters()) param.sub_(1e-6 * param.grad!);
        }
        AssertLosses([582.650390625, 394.5884704589844, 268.38372802734375, 183.62258911132812, 126.64836120605469,
            88.31898498535156, 62.51008224487305, 45.11578369140625, 33.38167190551758, 25.45812225341797,
            20.102415084838867, 16.47869873046875, 14.024307250976562, 12.360116958618164, 11.230517387390137,
            10.46294116973877, 9.940790176391602, 9.585173606872559, 9.342713356018066, 9.177204132080078], losses, 1e-5);
        var linear = (Linear)model[0];
        Assert.Equal(-0.014628550037741661, linear.bias!.item(), 1e-6);
        Assert.Equal(new[] { 0.8441022634506226, 0.0025236685760319233, -0.09153266251087189 },
            linear.weight.to(float64).ToArray<double>(), new ToleranceComparer(1e-6));
    }

    [Fact]
    public void SequentialWithRmsprop()
    {
        manual_seed(0);
        var (x, y) = SinData();
        var xx = x.unsqueeze(-1).pow(tensor(new long[] { 1, 2, 3 }));
        var model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1));
        var loss_fn = nn.MSELoss(reduction: "sum");
        var optimizer = optim.RMSprop(model.parameters(), lr: 1e-3);
        var losses = new List<double>();
        for (int t = 0; t < 1300; t++)
        {
            var loss = loss_fn.call(model.call(xx), y);
            if (t % 100 == 99) losses.Add(loss.item());
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        // The first 1300 steps; past them the fit reaches its noise floor, where rounding steers it.
        AssertLosses([24804.931640625, 10978.6982421875, 4139.97900390625, 1194.408203125, 327.3492126464844,
            189.40585327148438, 161.31320190429688, 136.105224609375, 107.14525604248047, 76.05804443359375,
            47.963829040527344, 27.23965072631836, 15.17735767364502], losses, 1e-3);
    }

    private sealed class Polynomial3 : nn.Module<Tensor, Tensor>
    {
        public readonly Tensor a = nn.Parameter(randn([]));
        public readonly Tensor b = nn.Parameter(randn([]));
        public readonly Tensor c = nn.Parameter(randn([]));
        public readonly Tensor d = nn.Parameter(randn([]));
        public override Tensor forward(Tensor x) => a + b * x + c * x.pow(2) + d * x.pow(3);
    }

    [Fact]
    public void ACustomModuleWithSgd()
    {
        manual_seed(0);
        var (x, y) = SinData();
        var model = new Polynomial3();
        Assert.Equal(["a", "b", "c", "d"], model.named_parameters().Select(p => p.name).ToArray());
        var criterion = nn.MSELoss(reduction: "sum");
        var optimizer = optim.SGD(model.parameters(), lr: 1e-6);
        var losses = new List<double>();
        for (int t = 0; t < 2000; t++)
        {
            var loss = criterion.call(model.call(x), y);
            if (t % 100 == 99) losses.Add(loss.item());
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        AssertLosses([3238.30029296875, 2245.8671875, 1559.9361572265625, 1085.354248046875, 756.6681518554688,
            528.8026733398438, 370.6806640625, 260.8537902832031, 184.5020294189453, 131.375732421875,
            94.37879180908203, 68.59321594238281, 50.60743713378906, 38.05267333984375, 29.282594680786133,
            23.152000427246094, 18.863689422607422, 15.86209487915039, 13.759875297546387, 12.286677360534668], losses, 1e-5);
        Assert.Equal(0.058623358607292175, model.a.item(), 1e-6);
        Assert.Equal(0.8372474908828735, model.b.item(), 1e-6);
        Assert.Equal(-0.010113503783941269, model.c.item(), 1e-6);
        Assert.Equal(-0.09055762737989426, model.d.item(), 1e-6);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
