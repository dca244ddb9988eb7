using SG = SharpGrad.torch;
using SGTensor = SharpGrad.Tensor;

namespace SharpGrad.Benchmarks;

/// <summary>The workloads written with SharpGrad (the same programs as <see cref="TorchSharpCases"/>).</summary>
internal static class SharpGradCases
{
    private static float[] Values(SGTensor t) => t.detach().ToArray<float>();

    /// <summary>Seed 000: f = (x1-10)^2 + (x2+5)^2, backward, x -= alpha * x.grad under no_grad, zero grads.</summary>
    public sealed class Seed000(double alpha) : IBenchCase
    {
        private readonly SGTensor _x1 = SG.tensor(new float[] { 1 }, requires_grad: true);
        private readonly SGTensor _x2 = SG.tensor(new float[] { 1 }, requires_grad: true);
        private SGTensor? _last;

        public void Step()
        {
            var x1 = _x1; var x2 = _x2;
            var f = (x1 - 10).pow(2) + (x2 + 5).pow(2);
            f.backward();
            using (SG.no_grad())
            {
                x1 -= alpha * x1.grad!;
                x2 -= alpha * x2.grad!;
            }
            x1.grad!.zero_();
            x2.grad!.zero_();
            _last = f;
        }

        public float[] Snapshot()
        {
            float f = _last is null ? float.NaN : _last.item<float>();
            return [.. Values(_x1), .. Values(_x2), f];
        }

        public void Dispose() { }
    }

    /// <summary>Seed 001's two-layer net: x.mm(w1).clamp(min: 0).mm(w2), squared-error sum, SGD update, zero grads.</summary>
    public sealed class TwoLayerNet : IBenchCase
    {
        private const int N = 64, DIn = 1000, H = 100, DOut = 10;
        private const double LearningRate = 1e-6;
        private readonly SGTensor _x = SG.tensor(Data.Randn(N * DIn, 11), [N, DIn]);
        private readonly SGTensor _y = SG.tensor(Data.Randn(N * DOut, 12), [N, DOut]);
        private readonly SGTensor _w1 = SG.tensor(Data.Randn(DIn * H, 13), [DIn, H], requires_grad: true);
        private readonly SGTensor _w2 = SG.tensor(Data.Randn(H * DOut, 14), [H, DOut], requires_grad: true);
        private SGTensor? _lastLoss;

        public void Step()
        {
            var w1 = _w1; var w2 = _w2;
            var y_pred = _x.mm(w1).clamp(min: 0).mm(w2);
            var loss = (y_pred - _y).pow(2).sum();
            loss.backward();
            using (SG.no_grad())
            {
                w1 -= LearningRate * w1.grad!;
                w2 -= LearningRate * w2.grad!;
                w1.grad!.zero_();
                w2.grad!.zero_();
            }
            _lastLoss = loss;
        }

        public float[] Snapshot()
        {
            float loss = _lastLoss is null ? float.NaN : _lastLoss.item<float>();
            return [loss / 1e6f, .. Values(_w1), .. Values(_w2)];
        }

        public void Dispose() { }
    }

    /// <summary>float32 C = A·B for n×n operands.</summary>
    public sealed class MatMul(int n) : IBenchCase
    {
        private readonly SGTensor _a = SG.tensor(Data.Randn(n * n, 21), [n, n]);
        private readonly SGTensor _b = SG.tensor(Data.Randn(n * n, 22), [n, n]);
        private SGTensor? _c;

        public void Step() => _c = _a.mm(_b);
        public float[] Snapshot() => Values(_c!);
        public void Dispose() { }
    }

    /// <summary>exp over a 1e7-float vector (out of place).</summary>
    public sealed class Exp(int n) : IBenchCase
    {
        private readonly SGTensor _x = SG.tensor(Data.Randn(n, 31));
        private SGTensor? _y;

        public void Step() => _y = _x.exp();
        public float[] Snapshot() => Values(_y!);
        public void Dispose() { }
    }

    /// <summary>a + b over 1e7-float vectors (out of place).</summary>
    public sealed class Add(int n) : IBenchCase
    {
        private readonly SGTensor _a = SG.tensor(Data.Randn(n, 41));
        private readonly SGTensor _b = SG.tensor(Data.Randn(n, 42));
        private SGTensor? _y;

