using TorchSharp;
using SG = SharpGrad.torch;
using SGTensor = SharpGrad.Tensor;
using TS = TorchSharp.torch;
using TSTensor = TorchSharp.torch.Tensor;

namespace SharpGrad.Benchmarks;

/// <summary>
/// A small CNN's training step on Fashion-MNIST-shaped inputs, SharpGrad and TorchSharp side by
/// side, line for line: Conv2d(1,32,3,padding=1) → ReLU → MaxPool2d(2) → Conv2d(32,64,3,padding=1)
/// → ReLU → MaxPool2d(2) → Flatten → Linear(3136,128) → ReLU → Linear(128,10), cross_entropy,
/// Adam(lr 1e-3) step, zero_grad. Both models start from the same weights (<see cref="InitialWeights"/>).
/// </summary>
internal static class CnnCases
{
    public const int Batch = 64, Classes = 10, Size = 28;

    /// <summary>
    /// Each parameter's initial values, in the models' parameter order, uniform in ±1/√fan_in (the
    /// range of PyTorch's default initialisation; a bias takes its layer's weight's fan_in).
    /// </summary>
    private static float[][] InitialWeights(IReadOnlyList<long[]> shapes)
    {
        var result = new float[shapes.Count][];
        long fanIn = 1;
        for (int i = 0; i < shapes.Count; i++)
        {
            var shape = shapes[i];
            long numel = shape.Aggregate(1L, (a, b) => a * b);
            if (shape.Length > 1) fanIn = numel / shape[0];
            result[i] = Data.Uniform((int)numel, (ulong)(200 + i), 1.0 / Math.Sqrt(fanIn));
        }
        return result;
    }

    private static float[] Inputs() => Data.Randn(Batch * Size * Size, 210);
    private static long[] Labels() => Data.Labels(Batch, Classes, 211);

    public sealed class SharpGradCnn : IBenchCase
    {
        private readonly SGTensor _x = SG.tensor(Inputs(), [Batch, 1, Size, Size]);
        private readonly SGTensor _target = SG.tensor(Labels());
        private readonly SharpGrad.Modules.Sequential _model;
        private readonly SG.optim.Optimizer _optimizer;
        private SGTensor? _lastLoss;

        public SharpGradCnn()
        {
            _model = SG.nn.Sequential(
                SG.nn.Conv2d(1, 32, 3, padding: 1), SG.nn.ReLU(), SG.nn.MaxPool2d(2),
                SG.nn.Conv2d(32, 64, 3, padding: 1), SG.nn.ReLU(), SG.nn.MaxPool2d(2),
                SG.nn.Flatten(), SG.nn.Linear(64 * 7 * 7, 128), SG.nn.ReLU(), SG.nn.Linear(128, Classes));
            var parameters = _model.parameters().ToArray();
            var initial = InitialWeights([.. parameters.Select(p => p.shape)]);
            using (SG.no_grad())
            {
                for (int i = 0; i < parameters.Length; i++)
                    parameters[i].copy_(SG.tensor(initial[i], parameters[i].shape));
            }
            _optimizer = SG.optim.Adam(parameters, lr: 1e-3);
        }

        public void Step()
        {
            var loss = SG.nn.functional.cross_entropy(_model.call(_x), _target);
            loss.backward();
            _optimizer.step();
            _optimizer.zero_grad();
            _lastLoss = loss;
        }

        public float[] Snapshot()
        {
            var result = new List<float> { _lastLoss!.item<float>() };
            foreach (var w in _model.parameters()) result.AddRange(w.detach().ToArray<float>());
            return [.. result];
        }

        public void Dispose() { }
    }

    public sealed class TorchSharpCnn : IBenchCase
    {
        private readonly TSTensor _x = TS.tensor(Inputs(), [Batch, 1, Size, Size]);
        private readonly TSTensor _target = TS.tensor(Labels());
        private readonly TorchSharp.Modules.Sequential _model;
        private readonly TS.optim.Optimizer _optimizer;
        private TSTensor? _lastLoss;

        public TorchSharpCnn()
        {
            _model = TS.nn.Sequential(
                TS.nn.Conv2d(1, 32, 3, padding: 1), TS.nn.ReLU(), TS.nn.MaxPool2d(2),
                TS.nn.Conv2d(32, 64, 3, padding: 1), TS.nn.ReLU(), TS.nn.MaxPool2d(2),
                TS.nn.Flatten(), TS.nn.Linear(64 * 7 * 7, 128), TS.nn.ReLU(), TS.nn.Linear(128, Classes));
            var parameters = _model.parameters().ToArray();
            var initial = InitialWeights([.. parameters.Select(p => p.shape)]);
            using (TS.no_grad())
            {
                for (int i = 0; i < parameters.Length; i++)
                {
                    using var w = TS.tensor(initial[i], parameters[i].shape);
                    parameters[i].copy_(w);
                }
            }
            _optimizer = TS.optim.Adam(parameters, lr: 1e-3);
        }

        public void Step()
        {
            _lastLoss?.Dispose();
            using var scope = TS.NewDisposeScope();
            var loss = TS.nn.functional.cross_entropy(_model.forward(_x), _target);
            loss.backward();
            _optimizer.step();
            _optimizer.zero_grad();
            _lastLoss = loss.MoveToOuterDisposeScope();
        }

        public float[] Snapshot()
        {
            var result = new List<float> { _lastLoss!.item<float>() };
            foreach (var w in _model.parameters()) result.AddRange(w.detach().data<float>().ToArray());
            return [.. result];
        }

        public void Dispose()
        {
            _x.Dispose(); _target.Dispose(); _lastLoss?.Dispose();
            _model.Dispose();
        }
    }
}
