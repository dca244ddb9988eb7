using TorchSharp;
using TS = TorchSharp.torch;
using TSTensor = TorchSharp.torch.Tensor;

namespace SharpGrad.Benchmarks;

/// <summary>
/// The workloads written with TorchSharp, line for line as in <see cref="SharpGradCases"/>. Each
/// training step runs inside a dispose scope, as TorchSharp programs do to free native memory
/// promptly; a kernel workload disposes its previous output before computing the next one.
/// </summary>
internal static class TorchSharpCases
{
    private static float[] Values(TSTensor t)
    {
        using var d = t.detach().contiguous();
        return d.data<float>().ToArray();
    }

    public sealed class Seed000(double alpha) : IBenchCase
    {
        private readonly TSTensor _x1 = TS.tensor(new float[] { 1 }, requires_grad: true);
        private readonly TSTensor _x2 = TS.tensor(new float[] { 1 }, requires_grad: true);
        private TSTensor? _lastF;

        public void Step()
        {
            _lastF?.Dispose();
            using var scope = TS.NewDisposeScope();
            var x1 = _x1; var x2 = _x2;
            var f = (x1 - 10).pow(2) + (x2 + 5).pow(2);
            f.backward();
            using (TS.no_grad())
            {
                x1.sub_(alpha * x1.grad!);
                x2.sub_(alpha * x2.grad!);
            }
            x1.grad!.zero_();
            x2.grad!.zero_();
            _lastF = f.MoveToOuterDisposeScope();
        }

        public float[] Snapshot()
        {
            float f = _lastF is null ? float.NaN : _lastF.item<float>();
            return [.. Values(_x1), .. Values(_x2), f];
        }

        public void Dispose() { _x1.Dispose(); _x2.Dispose(); _lastF?.Dispose(); }
    }

    public sealed class TwoLayerNet : IBenchCase
    {
        private const int N = 64, DIn = 1000, H = 100, DOut = 10;
        private const double LearningRate = 1e-6;
        private readonly TSTensor _x = TS.tensor(Data.Randn(N * DIn, 11), [N, DIn]);
        private readonly TSTensor _y = TS.tensor(Data.Randn(N * DOut, 12), [N, DOut]);
        private readonly TSTensor _w1 = TS.tensor(Data.Randn(DIn * H, 13), [DIn, H], requires_grad: true);
        private readonly TSTensor _w2 = TS.tensor(Data.Randn(H * DOut, 14), [H, DOut], requires_grad: true);
        private TSTensor? _lastLoss;

        public void Step()
        {
            _lastLoss?.Dispose();
            using var scope = TS.NewDisposeScope();
            var w1 = _w1; var w2 = _w2;
            var y_pred = _x.mm(w1).clamp(min: 0).mm(w2);
            var loss = (y_pred - _y).pow(2).sum();
            loss.backward();
            using (TS.no_grad())
            {
                w1.sub_(LearningRate * w1.grad!);
                w2.sub_(LearningRate * w2.grad!);
                w1.grad!.zero_();
                w2.grad!.zero_();
            }
            _lastLoss = loss.MoveToOuterDisposeScope();
        }

        public float[] Snapshot()
        {
            float loss = _lastLoss is null ? float.NaN : _lastLoss.item<float>();
            return [loss / 1e6f, .. Values(_w1), .. Values(_w2)];
        }

        public void Dispose() { _x.Dispose(); _y.Dispose(); _w1.Dispose(); _w2.Dispose(); _lastLoss?.Dispose(); }
    }

    public sealed class MatMul(int n) : IBenchCase
    {
        private readonly TSTensor _a = TS.tensor(Data.Randn(n * n, 21), [n, n]);
        private readonly TSTensor _b = TS.tensor(Data.Randn(n * n, 22), [n, n]);
        private TSTensor? _c;

        public void Step() { _c?.Dispose(); _c = _a.mm(_b); }
        public float[] Snapshot() => Values(_c!);
        public void Dispose() { _a.Dispose(); _b.Dispose(); _c?.Dispose(); }
    }

    public sealed class Exp(int n) : IBenchCase
    {
        private readonly TSTensor _x = TS.tensor(Data.Randn(n, 31));
        private TSTensor? _y;

