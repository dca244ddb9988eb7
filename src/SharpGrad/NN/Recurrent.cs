using System.Globalization;
using SharpGrad.Modules;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>
            /// PyTorch's <c>nn.RNN</c>: an Elman RNN, h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)
            /// (or relu), every parameter initialised from U(−1/√hidden_size, 1/√hidden_size).
            /// </summary>
            public static RNN RNN(long input_size, long hidden_size, long num_layers = 1, string nonlinearity = "tanh",
                bool bias = true, bool batch_first = false, double dropout = 0.0, bool bidirectional = false, ScalarType? dtype = null)
                => new(input_size, hidden_size, num_layers, nonlinearity, bias, batch_first, dropout, bidirectional, dtype);

            /// <summary>
            /// PyTorch's <c>nn.LSTM</c> (gates i, f, g, o), every parameter initialised from
            /// U(−1/√hidden_size, 1/√hidden_size); <paramref name="proj_size"/> &gt; 0 projects h_t.
            /// </summary>
            public static LSTM LSTM(long input_size, long hidden_size, long num_layers = 1, bool bias = true,
                bool batch_first = false, double dropout = 0.0, bool bidirectional = false, long proj_size = 0, ScalarType? dtype = null)
                => new(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, proj_size, dtype);

            /// <summary>
            /// PyTorch's <c>nn.GRU</c> (gates r, z, n with n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))),
            /// every parameter initialised from U(−1/√hidden_size, 1/√hidden_size).
            /// </summary>
            public static GRU GRU(long input_size, long hidden_size, long num_layers = 1, bool bias = true,
                bool batch_first = false, double dropout = 0.0, bool bidirectional = false, ScalarType? dtype = null)
                => new(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, dtype);
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>
    /// What RNN, LSTM and GRU share (PyTorch's <c>nn.RNNBase</c>): the options, the parameters
    /// (<c>weight_ih_l{k}</c>, <c>weight_hh_l{k}</c>, <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c>, then
    /// <c>weight_hr_l{k}</c> for a projecting LSTM, with <c>_reverse</c> for the second direction, in
    /// PyTorch's order), their initialisation and the repr.
    /// </summary>
    /// <typeparam name="THidden">The optional initial state: a tensor, or (h_0, c_0) for the LSTM.</typeparam>
    /// <typeparam name="TOut">(output, h_n), or (output, (h_n, c_n)) for the LSTM.</typeparam>
    public abstract class RNNBase<THidden, TOut> : torch.nn.Module<Tensor, THidden, TOut>
    {
        /// <summary>"RNN_TANH", "RNN_RELU", "LSTM" or "GRU", as PyTorch's <c>mode</c>.</summary>
        public string mode { get; }
        /// <summary>Features of each input step.</summary>
        public long input_size { get; }
        /// <summary>Features of the hidden state.</summary>
        public long hidden_size { get; }
        /// <summary>Stacked recurrent layers.</summary>
        public long num_layers { get; }
        /// <summary>Whether the layers have b_ih and b_hh.</summary>
        public bool bias { get; }
        /// <summary>Input and output are (batch, seq, feature) rather than (seq, batch, feature).</summary>
        public bool batch_first { get; }
        /// <summary>Dropout probability on each layer's output but the last, in training.</summary>
        public double dropout { get; }
        /// <summary>Whether each layer also runs over the sequence backwards.</summary>
        public bool bidirectional { get; }
        /// <summary>The LSTM's projection size (0: none).</summary>
        public long proj_size { get; }

        // One entry per (layer, direction), in PyTorch's order: [w_ih, w_hh, (b_ih, b_hh), (w_hr)].
        private readonly Tensor[][] _weights;

        private protected RNNBase(string mode, long input_size, long hidden_size, long num_layers, bool bias,
            bool batch_first, double dropout, bool bidirectional, long proj_size, ScalarType? dtype)
        {
            // PyTorch's checks, in its order.
            if (!(dropout >= 0 && dropout <= 1))
                throw new ArgumentException("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
            if (hidden_size <= 0) throw new ArgumentException("hidden_size must be greater than zero");
            if (num_layers <= 0) throw new ArgumentException("num_layers must be greater than zero");
            if (proj_size < 0) throw new ArgumentException("proj_size should be a positive integer or zero to disable projections");
            if (proj_size >= hidden_size) throw new ArgumentException("proj_size has to be smaller than hidden_size");

            this.mode = mode;
            this.input_size = input_size;
            this.hidden_size = hidden_size;
            this.num_layers = num_layers;
            this.bias = bias;
            this.batch_first = batch_first;
            this.dropout = dropout;
            this.bidirectional = bidirectional;
            this.proj_size = proj_size;

            long gateSize = mode switch
            {
                "LSTM" => 4 * hidden_size,
                "GRU" => 3 * hidden_size,
                "RNN_TANH" or "RNN_RELU" => hidden_size,
                _ => throw new ArgumentException("Unrecognized RNN mode: " + mode),
            };
            int directions = bidirectional ? 2 : 1;
            long realHidden = proj_size > 0 ? proj_size : hidden_size;
            _weights = new Tensor[num_layers * directions][];
            for (long layer = 0; layer < num_layers; layer++)
                for (int direction = 0; direction < directions; direction++)
                {
                    long layerInput = layer == 0 ? input_size : realHidden * directions;
                    var names = new List<string> { "weight_ih_l{0}{1}", "weight_hh_l{0}{1}" };
                    var shapes = new List<long[]> { new[] { gateSize, layerInput }, new[] { gateSize, realHidden } };
                    if (bias)
                    {
                        names.AddRange(["bias_ih_l{0}{1}", "bias_hh_l{0}{1}"]);
                        shapes.AddRange([new[] { gateSize }, new[] { gateSize }]);
                    }
                    if (proj_size > 0)
                    {
                        names.Add("weight_hr_l{0}{1}");
                        shapes.Add(new[] { proj_size, hidden_size });
                    }
                    var layerParams = new Tensor[names.Count];
                    string suffix = direction == 1 ? "_reverse" : "";
                    for (int i = 0; i < names.Count; i++)
                    {
                        layerParams[i] = torch.nn.Parameter(torch.empty(shapes[i], dtype));
                        register_parameter(string.Format(CultureInfo.InvariantCulture, names[i], layer, suffix), layerParams[i]);
                    }
                    _weights[layer * directions + direction] = layerParams;
                }
            reset_parameters();
        }

        /// <summary>PyTorch's initialisation: every parameter, in registration order, from U(−1/√hidden_size, 1/√hidden_size).</summary>
        public void reset_parameters()
        {
            double stdv = hidden_size > 0 ? 1.0 / Math.Sqrt(hidden_size) : 0;
            foreach (var weight in parameters()) torch.nn.init.uniform_(weight, -stdv, stdv);
        }

        /// <summary>PyTorch's <c>flatten_parameters()</c>: a no-op off cuDNN, as there; kept so ported code runs.</summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "PyTorch's instance method")]
        public void flatten_parameters() { }

        /// <summary>The parameters per (layer, direction), as PyTorch's <c>all_weights</c>.</summary>
        public IReadOnlyList<IReadOnlyList<Tensor>> all_weights => _weights;

        /// <summary>The state's first dimension: num_layers × directions.</summary>
        private protected long StateLayers => num_layers * (bidirectional ? 2 : 1);

        /// <summary>
        /// PyTorch's input checks (<c>check_input</c>) and its batching: returns the input time-major
        /// and batched ((seq, batch, feature)) and whether it was batched.
        /// </summary>
        private protected (Tensor input, bool batched) PrepareInput(Tensor input, string moduleName, string dimWord)
        {
            ArgumentNullException.ThrowIfNull(input);
            if (input.dim() != 2 && input.dim() != 3)
                throw new ArgumentException($"{moduleName}: Expected input to be 2D or 3D, got {input.dim()}D{dimWord} instead");
            var weightType = _weights[0][0].dtype;
            if (input.dtype != weightType)
                throw new ArgumentException($"input must have the type {weightType.TorchName()}, got type {input.dtype.TorchName()}");
            if (input.size(-1) != input_size)
                throw new ArgumentException($"input.size(-1) must be equal to input_size. Expected {input_size}, got {input.size(-1)}");
            bool batched = input.dim() == 3;
            if (!batched) input = input.unsqueeze(batch_first ? 0 : 1);
            if (batch_first) input = input.transpose(0, 1);
            return (input, batched);
        }

        /// <summary>Checks a state's shape against (num_layers × directions, batch, size), with PyTorch's message.</summary>
        private protected void CheckHiddenSize(Tensor hx, long batch, long size, string what)
        {
            long[] expected = [StateLayers, batch, size];
            if (!hx.shape.AsSpan().SequenceEqual(expected))
                throw new ArgumentException($"Expected {what} size ({string.Join(", ", expected)}), got [{string.Join(", ", hx.shape)}]");
        }

        /// <summary>Zeros for a state that was not given: (num_layers × directions, batch, size).</summary>
        private protected Tensor ZeroState(Tensor input, long size)
            => torch.zeros([StateLayers, input.size(1), size], input.dtype);

        /// <summary>Runs every layer and direction over a time-major, batched input; see <see cref="Recurrence.Run"/>.</summary>
        private protected (Tensor output, Tensor h_n, Tensor? c_n) RunLayers(Tensor input, Tensor h0, Tensor? c0)
        {
            var (output, hn, cn) = Recurrence.Run(mode, input, h0, c0, _weights, bias, (int)num_layers, bidirectional, dropout, training);
            if (batch_first) output = output.transpose(0, 1);
            return (output, hn, cn);
        }

        /// <summary>Undoes <see cref="PrepareInput"/>'s batching for an unbatched input.</summary>
        private protected Tensor UnbatchOutput(Tensor output, bool batched) => batched ? output : output.squeeze(batch_first ? 0 : 1);

        /// <summary>RNN's and GRU's forward: one state tensor, (output, h_n).</summary>
        private protected (Tensor output, Tensor h_n) ForwardSingleState(Tensor input, Tensor? hx, string moduleName, string dimWord)
        {
            var (x, batched) = PrepareInput(input, moduleName, dimWord);
            Tensor h0;
            if (hx is not null)
            {
                if (batched && hx.dim() != 3)
                    throw new ArgumentException($"For batched 3-D input, hx should also be 3-D but got {hx.dim()}-D tensor");
                if (!batched && hx.dim() != 2)
                    throw new ArgumentException($"For unbatched 2-D input, hx should also be 2-D but got {hx.dim()}-D tensor");
                h0 = batched ? hx : hx.unsqueeze(1);
                CheckHiddenSize(h0, x.size(1), hidden_size, "hidden");
            }
            else h0 = ZeroState(x, hidden_size);
            var (output, hn, _) = RunLayers(x, h0, null);
            if (!batched) hn = hn.squeeze(1);
            return (UnbatchOutput(output, batched), hn);
        }

        /// <inheritdoc/>
        public override string extra_repr()
        {
            var s = $"{input_size}, {hidden_size}";
            if (proj_size != 0) s += $", proj_size={proj_size}";
            if (num_layers != 1) s += $", num_layers={num_layers}";
            if (!bias) s += ", bias=False";
            if (batch_first) s += ", batch_first=True";
            if (dropout != 0) s += ", dropout=" + Repr.Float(dropout);
            if (bidirectional) s += ", bidirectional=True";
            return s;
        }
    }

    /// <summary>PyTorch's <c>nn.RNN</c>: <c>call(input, h_0)</c> → (output, h_n).</summary>
    public sealed class RNN : RNNBase<Tensor?, (Tensor output, Tensor h_n)>
    {
        /// <summary>"tanh" or "relu".</summary>
        public string nonlinearity { get; }

        internal RNN(long input_size, long hidden_size, long num_layers, string nonlinearity, bool bias, bool batch_first,
            double dropout, bool bidirectional, ScalarType? dtype)
            : base(ModeOf(nonlinearity), input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, 0, dtype)
            => this.nonlinearity = nonlinearity;

        private static string ModeOf(string nonlinearity) => nonlinearity switch
        {
            "tanh" => "RNN_TANH",
            "relu" => "RNN_RELU",
            _ => throw new ArgumentException($"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."),
        };

        /// <summary>With h_0 zeros.</summary>
        public (Tensor output, Tensor h_n) call(Tensor input) => call(input, null);

        /// <inheritdoc/>
        public override (Tensor output, Tensor h_n) forward(Tensor input, Tensor? hx = null)
            => ForwardSingleState(input, hx, "RNN", " tensor");
    }

    /// <summary>PyTorch's <c>nn.GRU</c>: <c>call(input, h_0)</c> → (output, h_n).</summary>
    public sealed class GRU : RNNBase<Tensor?, (Tensor output, Tensor h_n)>
    {
        internal GRU(long input_size, long hidden_size, long num_layers, bool bias, bool batch_first,
            double dropout, bool bidirectional, ScalarType? dtype)
            : base("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, 0, dtype) { }

        /// <summary>With h_0 zeros.</summary>
        public (Tensor output, Tensor h_n) call(Tensor input) => call(input, null);

        /// <inheritdoc/>
        public override (Tensor output, Tensor h_n) forward(Tensor input, Tensor? hx = null)
            => ForwardSingleState(input, hx, "GRU", "");
    }

    /// <summary>PyTorch's <c>nn.LSTM</c>: <c>call(input, (h_0, c_0))</c> → (output, (h_n, c_n)).</summary>
    public sealed class LSTM : RNNBase<(Tensor h_0, Tensor c_0)?, (Tensor output, (Tensor h_n, Tensor c_n) state)>
    {
        internal LSTM(long input_size, long hidden_size, long num_layers, bool bias, bool batch_first,
            double dropout, bool bidirectional, long proj_size, ScalarType? dtype)
            : base("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, proj_size, dtype) { }

        /// <summary>With h_0 and c_0 zeros.</summary>
        public (Tensor output, (Tensor h_n, Tensor c_n) state) call(Tensor input) => call(input, null);

        /// <inheritdoc/>
        public override (Tensor output, (Tensor h_n, Tensor c_n) state) forward(Tensor input, (Tensor h_0, Tensor c_0)? hx = null)
        {
            var (x, batched) = PrepareInput(input, "LSTM", "");
            long realHidden = proj_size > 0 ? proj_size : hidden_size;
            Tensor h0, c0;
            if (hx.HasValue)
            {
                var (h, c) = hx.Value;
                ArgumentNullException.ThrowIfNull(h);
                ArgumentNullException.ThrowIfNull(c);
                if (batched && (h.dim() != 3 || c.dim() != 3))
                    throw new ArgumentException($"For batched 3-D input, hx and cx should also be 3-D but got ({h.dim()}-D, {c.dim()}-D) tensors");
                if (!batched && (h.dim() != 2 || c.dim() != 2))
                    throw new ArgumentException($"For unbatched 2-D input, hx and cx should also be 2-D but got ({h.dim()}-D, {c.dim()}-D) tensors");
                (h0, c0) = batched ? (h, c) : (h.unsqueeze(1), c.unsqueeze(1));
                CheckHiddenSize(h0, x.size(1), realHidden, "hidden[0]");
                CheckHiddenSize(c0, x.size(1), hidden_size, "hidden[1]");
            }
            else
            {
                h0 = ZeroState(x, realHidden);
                c0 = ZeroState(x, hidden_size);
            }
            var (output, hn, cn) = RunLayers(x, h0, c0);
            if (!batched) (hn, cn) = (hn.squeeze(1), cn!.squeeze(1));
            return (UnbatchOutput(output, batched), (hn, cn!));
        }
    }

    /// <summary>The recurrences themselves, made of differentiable tensor ops (so autograd gives the backward).</summary>
    internal static class Recurrence
    {
        /// <summary>
        /// libtorch's CPU recurrence (aten/src/ATen/native/RNN.cpp): for each layer and direction, the
        /// input projection of the whole sequence at once, then one cell per step; the directions'
        /// outputs concatenated on the feature dimension; dropout on each layer's output but the last
        /// in training. <paramref name="input"/> is (seq, batch, feature); h0 and c0 are
        /// (layers × directions, batch, size).
        /// </summary>
        public static (Tensor output, Tensor h_n, Tensor? c_n) Run(string mode, Tensor input, Tensor h0, Tensor? c0,
            Tensor[][] weights, bool hasBias, int numLayers, bool bidirectional, double dropout, bool train)
        {
            int directions = bidirectional ? 2 : 1;
            var hn = new Tensor[numLayers * directions];
            var cn = c0 is null ? null : new Tensor[numLayers * directions];
            var layerInput = input;
            for (int layer = 0; layer < numLayers; layer++)
            {
                var outputs = new Tensor[directions];
                for (int direction = 0; direction < directions; direction++)
                {
                    int index = layer * directions + direction;
                    var (output, h, c) = RunDirection(mode, layerInput, h0.select(0, index), c0?.select(0, index),
                        weights[index], hasBias, reverse: direction == 1);
                    outputs[direction] = output;
                    hn[index] = h;
                    if (cn is not null) cn[index] = c!;
                }
                layerInput = directions == 1 ? outputs[0] : torch.cat(outputs, 2);
                if (dropout != 0 && train && layer < numLayers - 1) layerInput = Dropout(layerInput, dropout);
            }
            return (layerInput, torch.stack(hn, 0), cn is null ? null : torch.stack(cn, 0));
        }

        /// <summary>One direction of one layer: the outputs (seq, batch, size) in time order and the final states.</summary>
        private static (Tensor output, Tensor h, Tensor? c) RunDirection(string mode, Tensor input, Tensor h, Tensor? c,
            Tensor[] w, bool hasBias, bool reverse)
        {
            var wIh = w[0];
            var wHh = w[1];
            Tensor? bIh = hasBias ? w[2] : null, bHh = hasBias ? w[3] : null;
            Tensor? wHr = w.Length == (hasBias ? 5 : 3) ? w[^1] : null;
            long steps = input.size(0);
            if (steps == 0) throw new ArgumentException("Expected sequence length to be larger than 0 in RNN");
            var projected = torch.nn.functional.linear(input, wIh, bIh);
            var outputs = new Tensor[steps];
            for (long k = 0; k < steps; k++)
            {
                long t = reverse ? steps - 1 - k : k;
                var x = projected.select(0, t);
                switch (mode)
                {
                    case "RNN_TANH":
                        h = (torch.nn.functional.linear(h, wHh, bHh) + x).tanh();
                        break;
                    case "RNN_RELU":
                        h = (torch.nn.functional.linear(h, wHh, bHh) + x).relu();
                        break;
                    case "LSTM":
                        {
                            var gates = torch.nn.functional.linear(h, wHh, bHh) + x;
                            var inGate = Chunk(gates, 0, 4).sigmoid();
                            var forgetGate = Chunk(gates, 1, 4).sigmoid();
                            var cellGate = Chunk(gates, 2, 4).tanh();
                            var outGate = Chunk(gates, 3, 4).sigmoid();
                            c = forgetGate * c! + inGate * cellGate;
                            h = outGate * c.tanh();
                            if (wHr is not null) h = h.matmul(wHr.t());
                            break;
                        }
                    case "GRU":
                        {
                            var hGates = torch.nn.functional.linear(h, wHh, bHh);
                            var resetGate = (Chunk(hGates, 0, 3) + Chunk(x, 0, 3)).sigmoid();
                            var inputGate = (Chunk(hGates, 1, 3) + Chunk(x, 1, 3)).sigmoid();
                            var newGate = (Chunk(x, 2, 3) + Chunk(hGates, 2, 3) * resetGate).tanh();
                            h = (h - newGate) * inputGate + newGate;
                            break;
                        }
                    default:
                        throw new ArgumentException("Unrecognized RNN mode: " + mode);
                }
                outputs[t] = h;
            }
            return (torch.stack(outputs, 0), h, c);
        }

        /// <summary>The <paramref name="index"/>-th of <paramref name="count"/> equal chunks along dim 1 (a view).</summary>
        private static Tensor Chunk(Tensor t, int index, int count)
        {
            long size = t.size(1) / count;
            return t.narrow(1, index * size, size);
        }

        /// <summary>
        /// ATen's dropout in training, as RNN.cpp calls it between layers:
        /// <c>noise = empty_like(x).bernoulli_(1 − p); noise.div_(1 − p); x * noise</c> (x * 0 for p = 1).
        /// </summary>
        internal static Tensor Dropout(Tensor x, double p)
        {
            if (p == 0 || x.numel() == 0) return x;
            if (p == 1) return x * torch.zeros([], x.dtype);
            var noise = torch.empty_like(x).bernoulli_(1 - p);
            noise.div_(1 - p);
            return x * noise;
        }
    }
}
