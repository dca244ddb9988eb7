using SG = SharpGrad.torch;
using SGTensor = SharpGrad.Tensor;
using TS = TorchSharp.torch;
using TSTensor = TorchSharp.torch.Tensor;

namespace SharpGrad.Benchmarks;

/// <summary>
/// A stack of float32 conv2d layers, each run forward and backward with a fixed output gradient
/// (the loss Σ y·g): the gradients of the weights, the biases and every input but the first.
/// </summary>
internal sealed record ConvLayerShape(int InChannels, int OutChannels, int Kernel, int Padding, int Size, int Groups = 1);

/// <summary>The convolution workloads, SharpGrad and TorchSharp side by side, line for line.</summary>
internal static class ConvCases
{
    public const int LeNetBatch = 64, ResNetBatch = 32;

    /// <summary>LeNet's two convolutions: 1→6 5×5 on 28×28, 6→16 5×5 on 12×12.</summary>
    public static readonly ConvLayerShape[] LeNet = [new(1, 6, 5, 0, 28), new(6, 16, 5, 0, 12)];

    /// <summary>A ResNet basic block's convolution, 64→64 3×3 padding 1, on 28×28 (56×56 is 4× the work).</summary>
    public static readonly ConvLayerShape[] ResNet = [new(64, 64, 3, 1, 28)];

    /// <summary>A MobileNet block's depthwise convolution, 64 channels 3×3 padding 1 groups 64, on 28×28.</summary>
    public static readonly ConvLayerShape[] Depthwise = [new(64, 64, 3, 1, 28, Groups: 64)];

    /// <summary>Multiply-adds ×2 of one step: forward, input gradient (all but the first layer), weight gradient.</summary>
    public static double Flops(int batch, ConvLayerShape[] layers)
    {
        double total = 0;
        for (int i = 0; i < layers.Length; i++)
        {
            var l = layers[i];
            int outSize = l.Size + 2 * l.Padding - l.Kernel + 1;
            double macs = (double)batch * l.OutChannels * outSize * outSize * (l.InChannels / l.Groups) * l.Kernel * l.Kernel;
            total += 2 * macs * (i == 0 ? 2 : 3);
        }
        return total;
    }

    private static int OutSize(ConvLayerShape l) => l.Size + 2 * l.Padding - l.Kernel + 1;

    public sealed class SharpGradConv : IBenchCase
    {
        private readonly ConvLayerShape[] _layers;
        private readonly SGTensor[] _inputs, _weights, _biases, _outputGrads;

        public SharpGradConv(int batch, ConvLayerShape[] layers)
        {
            _layers = layers;
            int n = layers.Length;
            _inputs = new SGTensor[n]; _weights = new SGTensor[n]; _biases = new SGTensor[n]; _outputGrads = new SGTensor[n];
            for (int i = 0; i < n; i++)
            {
                var l = layers[i];
                double bound = 1 / Math.Sqrt(l.InChannels / l.Groups * l.Kernel * l.Kernel);
                _inputs[i] = SG.tensor(Data.Randn(batch * l.InChannels * l.Size * l.Size, (ulong)(70 + i)), [batch, l.InChannels, l.Size, l.Size], requires_grad: i > 0);
                _weights[i] = SG.tensor(Data.Uniform(l.OutChannels * (l.InChannels / l.Groups) * l.Kernel * l.Kernel, (ulong)(80 + i), bound), [l.OutChannels, l.InChannels / l.Groups, l.Kernel, l.Kernel], requires_grad: true);
                _biases[i] = SG.tensor(Data.Uniform(l.OutChannels, (ulong)(90 + i), bound), requires_grad: true);
                int o = OutSize(l);
                _outputGrads[i] = SG.tensor(Data.Randn(batch * l.OutChannels * o * o, (ulong)(100 + i)), [batch, l.OutChannels, o, o]);
            }
        }

        public void Step()
        {
            for (int i = 0; i < _layers.Length; i++)
            {
                _weights[i].grad = null; _biases[i].grad = null; _inputs[i].grad = null;
                var y = SG.nn.functional.conv2d(_inputs[i], _weights[i], _biases[i], padding: _layers[i].Padding, groups: _layers[i].Groups);
                (y * _outputGrads[i]).sum().backward();
            }
        }

        public float[] Snapshot()
        {
            var result = new List<float>();
            for (int i = 0; i < _layers.Length; i++)
            {
                result.AddRange(_weights[i].grad!.ToArray<float>());
                result.AddRange(_biases[i].grad!.ToArray<float>());
            }
            return [.. result];
        }

        public void Dispose() { }
    }

    public sealed class TorchSharpConv : IBenchCase
    {
        private readonly ConvLayerShape[] _layers;
        private readonly TSTensor[] _inputs, _weights, _biases, _outputGrads;

        public TorchSharpConv(int batch, ConvLayerShape[] layers)
        {
            _layers = layers;
            int n = layers.Length;
            _inputs = new TSTensor[n]; _weights = new TSTensor[n]; _biases = new TSTensor[n]; _outputGrads = new TSTensor[n];
            for (int i = 0; i < n; i++)
            {
                var l = layers[i];
                double bound = 1 / Math.Sqrt(l.InChannels / l.Groups * l.Kernel * l.Kernel);
                _inputs[i] = TS.tensor(Data.Randn(batch * l.InChannels * l.Size * l.Size, (ulong)(70 + i)), [batch, l.InChannels, l.Size, l.Size], requires_grad: i > 0);
                _weights[i] = TS.tensor(Data.Uniform(l.OutChannels * (l.InChannels / l.Groups) * l.Kernel * l.Kernel, (ulong)(80 + i), bound), [l.OutChannels, l.InChannels / l.Groups, l.Kernel, l.Kernel], requires_grad: true);
                _biases[i] = TS.tensor(Data.Uniform(l.OutChannels, (ulong)(90 + i), bound), requires_grad: true);
                int o = OutSize(l);
                _outputGrads[i] = TS.tensor(Data.Randn(batch * l.OutChannels * o * o, (ulong)(100 + i)), [batch, l.OutChannels, o, o]);
            }
        }

        public void Step()
        {
            using var scope = TS.NewDisposeScope();
            for (int i = 0; i < _layers.Length; i++)
            {
                _weights[i].grad?.Dispose(); _biases[i].grad?.Dispose(); _inputs[i].grad?.Dispose();
                _weights[i].grad = null; _biases[i].grad = null; _inputs[i].grad = null;
                long p = _layers[i].Padding;
                var y = TS.nn.functional.conv2d(_inputs[i], _weights[i], _biases[i], padding: [p, p], groups: _layers[i].Groups);
                (y * _outputGrads[i]).sum().backward();
            }
        }

        public float[] Snapshot()
        {
            var result = new List<float>();
            for (int i = 0; i < _layers.Length; i++)
            {
                result.AddRange(_weights[i].grad!.data<float>().ToArray());
                result.AddRange(_biases[i].grad!.data<float>().ToArray());
            }
            return [.. result];
        }

        public void Dispose()
        {
            foreach (var t in _inputs.Concat(_weights).Concat(_biases).Concat(_outputGrads)) t.Dispose();
        }
    }
}