        public void Step() { _y?.Dispose(); _y = _x.exp(); }
        public float[] Snapshot() => Values(_y!);
        public void Dispose() { _x.Dispose(); _y?.Dispose(); }
    }

    public sealed class Add(int n) : IBenchCase
    {
        private readonly TSTensor _a = TS.tensor(Data.Randn(n, 41));
        private readonly TSTensor _b = TS.tensor(Data.Randn(n, 42));
        private TSTensor? _y;

        public void Step() { _y?.Dispose(); _y = _a + _b; }
        public float[] Snapshot() => Values(_y!);
        public void Dispose() { _a.Dispose(); _b.Dispose(); _y?.Dispose(); }
    }

    public sealed class Mlp : IBenchCase
    {
        private const int Batch = SharpGradCases.Mlp.Batch, In = SharpGradCases.Mlp.In,
            Hidden = SharpGradCases.Mlp.Hidden, Classes = SharpGradCases.Mlp.Classes;
        private const double LearningRate = 0.01;
        private readonly TSTensor _x = TS.tensor(Data.Randn(Batch * In, 51), [Batch, In]);
        private readonly TSTensor _target = TS.tensor(Data.Labels(Batch, Classes, 52));
        private readonly TSTensor[] _params;
        private TSTensor? _lastLoss;

        public Mlp()
        {
            _params = new TSTensor[6];
            int[] sizes = [In, Hidden, Hidden, Classes];
            for (int l = 0; l < 3; l++)
            {
                double bound = 1.0 / Math.Sqrt(sizes[l]);
                _params[2 * l] = TS.tensor(Data.Uniform(sizes[l] * sizes[l + 1], (ulong)(60 + 2 * l), bound), [sizes[l], sizes[l + 1]], requires_grad: true);
                _params[2 * l + 1] = TS.tensor(Data.Uniform(sizes[l + 1], (ulong)(61 + 2 * l), bound), requires_grad: true);
            }
        }

        public void Step()
        {
            _lastLoss?.Dispose();
            using var scope = TS.NewDisposeScope();
            var p = _params;
            var h1 = (_x.mm(p[0]) + p[1]).relu();
            var h2 = (h1.mm(p[2]) + p[3]).relu();
            var logits = h2.mm(p[4]) + p[5];
            var loss = TS.nn.functional.cross_entropy(logits, _target);
            loss.backward();
            using (TS.no_grad())
            {
                foreach (var w in p)
                {
                    w.sub_(LearningRate * w.grad!);
                    w.grad!.zero_();
                }
            }
            _lastLoss = loss.MoveToOuterDisposeScope();
        }

        public float[] Snapshot()
        {
            var result = new List<float> { _lastLoss!.item<float>() };
            foreach (var w in _params) result.AddRange(Values(w));
            return [.. result];
        }

        public void Dispose()
        {
            _x.Dispose(); _target.Dispose(); _lastLoss?.Dispose();
            foreach (var w in _params) w.Dispose();
        }
    }

    /// <summary>The "hello" program on TorchSharp: seed 000's neuron, to the first gradient.</summary>
    public static string Hello()
    {
        var x = TS.tensor(new float[,] { { 2 }, { 3 } });
        var w = TS.tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = TS.tensor(new float[] { 1 }, requires_grad: true);
        var z = TS.mm(w, x) + b;
        var a = z.pow(2);
        a.backward();
        Console.WriteLine(w.grad!.ToString(TensorStringStyle.Numpy));
        return string.Join(' ', w.grad!.data<float>().ToArray());
    }

    public static int Threads
    {
        get => TS.get_num_threads();
        set => TS.set_num_threads(value);
    }

    /// <summary>torch.optim's Adam or SGD (momentum) step over the MLP's parameters with fixed gradients (<see cref="SharpGradCases.OptimizerStep"/>).</summary>
    public sealed class OptimizerStep : IBenchCase
    {
        private readonly TorchSharp.Modules.Parameter[] _params = new TorchSharp.Modules.Parameter[6];
        private readonly TS.optim.Optimizer _optimizer;

