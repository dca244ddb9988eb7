using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>L-BFGS on a two-parameter Rosenbrock, Σ(1 − a)² + 100·(b − a²)², whose closure sets the gradient by formula.</summary>
public class OptimLbfgsTests
{
    private static (Tensor A, Tensor B, Func<Tensor> Closure) Problem(ScalarType dtype, double[] a0, double[] b0)
    {
        var a = tensor(a0, dtype: dtype).requires_grad_(true);
        var b = tensor(b0, dtype: dtype).requires_grad_(true);
        Tensor Closure()
        {
            using var _ = no_grad();
            var r = b - a * a;
            var f = ((1 - a) * (1 - a) + 100 * r * r).sum();
            a.grad = -2 * (1 - a) - 400 * a * r;
            b.grad = 200 * r;
            return f;
        }
        return (a, b, Closure);
    }

    // Oracle: tools/TorchOracle/run.sh OptimLbfgs (libtorch's LBFGS, lr 1, max_iter 5, history_size 3):
    // [step] = (loss returned, a, b).
    private static readonly (double Loss, double[] A, double[] B)[] Float32Expected =
    [
        (388.9000244140625, [-1.4167925119400024, 0.29787135124206543], [2.0149645805358887, 0.08368095755577087]),
        (6.342289447784424, [-1.1090528964996338, 0.7553301453590393], [1.2160778045654297, 0.4986991286277771]),
        (5.0432209968566895, [-1.0182842016220093, 0.7994914054870605], [1.024720311164856, 0.6265857815742493]),
        (4.1443939208984375, [-0.8637961745262146, 0.8883185982704163], [0.759008526802063, 0.798852801322937]),
    ];

    private static readonly (double Loss, double[] A, double[] B)[] Float64Expected =
    [
        (388.90000000000003, [-1.416792426289799, 0.29787137853436557], [2.014964389827183, 0.08368094983362505]),
        (6.342289949339047, [-1.108994909552963, 0.7554113050413948], [1.2159393568967585, 0.4987685218545641]),
        (5.043729263827683, [-1.0182372885959055, 0.7995231194118754], [1.0246229417933144, 0.6266652034918185]),
        (4.144123844846075, [-0.860562144604145, 0.8904492884849495], [0.7534942513212034, 0.8024665039372447]),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Without_line_search_tracks_libtorch(bool float64)
    {
        var (a, b, closure) = Problem(float64 ? ScalarType.Float64 : ScalarType.Float32, [-1.5, 1.2], [2.0, -0.5]);
        var opt = optim.LBFGS([a, b], lr: 1, max_iter: 5, history_size: 3);
        var expected = float64 ? Float64Expected : Float32Expected;
        // Agreement to rounding, compounded over 20 iterations of an ill-conditioned problem: the
        // dot products sum in a different order from libtorch's BLAS, so last bits differ and grow.
        double tol = float64 ? 1e-9 : 2e-4;
        for (int s = 0; s < expected.Length; s++)
        {
            var loss = opt.step(closure)!;
            Assert.Equal(expected[s].Loss, loss.item(), tol * Math.Max(1, expected[s].Loss));
            TestUtil.AssertValues(a, expected[s].A, tol);
            TestUtil.AssertValues(b, expected[s].B, tol);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Strong_wolfe_converges_to_the_minimum(bool float64)
    {
        var (a, b, closure) = Problem(float64 ? ScalarType.Float64 : ScalarType.Float32, [-1.5, 1.2], [2.0, -0.5]);
        var opt = optim.LBFGS([a, b], lr: 1, max_iter: 20, history_size: 10, line_search_fn: "strong_wolfe");
        double previous = double.PositiveInfinity;
        for (int s = 0; s < 6; s++)
        {
            double loss = opt.step(closure)!.item();
            // The line search enforces sufficient decrease, so each step's starting loss never rises.
            Assert.True(loss <= previous, $"step {s}: loss {loss} after {previous}");
            previous = loss;
        }
        TestUtil.AssertValues(a, [1, 1], float64 ? 1e-5 : 1e-3);
        TestUtil.AssertValues(b, [1, 1], float64 ? 1e-5 : 1e-3);
        Assert.True(closure().item() < (float64 ? 1e-9 : 1e-6));
    }

    [Fact]
    public void Rejects_groups_unknown_line_search_and_missing_closure()
    {
        var p = tensor(new[] { 1.0f }).requires_grad_(true);
        var q = tensor(new[] { 1.0f }).requires_grad_(true);
        var e = Assert.Throws<ArgumentException>(() => new Optim.LBFGS([new optim.ParamGroup([p]), new optim.ParamGroup([q])]));
        Assert.Equal("LBFGS doesn't support per-parameter options (parameter groups)", e.Message);
        var opt = optim.LBFGS([p], line_search_fn: "backtracking");
        p.grad = ones_like(p);
        var e2 = Assert.Throws<InvalidOperationException>(() => opt.step(() => (p * p).sum()));
        Assert.Equal("only 'strong_wolfe' is supported", e2.Message);
        Assert.Throws<ArgumentException>(() => optim.LBFGS([q]).step());
    }
}