        public void Step() => _y = _a + _b;
        public float[] Snapshot() => Values(_y!);
        public void Dispose() { }
    }

    /// <summary>
    /// MLP 784-512-512-10 (relu), batch 256, mean cross-entropy over class labels, SGD step, zero grads.
    /// </summary>
    public sealed class Mlp : IBenchCase
    {
        public const int Batch = 256, In = 784, Hidden = 512, Classes = 10;
        private const double LearningRate = 0.01;
        private readonly SGTensor _x = SG.tensor(Data.Randn(Batch * In, 51), [Batch, In]);
        private readonly SGTensor _target = SG.tensor(Data.Labels(Batch, Classes, 52));
        private readonly SGTensor[] _params;
        private SGTensor? _lastLoss;

        public Mlp()
        {
            _params = new SGTensor[6];
            int[] sizes = [In, Hidden, Hidden, Classes];
            for (int l = 0; l < 3; l++)
            {
                double bound = 1.0 / Math.Sqrt(sizes[l]);
                _params[2 * l] = SG.tensor(Data.Uniform(sizes[l] * sizes[l + 1], (ulong)(60 + 2 * l), bound), [sizes[l], sizes[l + 1]], requires_grad: true);
                _params[2 * l + 1] = SG.tensor(Data.Uniform(sizes[l + 1], (ulong)(61 + 2 * l), bound), requires_grad: true);
            }
        }


        public void Step()
        {
            var p = _params;
            var h1 = (_x.mm(p[0]) + p[1]).relu();
            var h2 = (h1.mm(p[2]) + p[3]).relu();
            var logits = h2.mm(p[4]) + p[5];
            var loss = SG.nn.functional.cross_entropy(logits, _target);
            loss.backward();
            using (SG.no_grad())
            {
                foreach (var w in p)
                {
                    var v = w;
                    v -= LearningRate * v.grad!;
                    v.grad!.zero_();
                }
            }
            _lastLoss = loss;
        }

        public float[] Snapshot()
        {
            var result = new List<float> { _lastLoss!.item<float>() };
            foreach (var w in _params) result.AddRange(Values(w));
            return [.. result];
        }

        public void Dispose() { }
    }

    /// <summary>
    /// One optimizer step over the 784-512-512-10 MLP's six parameters, with fixed gradients:
    /// torch.optim's fused update, or (<paramref name="byHand"/>) the same update written with
    /// tensor ops as a user would write it.
    /// </summary>
    public sealed class OptimizerStep : IBenchCase
    {
        public const double LearningRate = 1e-3, Momentum = 0.9, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
        private readonly SGTensor[] _params = new SGTensor[6];
        private readonly SG.optim.Optimizer? _optimizer;
        private readonly bool _adam;
        private readonly SGTensor[] _m = new SGTensor[6], _v = new SGTensor[6];
        private int _step;

        public OptimizerStep(bool adam, bool byHand)
        {
            _adam = adam;
            int[] sizes = [Mlp.In, Mlp.Hidden, Mlp.Hidden, Mlp.Classes];
            for (int l = 0; l < 3; l++)
            {
                _params[2 * l] = SG.tensor(Data.Uniform(sizes[l] * sizes[l + 1], (ulong)(60 + 2 * l), 0.05), [sizes[l], sizes[l + 1]], requires_grad: true);
                _params[2 * l + 1] = SG.tensor(Data.Uniform(sizes[l + 1], (ulong)(61 + 2 * l), 0.05), requires_grad: true);
            }
            for (int i = 0; i < 6; i++)
            {
                _params[i].grad = SG.tensor(Data.Randn((int)_params[i].numel(), (ulong)(80 + i)), _params[i].shape);
                _m[i] = SG.zeros_like(_params[i]);
                _v[i] = SG.zeros_like(_params[i]);
            }
            if (!byHand)
                _optimizer = adam
                    ? SG.optim.Adam(_params, lr: LearningRate, betas: (Beta1, Beta2), eps: Eps)
                    : SG.optim.SGD(_params, lr: LearningRate, momentum: Momentum);
        }