        public OptimizerStep(bool adam)
        {
            int[] sizes = [SharpGradCases.Mlp.In, SharpGradCases.Mlp.Hidden, SharpGradCases.Mlp.Hidden, SharpGradCases.Mlp.Classes];
            for (int l = 0; l < 3; l++)
            {
                _params[2 * l] = new(TS.tensor(Data.Uniform(sizes[l] * sizes[l + 1], (ulong)(60 + 2 * l), 0.05), [sizes[l], sizes[l + 1]]));
                _params[2 * l + 1] = new(TS.tensor(Data.Uniform(sizes[l + 1], (ulong)(61 + 2 * l), 0.05)));
            }
            for (int i = 0; i < 6; i++)
                _params[i].grad = TS.tensor(Data.Randn((int)_params[i].numel(), (ulong)(80 + i)), _params[i].shape);
            const double lr = SharpGradCases.OptimizerStep.LearningRate;
            _optimizer = adam
                ? TS.optim.Adam(_params, lr, SharpGradCases.OptimizerStep.Beta1, SharpGradCases.OptimizerStep.Beta2, SharpGradCases.OptimizerStep.Eps)
                : TS.optim.SGD(_params, lr, momentum: SharpGradCases.OptimizerStep.Momentum);
        }

        public void Step()
        {
            using var scope = TS.NewDisposeScope();
            _optimizer.step();
        }

        public float[] Snapshot() => [.. _params.SelectMany(p => Values(p))];

        public void Dispose()
        {
            foreach (var p in _params) p.Dispose();
        }
    }

    /// <summary>The <see cref="SharpGradCases.MlpModule"/> step: nn.Sequential, CrossEntropyLoss, SGD or Adam.</summary>
    public sealed class MlpModule : IBenchCase
    {
        private const int Batch = SharpGradCases.Mlp.Batch, In = SharpGradCases.Mlp.In,
            Hidden = SharpGradCases.Mlp.Hidden, Classes = SharpGradCases.Mlp.Classes;
        private readonly TSTensor _x = TS.tensor(Data.Randn(Batch * In, 51), [Batch, In]);
        private readonly TSTensor _target = TS.tensor(Data.Labels(Batch, Classes, 52));
        private readonly TorchSharp.Modules.Sequential _model;
        private readonly TorchSharp.Modules.CrossEntropyLoss _lossFn = TS.nn.CrossEntropyLoss();
        private readonly TS.optim.Optimizer _optimizer;
        private TSTensor? _lastLoss;

        public MlpModule(bool adam)
        {
            _model = TS.nn.Sequential(TS.nn.Linear(In, Hidden), TS.nn.ReLU(), TS.nn.Linear(Hidden, Hidden), TS.nn.ReLU(),
                TS.nn.Linear(Hidden, Classes));
            var parameters = _model.parameters().ToArray();
            int[] sizes = [In, Hidden, Hidden, Classes];
            using (TS.no_grad())
            {
                for (int l = 0; l < 3; l++)
                {
                    double bound = 1.0 / Math.Sqrt(sizes[l]);
                    using var w = TS.tensor(Data.Uniform(sizes[l] * sizes[l + 1], (ulong)(60 + 2 * l), bound), [sizes[l], sizes[l + 1]]);
                    parameters[2 * l].copy_(w.t());
                    using var b = TS.tensor(Data.Uniform(sizes[l + 1], (ulong)(61 + 2 * l), bound));
                    parameters[2 * l + 1].copy_(b);
                }
            }
            _optimizer = adam ? TS.optim.Adam(parameters, lr: 1e-3) : TS.optim.SGD(parameters, 0.01);
        }

        public void Step()
        {
            _lastLoss?.Dispose();
            using var scope = TS.NewDisposeScope();
            var loss = _lossFn.forward(_model.forward(_x), _target);
            _optimizer.zero_grad();
            loss.backward();
            _optimizer.step();
            _lastLoss = loss.MoveToOuterDisposeScope();
        }

        public float[] Snapshot()
        {
            var result = new List<float> { _lastLoss!.item<float>() };
            foreach (var w in _model.parameters()) result.AddRange(Values(w));
            return [.. result];
        }

        public void Dispose()
        {
            _x.Dispose(); _target.Dispose(); _lastLoss?.Dispose();
            _model.Dispose();
        }
    }
}
