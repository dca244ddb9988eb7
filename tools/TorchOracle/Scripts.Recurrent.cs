using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    static void PrintParameters(nn.Module module, bool grads)
    {
        foreach (var (name, p) in module.named_parameters())
        {
            Console.WriteLine($"param {name} [{string.Join(", ", p.shape)}]: {F(p.detach())}");
            if (grads && p.grad is not null) Console.WriteLine($"grad {name}: {F(p.grad)}");
        }
    }

    /// <summary>LSTM, GRU and RNN after a seed: parameters, outputs, final states and gradients (RecurrentTests).</summary>
    public static void Recurrent()
    {
        // LSTM, 2 layers, bidirectional, with (h0, c0).
        {
            manual_seed(0);
            var lstm = nn.LSTM(2, 3, numLayers: 2, bidirectional: true);
            var x = randn(4, 2, 2).requires_grad_(true);
            var h0 = randn(4, 2, 3).requires_grad_(true);
            var c0 = randn(4, 2, 3).requires_grad_(true);
            var (output, hn, cn) = lstm.forward(x, (h0, c0));
            var loss = output.pow(2).sum() + hn.sum() + 0.5 * cn.sum();
            loss.backward();
            Console.WriteLine("-- LSTM(2, 3, num_layers=2, bidirectional=True) seed 0");
            PrintParameters(lstm, true);
            P("output", output); P("h_n", hn); P("c_n", cn);
            P("x.grad", x.grad!); P("h0.grad", h0.grad!); P("c0.grad", c0.grad!);
        }
        // GRU, 2 layers, bidirectional, batch_first, with h0.
        {
            manual_seed(1);
            var gru = nn.GRU(2, 3, numLayers: 2, batchFirst: true, bidirectional: true);
            var x = randn(2, 4, 2).requires_grad_(true);
            var h0 = randn(4, 2, 3).requires_grad_(true);
            var (output, hn) = gru.forward(x, h0);
            var loss = output.pow(2).sum() + hn.sum();
            loss.backward();
            Console.WriteLine("-- GRU(2, 3, num_layers=2, batch_first=True, bidirectional=True) seed 1");
            PrintParameters(gru, true);
            P("output", output); P("h_n", hn);
            P("x.grad", x.grad!); P("h0.grad", h0.grad!);
        }
        // RNN tanh, 2 layers, no h0.
        {
            manual_seed(2);
            var rnn = nn.RNN(3, 4, numLayers: 2);
            var x = randn(5, 2, 3).requires_grad_(true);
            var (output, hn) = rnn.forward(x, null);
            (output.pow(2).sum() + hn.sum()).backward();
            Console.WriteLine("-- RNN(3, 4, num_layers=2) seed 2");
            PrintParameters(rnn, true);
            P("output", output); P("h_n", hn); P("x.grad", x.grad!);
        }
        // RNN relu, bidirectional, unbatched input with h0.
        {
            manual_seed(3);
            var rnn = nn.RNN(3, 2, nonLinearity: nn.NonLinearities.ReLU, bidirectional: true);
            var x = randn(4, 3);
            var h0 = randn(2, 2);
            // libtorch's C++ module takes batched input only: a batch of one, as PyTorch's Python module does.
            var (output, hn) = rnn.forward(x.unsqueeze(1), h0.unsqueeze(1));
            (output, hn) = (output.squeeze(1), hn.squeeze(1));
            Console.WriteLine("-- RNN(3, 2, nonlinearity='relu', bidirectional=True) seed 3, unbatched");
            PrintParameters(rnn, false);
            P("output", output); P("h_n", hn);
        }
        // LSTM, 3 layers, dropout 0.5 in training: the dropout masks between layers.
        {
            manual_seed(5);
            var lstm = nn.LSTM(2, 3, numLayers: 3, dropout: 0.5);
            var x = randn(4, 2, 2);
            var (output, hn, cn) = lstm.forward(x);
            Console.WriteLine("-- LSTM(2, 3, num_layers=3, dropout=0.5) seed 5, training");
            P("output", output); P("h_n", hn); P("c_n", cn);
            lstm.eval();
            var (evalOutput, _, _) = lstm.forward(x);
            P("eval output", evalOutput);
        }
        // GRU, unbatched, no h0, 1 layer; and a GRU without bias.
        {
            manual_seed(6);
            var gru = nn.GRU(3, 2, bias: false);
            var x = randn(3, 3);
            var (output, hn) = gru.forward(x.unsqueeze(1));
            (output, hn) = (output.squeeze(1), hn.squeeze(1));
            Console.WriteLine("-- GRU(3, 2, bias=False) seed 6, unbatched");
            PrintParameters(gru, false);
            P("output", output); P("h_n", hn);
        }
    }

    /// <summary>MultiheadAttention after a seed: parameters, outputs, weights and gradients (RecurrentTests).</summary>
    public static void Attention()
    {
        // Self-attention, need_weights with averaged weights.
        {
            manual_seed(0);
            var mha = nn.MultiheadAttention(4, 2);
            var q = randn(3, 2, 4).requires_grad_(true);
            var (output, weights) = mha.forward(q, q, q, null, true, null);
            (output.pow(2).sum() + weights.pow(2).sum()).backward();
            Console.WriteLine("-- MultiheadAttention(4, 2) seed 0, self-attention");
            PrintParameters(mha, true);
            P("output", output); P("weights", weights); P("q.grad", q.grad!);
        }
        // Cross-attention with a key padding mask (bool) and a float attn_mask, per-head weights.
        {
            manual_seed(1);
            var mha = nn.MultiheadAttention(4, 2);
            var q = randn(2, 2, 4).requires_grad_(true);
            var k = randn(3, 2, 4).requires_grad_(true);
            var v = randn(3, 2, 4).requires_grad_(true);
            var kpm = tensor(new bool[,] { { false, false, true }, { false, false, false } });
            var mask = randn(2, 3);
            var (output, weights) = mha.forward(q, k, v, kpm, true, mask);
            (output.pow(2).sum() + weights.pow(2).sum()).backward();
            Console.WriteLine("-- MultiheadAttention(4, 2) seed 1, cross-attention, masks");
            PrintParameters(mha, true);
            P("output", output); P("weights (averaged)", weights);
            P("q.grad", q.grad!); P("k.grad", k.grad!); P("v.grad", v.grad!);
        }
        // Causal bool mask, no bias, batch-first inputs given to libtorch transposed.
        {
            manual_seed(2);
            var mha = nn.MultiheadAttention(6, 3, bias: false);
            var qBatchFirst = randn(2, 3, 6);
            // PyTorch's Python module turns a bool mask into 0 / -inf (_canonical_mask); that float mask is given here.
            var mask = full(3, 3, float.NegativeInfinity).triu(1);
            var q = qBatchFirst.transpose(0, 1);
            var (output, weights) = mha.forward(q, q, q, null, true, mask);
            Console.WriteLine("-- MultiheadAttention(6, 3, bias=False) seed 2, causal mask, batch-first input");
            PrintParameters(mha, false);
            P("output (batch first)", output.transpose(0, 1)); P("weights", weights);
        }
        // Dropout on the attention weights in training.
        {
            manual_seed(3);
            var mha = nn.MultiheadAttention(4, 2, dropout: 0.5);
            var q = randn(3, 2, 4);
            var (output, weights) = mha.forward(q, q, q, null, true, null);
            Console.WriteLine("-- MultiheadAttention(4, 2, dropout=0.5) seed 3, training");
            P("output", output); P("weights", weights);
        }
        // Unbatched query, key and value.
        {
            manual_seed(4);
            var mha = nn.MultiheadAttention(4, 1);
            var q = randn(3, 4);
            var kv = randn(5, 4);
            var (output, weights) = mha.forward(q.unsqueeze(1), kv.unsqueeze(1), kv.unsqueeze(1), null, true, null);
            (output, weights) = (output.squeeze(1), weights.squeeze(0));
            Console.WriteLine("-- MultiheadAttention(4, 1) seed 4, unbatched");
            P("output", output); P("weights", weights);
        }
    }
}