        public void Step()
        {
            if (_optimizer is not null) { _optimizer.step(); return; }
            _step++;
            using var _ = SG.no_grad();
            for (int i = 0; i < 6; i++)
            {
                var p = _params[i]; var g = p.grad!; var m = _m[i]; var v = _v[i];
                if (_adam)
                {
                    double bc1 = 1 - Math.Pow(Beta1, _step), bc2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, _step));
                    m.mul_(Beta1).add_(g, alpha: 1 - Beta1);
                    v.mul_(Beta2).add_(g * g, alpha: 1 - Beta2);
                    var denom = (v.sqrt() / bc2Sqrt).add_(Eps);
                    p.add_(m / denom, alpha: -LearningRate / bc1);
                }
                else
                {
                    if (_step == 1) m.copy_(g);
                    else m.mul_(Momentum).add_(g);
                    p.add_(m, alpha: -LearningRate);
                }
            }
        }

        public float[] Snapshot() => [.. _params.SelectMany(Values)];

        public string? Note => _optimizer is null ? "SharpGrad: the update written by hand with tensor ops" : null;

        public void Dispose() { }
    }

    /// <summary>The "hello" program: seed 000's neuron, from process start to the first gradient.</summary>
    public static string Hello()
    {
        var x = SG.tensor(new float[,] { { 2 }, { 3 } });
        var w = SG.tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = SG.tensor(new float[] { 1 }, requires_grad: true);
        var z = SG.mm(w, x) + b;
        var a = z.pow(2);
        a.backward();
        Console.WriteLine(w.grad);
        return string.Join(' ', w.grad!.ToArray<float>());
    }

    /// <summary>
    /// The <see cref="Mlp"/> step written as PyTorch users write it: nn.Sequential of Linear and ReLU,
    /// nn.CrossEntropyLoss, and optim.SGD (lr 0.01) or optim.Adam (lr 1e-3), with optimizer.zero_grad().
    /// The weights start from the same values as <see cref="Mlp"/>'s (transposed, as Linear keeps them).
    /// </summary>
    public sealed class MlpModule : IBenchCase
    {
        private readonly SGTensor _x = SG.tensor(Data.Randn(Mlp.Batch * Mlp.In, 51), [Mlp.Batch, Mlp.In]);
        private readonly SGTensor _target = SG.tensor(Data.Labels(Mlp.Batch, Mlp.Classes, 52));
        private readonly SharpGrad.Modules.Sequential _model;
        private readonly SharpGrad.Modules.CrossEntropyLoss _lossFn = SG.nn.CrossEntropyLoss();
        private readonly SG.optim.Optimizer _optimizer;
        private SGTensor? _lastLoss;

        public MlpModule(bool adam)
        {
            _model = SG.nn.Sequential(SG.nn.Linear(Mlp.In, Mlp.Hidden), SG.nn.ReLU(), SG.nn.Linear(Mlp.Hidden, Mlp.Hidden), SG.nn.ReLU(),
                SG.nn.Linear(Mlp.Hidden, Mlp.Classes));
            var parameters = _model.parameters().ToArray();
            int[] sizes = [Mlp.In, Mlp.Hidden, Mlp.Hidden, Mlp.Classes];
            using (SG.no_grad())
            {
                for (int l = 0; l < 3; l++)
                {
                    double bound = 1.0 / Math.Sqrt(sizes[l]);
                    parameters[2 * l].copy_(SG.tensor(Data.Uniform(sizes[l] * sizes[l + 1], (ulong)(60 + 2 * l), bound), [sizes[l], sizes[l + 1]]).t());
                    parameters[2 * l + 1].copy_(SG.tensor(Data.Uniform(sizes[l + 1], (ulong)(61 + 2 * l), bound)));
                }
            }
            _optimizer = adam ? SG.optim.Adam(parameters, lr: 1e-3) : SG.optim.SGD(parameters, lr: 0.01);
        }

        public void Step()
        {
            var loss = _lossFn.call(_model.call(_x), _target);
            _optimizer.zero_grad();
            loss.backward();
            _optimizer.step();
            _lastLoss = loss;
        }

        public float[] Snapshot()
        {
            var result = new List<float> { _lastLoss!.item<float>() };
            foreach (var w in _model.parameters()) result.AddRange(Values(w));
            return [.. result];
        }

        public void Dispose() { }
    }
}
