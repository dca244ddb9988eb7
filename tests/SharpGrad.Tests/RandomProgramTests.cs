using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// Property test: random programs over the differentiable ops, each checked against float64 finite
/// differences for first and second derivatives. Programs are built from a seed, so a failure
/// names a program that can be replayed.
/// </summary>
public class RandomProgramTests
{
    private sealed class ProgramBuilder(int seed)
    {
        private readonly System.Random _rng = new(seed);
        public readonly List<string> Trace = [];

        /// <summary>A random expression of the two [2, 3] inputs, built to stay smooth and finite.</summary>
        public Tensor Build(Tensor a, Tensor b)
        {
            var pool = new List<Tensor> { a, b };
            int steps = _rng.Next(2, 7);
            for (int s = 0; s < steps; s++)
            {
                var x = pool[_rng.Next(pool.Count)];
                var y = pool[_rng.Next(pool.Count)];
                Tensor r;
                switch (_rng.Next(16))
                {
                    case 0: r = x + y; Trace.Add("add"); break;
                    case 1: r = x - y * 0.5; Trace.Add("sub"); break;
                    case 2: r = x * y; Trace.Add("mul"); break;
                    case 3: r = x / (y * y + 1.0); Trace.Add("div"); break;
                    case 4: r = x.tanh(); Trace.Add("tanh"); break;
                    case 5: r = x.sigmoid(); Trace.Add("sigmoid"); break;
                    case 6: r = x.sin() + y.cos(); Trace.Add("sin+cos"); break;
                    case 7: r = (x * 0.3).exp(); Trace.Add("exp"); break;
                    case 8: r = (x * x + 1.0).log(); Trace.Add("log"); break;
                    case 9: r = (x * x + 1.0).sqrt(); Trace.Add("sqrt"); break;
                    case 10: r = x.pow(2) - y.pow(3.0) * 0.1; Trace.Add("pow"); break;
                    case 11: r = x.sum(1, keepdim: true).expand(2, 3) * y; Trace.Add("sum-expand"); break;
                    case 12: r = x.mean(0) + y; Trace.Add("mean-broadcast"); break;
                    case 13: r = mm(x, y.t()).sum(0).unsqueeze(1).expand(2, 3) * 0.1 + x; Trace.Add("mm"); break;
                    case 14: r = x.t().reshape(2, 3) + y.transpose(0, 1).contiguous().view(2, 3); Trace.Add("reshape"); break;
                    default: r = where(x > y, x * y, x + y); Trace.Add("where"); break;
                }
                pool.Add(r);
            }
            return pool[^1] * pool[_rng.Next(pool.Count)];
        }
    }

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(0, 200).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomProgramHasCorrectFirstAndSecondDerivatives(int seed)
    {
        var g = new CpuGenerator(seed);
        var av = new double[6];
        var bv = new double[6];
        g.FillNormal(av);
        g.FillNormal(bv);
        var a = tensor(av, new long[] { 2, 3 }, requires_grad: true);
        var b = tensor(bv, new long[] { 2, 3 }, requires_grad: true);
        var builder = new ProgramBuilder(seed);
        Tensor Program(Tensor[] t) => new ProgramBuilder(seed).Build(t[0], t[1]);
        builder.Build(a, b);
        var name = string.Join(" → ", builder.Trace);
        Assert.True(autograd.gradcheck(Program, [a, b], raise_exception: false), $"first derivatives of program {seed}: {name}");
        Assert.True(autograd.gradgradcheck(Program, [a, b], raise_exception: false), $"second derivatives of program {seed}: {name}");
    }
}