public static partial class Scripts
{
    /// <summary>Whether libtorch's float uniform_ rounds x·(to − from) + from once (a fused multiply-add) or twice.</summary>
    public static void UniformRounding()
    {
        float stdv = (float)(1.0 / Math.Sqrt(3));
        manual_seed(0);
        var unit = empty(2000).uniform_(0, 1).data<float>().ToArray();
        manual_seed(0);
        var drawn = empty(2000).uniform_(-stdv, stdv).data<float>().ToArray();
        int fused = 0, separate = 0;
        for (int i = 0; i < unit.Length; i++)
        {
            float span = stdv - -stdv;
            if (MathF.FusedMultiplyAdd(unit[i], span, -stdv) == drawn[i]) fused++;
            if (unit[i] * span + -stdv == drawn[i]) separate++;
        }
        Console.WriteLine($"float32, of {unit.Length}: fused multiply-add matches {fused}, two roundings match {separate}");
        double bound = 1.0 / Math.Sqrt(3);
        manual_seed(0);
        var unitD = empty(2000, dtype: ScalarType.Float64).uniform_(0, 1).data<double>().ToArray();
        manual_seed(0);
        var drawnD = empty(2000, dtype: ScalarType.Float64).uniform_(-bound, bound).data<double>().ToArray();
        fused = separate = 0;
        for (int i = 0; i < unitD.Length; i++)
        {
            if (Math.FusedMultiplyAdd(unitD[i], bound - -bound, -bound) == drawnD[i]) fused++;
            if (unitD[i] * (bound - -bound) + -bound == drawnD[i]) separate++;
        }
        Console.WriteLine($"float64, of {unitD.Length}: fused multiply-add matches {fused}, two roundings match {separate}");
    }
}
