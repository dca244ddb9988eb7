using System.Globalization;
using SharpGrad.Modules;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>y = x Aᵀ + b, initialised as PyTorch's (kaiming_uniform_(a=√5), then the bias from U(−1/√in, 1/√in)).</summary>
            public static Linear Linear(long in_features, long out_features, bool bias = true, ScalarType? dtype = null)
                => new(in_features, out_features, bias, dtype);

            /// <summary>y = x₁ᵀ A x₂ + b, initialised from U(−1/√in1, 1/√in1) as PyTorch's.</summary>
            public static Bilinear Bilinear(long in1_features, long in2_features, long out_features, bool bias = true, ScalarType? dtype = null)
                => new(in1_features, in2_features, out_features, bias, dtype);

            /// <summary>Returns its input.</summary>
            public static Identity Identity() => new();

            public static partial class functional
            {
                /// <summary>input · weightᵀ + bias. As in PyTorch, a matrix input (or a contiguous 3-D
                /// one, viewed as a matrix) with a bias is one <c>addmm</c>: the GEMM adds the product onto
                /// the broadcast bias, and the output's node is <c>AddmmBackward0</c>.</summary>
                public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
                {
                    if (bias is not null && input.dim() == 2)
                        return torch.addmm(bias, input, weight.t());
                    if (bias is not null && input.dim() == 3 && input.is_contiguous())
                    {
                        var rows = input.view(input.size(0) * input.size(1), input.size(2));
                        var product = torch.addmm(bias, rows, weight.t());
                        return product.view(input.size(0), input.size(1), product.size(1));
                    }
                    var output = input.matmul(weight.t());
                    return bias is null ? output : output + bias;
                }

                /// <summary>
                /// y[…, o] = Σᵢⱼ input1[…, i] weight[o, i, j] input2[…, j] + bias[o], for inputs sharing
                /// their leading dimensions.
                /// </summary>
                public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias = null)
                {
                    if (weight.dim() != 3) throw new ArgumentException($"bilinear(): weight must be a 3D tensor, got {weight.dim()}D");
                    long outF = weight.size(0), in1 = weight.size(1), in2 = weight.size(2);
                    if (input1.size(-1) != in1)
                        throw new ArgumentException($"bilinear(): input1 size does not match weight size: got {input1.size(-1)} but expected {in1}");
                    if (input2.size(-1) != in2)
                        throw new ArgumentException($"bilinear(): input2 size does not match weight size: got {input2.size(-1)} but expected {in2}");
                    var lead = input1.shape[..^1];
                    var x1 = input1.reshape(-1, in1);
                    var x2 = input2.reshape(-1, in2);
                    // (B, in1) · (in1, out·in2) → (B, out, in2), then contract in2 with input2.
                    var t = x1.matmul(weight.permute(1, 0, 2).reshape(in1, outF * in2)).view(-1, outF, in2);
                    var y = (t * x2.unsqueeze(1)).sum(-1);
                    if (bias is not null) y = y + bias;
                    return y.reshape([.. lead, outF]);
                }
            }
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>PyTorch's <c>nn.Linear</c>.</summary>
    /// <remarks>Not sealed: MultiheadAttention's output projection is a Linear under another name
    /// (<see cref="NonDynamicallyQuantizableLinear"/>), as in PyTorch.</remarks>
    public class Linear : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>Size of each input sample.</summary>
        public long in_features { get; }
        /// <summary>Size of each output sample.</summary>
        public long out_features { get; }
        /// <summary>[out_features, in_features].</summary>
        public Tensor weight { get; set; }
        /// <summary>[out_features], or null.</summary>
        public Tensor? bias { get; set; }

        internal Linear(long in_features, long out_features, bool bias, ScalarType? dtype)
        {
            this.in_features = in_features;
            this.out_features = out_features;
            weight = torch.nn.Parameter(torch.empty([out_features, in_features], dtype));
            this.bias = bias ? torch.nn.Parameter(torch.empty([out_features], dtype)) : null;
            reset_parameters();
        }

        /// <summary>PyTorch's initialisation, from the global generator.</summary>
        public void reset_parameters()
        {
            torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
            if (bias is not null)
            {
                var (fanIn, _) = torch.nn.init._calculate_fan_in_and_fan_out(weight);
                double bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
                torch.nn.init.uniform_(bias, -bound, bound);
            }
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.linear(input, weight, bias);

        /// <inheritdoc/>
        public override string extra_repr()
            => $"in_features={in_features}, out_features={out_features}, bias={Repr.Bool(bias is not null)}";
    }

    /// <summary>PyTorch's <c>nn.Bilinear</c>.</summary>
    public sealed class Bilinear : torch.nn.Module<Tensor, Tensor, Tensor>
    {
        /// <summary>Size of each first input sample.</summary>
        public long in1_features { get; }
        /// <summary>Size of each second input sample.</summary>
        public long in2_features { get; }
        /// <summary>Size of each output sample.</summary>
        public long out_features { get; }
        /// <summary>[out_features, in1_features, in2_features].</summary>
        public Tensor weight { get; set; }
        /// <summary>[out_features], or null.</summary>
        public Tensor? bias { get; set; }

        internal Bilinear(long in1_features, long in2_features, long out_features, bool bias, ScalarType? dtype)
        {
            this.in1_features = in1_features;
            this.in2_features = in2_features;
            this.out_features = out_features;
            weight = torch.nn.Parameter(torch.empty([out_features, in1_features, in2_features], dtype));
            this.bias = bias ? torch.nn.Parameter(torch.empty([out_features], dtype)) : null;
            reset_parameters();
        }

        /// <summary>PyTorch's initialisation: weight, then bias, from U(−1/√in1, 1/√in1).</summary>
        public void reset_parameters()
        {
            double bound = 1 / Math.Sqrt(weight.size(1));
            torch.nn.init.uniform_(weight, -bound, bound);
            if (bias is not null) torch.nn.init.uniform_(bias, -bound, bound);
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input1, Tensor input2) => torch.nn.functional.bilinear(input1, input2, weight, bias);

        /// <inheritdoc/>
        public override string extra_repr()
            => $"in1_features={in1_features}, in2_features={in2_features}, out_features={out_features}, bias={Repr.Bool(bias is not null)}";
    }

    /// <summary>PyTorch's <c>nn.Identity</c>.</summary>
    public sealed class Identity : torch.nn.Module<Tensor, Tensor>
    {
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => input;
    }

    /// <summary>Python's spellings of values in reprs.</summary>
    internal static class Repr
    {
        public static string Bool(bool b) => b ? "True" : "False";

        /// <summary>Python's <c>repr(float)</c>: <c>1.0</c>, <c>0.01</c>, <c>1e-05</c>.</summary>
        public static string Float(double v)
        {
            if (double.IsNaN(v)) return "nan";
            if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
            var s = v.ToString("R", CultureInfo.InvariantCulture);
            int e = s.IndexOf('E');
            if (e >= 0)
            {
                var mant = s[..e];
                var exp = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture);
                return mant + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
            }
            return s.Contains('.') ? s : s + ".0";
        }

        /// <summary>Python's tuple repr: <c>(2, 5)</c>, <c>(3,)</c>.</summary>
        public static string Tuple(long[] values)
            => values.Length == 1 ? $"({values[0]},)" : "(" + string.Join(", ", values) + ")";
    }
}
