using SharpGrad.Modules;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// nn.RNN, nn.LSTM, nn.GRU and nn.MultiheadAttention against libtorch: initial parameters (bit for
/// bit), outputs, final states and gradients after a seed, reprs, state_dict keys, error messages,
/// and float64 gradient checks through the recurrences and the attention.
/// </summary>
[Collection("Global state")] // seeds and draws from the global generator
public class RecurrentTests
{
    /// <summary>Asserts the values are libtorch's, to float32 rounding of a different summation order.</summary>
    private static void Close(string key, Tensor actual, float tol = 2e-6f)
    {
        var expected = Torch[key];
        var a = actual.detach().to(float32).reshape(-1).ToArray<float>();
        Assert.True(expected.Length == a.Length, $"{key}: expected {expected.Length} values, got {a.Length}");
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol * Math.Max(1, Math.Abs(expected[i])),
                $"{key}, element {i}: expected {expected[i]:R}, got {a[i]:R}");
    }

    /// <summary>The parameters have PyTorch's names, in its order, and its initial values bit for bit.</summary>
    private static void AssertInitialParameters(string testCase, torch.nn.Module module)
    {
        var expectedNames = Torch.Keys.Where(k => k.StartsWith(testCase + "/param ", StringComparison.Ordinal))
            .Select(k => k[(testCase.Length + "/param ".Length)..]).ToArray();
        var named = module.named_parameters().ToArray();
        Assert.Equal(expectedNames, named.Select(p => p.name).ToArray());
        Assert.Equal(expectedNames, module.state_dict().Keys.ToArray());
        foreach (var (name, p) in named)
            Assert.Equal(Torch[$"{testCase}/param {name}"], p.detach().reshape(-1).ToArray<float>());
    }

    private static void AssertGradients(string testCase, torch.nn.Module module, float tol = 1e-5f)
    {
        foreach (var (name, p) in module.named_parameters()) Close($"{testCase}/grad {name}", p.grad!, tol);
    }

    [Fact]
    public void LstmTwoLayersBidirectionalIsLibtorchs()
    {
        manual_seed(0);
        var lstm = nn.LSTM(2, 3, num_layers: 2, bidirectional: true);
        var x = randn(4, 2, 2).requires_grad_(true);
        var h0 = randn(4, 2, 3).requires_grad_(true);
        var c0 = randn(4, 2, 3).requires_grad_(true);
        AssertInitialParameters("LSTM", lstm);
        var (output, (hn, cn)) = lstm.call(x, (h0, c0));
        Assert.Equal(new long[] { 4, 2, 6 }, output.shape);
        Assert.Equal(new long[] { 4, 2, 3 }, hn.shape);
        Close("LSTM/output", output);
        Close("LSTM/h_n", hn);
        Close("LSTM/c_n", cn);
        (output.pow(2).sum() + hn.sum() + 0.5 * cn.sum()).backward();
        AssertGradients("LSTM", lstm);
        Close("LSTM/x.grad", x.grad!, 1e-5f);
        Close("LSTM/h0.grad", h0.grad!, 1e-5f);
        Close("LSTM/c0.grad", c0.grad!, 1e-5f);
    }

    [Fact]
    public void GruTwoLayersBidirectionalBatchFirstIsLibtorchs()
    {
        manual_seed(1);
        var gru = nn.GRU(2, 3, num_layers: 2, batch_first: true, bidirectional: true);
        var x = randn(2, 4, 2).requires_grad_(true);
        var h0 = randn(4, 2, 3).requires_grad_(true);
        AssertInitialParameters("GRU", gru);
        var (output, hn) = gru.call(x, h0);
        Assert.Equal(new long[] { 2, 4, 6 }, output.shape);
        Close("GRU/output", output);
        Close("GRU/h_n", hn);
        (output.pow(2).sum() + hn.sum()).backward();
        AssertGradients("GRU", gru);
        Close("GRU/x.grad", x.grad!, 1e-5f);
        Close("GRU/h0.grad", h0.grad!, 1e-5f);
    }

    [Fact]
    public void RnnTanhTwoLayersWithoutInitialStateIsLibtorchs()
    {
        manual_seed(2);
        var rnn = nn.RNN(3, 4, num_layers: 2);
        var x = randn(5, 2, 3).requires_grad_(true);
        AssertInitialParameters("RNN", rnn);
        var (output, hn) = rnn.call(x);
        Close("RNN/output", output);
        Close("RNN/h_n", hn);
        (output.pow(2).sum() + hn.sum()).backward();
        AssertGradients("RNN", rnn);
        Close("RNN/x.grad", x.grad!, 1e-5f);
    }

    [Fact]
    public void RnnReluBidirectionalUnbatchedIsLibtorchs()
    {
        manual_seed(3);
        var rnn = nn.RNN(3, 2, nonlinearity: "relu", bidirectional: true);
        var x = randn(4, 3);
        var h0 = randn(2, 2);
        AssertInitialParameters("RNNRelu", rnn);
        var (output, hn) = rnn.call(x, h0);
        Assert.Equal(new long[] { 4, 4 }, output.shape);
        Assert.Equal(new long[] { 2, 2 }, hn.shape);
        Close("RNNRelu/output", output);
        Close("RNNRelu/h_n", hn);
    }

    [Fact]
    public void LstmDropoutBetweenLayersDrawsAsLibtorch()
    {
        manual_seed(5);
        var lstm = nn.LSTM(2, 3, num_layers: 3, dropout: 0.5);
        var x = randn(4, 2, 2);
        var (output, (hn, cn)) = lstm.call(x);
        Close("LSTMDropout/output", output);
        Close("LSTMDropout/h_n", hn);
        Close("LSTMDropout/c_n", cn);
        lstm.eval();
        Close("LSTMDropout/eval output", lstm.call(x).output);
    }

    [Fact]
    public void GruWithoutBiasUnbatchedIsLibtorchs()
    {
        manual_seed(6);
        var gru = nn.GRU(3, 2, bias: false);
        var x = randn(3, 3);
        AssertInitialParameters("GRUNoBias", gru);
        var (output, hn) = gru.call(x);
        Close("GRUNoBias/output", output);
        Close("GRUNoBias/h_n", hn);
    }

    [Fact]
    public void MultiheadSelfAttentionIsLibtorchs()
    {
        manual_seed(0);
        var mha = nn.MultiheadAttention(4, 2);
        var q = randn(3, 2, 4).requires_grad_(true);
        AssertInitialParameters("MHASelf", mha);
        var (output, weights) = mha.call(q, q, q);
        Close("MHASelf/output", output);
        Close("MHASelf/weights", weights!);
        (output.pow(2).sum() + weights!.pow(2).sum()).backward();
        AssertGradients("MHASelf", mha);
        Close("MHASelf/q.grad", q.grad!, 1e-5f);
        // need_weights: false gives the same output and no weights.
        var (sameOutput, noWeights) = mha.call(q, q, q, need_weights: false);
        Assert.Null(noWeights);
        Assert.True(sameOutput.allclose(output));
    }

    [Fact]
    public void MultiheadCrossAttentionWithMasksIsLibtorchs()
    {
        manual_seed(1);
        var mha = nn.MultiheadAttention(4, 2);
        var q = randn(2, 2, 4).requires_grad_(true);
        var k = randn(3, 2, 4).requires_grad_(true);
        var v = randn(3, 2, 4).requires_grad_(true);
        var keyPaddingMask = tensor(new bool[,] { { false, false, true }, { false, false, false } });
        var mask = randn(2, 3);
        AssertInitialParameters("MHACross", mha);
        var (output, weights) = mha.call(q, k, v, key_padding_mask: keyPaddingMask, attn_mask: mask);
        Close("MHACross/output", output);
        Close("MHACross/weights (averaged)", weights!);
        (output.pow(2).sum() + weights!.pow(2).sum()).backward();
        AssertGradients("MHACross", mha);
        Close("MHACross/q.grad", q.grad!, 1e-5f);
        Close("MHACross/k.grad", k.grad!, 1e-5f);
        Close("MHACross/v.grad", v.grad!, 1e-5f);
        // Per-head weights average to the averaged ones.
        var (_, perHead) = mha.call(q, k, v, key_padding_mask: keyPaddingMask, attn_mask: mask, average_attn_weights: false);
        Assert.Equal(new long[] { 2, 2, 2, 3 }, perHead!.shape);
        Close("MHACross/weights (averaged)", perHead.mean(1));
    }

    [Fact]
    public void MultiheadAttentionCausalBoolMaskBatchFirstWithoutBiasIsLibtorchs()
    {
        manual_seed(2);
        var mha = nn.MultiheadAttention(6, 3, bias: false, batch_first: true);
        var q = randn(2, 3, 6);
        var causal = tensor(new bool[,] { { false, true, true }, { false, false, true }, { false, false, false } });
        AssertInitialParameters("MHACausal", mha);
        var (output, weights) = mha.call(q, q, q, attn_mask: causal, is_causal: true);
        Assert.Equal(new long[] { 2, 3, 6 }, output.shape);
        Close("MHACausal/output (batch first)", output);
        Close("MHACausal/weights", weights!);
    }

    [Fact]
    public void MultiheadAttentionDropoutDrawsAsLibtorch()
    {
        manual_seed(3);
        var mha = nn.MultiheadAttention(4, 2, dropout: 0.5);
        var q = randn(3, 2, 4);
        var (output, weights) = mha.call(q, q, q);
        Close("MHADropout/output", output);
        Close("MHADropout/weights", weights!);
    }

    [Fact]
    public void MultiheadAttentionUnbatchedIsLibtorchs()
    {
        manual_seed(4);
        var mha = nn.MultiheadAttention(4, 1);
        var q = randn(3, 4);
        var kv = randn(5, 4);
        var (output, weights) = mha.call(q, kv, kv);
        Assert.Equal(new long[] { 3, 4 }, output.shape);
        Assert.Equal(new long[] { 3, 5 }, weights!.shape);
        Close("MHAUnbatched/output", output);
        Close("MHAUnbatched/weights", weights);
    }

    [Fact]
    public void ReprsAreTorchs()
    {
        Assert.Equal("LSTM(10, 20, num_layers=2, batch_first=True)", nn.LSTM(10, 20, num_layers: 2, batch_first: true).ToString());
        Assert.Equal("RNN(3, 4)", nn.RNN(3, 4, nonlinearity: "relu").ToString());
        Assert.Equal("GRU(3, 4, bias=False, dropout=0.5, bidirectional=True)",
            nn.GRU(3, 4, bias: false, dropout: 0.5, bidirectional: true).ToString());
        Assert.Equal("LSTM(3, 4, proj_size=2)", nn.LSTM(3, 4, proj_size: 2).ToString());
        Assert.Equal("MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8, bias=True)\n)",
            nn.MultiheadAttention(8, 2).ToString());
        Assert.Equal("Sequential(\n  (0): GRU(2, 3, batch_first=True)\n)", nn.Sequential(nn.GRU(2, 3, batch_first: true)).ToString());
    }

    [Fact]
    public void StateDictKeysAreTorchs()
    {
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0",
                      "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_hr_l0_reverse"],
            nn.LSTM(3, 4, proj_size: 2, bidirectional: true).state_dict().Keys.ToArray());
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "weight_ih_l1", "weight_hh_l1"],
            nn.RNN(3, 4, num_layers: 2, bias: false).state_dict().Keys.ToArray());
        Assert.Equal(["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"],
            nn.MultiheadAttention(4, 2).state_dict().Keys.ToArray());
        Assert.Equal(["q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "bias_k", "bias_v", "out_proj.weight", "out_proj.bias"],
            nn.MultiheadAttention(4, 2, add_bias_kv: true, kdim: 3, vdim: 5).state_dict().Keys.ToArray());
        var mha = nn.MultiheadAttention(4, 2);
        Assert.Equal(new long[] { 12, 4 }, mha.in_proj_weight!.shape);
        Assert.True(mha.in_proj_bias!.eq(0).all().item<bool>());
        Assert.True(mha.out_proj.bias!.eq(0).all().item<bool>());
        // A state dict goes back into the same architecture.
        var lstm = nn.LSTM(2, 3, num_layers: 2);
        var other = nn.LSTM(2, 3, num_layers: 2);
        other.load_state_dict(lstm.state_dict());
        var x = randn(3, 1, 2);
        Assert.True(lstm.call(x).output.equal(other.call(x).output));
    }

    [Fact]
    public void InitialisationDrawsEveryParameterUniformInRegistrationOrder()
    {
        // Every parameter from U(-1/sqrt(hidden), 1/sqrt(hidden)), one after another from the global generator.
        manual_seed(7);
        var gru = nn.GRU(3, 4, num_layers: 2);
        manual_seed(7);
        foreach (var (_, p) in gru.named_parameters())
        {
            var expected = empty(p.shape).uniform_(-0.5, 0.5);
            Assert.True(p.detach().equal(expected));
        }
        // MultiheadAttention: out_proj (a Linear) draws first, then xavier_uniform_ on in_proj_weight.
        manual_seed(8);
        var mha = nn.MultiheadAttention(4, 2);
        manual_seed(8);
        var linear = nn.Linear(4, 4);
        var inProj = nn.init.xavier_uniform_(empty(12, 4));
        Assert.True(mha.out_proj.weight.detach().equal(linear.weight.detach()));
        Assert.True(mha.in_proj_weight!.detach().equal(inProj));
    }

    [Fact]
    public void ErrorMessagesAreTorchs()
    {
        var lstm = nn.LSTM(3, 4, num_layers: 2);
        Assert.Equal("LSTM: Expected input to be 2D or 3D, got 4D instead",
            Assert.Throws<ArgumentException>(() => lstm.call(zeros(1, 2, 3, 3))).Message);
        Assert.Equal("input.size(-1) must be equal to input_size. Expected 3, got 5",
            Assert.Throws<ArgumentException>(() => lstm.call(zeros(2, 1, 5))).Message);
        Assert.Equal("Expected hidden[0] size (2, 1, 4), got [1, 1, 4]",
            Assert.Throws<ArgumentException>(() => lstm.call(zeros(2, 1, 3), (zeros(1, 1, 4), zeros(2, 1, 4)))).Message);
        Assert.Equal("Expected hidden[1] size (2, 1, 4), got [2, 1, 3]",
            Assert.Throws<ArgumentException>(() => lstm.call(zeros(2, 1, 3), (zeros(2, 1, 4), zeros(2, 1, 3)))).Message);
        Assert.Equal("For batched 3-D input, hx and cx should also be 3-D but got (2-D, 3-D) tensors",
            Assert.Throws<ArgumentException>(() => lstm.call(zeros(2, 1, 3), (zeros(2, 4), zeros(2, 1, 4)))).Message);
        Assert.Equal("input must have the type torch.float32, got type torch.float64",
            Assert.Throws<ArgumentException>(() => lstm.call(zeros(2, 1, 3, dtype: float64))).Message);
        var rnn = nn.RNN(3, 4);
        Assert.Equal("RNN: Expected input to be 2D or 3D, got 1D tensor instead",
            Assert.Throws<ArgumentException>(() => rnn.call(zeros(3))).Message);
        Assert.Equal("Expected hidden size (1, 2, 4), got [1, 3, 4]",
            Assert.Throws<ArgumentException>(() => rnn.call(zeros(5, 2, 3), zeros(1, 3, 4))).Message);
        Assert.Equal("For unbatched 2-D input, hx should also be 2-D but got 3-D tensor",
            Assert.Throws<ArgumentException>(() => rnn.call(zeros(5, 3), zeros(1, 1, 4))).Message);
        Assert.Equal("GRU: Expected input to be 2D or 3D, got 1D instead",
            Assert.Throws<ArgumentException>(() => nn.GRU(3, 4).call(zeros(3))).Message);
        Assert.Equal("Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.",
            Assert.Throws<ArgumentException>(() => nn.RNN(3, 4, nonlinearity: "sigmoid")).Message);
        Assert.Equal("dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
            Assert.Throws<ArgumentException>(() => nn.GRU(3, 4, dropout: 1.5)).Message);
        Assert.Equal("hidden_size must be greater than zero", Assert.Throws<ArgumentException>(() => nn.LSTM(3, 0)).Message);
        Assert.Equal("num_layers must be greater than zero", Assert.Throws<ArgumentException>(() => nn.LSTM(3, 4, num_layers: 0)).Message);
        Assert.Equal("proj_size has to be smaller than hidden_size", Assert.Throws<ArgumentException>(() => nn.LSTM(3, 4, proj_size: 4)).Message);

        Assert.Equal("embed_dim must be divisible by num_heads", Assert.Throws<ArgumentException>(() => nn.MultiheadAttention(5, 2)).Message);
        Assert.Equal("embed_dim and num_heads must be greater than 0, got embed_dim=0 and num_heads=2 instead",
            Assert.Throws<ArgumentException>(() => nn.MultiheadAttention(0, 2)).Message);
        var mha = nn.MultiheadAttention(4, 2);
        var q = zeros(3, 2, 4);
        Assert.Equal("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 3-D tensors respectively",
            Assert.Throws<ArgumentException>(() => mha.call(q, zeros(3, 4), q)).Message);
        Assert.Equal("query should be unbatched 2D or batched 3D tensor but received 1-D query tensor",
            Assert.Throws<ArgumentException>(() => mha.call(zeros(4), zeros(4), zeros(4))).Message);
        Assert.Equal("The shape of the 2D attn_mask is torch.Size([3, 2]), but should be (3, 3).",
            Assert.Throws<ArgumentException>(() => mha.call(q, q, q, attn_mask: zeros(3, 2))).Message);
        Assert.Equal("The shape of the 3D attn_mask is torch.Size([2, 3, 3]), but should be (4, 3, 3).",
            Assert.Throws<ArgumentException>(() => mha.call(q, q, q, attn_mask: zeros(2, 3, 3))).Message);
        Assert.Equal("expecting key_padding_mask shape of (2, 3), but got torch.Size([2, 4])",
            Assert.Throws<ArgumentException>(() => mha.call(q, q, q, key_padding_mask: zeros(2, 4, dtype: @bool))).Message);
        Assert.Equal("only bool and floating types of key_padding_mask are supported",
            Assert.Throws<ArgumentException>(() => mha.call(q, q, q, key_padding_mask: zeros(2, 3, dtype: int64))).Message);
        Assert.Equal("was expecting embedding dimension of 4, but got 5",
            Assert.Throws<ArgumentException>(() => mha.call(zeros(3, 2, 5), zeros(3, 2, 5), zeros(3, 2, 5))).Message);
        Assert.Equal("key shape torch.Size([3, 2, 4]) does not match value shape torch.Size([4, 2, 4])",
            Assert.Throws<ArgumentException>(() => mha.call(q, q, zeros(4, 2, 4))).Message);
        Assert.StartsWith("Need attn_mask if specifying the is_causal hint.",
            Assert.Throws<ArgumentException>(() => mha.call(q, q, q, is_causal: true)).Message);
    }

    [Fact]
    public void GradcheckThroughLstmAndGru()
    {
        manual_seed(0);
        foreach (var mode in new[] { "LSTM", "GRU", "RNN_TANH" })
        {
            // One layer, both directions, float64: the input, the states and every weight.
            int gates = mode == "LSTM" ? 4 : mode == "GRU" ? 3 : 1;
            var x = TestUtil.RandD(3, 2, 2);
            var h0 = TestUtil.RandD(2, 2, 2);
            var c0 = TestUtil.RandD(2, 2, 2);
            var weights = Enumerable.Range(0, 2).Select(_ => new[]
            {
                (TestUtil.RandD(gates * 2, 2) * 0.5).detach().requires_grad_(true),
                (TestUtil.RandD(gates * 2, 2) * 0.5).detach().requires_grad_(true),
                TestUtil.RandD(gates * 2),
                TestUtil.RandD(gates * 2),
            }).ToArray();
            Tensor[] inputs = [x, h0, .. mode == "LSTM" ? [c0] : Array.Empty<Tensor>(), .. weights.SelectMany(w => w)];
            Tensor Run(Tensor[] a)
            {
                int offset = mode == "LSTM" ? 3 : 2;
                var w = new[] { a[offset..(offset + 4)], a[(offset + 4)..(offset + 8)] };
                var (output, hn, cn) = Recurrence.Run(mode, a[0], a[1], mode == "LSTM" ? a[2] : null, w, hasBias: true,
                    numLayers: 1, bidirectional: true, dropout: 0, train: false);
                return cn is null ? torch.cat([output.reshape(-1), hn.reshape(-1)]) : torch.cat([output.reshape(-1), hn.reshape(-1), cn.reshape(-1)]);
            }
            Assert.True(autograd.gradcheck(Run, inputs), mode);
        }
        // Second order through a tiny LSTM and GRU module (input and state).
        foreach (var module in new torch.nn.Module[] { nn.LSTM(2, 2).@double(), nn.GRU(2, 2).@double() })
        {
            var x = TestUtil.RandD(2, 1, 2);
            var h0 = TestUtil.RandD(1, 1, 2);
            Tensor Run(Tensor[] a) => module switch
            {
                LSTM lstm => lstm.call(a[0], (a[1], a[1] * 0.5)).output,
                GRU gru => gru.call(a[0], a[1]).output,
                _ => throw new InvalidOperationException(),
            };
            TestUtil.CheckGradients(Run, x, h0);
        }
    }

    [Fact]
    public void GradcheckThroughMultiheadAttention()
    {
        manual_seed(0);
        var query = TestUtil.RandD(2, 2, 4);
        var key = TestUtil.RandD(3, 2, 4);
        var value = TestUtil.RandD(3, 2, 4);
        var inProjWeight = TestUtil.RandD(12, 4);
        var inProjBias = TestUtil.RandD(12);
        var outWeight = TestUtil.RandD(4, 4);
        var outBias = TestUtil.RandD(4);
        var mask = randn(2, 3, dtype: float64);
        Tensor Run(Tensor[] a)
        {
            var (output, weights) = nn.functional.multi_head_attention_forward(a[0], a[1], a[2], 4, 2, a[3], a[4], null, null, false, 0.0,
                a[5], a[6], training: false, attn_mask: mask);
            return torch.cat([output.reshape(-1), weights!.reshape(-1)]);
        }
        Assert.True(autograd.gradcheck(Run, [query, key, value, inProjWeight, inProjBias, outWeight, outBias]));
        Assert.True(autograd.gradgradcheck(xs => Run([xs[0], key, value, xs[1], inProjBias, outWeight, outBias]), [query, inProjWeight]));
    }

    [Fact]
    public void ProjectedLstmAndExtraAttentionOptionsHavePyTorchsShapes()
    {
        var lstm = nn.LSTM(3, 5, num_layers: 2, proj_size: 2, bidirectional: true);
        var (output, (hn, cn)) = lstm.call(randn(4, 2, 3));
        Assert.Equal(new long[] { 4, 2, 4 }, output.shape);
        Assert.Equal(new long[] { 4, 2, 2 }, hn.shape);
        Assert.Equal(new long[] { 4, 2, 5 }, cn.shape);
        Assert.Equal(new long[] { 20, 4 }, lstm.all_weights[2][0].shape);
        lstm.flatten_parameters(); // PyTorch's no-op off cuDNN
        // The last output step of the forward direction is h_n of the last layer's forward direction.
        Assert.True(output[-1, .., ..2].equal(hn[2]));
        // One projected layer against PyTorch's documented equations, written out step by step
        // (libtorch's C++ LSTM, which the oracle drives, has no proj_size).
        manual_seed(9);
        var projected = nn.LSTM(2, 3, proj_size: 1);
        var x = randn(3, 1, 2);
        var w = projected.all_weights[0];
        Tensor h = zeros(1, 1), c = zeros(1, 3);
        var steps = new List<Tensor>();
        for (int t = 0; t < 3; t++)
        {
            var gates = x[t].matmul(w[0].t()) + w[2] + h.matmul(w[1].t()) + w[3];
            var (i, f, g, o) = (gates[.., 0..3].sigmoid(), gates[.., 3..6].sigmoid(), gates[.., 6..9].tanh(), gates[.., 9..12].sigmoid());
            c = f * c + i * g;
            h = (o * c.tanh()).matmul(w[4].t());
            steps.Add(h);
        }
        var (projectedOutput, (projectedH, projectedC)) = projected.call(x);
        Assert.True(projectedOutput.allclose(torch.stack(steps), atol: 1e-6));
        Assert.True(projectedH[0].allclose(h, atol: 1e-6));
        Assert.True(projectedC[0].allclose(c, atol: 1e-6));
        var mha = nn.MultiheadAttention(4, 2, add_bias_kv: true, add_zero_attn: true, kdim: 3, vdim: 5);
        var (attn, weights) = mha.call(randn(2, 1, 4), randn(3, 1, 3), randn(3, 1, 5));
        Assert.Equal(new long[] { 2, 1, 4 }, attn.shape);
        Assert.Equal(new long[] { 1, 2, 5 }, weights!.shape);
        Assert.True(weights.sum(-1).allclose(ones(1, 2)));
    }

    // Values printed by tools/TorchOracle/Scripts.Recurrent.cs (`run.sh Recurrent Attention`): libtorch's.
    private static readonly Dictionary<string, float[]> Torch = new()
    {
        ["LSTM/param weight_ih_l0"] = [-0.0043225177f, 0.30971584f, -0.47518533f, -0.4248946f, -0.22236897f, 0.15482073f, -0.011439145f, 0.45777494f, -0.0512364f, 0.15277413f, -0.1744828f, -0.11348708f, -0.5515707f, -0.38236874f, -0.23799711f, 0.021387115f, 0.22824688f, 0.34642333f, -0.39140946f, -0.25141457f, 0.20970349f, 0.4794247f, -0.11881878f, 0.43203798f],
        ["LSTM/grad weight_ih_l0"] = [-0.39681688f, -0.035535652f, -0.26540995f, 0.10123573f, 0.047481194f, 0.0474663f, 0.11316188f, 0.071136445f, 0.1886612f, -0.15855241f, -0.049186308f, 0.035170898f, 0.98319167f, -0.3874071f, 1.2044381f, -0.32816663f, 0.7919935f, -0.22504023f, -0.092893235f, 0.037215713f, -0.0012871625f, 0.04885182f, -0.0074899695f, 0.020762978f],
        ["LSTM/param weight_hh_l0"] = [-0.09305926f, 0.0610918f, 0.5227769f, -0.5355907f, -0.36346388f, -0.14616501f, -0.2250511f, 0.4988311f, -0.3742267f, -0.2657733f, -0.40336025f, -0.54072374f, -0.33702272f, 0.49628916f, 0.2576243f, 0.2798258f, 0.030363752f, -0.29599795f, 0.09767882f, -0.5390689f, -0.4171738f, -0.29764137f, 0.36427218f, 0.33851272f, -0.256052f, -0.020832175f, 0.36925054f, 0.573963f, 0.22914003f, 0.0779959f, 0.38710546f, -0.33994517f, 0.10758577f, -0.44762284f, -0.40015346f, -0.29824966f],
        ["LSTM/grad weight_hh_l0"] = [0.044576585f, -0.10615365f, -0.036774684f, -0.07423075f, 0.12807941f, 0.0051326444f, -0.012376871f, -0.010734046f, 0.024509324f, -0.028538473f, 0.13549879f, 0.070109665f, 0.030546341f, 0.21800195f, -0.023405619f, -0.037412055f, 0.0058540236f, 0.014818578f, -0.24354102f, 0.18014577f, 0.034121007f, -0.38421196f, 0.31572264f, 0.22231117f, -0.23070669f, 0.35098505f, -0.02545515f, 0.0027391561f, -0.011563936f, 0.003372073f, -0.05083613f, 0.19515288f, -0.017473206f, -0.010176614f, -0.006615158f, 0.012589021f],
        ["LSTM/param bias_ih_l0"] = [0.26123542f, 0.23218742f, -0.34199488f, 0.17442161f, 0.31694913f, -0.072871625f, 0.022044124f, 0.13377477f, 0.3581746f, 0.5543683f, -0.4449197f, -0.2115814f],
        ["LSTM/grad bias_ih_l0"] = [-0.25937003f, -0.19666517f, -0.03047219f, -0.049134668f, 0.47347212f, 0.0030651893f, 1.8228904f, 2.2116294f, 1.326847f, -0.08831263f, 0.031522263f, -0.0185419f],
        ["LSTM/param bias_hh_l0"] = [0.22690436f, 0.47836322f, 0.5024144f, 0.5094289f, 0.114901096f, -0.5020538f, 0.053111892f, -0.36119342f, -0.53806394f, 0.51297134f, 0.4389939f, -0.575923f],
        ["LSTM/grad bias_hh_l0"] = [-0.25937003f, -0.19666517f, -0.03047219f, -0.049134668f, 0.47347212f, 0.0030651893f, 1.8228904f, 2.2116294f, 1.326847f, -0.08831263f, 0.031522263f, -0.0185419f],
        ["LSTM/param weight_ih_l0_reverse"] = [0.10806383f, -0.09726043f, -0.095009424f, -0.26428604f, 0.2220236f, -0.3419666f, 0.21165161f, 0.2919707f, 0.41330865f, 0.2158777f, -0.5714239f, -0.3745253f, 0.28827965f, 0.12084019f, -0.4503817f, -0.33244953f, 0.54314184f, 0.38902894f, -0.25173923f, -0.14531028f, -0.5499828f, -0.010377374f, -0.43477875f, -0.445343f],
        ["LSTM/grad weight_ih_l0_reverse"] = [-0.097211815f, -0.14967309f, -0.29490507f, -0.2261745f, 0.3887822f, 0.15339962f, -0.25449806f, -0.21826306f, -0.13285837f, -0.10529919f, 0.09572791f, -0.01546218f, 1.130357f, 0.6639076f, -0.08230899f, 0.06896085f, 0.015071895f, 0.055108637f, -0.17042404f, -0.2429441f, -0.116114154f, -0.13957141f, 0.17637408f, 0.04305011f],
        ["LSTM/param weight_hh_l0_reverse"] = [-0.031811774f, 0.08668628f, -0.23644242f, 0.3425867f, -0.3513402f, 0.52387035f, 0.39565805f, -0.48686963f, -0.14369343f, 0.026051559f, 0.084236026f, 0.13693263f, 0.22656856f, 0.034583375f, -0.2817058f, 0.2731958f, -0.5538226f, -0.34219936f, -0.144528f, -0.281235f, -0.20197639f, -0.47320879f, -0.122811146f, 0.12341234f, -0.37612393f, -0.029629245f, 0.41329667f, -0.05935175f, 0.016045842f, -0.049807373f, 0.11684494f, 0.3671021f, 0.5468928f, 0.3666497f, 0.54814416f, -0.041754924f],
        ["LSTM/grad weight_hh_l0_reverse"] = [0.15142827f, 0.014020358f, -0.025862537f, 0.11252486f, 0.064863645f, 0.0017275147f, -0.0066625075f, 0.047568306f, 0.023897646f, 0.12967744f, 0.062176123f, -0.0021791332f, 0.06275469f, 0.025146935f, -0.0054463483f, 0.0022942275f, 0.007977404f, 0.0008785732f, -0.25697678f, -0.10776513f, 0.038720682f, -0.10501106f, -0.06390771f, -0.013837453f, -0.30421367f, 0.008040858f, 0.04319328f, 0.06503601f, 0.047388326f, 0.008876646f, 0.03354639f, 0.034946658f, 0.0035537267f, 0.0033217443f, 0.029759917f, 0.011099067f],
        ["LSTM/param bias_ih_l0_reverse"] = [-0.5186462f, -0.2737086f, 0.3931208f, -0.0037426627f, -0.28696984f, -0.4424303f, -0.54031444f, -0.48728836f, -0.11710785f, 0.31662235f, 0.31213927f, -0.55681497f],
        ["LSTM/grad bias_ih_l0_reverse"] = [-0.48014772f, -0.39422122f, 0.080275685f, -0.44075787f, -0.21065523f, 0.022329982f, 0.9466989f, 0.32307333f, 0.9822016f, -0.21046947f, -0.10894942f, 0.023888282f],
        ["LSTM/param bias_hh_l0_reverse"] = [0.3601407f, -0.45178202f, -0.12205778f, -0.23409973f, -0.11120648f, -0.11335851f, -0.51808524f, -0.4985061f, -0.09034347f, 0.007466398f, -0.26227573f, 0.21748738f],
        ["LSTM/grad bias_hh_l0_reverse"] = [-0.48014772f, -0.39422122f, 0.080275685f, -0.44075787f, -0.21065523f, 0.022329982f, 0.9466989f, 0.32307333f, 0.9822016f, -0.21046947f, -0.10894942f, 0.023888282f],
        ["LSTM/param weight_ih_l1"] = [-0.51964897f, -0.038963776f, 0.50773305f, -0.23549655f, 0.5213491f, 0.20908958f, -0.521036f, 0.365288f, -0.06662303f, -0.2577331f, 0.46168002f, -0.466554f, 0.06195253f, -0.12087908f, 0.4122931f, 0.16116416f, 0.2774199f, 0.20389642f, -0.13883813f, -0.12141991f, -0.47578362f, 0.31283385f, 0.45840347f, 0.39503738f, -0.40725034f, 0.025749758f, -0.4069939f, -0.3178222f, -0.33642516f, 0.19730657f, -0.34405062f, -0.01259617f, 0.024288042f, 0.37217328f, -0.43643063f, -0.396358f, -0.33524507f, 0.40410674f, -0.20753722f, 0.48698843f, 0.20877421f, 0.07310756f, -0.004297809f, -0.114131495f, 0.07243803f, -0.13183486f, -0.0040567135f, 0.07366587f, -0.45160633f, -0.30260742f, 0.46620613f, -0.4685467f, -0.041457325f, 0.57113725f, 0.2085603f, 0.016346542f, -0.5003375f, 0.28600657f, -0.41123548f, -0.16388911f, -0.19371045f, -0.08549829f, 0.0063152225f, 0.47620285f, 0.07207573f, 0.51712847f, 0.35317233f, -0.3650089f, 0.25894395f, -0.40812662f, -0.24469556f, 0.16981182f],
        ["LSTM/grad weight_ih_l1"] = [0.042941697f, 0.022295201f, 0.008276481f, 0.03171437f, 0.01741767f, -0.018986283f, -0.027176898f, 0.0013800613f, 0.006537298f, -0.03972474f, -0.01986988f, 0.00727354f, -0.09744133f, 0.00076264184f, 0.0032085148f, -0.14339748f, -0.07540763f, 0.034918703f, 0.0573435f, 0.01687346f, 0.0011292836f, 0.059301328f, 0.03300166f, -0.027436187f, -0.028827542f, -0.014999346f, 0.0035651445f, -0.011024661f, -0.00350152f, 0.0051843473f, -0.07411476f, 0.0079684695f, 0.019253345f, -0.10804004f, -0.054572336f, 0.02197578f, -0.11619926f, -0.029370032f, -0.015309103f, -0.14832981f, -0.07833347f, 0.047116708f, -0.25828847f, 0.031108921f, 0.010743383f, -0.43680975f, -0.22691646f, 0.093093686f, -0.13643149f, 0.045723785f, 0.0018890748f, -0.29201716f, -0.15102723f, 0.050655294f, 0.010005141f, 0.07637941f, 0.0061365105f, -0.11723139f, -0.056859322f, -0.01629593f, -0.014023143f, -0.0036995362f, 0.0014380525f, -0.015889712f, -0.0067581176f, 0.003678242f, -0.07047676f, -0.0027962388f, 0.009290139f, -0.09247765f, -0.04773051f, 0.024837418f],
        ["LSTM/param weight_hh_l1"] = [0.19063649f, 0.43314436f, -0.1858582f, 0.00092425785f, 0.29723352f, -0.5583509f, 0.41741306f, -0.47742388f, 0.007957331f, -0.098159224f, -0.30407476f, 0.07630898f, 0.47742173f, -0.16877076f, -0.34276944f, -0.21352655f, -0.57223976f, 0.26061243f, -0.2772804f, -0.38528907f, -0.3326123f, 0.33195102f, 0.3057495f, 0.44312894f, 0.20941828f, -0.19281171f, -0.16133946f, 0.17056656f, 0.47460195f, 0.15697703f, -0.2731706f, -0.27139932f, -0.5458668f, 0.12473537f, -0.32399887f, -0.51475155f],
        ["LSTM/grad weight_hh_l1"] = [0.071943015f, 0.13382792f, 0.052292578f, -0.034811668f, 0.07950636f, 0.052015267f, -0.16238783f, 0.050232414f, 0.083310224f, 0.10636434f, 0.059943095f, 0.02266793f, -0.030745782f, -0.023585554f, -0.00938255f, -0.13044333f, 0.1704181f, 0.0992146f, -0.1715956f, -0.08525019f, 0.0424178f, -0.51130706f, 0.21004301f, 0.2554985f, -0.32222646f, 0.17535995f, 0.1923849f, -0.05018588f, 0.27044693f, 0.19458711f, -0.022176532f, 0.014890179f, 0.012387849f, -0.11251943f, 0.083512835f, 0.06711558f],
        ["LSTM/param bias_ih_l1"] = [0.50626487f, -0.3749377f, -0.06568026f, 0.16540712f, 0.018393412f, -0.38848844f, -0.46668476f, 0.46019575f, 0.094014965f, 0.47898394f, -0.19355124f, 0.17006165f],
        ["LSTM/grad bias_ih_l1"] = [-0.111780316f, 0.15845247f, 0.52274454f, -0.2299996f, 0.060457934f, 0.43988076f, 0.5171543f, 1.5995835f, 1.0455669f, 0.38179028f, 0.06924987f, 0.3644731f],
        ["LSTM/param bias_hh_l1"] = [-0.13202627f, -0.025675427f, -0.35163182f, 0.19526039f, 0.18253848f, -0.011909911f, -0.12984732f, -0.3558959f, 0.39926356f, -0.42979345f, 0.23652047f, -0.19413605f],
        ["LSTM/grad bias_hh_l1"] = [-0.111780316f, 0.15845247f, 0.52274454f, -0.2299996f, 0.060457934f, 0.43988076f, 0.5171543f, 1.5995835f, 1.0455669f, 0.38179028f, 0.06924987f, 0.3644731f],
        ["LSTM/param weight_ih_l1_reverse"] = [-0.27855304f, 0.103718124f, -0.29990864f, 0.1330243f, 0.11338054f, -0.4286765f, 0.09612798f, 0.24591033f, 0.22853312f, -0.07267609f, -0.4733046f, -0.08900089f, 0.20051818f, -0.21066189f, 0.21915124f, 0.38449368f, -0.30146435f, 0.005693728f, 0.23873375f, 0.045251466f, 0.048226934f, 0.07209108f, -0.45388258f, 0.045372944f, 0.39979765f, 0.52025825f, 0.33933815f, 0.077366695f, 0.26963076f, -0.28086916f, -0.47844344f, -0.49647567f, 0.57597023f, 0.3664958f, -0.39908397f, 0.22588404f, 0.4359962f, 0.5771279f, 0.5048321f, 0.4473043f, -0.13236289f, -0.20261626f, 0.47403276f, 0.32353532f, -0.34743726f, 0.5190478f, 0.27895173f, 0.31473413f, -0.36186948f, 0.16564168f, -0.20239732f, 0.4511164f, -0.10388874f, 0.22476968f, 0.102550015f, 0.24564418f, -0.19619952f, 0.28149945f, -0.40326238f, 0.13039744f, -0.39063048f, -0.56957775f, -0.46364444f, 0.45580074f, 0.31236708f, 0.5416791f, 0.46252754f, -0.5156f, -0.39400178f, -0.09328975f, -0.3749499f, 0.40091f],
        ["LSTM/grad weight_ih_l1_reverse"] = [-0.006964079f, -0.04134903f, -0.009762193f, 0.055452567f, 0.03008635f, 0.0011810991f, 0.013779032f, -0.039169088f, -0.014491623f, 0.082971364f, 0.041291427f, -0.0014248472f, -0.0012194535f, -0.026297672f, -0.015748892f, 0.040558696f, 0.020969776f, 0.0003465166f, -0.007235938f, -0.025805052f, -0.025311835f, 0.0043330337f, 0.0049336925f, 0.0008929649f, -0.016838335f, -0.042740587f, -0.007861141f, 0.04734072f, 0.025489409f, 0.00491159f, -0.0059033763f, -0.015656784f, -0.007312116f, 0.014686503f, 0.008276485f, 0.002373957f, 0.00914255f, 0.17280295f, 0.033523332f, -0.27189833f, -0.14641206f, 0.005665596f, -0.010876734f, 0.09866254f, 0.03239962f, -0.17186168f, -0.087317884f, 0.00077928737f, -0.01485553f, 0.058926262f, 0.040577795f, -0.11970197f, -0.05923037f, 0.0018434395f, -0.09414875f, -0.042216267f, -6.715454e-05f, -0.056897182f, -0.02227554f, 0.014308099f, -0.0150295915f, 0.007846363f, -0.013376283f, -0.03254751f, -0.015719315f, 0.004957807f, -0.010834506f, -0.004375909f, -0.005729689f, -0.007606641f, -0.0028641862f, 0.0023867073f],
        ["LSTM/param weight_hh_l1_reverse"] = [-0.4364813f, -0.28169003f, -0.5577731f, -0.32778805f, 0.47485757f, 0.47271132f, 0.4132891f, 0.44578788f, 0.51337206f, -0.14783803f, 0.25403532f, 0.5143789f, 0.1909983f, 0.5771634f, 0.2994502f, 0.3589088f, -0.20206806f, 0.27702853f, 0.066341326f, -0.13788125f, -0.32545802f, -0.3239608f, -0.44425994f, 0.38759273f, 0.4104563f, -0.065709785f, -0.3341045f, 0.44623718f, 0.3692091f, 0.042916767f, -0.27258745f, 0.5306125f, 0.236102f, -0.43829277f, 0.552572f, 0.43842465f],
        ["LSTM/grad weight_hh_l1_reverse"] = [0.06753344f, 0.033747554f, 0.03770878f, 0.031373076f, 0.045593653f, 0.029436974f, 0.030433303f, 0.035856098f, 0.03375445f, 0.06785814f, -0.009912455f, -0.033675544f, 0.057831135f, 0.030584905f, 0.03322247f, 0.030618198f, 0.0023451992f, -0.0048583634f, -0.29873592f, -0.21292128f, -0.2995566f, -0.09087577f, -0.09715086f, -0.06517474f, -0.036219604f, -0.10048042f, -0.08242115f, 0.04728891f, 0.0044749524f, 0.026094422f, 0.013569102f, -0.011725491f, -0.012911895f, 0.01582359f, -0.002791683f, -0.0045762206f],
        ["LSTM/param bias_ih_l1_reverse"] = [-0.21043889f, 0.32456008f, -0.3280441f, -0.09047905f, 0.4902288f, 0.023855612f, -0.4083126f, -0.19296947f, -0.15671892f, -0.111387484f, 0.05525278f, 0.5339506f],
        ["LSTM/grad bias_ih_l1_reverse"] = [-0.19598423f, -0.31738034f, -0.1720987f, -0.060835995f, -0.16309962f, -0.05803f, 0.9630219f, 0.6574951f, 0.5105672f, 0.22552429f, 0.088212855f, 0.019431634f],
        ["LSTM/param bias_hh_l1_reverse"] = [0.030911535f, -0.35647914f, 0.029591668f, 0.27683204f, 0.28638896f, -0.52766263f, -0.10331246f, -0.42905468f, -0.24634703f, 0.20801549f, -0.40999386f, 0.21461661f],
        ["LSTM/grad bias_hh_l1_reverse"] = [-0.19598423f, -0.31738034f, -0.1720987f, -0.060835995f, -0.16309962f, -0.05803f, 0.9630219f, 0.6574951f, 0.5105672f, 0.22552429f, 0.088212855f, 0.019431634f],
        ["LSTM/output"] = [-0.2729493f, 0.08972687f, 0.1853908f, -0.25586414f, -0.18277676f, -0.15452835f, -0.5343795f, -0.01231484f, 0.05634615f, -0.14190528f, -0.19968769f, -0.15371446f, -0.27310044f, 0.095756434f, 0.20109315f, -0.2993757f, -0.1721543f, -0.13663247f, -0.33312377f, -0.024251992f, 0.07954453f, -0.08527086f, -0.16346803f, -0.13585387f, -0.3110186f, 0.08787418f, 0.18227348f, -0.3250373f, -0.05440016f, -0.080977336f, -0.3234731f, -0.005703052f, 0.1053317f, -0.017943386f, -0.16756669f, -0.091087475f, -0.33053008f, 0.078587145f, 0.1660591f, -0.40820357f, 0.14705421f, 0.17191488f, -0.31588313f, 0.014606863f, 0.14621639f, 0.09630961f, -0.115677334f, 0.091851436f],
        ["LSTM/h_n"] = [-0.22242445f, -0.1094556f, -0.0067226253f, -0.18923599f, 0.027855117f, -0.017468248f, -0.16422212f, -0.10180766f, 0.060136594f, -0.32853773f, -0.15347154f, -0.06096984f, -0.33053008f, 0.078587145f, 0.1660591f, -0.31588313f, 0.014606863f, 0.14621639f, -0.25586414f, -0.18277676f, -0.15452835f, -0.14190528f, -0.19968769f, -0.15371446f],
        ["LSTM/c_n"] = [-0.33041668f, -0.24481164f, -0.021033945f, -0.30049342f, 0.051260225f, -0.075067244f, -0.4389928f, -0.48450387f, 0.56882256f, -0.61591125f, -0.2911179f, -0.16739108f, -0.805375f, 0.16177355f, 0.36695448f, -0.77168214f, 0.0288672f, 0.30010328f, -0.6069427f, -0.5654878f, -0.23974891f, -0.29158607f, -0.76327825f, -0.23974328f],
        ["LSTM/x.grad"] = [0.13048786f, 0.020131834f, 0.2277178f, 0.22842556f, -0.03725923f, -0.0031899977f, -0.0725826f, 0.084370494f, -0.23081106f, -0.08779957f, -0.13808359f, 0.04376121f, -0.32750782f, -0.1157802f, -0.08675063f, 0.06840902f],
        ["LSTM/h0.grad"] = [-0.060986917f, 0.013095835f, -0.014052124f, -0.048208088f, -0.031967334f, 0.011540893f, -0.006440127f, -0.0055866227f, 0.025792673f, -0.008155175f, -0.010312713f, 0.025445076f, 0.06918276f, 0.008611559f, 0.031727728f, 0.042254798f, 0.08483806f, 0.022175075f, 0.05627578f, 0.08237164f, 0.05100288f, 0.005527607f, 0.0070432513f, -0.0058993036f],
        ["LSTM/c0.grad"] = [0.15396267f, 0.26477206f, 0.006734613f, 0.05366213f, 0.21626839f, 0.030403461f, 0.06299787f, -0.013013052f, 0.01536407f, 0.00525585f, 0.003293657f, 0.021073146f, -0.108483225f, 0.12367077f, 0.08051089f, -0.15049148f, 0.05997705f, 0.047834698f, -0.1316189f, 0.09948136f, 0.07793883f, 0.05455325f, 0.0072489576f, 0.018286044f],
        ["GRU/param weight_ih_l0"] = [0.29748735f, -0.25482982f, -0.11192598f, 0.27099028f, -0.5435388f, 0.34624693f, -0.11877556f, 0.2937234f, 0.08026149f, -0.070693165f, 0.16013439f, 0.028481718f, 0.21086459f, -0.22499397f, -0.04209389f, -0.051977303f, 0.08368343f, -0.0023064117f],
        ["GRU/grad weight_ih_l0"] = [0.13561973f, 0.19516957f, -0.10927243f, 0.0071915733f, -0.06755303f, -0.055216946f, -0.24080637f, 0.08891932f, 0.1561867f, -0.0627196f, -0.05869407f, -0.06123273f, -1.3172598f, -1.2149727f, -0.49786586f, -0.022181526f, -1.6667737f, -0.8167517f],
        ["GRU/param weight_hh_l0"] = [0.50470036f, 0.1796657f, -0.21500884f, -0.34869725f, -0.09677294f, -0.24903466f, -0.18501103f, 0.027644455f, 0.3441745f, 0.31381103f, -0.5643892f, 0.35791126f, 0.16129081f, 0.5476487f, 0.3810857f, -0.52604556f, -0.5489495f, -0.27847457f, 0.50697803f, -0.09616865f, 0.2470825f, -0.26830125f, 0.56650645f, -0.244276f, 0.43296927f, 0.0068367827f, -0.30415818f],
        ["GRU/grad weight_hh_l0"] = [-0.02759093f, -0.08896561f, -0.01394759f, -0.20313822f, 0.124136634f, -0.04586352f, -0.012534322f, 0.014987725f, -0.0020231465f, -0.4668688f, -0.068249956f, -0.08051494f, 0.3619485f, -0.14514887f, 0.076936014f, -0.039484147f, -0.008025105f, 0.003334755f, -0.4189301f, 0.26297677f, -0.036888562f, -0.6337681f, 0.37199342f, -0.13907823f, -0.9344168f, 0.38225666f, -0.1692189f],
        ["GRU/param bias_ih_l0"] = [0.2967666f, -0.30646914f, 0.16980143f, -0.16671404f, -0.06329745f, -0.5550577f, -0.27527004f, 0.31328988f, -0.14034073f],
        ["GRU/grad bias_ih_l0"] = [-0.09901141f, 0.2877462f, -0.023902144f, 0.08280681f, -0.4497484f, 0.03547135f, 0.45346192f, 1.6185424f, 1.2669488f],
        ["GRU/param bias_hh_l0"] = [0.5750694f, 0.46279728f, -0.027033629f, -0.38537154f, 0.35158446f, 0.17918475f, -0.3732106f, 0.37501475f, 0.3505104f],
        ["GRU/grad bias_hh_l0"] = [-0.099011384f, 0.2877462f, -0.023902144f, 0.08280681f, -0.44974843f, 0.035471354f, 0.28385043f, 0.95387614f, 0.875329f],
        ["GRU/param weight_ih_l0_reverse"] = [0.512049f, -0.32363924f, -0.0950353f, -0.011184352f, 0.08432633f, -0.43816167f, -0.40970066f, 0.31408116f, -0.13538398f, 0.28202024f, 0.0329147f, 0.18956997f, 0.1269528f, 0.20992422f, 0.2861987f, -0.53469104f, 0.2906101f, -0.40594837f],
        ["GRU/grad weight_ih_l0_reverse"] = [0.029645197f, -0.051496793f, -0.021864656f, 0.047537323f, 0.074949555f, -0.032865588f, -0.17681931f, -0.24347791f, 0.22503774f, 0.21453616f, 0.6132255f, 0.7058234f, 0.37476975f, 0.9924987f, -0.12584977f, 0.8851285f, -1.0387344f, 1.2273033f],
        ["GRU/param weight_hh_l0_reverse"] = [-0.43561596f, 0.0351112f, -0.098384626f, 0.3390917f, -0.33436412f, -0.5132539f, 0.4201775f, -0.085610546f, 0.3247348f, 0.18560919f, -0.4329407f, 0.11598868f, 0.13867757f, -0.38656986f, -0.2739367f, 0.19686237f, 0.10341646f, -0.24558899f, -0.1747731f, 0.5287851f, -0.10682208f, 0.32550526f, 0.2499945f, -0.37320334f, -0.4909957f, 0.554192f, 0.030147364f],
        ["GRU/grad weight_hh_l0_reverse"] = [0.01990863f, -0.0046202224f, 0.012815483f, -0.028112177f, 0.068792656f, -0.063091405f, 0.005617603f, -0.010405944f, 0.0381826f, 0.11929186f, -0.07134235f, 0.041097753f, 0.060436174f, -0.01384677f, 0.15641835f, 0.093920134f, -0.5099769f, 1.0227534f, -0.2992267f, 0.53928834f, -0.26386052f, -0.18657938f, 0.21814685f, -0.23751742f, -0.22539045f, 0.33070305f, -0.4880761f],
        ["GRU/param bias_ih_l0_reverse"] = [0.3957494f, 0.119645104f, 0.18568897f, 0.43125674f, 0.547452f, -0.38311866f, 0.07218551f, 0.43085185f, 0.4182528f],
        ["GRU/grad bias_ih_l0_reverse"] = [-0.07736539f, 0.19942631f, -0.097788736f, -0.3169574f, -0.13374245f, -1.2572929f, 2.2939281f, 2.1069925f, 3.7991903f],
        ["GRU/param bias_hh_l0_reverse"] = [0.3586722f, -0.4178393f, -0.41575235f, -0.34916505f, 0.07253156f, 0.57542473f, -0.36469808f, 0.30765894f, -0.3195565f],
        ["GRU/grad bias_hh_l0_reverse"] = [-0.07736539f, 0.19942631f, -0.09778873f, -0.3169574f, -0.13374245f, -1.257293f, 1.5707772f, 0.88194394f, 1.3538555f],
        ["GRU/param weight_ih_l1"] = [-0.5428338f, -0.12270983f, 0.33265242f, 0.5359975f, -0.3585569f, 0.12529148f, 0.49817255f, 0.3825832f, 0.359818f, 0.4102839f, 0.3651835f, 0.14912748f, -0.39480373f, -0.4848348f, -0.2645538f, -0.06723007f, -0.35388812f, 0.2112257f, 0.17868288f, -0.13073248f, 0.22189924f, 0.18659079f, 0.35249484f, 0.38881287f, -0.19552124f, 0.564086f, -0.06674616f, -0.019835444f, -0.5449494f, -0.371592f, -0.33729002f, -0.24694595f, 0.41047847f, -0.18866712f, -0.43144298f, 0.22213545f, 0.18484998f, 0.37394437f, -0.29876268f, 0.12517819f, -0.21018472f, -0.129716f, -0.46010104f, -0.2631337f, -0.17681798f, 0.24689536f, 0.10547579f, 0.142615f, 0.5762563f, 0.56270146f, 0.39378008f, 0.018384878f, -0.39940596f, 0.4512048f],
        ["GRU/grad weight_ih_l1"] = [-0.33977717f, 0.13181263f, -0.09292794f, 0.03441779f, 0.11989732f, 0.040592767f, 0.0674324f, -0.0023736628f, 0.033587247f, 0.030255578f, 0.07501834f, 0.03774442f, -0.011520137f, 0.03447363f, 0.00509959f, -0.011962787f, 0.037391562f, -0.021128632f, -1.1283572f, 0.35745573f, -0.3542962f, 0.01892604f, 0.13537964f, -0.024788905f, 0.7833093f, -0.20925504f, 0.30041775f, 0.1112072f, 0.2606913f, 0.113276415f, -1.2476258f, 0.43162674f, -0.4057522f, -0.088383876f, 0.02222462f, -0.2270289f, 1.4552646f, -0.51131815f, 0.41443413f, -0.16210744f, -0.42751136f, -0.17345046f, -1.8849347f, 2.1684067f, -0.084336534f, -0.14701669f, 2.5975f, -0.49301845f, -2.6305363f, 1.9627721f, -0.5657294f, -0.40603805f, 1.3329531f, -0.70254517f],
        ["GRU/param weight_hh_l1"] = [-0.14437418f, -0.046676088f, -0.49738663f, -0.11404319f, -0.3723839f, 0.5305306f, -0.49913144f, -0.45003456f, -0.019604672f, -0.31218222f, 0.20658267f, -0.2222369f, -0.27117425f, 0.03269976f, 0.41794267f, -0.40612188f, 0.2711273f, 0.3709137f, 0.5647624f, -0.40410528f, 0.1398284f, -0.42690828f, 0.49291292f, -0.2239578f, 0.34776852f, 0.017188553f, -0.044965565f],
        ["GRU/grad weight_hh_l1"] = [-0.518353f, 0.08927636f, 0.32001632f, -0.035720937f, 0.1016869f, -0.020553328f, -0.0018709451f, 0.051509254f, 9.104796e-05f, -1.3589257f, -0.027148742f, 0.9471829f, 0.4897953f, 0.39519626f, -0.4996985f, -1.1274092f, -0.16543984f, 0.9070434f, 1.3539081f, -0.12653942f, -0.8684149f, -1.307526f, 1.4767871f, 0.65701145f, -1.4815953f, 0.6498837f, 1.0594441f],
        ["GRU/param bias_ih_l1"] = [-0.018421974f, 0.09814636f, 0.27216065f, 0.09259537f, 0.17612353f, -0.5193408f, 0.42062128f, 0.5033709f, 0.47724107f],
        ["GRU/grad bias_ih_l1"] = [0.4630793f, 0.070684135f, 0.06133896f, 1.091733f, -0.25636938f, 0.9606958f, -1.8346554f, 5.343311f, 4.0985737f],
        ["GRU/param bias_hh_l1"] = [0.4267904f, -0.41663408f, -0.21402374f, 0.5090643f, -0.43974376f, 0.5237844f, -0.45408368f, -0.40669045f, 0.28225386f],
        ["GRU/grad bias_hh_l1"] = [0.4630793f, 0.070684135f, 0.06133896f, 1.091733f, -0.2563694f, 0.9606958f, -1.1412506f, 2.4079072f, 2.1375978f],
        ["GRU/param weight_ih_l1_reverse"] = [-0.41481984f, -0.13227135f, 0.4200176f, 0.4573127f, 0.5460323f, -0.11715445f, -0.44875172f, 0.56846535f, -0.12299071f, -0.23754218f, 0.14074288f, -0.4037552f, 0.3794809f, 0.3618443f, -0.4581166f, -0.47421956f, -0.050573815f, 0.24250181f, -0.016721297f, -0.29276136f, 0.013199632f, -0.54267013f, -0.40804866f, -0.3843359f, 0.47546545f, 0.50893766f, -0.19610667f, 0.02589436f, 0.25748548f, 0.06917659f, -0.28910962f, 0.33298004f, 0.35491693f, -0.033460625f, -0.071073286f, 0.5246643f, 0.5046785f, -0.327345f, 0.5648723f, 0.14287832f, -0.3835112f, 0.31604877f, -0.43103498f, 0.5334304f, -0.37116644f, 0.1632908f, 0.17580329f, 0.13732734f, 0.47886714f, -0.23980214f, -0.24374013f, -0.50031525f, -0.023694284f, -0.27350268f],
        ["GRU/grad weight_ih_l1_reverse"] = [-0.0053281942f, 0.0058315815f, 0.00062951754f, 0.0028558623f, 0.012961135f, -0.0064271735f, 0.04700749f, -0.025002418f, 0.013765715f, 0.006098916f, -0.0072486284f, 0.004596823f, 0.036280923f, -0.04024991f, 0.0007701211f, -0.0033575015f, -0.063598976f, 0.03476051f, 0.7943909f, -0.6604466f, 0.159752f, 0.1869533f, -0.42906225f, 0.38690272f, 0.3419508f, -0.1951309f, 0.097355954f, 0.070194826f, -0.028561452f, 0.03747487f, -0.31017354f, 0.28750744f, -0.050137162f, -0.06508127f, 0.27730185f, -0.28971085f, 0.57309884f, -0.51852745f, 0.08174173f, 0.10792234f, -0.44384217f, 0.16571258f, -1.8997741f, 1.1350131f, -0.49535474f, -0.21613584f, 0.55451345f, -0.109845184f, -0.5001233f, 0.5955182f, 0.05627223f, 0.23586036f, 1.2954944f, -0.36156285f],
        ["GRU/param weight_hh_l1_reverse"] = [0.023133976f, -0.11835593f, 0.19156116f, 0.49945202f, 0.17036346f, -0.18598774f, -0.28330356f, -0.5035378f, 0.48580956f, -0.10937331f, 0.11654107f, 0.021356832f, -0.36792633f, 0.32515293f, 0.32355788f, 0.029075338f, -0.32810175f, -0.24531995f, 0.007950723f, -0.3298617f, -0.32213733f, -0.08612164f, -0.16624823f, 0.14172839f, -0.15175393f, -0.07653535f, -0.22036394f],
        ["GRU/grad weight_hh_l1_reverse"] = [-0.008279839f, -0.0034297197f, 0.01736604f, 0.029463522f, -0.007044756f, 0.008914383f, 0.045180034f, 0.022801973f, -0.07580868f, 0.4755016f, 0.20266832f, -0.30544046f, 0.18301724f, -0.039364222f, 0.12008154f, -0.1694547f, -0.18813133f, 0.40737554f, 0.1685346f, 0.030645944f, -0.07188409f, -0.96656096f, 0.20808528f, -0.2976186f, -0.71815133f, -0.18675995f, 0.9417214f],
        ["GRU/param bias_ih_l1_reverse"] = [-0.52761763f, 0.5035227f, 0.110148214f, 0.5162808f, -0.09304638f, -0.14509554f, -0.5427705f, -0.2191683f, 0.3786101f],
        ["GRU/grad bias_ih_l1_reverse"] = [0.017197868f, -0.052832432f, -0.10334014f, -1.2172843f, -0.3546434f, 0.5488907f, -1.0939589f, 2.5488315f, 1.9937766f],
        ["GRU/param bias_hh_l1_reverse"] = [-0.56548315f, -0.20193715f, 0.35175598f, 0.33275312f, 0.21318386f, -0.114283666f, -0.043714456f, -0.10964276f, -0.21283464f],
        ["GRU/grad bias_hh_l1_reverse"] = [0.01719787f, -0.052832432f, -0.10334015f, -1.2172842f, -0.3546434f, 0.5488907f, -0.35258287f, 1.7167382f, 1.3858643f],
        ["GRU/output"] = [-0.51958203f, 0.7038206f, 0.28009534f, -0.5922006f, -0.017751157f, 0.12104057f, -0.43408212f, 0.6104534f, 0.3207486f, -0.6545048f, 0.027098104f, 0.12412146f, -0.33034813f, 0.5852565f, 0.23955196f, -0.6011f, -0.0069495738f, 0.15108527f, -0.19391602f, 0.55333096f, 0.07534645f, -0.4660834f, -0.16446823f, 0.40911f, -0.9067023f, 0.064376235f, 0.64332646f, -0.75435215f, 0.40832168f, -0.1823107f, -0.5640767f, 0.25403583f, 0.42800432f, -0.6876846f, 0.32542622f, -0.15388513f, -0.33469644f, 0.3718043f, 0.359354f, -0.59600985f, 0.21971656f, -0.15918589f, -0.13920245f, 0.40682608f, 0.3280822f, -0.47119504f, 0.07002485f, -0.23379369f],
        ["GRU/h_n"] = [-0.5222906f, 0.5082281f, -0.07917431f, -0.752551f, 0.67272246f, -0.19330266f, 0.19308022f, 0.6441931f, 0.27213198f, -0.035061426f, 0.041103445f, -0.11297363f, -0.19391602f, 0.55333096f, 0.07534645f, -0.13920245f, 0.40682608f, 0.3280822f, -0.5922006f, -0.017751157f, 0.12104057f, -0.75435215f, 0.40832168f, -0.1823107f],
        ["GRU/x.grad"] = [0.23159584f, -0.177253f, 0.116588116f, -0.20849615f, 0.15053988f, -0.23911238f, 0.2023453f, -0.30171195f, 0.34706154f, -0.33156535f, 0.32589418f, -0.37487617f, 0.34587216f, -0.42915913f, 0.36278144f, -0.47211558f],
        ["GRU/h0.grad"] = [-0.42538926f, 0.30389306f, -0.23659264f, -0.07413466f, -0.040179696f, 0.5399755f, -0.13288729f, 0.38055447f, 0.60916877f, 0.20578615f, 1.0065653f, 0.7098794f, -2.2505136f, 1.4976876f, 0.4308203f, -2.356142f, 1.8904347f, 1.3526549f, -1.6235896f, -0.22310531f, 0.17106615f, -1.7956536f, 0.23857199f, -0.29895616f],
        ["RNN/param weight_ih_l0"] = [0.11469507f, -0.11898714f, 0.13711435f, -0.025538921f, 0.21359384f, 0.11903638f, -0.05746734f, -0.40423137f, 0.1141572f, -0.4426723f, 0.065714f, 0.033228934f],
        ["RNN/grad weight_ih_l0"] = [1.7153835f, -4.0260487f, -1.476933f, 0.68219197f, -1.5542625f, -0.69798726f, -2.353544f, -1.3981638f, -0.76388896f, -3.5386946f, -0.42124945f, -0.4678877f],
        ["RNN/param weight_hh_l0"] = [-0.10994917f, 0.40884846f, 0.03336841f, 0.20733923f, 0.21159738f, -0.2949658f, -0.19221723f, 0.48085904f, -0.4897387f, -0.03395915f, -0.03962487f, 0.35465473f, -0.047534764f, 0.13165891f, -0.024001837f, -0.2799734f],
        ["RNN/grad weight_hh_l0"] = [0.46889365f, -0.07387535f, 0.8838768f, 1.3371081f, 0.5219314f, 0.12110832f, 1.0505755f, 1.0306807f, -0.8234333f, 0.6723387f, -1.9550707f, -0.07827067f, -0.6755033f, 0.9356556f, -1.9517183f, -0.52746046f],
        ["RNN/param bias_ih_l0"] = [-0.2833951f, -0.24291688f, -0.45420223f, -0.32449114f],
        ["RNN/grad bias_ih_l0"] = [-2.912309f, -2.4244404f, 3.976118f, 4.435669f],
        ["RNN/param bias_hh_l0"] = [0.11767447f, 0.329073f, 0.024631143f, -0.22919488f],
        ["RNN/grad bias_hh_l0"] = [-2.912309f, -2.4244404f, 3.9761183f, 4.435669f],
        ["RNN/param weight_ih_l1"] = [0.21974176f, -0.19193631f, -0.11075944f, -0.27410364f, -0.15700126f, -0.46329987f, 0.21334493f, 0.1944179f, 0.099316776f, 0.24549061f, 0.21191591f, 0.022121549f, 0.052952766f, 0.03818059f, 0.26679885f, 0.33587337f],
        ["RNN/grad weight_ih_l1"] = [2.1357033f, -0.50032175f, 3.574921f, 1.2260549f, -2.049832f, 0.666971f, -3.5924914f, -2.1661232f, 1.5332265f, -0.48307508f, 2.9243867f, 1.1995453f, -1.085172f, -0.37353182f, -0.6880767f, 0.7466084f],
        ["RNN/param weight_hh_l1"] = [0.3590728f, 0.2898028f, -0.12190473f, -0.022258818f, -0.1016112f, 0.29086596f, 0.055529058f, 0.4627685f, 0.2535962f, -0.42732954f, 0.1462661f, 0.4804371f, 0.44412196f, -0.007857382f, 0.16587692f, -0.4690258f],
        ["RNN/grad weight_hh_l1"] = [1.294817f, -1.0040652f, 2.439727f, -0.19809619f, -3.4672298f, 2.5691879f, -5.682405f, 0.6382873f, 1.4733194f, -1.1426346f, 2.644556f, -0.18439816f, -0.6810935f, 0.5282462f, -1.6176703f, -0.6075567f],
        ["RNN/param bias_ih_l1"] = [-0.15940046f, 0.24381965f, -0.45548147f, 0.4356016f],
        ["RNN/grad bias_ih_l1"] = [-6.515823f, 9.840622f, -5.5683656f, 3.6437044f],
        ["RNN/param bias_hh_l1"] = [-0.32881212f, 0.15811121f, -0.018929183f, 0.0881086f],
        ["RNN/grad bias_hh_l1"] = [-6.5158224f, 9.840621f, -5.568365f, 3.643705f],
        ["RNN/output"] = [-0.3609965f, 0.2720734f, -0.55213344f, 0.22906965f, -0.39358923f, 0.099293716f, -0.5205991f, 0.20933893f, -0.37648553f, 0.4444015f, -0.7034267f, -0.17126147f, -0.35926187f, 0.40650415f, -0.65132725f, -0.15387058f, -0.14740208f, 0.04895667f, -0.7809681f, -0.13315806f, -0.52866584f, 0.43351403f, -0.7329491f, 0.3657482f, -0.56784934f, 0.45470867f, -0.70333236f, 0.4375844f, -0.41077363f, 0.24272698f, -0.6187259f, -0.2649684f, -0.3767653f, 0.45674926f, -0.5014802f, -0.17158936f, -0.33724657f, 0.4206563f, -0.7967781f, 0.17758927f],
        ["RNN/h_n"] = [0.08966991f, 0.39838314f, 0.291007f, -0.645901f, -0.15122567f, -0.38878453f, -0.35353976f, -0.19157778f, -0.3767653f, 0.45674926f, -0.5014802f, -0.17158936f, -0.33724657f, 0.4206563f, -0.7967781f, 0.17758927f],
        ["RNN/x.grad"] = [-0.2097353f, -0.09665133f, -0.059158646f, -0.23024458f, -0.07754891f, -0.057408698f, -0.08387493f, -0.07982245f, -0.085426696f, -0.019186322f, -0.011610649f, -0.13056917f, 0.01852328f, -0.044483826f, -0.11833183f, -0.21688004f, -0.2842279f, -0.06972926f, -0.38786653f, -0.0062076678f, -0.08302736f, -0.28134617f, 0.16829216f, -0.16080259f, -0.36173087f, -0.53687584f, 0.3243737f, -0.6918132f, -0.51796794f, 0.35345972f],
        ["RNNRelu/param weight_ih_l0"] = [-0.7010772f, -0.5578092f, -0.30286446f, -0.66898686f, -0.040143356f, -0.6220895f],
        ["RNNRelu/param weight_hh_l0"] = [0.38447636f, 0.34464294f, 0.13353175f, 0.54851216f],
        ["RNNRelu/param bias_ih_l0"] = [-0.06925216f, 0.4235437f],
        ["RNNRelu/param bias_hh_l0"] = [-0.49519974f, -0.13934414f],
        ["RNNRelu/param weight_ih_l0_reverse"] = [-0.63048905f, -0.057409655f, -0.45876345f, 0.6352405f, 0.49118274f, 0.53012675f],
        ["RNNRelu/param weight_hh_l0_reverse"] = [0.2097426f, -0.40339348f, 0.6354132f, -0.68998253f],
        ["RNNRelu/param bias_ih_l0_reverse"] = [-0.45130777f, -0.44163743f],
        ["RNNRelu/param bias_hh_l0_reverse"] = [-0.29310325f, 0.1409952f],
        ["RNNRelu/output"] = [0f, 0f, 0f, 0.15975729f, 0f, 0f, 0f, 0.37362865f, 0.2751811f, 0.31512922f, 0f, 0f, 0f, 0.2552021f, 0f, 0f],
        ["RNNRelu/h_n"] = [0f, 0.2552021f, 0f, 0.15975729f],
        ["LSTMDropout/output"] = [0.09257862f, -0.050763506f, 0.021045359f, 0.09760624f, -0.03582509f, 0.030280199f, 0.12061098f, -0.045830324f, 0.031133866f, 0.13423036f, -0.018063197f, 0.04066238f, 0.1153229f, -0.042527743f, 0.053995766f, 0.14206764f, 0.0004395827f, 0.06263914f, 0.110982284f, -0.039718054f, 0.06820327f, 0.15204327f, 0.0020399946f, 0.05552159f],
        ["LSTMDropout/h_n"] = [-0.06965941f, 0.17824197f, 0.123464115f, -0.09570014f, 0.11119974f, 0.1850393f, -0.2149692f, -0.14648673f, -0.005374268f, -0.1757734f, -0.122810945f, -0.008714561f, 0.110982284f, -0.039718054f, 0.06820327f, 0.15204327f, 0.0020399946f, 0.05552159f],
        ["LSTMDropout/c_n"] = [-0.43885207f, 0.25248122f, 0.49624366f, -0.3140214f, 0.17603473f, 0.43320313f, -0.5893218f, -0.3723763f, -0.013403564f, -0.49743938f, -0.33343244f, -0.021308567f, 0.2051675f, -0.08287341f, 0.27706507f, 0.318242f, 0.004783278f, 0.2212265f],
        ["LSTMDropout/eval output"] = [0.09569815f, -0.04270162f, 0.025067013f, 0.09473001f, -0.04276514f, 0.025532478f, 0.12547386f, -0.031160027f, 0.041381687f, 0.12468109f, -0.03142198f, 0.042283922f, 0.13556422f, -0.018846137f, 0.051336862f, 0.13410611f, -0.020214621f, 0.052432273f, 0.13986269f, -0.011625427f, 0.05783619f, 0.13784702f, -0.0139397625f, 0.05868152f],
        ["GRUNoBias/param weight_ih_l0"] = [0.102102764f, 0.07619147f, 0.6884815f, 0.15277693f, -0.3752531f, -0.07187108f, 0.24654886f, 0.35073546f, 0.08500716f, -0.47039944f, -0.23570734f, -0.049847834f, 0.18843578f, 0.38077122f, -0.40347204f, 0.398095f, 0.51535267f, 0.14873733f],
        ["GRUNoBias/param weight_hh_l0"] = [-0.1909559f, -0.3484946f, -0.47488743f, -0.30643246f, -0.16147637f, 0.4719909f, 0.16591798f, -0.15226644f, -0.44151327f, 0.4772479f, -0.40884447f, -0.10160518f],
        ["GRUNoBias/output"] = [0.001356477f, 0.07696459f, 0.15159306f, 0.6263652f, -0.30365938f, 0.03739333f],
        ["GRUNoBias/h_n"] = [-0.30365938f, 0.03739333f],
        ["MHASelf/param in_proj_weight"] = [0.22242416f, 0.5085067f, -0.12602636f, 0.45824552f, -0.09870425f, 0.06479764f, 0.5544887f, -0.56807977f, -0.3855117f, -0.15503143f, -0.23870276f, 0.5290903f, -0.39692736f, -0.28189516f, -0.4278282f, -0.5735242f, -0.35746658f, 0.5263942f, 0.27325183f, 0.2968001f, 0.032205623f, -0.31395325f, 0.10360404f, -0.57176894f, -0.44247967f, -0.31569636f, 0.38636902f, 0.35904697f, -0.27158415f, -0.02209586f, 0.39164937f, 0.6087797f, 0.24303971f, 0.08272714f, 0.41058737f, -0.36056635f, 0.11411195f, -0.47477573f, -0.42442685f, -0.31634155f, 0.27708203f, 0.24627195f, -0.36274037f, 0.18500206f, 0.33617535f, -0.07729204f, 0.023381326f, 0.14188959f],
        ["MHASelf/grad in_proj_weight"] = [0.98326355f, 1.0281602f, 0.32275426f, 0.67566776f, -0.7754188f, -0.5589679f, -0.33037525f, -0.5799595f, -0.28392217f, -0.2611646f, 0.0029217221f, 0.044844475f, -0.19071765f, -0.20108594f, 0.019069286f, 0.08014364f, -0.41115975f, 1.2996835f, 0.13643508f, 0.47867674f, -0.021480525f, -0.28007415f, -0.13446864f, -0.19812964f, -0.38806194f, 0.048759934f, -0.037929647f, 0.08720871f, -0.7058466f, 0.22197157f, -0.12157762f, -0.10005723f, -0.4466377f, -1.9523486f, -0.7587781f, -1.4451811f, -1.6393193f, -3.900497f, -2.024296f, -3.462099f, 2.0512364f, -0.16224816f, 0.6970868f, 1.0029522f, 2.2164614f, -0.10208444f, 0.72990775f, 1.0469223f],
        ["MHASelf/param in_proj_bias"] = [0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f],
        ["MHASelf/grad in_proj_bias"] = [1.5813545f, -1.0912251f, -0.16844359f, -0.028262194f, -6.03497e-07f, 1.0058284e-07f, 1.0244548e-08f, -8.940697e-08f, -1.2199756f, -2.7748177f, 1.9595021f, 2.1210947f],
        ["MHASelf/param out_proj.weight"] = [-0.00374341f, 0.2682218f, -0.41152257f, -0.3679695f, -0.19257718f, 0.13407868f, -0.00990659f, 0.39644474f, -0.044372022f, 0.13230628f, -0.15110654f, -0.098282695f, -0.47767425f, -0.33114105f, -0.20611155f, 0.018521786f],
        ["MHASelf/grad out_proj.weight"] = [-0.7324017f, 6.746292f, -1.2219743f, -2.2316563f, -0.03888828f, 0.6370143f, 0.024078986f, -0.0322233f, -0.3263744f, 2.9084795f, -0.49157748f, -0.9387239f, 0.17844069f, -4.0449347f, 0.56193715f, 0.9694783f],
        ["MHASelf/param out_proj.bias"] = [0f, 0f, 0f, 0f],
        ["MHASelf/grad out_proj.bias"] = [-5.395795f, -0.3604847f, -2.277322f, 2.9531522f],
        ["MHASelf/output"] = [-0.30014983f, -0.093081094f, -0.13147874f, 0.4494267f, -0.82372427f, -0.14536658f, -0.37154266f, 0.5394011f, -0.4959861f, 0.054391537f, -0.18571274f, 0.18989876f, -0.49567515f, 0.047753893f, -0.20091349f, 0.12926298f, -0.028248401f, -0.066372134f, -0.02027966f, -0.011236849f, -0.55411386f, 0.022432016f, -0.2287337f, 0.17982343f],
        ["MHASelf/weights"] = [0.553126f, 0.17704876f, 0.26982525f, 0.36846417f, 0.48102307f, 0.15051275f, 0.26588303f, 0.2923437f, 0.44177327f, 0.47978035f, 0.33362502f, 0.18659465f, 0.289295f, 0.37321797f, 0.33748704f, 0.33868983f, 0.3237136f, 0.3375966f],
        ["MHASelf/q.grad"] = [-0.1306264f, 0.5956521f, 0.06014052f, 0.78489894f, -0.15044796f, 0.7911108f, 0.19129197f, 0.84871066f, 0.50197184f, 0.29925883f, -0.22017552f, 0.28416604f, 0.60676754f, 0.34938374f, -0.5071003f, 0.43051296f, 0.029275164f, -0.025677945f, -0.002170811f, 0.09656027f, 0.32151532f, 0.29289123f, -0.2584472f, 0.807935f],
        ["MHACross/param in_proj_weight"] = [-0.22805133f, -0.3698493f, -0.10264321f, -0.26414117f, -0.19623385f, 0.029321374f, 0.36505222f, 0.33284688f, -0.59862524f, 0.37962222f, 0.17107473f, 0.58086926f, 0.40420246f, -0.5579556f, -0.58224887f, -0.2953669f, 0.5377314f, -0.10200226f, 0.26207057f, -0.28457648f, 0.60087085f, -0.25909382f, 0.45923328f, 0.0072515034f, -0.3226085f, 0.31476852f, -0.32505962f, 0.18010162f, -0.17682695f, -0.067137085f, -0.5887276f, -0.291968f, 0.33229414f, -0.14885382f, 0.6099533f, 0.49087065f, -0.028673496f, -0.40874827f, 0.37291166f, 0.19005413f, -0.39584965f, 0.39776322f, 0.3717724f, 0.54311f, -0.3432713f, -0.100800164f, -0.011862798f, 0.08944158f],
        ["MHACross/grad in_proj_weight"] = [-0.03773387f, -0.080024734f, -0.089770705f, 0.04181085f, -0.059237707f, -0.12674876f, -0.11731345f, 0.0887057f, 0.007160022f, 0.028300548f, 0.011161563f, -0.013101563f, 0.051678736f, 0.10710531f, -0.033849947f, -0.09459254f, 0.11881081f, 0.027022284f, -0.034388054f, 0.055335347f, 0.006764296f, 0.016401106f, -0.012038291f, 0.044296313f, 0.08756285f, 0.048121437f, 0.008814017f, 0.092853144f, 0.00090730353f, -0.015877163f, 0.0078162905f, -0.042721935f, 0.81513965f, -0.5446694f, 0.1404742f, 0.40692925f, -0.5782503f, 0.38398603f, -0.09998865f, -0.28547728f, 0.0273534f, -0.0059844563f, -0.006873246f, 0.047079645f, -0.2634353f, 0.12043652f, -0.046643037f, -0.057568155f],
        ["MHACross/param in_proj_bias"] = [0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f],
        ["MHACross/grad in_proj_bias"] = [-0.102994844f, -0.16211718f, 0.0020907093f, 0.041952617f, -1.8626451e-08f, -7.450581e-09f, 4.4703484e-08f, -5.2154064e-08f, 0.83177096f, -0.5899062f, 0.013995041f, -0.2661027f],
        ["MHACross/param out_proj.weight"] = [0.2576316f, -0.22068912f, -0.09693074f, 0.23468447f, -0.47071844f, 0.29985863f, -0.102862656f, 0.25437194f, 0.06950849f, -0.061222076f, 0.13868046f, 0.024665892f, 0.18261409f, -0.1948505f, -0.03645438f, -0.045013666f],
        ["MHACross/grad out_proj.weight"] = [0.4222825f, 0.2660515f, -0.1751219f, -0.08228816f, -1.0309594f, -0.524111f, 0.50452715f, 0.32780054f, -0.14695172f, -0.10749839f, 0.2653216f, 0.11335134f, 0.29299003f, 0.116107486f, -0.21762273f, -0.15165748f],
        ["MHACross/param out_proj.bias"] = [0f, 0f, 0f, 0f],
        ["MHACross/grad out_proj.bias"] = [0.4906183f, -1.3669046f, -0.43712857f, 0.50559705f],
        ["MHACross/output"] = [0.07625751f, -0.32600352f, -0.026856022f, 0.133352f, 0.11227972f, -0.20566349f, -0.034878347f, 0.037000578f, -0.015416573f, 0.023390166f, -0.12167753f, 0.029608976f, 0.072188474f, -0.1751755f, -0.035152387f, 0.052836962f],
        ["MHACross/weights (averaged)"] = [0.70293516f, 0.29706484f, 0f, 0.20613068f, 0.7938693f, 0f, 0.7804519f, 0.056730784f, 0.16281736f, 0.26618212f, 0.6917758f, 0.042042047f],
        ["MHACross/q.grad"] = [0.0885437f, 0.0003895909f, -0.11390186f, -0.04014401f, 0.07709008f, -0.03441515f, -0.10988108f, -0.043670006f, -0.058832694f, 0.021997012f, 0.09115833f, 0.026411751f, -0.035794288f, 0.022753604f, 0.059945904f, 0.019470265f],
        ["MHACross/k.grad"] = [0.019490292f, 0.009596406f, 0.058641784f, 0.05297568f, -0.02082722f, -0.017359843f, -0.055371325f, -0.054163963f, -0.019490296f, -0.009596399f, -0.05864178f, -0.05297568f, -0.016627632f, 0.008200754f, 0.0042331438f, 0.025009805f, 0f, 0f, 0f, 0f, 0.037454832f, 0.009159105f, 0.05113819f, 0.029154189f],
        ["MHACross/v.grad"] = [0.125541f, 0.055272207f, 0.10231749f, 0.097970635f, 0.11522658f, 0.04792483f, 0.10136976f, 0.09984051f, 0.051365674f, 0.009365467f, 0.020466985f, 0.013528944f, 0.06821264f, 0.029114518f, 0.05614524f, 0.05389656f, 0f, 0f, 0f, 0f, 0.018766861f, 0.008023735f, 0.015418759f, 0.014741402f],
        ["MHACausal/param in_proj_weight"] = [0.21974176f, -0.19193631f, -0.11075944f, -0.27410364f, -0.15700126f, -0.46329987f, 0.21334493f, 0.1944179f, 0.099316776f, 0.24549061f, 0.21191591f, 0.022121549f, 0.052952766f, 0.03818059f, 0.26679885f, 0.33587337f, 0.3590728f, 0.2898028f, -0.12190473f, -0.022258818f, -0.1016112f, 0.29086596f, 0.055529058f, 0.4627685f, 0.2535962f, -0.42732954f, 0.1462661f, 0.4804371f, 0.44412196f, -0.007857382f, 0.16587692f, -0.4690258f, -0.15940046f, 0.24381965f, -0.45548147f, 0.4356016f, -0.32881212f, 0.15811121f, -0.018929183f, 0.0881086f, 0.048442423f, -0.46741623f, -0.10740006f, -0.31605554f, 0.42507708f, -0.061374784f, -0.49785882f, 0.12109947f, 0.21713513f, -0.22382927f, -0.046903968f, 0.21615517f, -0.31110334f, -0.2643082f, -0.04823315f, -0.35112703f, 0.30729914f, 0.04089558f, 0.29915214f, 0.26767784f, -0.3853308f, -0.31164712f, -0.34199107f, -0.16070044f, -0.1827122f, -0.080565274f, -0.48370028f, 0.21114838f, 0.28365332f, 0.15846658f, 0.31772852f, 0.37561518f, -0.49358767f, 0.07552755f, 0.46380574f, -0.36235827f, -0.22262734f, -0.026330888f, -0.3110417f, -0.094240904f, -0.07388532f, 0.44548553f, -0.031439424f, 0.271136f, 0.36613774f, 0.22276145f, -0.43481767f, 0.37475252f, 0.3297249f, -0.35843068f, -0.1782859f, 0.34031487f, -0.4860525f, -0.43823308f, -0.33887917f, 0.15579957f, -0.20418423f, -0.4459203f, 0.19381505f, 0.25291157f, 0.18728113f, -0.42838633f, 0.48685896f, -0.03772515f, -0.4758876f, -0.07527059f, 0.32657713f, 0.23026454f],
        ["MHACausal/param out_proj.weight"] = [0.093648136f, -0.0971526f, 0.1119534f, -0.020852443f, 0.17439865f, 0.0971928f, -0.04692189f, -0.33005354f, 0.09320897f, -0.36144045f, 0.05365526f, 0.027131312f, -0.089773126f, 0.33382338f, 0.027245192f, 0.16929178f, 0.17276855f, -0.24083857f, -0.15694472f, 0.3926198f, -0.39986998f, -0.027727531f, -0.032353573f, 0.28957438f, -0.038811974f, 0.107499056f, -0.019597419f, -0.22859733f, -0.23139115f, -0.19834082f, -0.3708546f, -0.26494592f, 0.0960808f, 0.268687f, 0.020111244f, -0.18713684f],
        ["MHACausal/output (batch first)"] = [0.43459433f, 1.0920578f, -0.017936774f, 0.11912892f, 0.004390082f, -0.08136344f, 0.2571276f, 0.76813865f, -0.20479028f, 0.117206216f, 0.036541324f, -0.12296206f, 0.14879027f, 0.5638383f, -0.32949817f, 0.19712923f, -0.034525614f, 0.058355793f, -0.194454f, -0.21234487f, -0.069130555f, 0.38696656f, 0.147952f, -0.2291637f, -0.033444237f, -0.012374934f, -0.040716846f, 0.042429294f, -0.0005923308f, 0.03595011f, -0.09071341f, -0.24050376f, 0.032467462f, 0.20708604f, 0.007976392f, -0.13513829f],
        ["MHACausal/weights"] = [1f, 0f, 0f, 0.5074826f, 0.49251738f, 0f, 0.35626283f, 0.35806265f, 0.2856745f, 1f, 0f, 0f, 0.44149232f, 0.5585077f, 0f, 0.41522288f, 0.30134383f, 0.28343326f],
        ["MHADropout/output"] = [-0.973857f, -0.11283296f, 0.45713106f, -0.50373554f, 0.033733916f, -0.018548887f, -0.020020489f, 0.0059911977f, 1.6908319f, 0.3604977f, -0.82934433f, 0.93512326f, -0.4729668f, -0.6334928f, 0.34137863f, -0.15679988f, 1.0340483f, 0.9783754f, -0.51654583f, 0.62233514f, -0.49957287f, -0.35657498f, 0.31765372f, -0.23280288f],
        ["MHADropout/weights"] = [1.0245515f, 0.42647365f, 0.030973794f, 0.8555878f, 0.43018493f, 0.3035267f, 0.51874083f, 1.1370201f, 0.34423903f, 0.16324906f, 0f, 0f, 0.3766451f, 0.19181217f, 0.32355115f, 0.46548492f, 0.17886887f, 0f],
        ["MHAUnbatched/output"] = [-0.2528216f, 0.9801301f, -0.306995f, -0.44231132f, -0.23962975f, 0.38456607f, -0.23527035f, 0.115333706f, -0.25485858f, 0.6780139f, -0.33981776f, -0.08009705f],
        ["MHAUnbatched/weights"] = [0.6388133f, 0.056926522f, 0.012566689f, 0.10958395f, 0.1821096f, 0.0927188f, 0.15346831f, 0.3345324f, 0.30906206f, 0.11021841f, 0.2252413f, 0.19329646f, 0.17518808f, 0.18640116f, 0.21987297f],
    };
}
