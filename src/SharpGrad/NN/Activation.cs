using System.Globalization;
using SharpGrad.Modules;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>max(x, 0).</summary>
            public static ReLU ReLU(bool inplace = false) => new(inplace);
            /// <summary>max(x, 0) + negative_slope·min(x, 0).</summary>
            public static LeakyReLU LeakyReLU(double negative_slope = 0.01, bool inplace = false) => new(negative_slope, inplace);
            /// <summary>x for x &gt; 0, else alpha·(eˣ − 1).</summary>
            public static ELU ELU(double alpha = 1.0, bool inplace = false) => new(alpha, inplace);
            /// <summary>x·sigmoid(x).</summary>
            public static SiLU SiLU(bool inplace = false) => new(inplace);
            /// <summary>1 / (1 + e⁻ˣ).</summary>
            public static Sigmoid Sigmoid() => new();
            /// <summary>tanh(x).</summary>
            public static Tanh Tanh() => new();
            /// <summary>log(1 + e^(beta·x)) / beta, linear above threshold.</summary>
            public static Softplus Softplus(double beta = 1.0, double threshold = 20.0) => new(beta, threshold);
            /// <summary>Softmax along <paramref name="dim"/>.</summary>
            public static Softmax Softmax(long? dim = null) => new(dim);
            /// <summary>log(softmax) along <paramref name="dim"/>.</summary>
            public static LogSoftmax LogSoftmax(long? dim = null) => new(dim);
            /// <summary>x·Φ(x), or its tanh approximation (<paramref name="approximate"/> = "tanh").</summary>
            public static GELU GELU(string approximate = "none") => new(approximate);
            /// <summary>x·tanh(softplus(x)).</summary>
            public static Mish Mish(bool inplace = false) => new(inplace);
            /// <summary>x clamped to [min_val, max_val].</summary>
            public static Hardtanh Hardtanh(double min_val = -1.0, double max_val = 1.0, bool inplace = false) => new(min_val, max_val, inplace);
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>PyTorch's <c>nn.ReLU</c>.</summary>
    public sealed class ReLU(bool inplace = false) : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>Whether forward overwrites its input.</summary>
        public bool inplace { get; } = inplace;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.relu(input, inplace);
        /// <inheritdoc/>
        public override string extra_repr() => inplace ? "inplace=True" : "";
    }

    /// <summary>
    /// An activation with PyTorch's <c>inplace</c> flag. SharpGrad computes the activation out of
    /// place and, when <c>inplace</c> is set, copies it into the input (same values, same aliasing
    /// as PyTorch's in-place kernel).
    /// </summary>
    public abstract class InplaceActivation(bool inplace) : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>Whether forward overwrites its input.</summary>
        public bool inplace { get; } = inplace;

        /// <summary>The activation, out of place.</summary>
        protected abstract Tensor Activate(Tensor input);

        /// <inheritdoc/>
        public sealed override Tensor forward(Tensor input)
        {
            var y = Activate(input);
            return inplace ? input.copy_(y) : y;
        }

        /// <summary>PyTorch's repr arguments followed by <c>inplace=True</c> when set.</summary>
        protected string WithInplace(string arguments)
            => !inplace ? arguments : arguments.Length == 0 ? "inplace=True" : arguments + ", inplace=True";
    }

    /// <summary>PyTorch's <c>nn.LeakyReLU</c>.</summary>
    public sealed class LeakyReLU(double negative_slope = 0.01, bool inplace = false) : InplaceActivation(inplace)
    {
        /// <summary>The slope for negative inputs.</summary>
        public double negative_slope { get; } = negative_slope;
        /// <inheritdoc/>
        protected override Tensor Activate(Tensor input) => torch.nn.functional.leaky_relu(input, negative_slope);
        /// <inheritdoc/>
        public override string extra_repr() => WithInplace($"negative_slope={Repr.Float(negative_slope)}");
    }

    /// <summary>PyTorch's <c>nn.ELU</c>.</summary>
    public sealed class ELU(double alpha = 1.0, bool inplace = false) : InplaceActivation(inplace)
    {
        /// <summary>The scale of the negative part.</summary>
        public double alpha { get; } = alpha;
        /// <inheritdoc/>
        protected override Tensor Activate(Tensor input) => torch.nn.functional.elu(input, alpha);
        /// <inheritdoc/>
        public override string extra_repr() => WithInplace($"alpha={Repr.Float(alpha)}");
    }

    /// <summary>PyTorch's <c>nn.SiLU</c>.</summary>
    public sealed class SiLU(bool inplace = false) : InplaceActivation(inplace)
    {
        /// <inheritdoc/>
        protected override Tensor Activate(Tensor input) => torch.nn.functional.silu(input);
        /// <inheritdoc/>
        public override string extra_repr() => WithInplace("");
    }

    /// <summary>PyTorch's <c>nn.Sigmoid</c>.</summary>
    public sealed class Sigmoid : torch.nn.Module<Tensor, Tensor>
    {
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.sigmoid(input);
    }

    /// <summary>PyTorch's <c>nn.Tanh</c>.</summary>
    public sealed class Tanh : torch.nn.Module<Tensor, Tensor>
    {
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.tanh(input);
    }

    /// <summary>PyTorch's <c>nn.Softplus</c>.</summary>
    public sealed class Softplus(double beta = 1.0, double threshold = 20.0) : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The sharpness.</summary>
        public double beta { get; } = beta;
        /// <summary>Above beta·x &gt; threshold the function is linear.</summary>
        public double threshold { get; } = threshold;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.softplus(input, beta, threshold);
        /// <inheritdoc/>
        public override string extra_repr() => $"beta={Repr.Float(beta)}, threshold={Repr.Float(threshold)}";
    }

    /// <summary>PyTorch's <c>nn.Softmax</c>.</summary>
    public sealed class Softmax(long? dim = null) : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The dimension normalised over (null: PyTorch's deprecated implicit choice).</summary>
        public long? dim { get; } = dim;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.softmax(input, dim);
        /// <inheritdoc/>
        public override string extra_repr() => $"dim={(dim is { } d ? d.ToString(CultureInfo.InvariantCulture) : "None")}";
    }

    /// <summary>PyTorch's <c>nn.LogSoftmax</c>.</summary>
    public sealed class LogSoftmax(long? dim = null) : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The dimension normalised over (null: PyTorch's deprecated implicit choice).</summary>
        public long? dim { get; } = dim;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.log_softmax(input, dim);
        /// <inheritdoc/>
        public override string extra_repr() => $"dim={(dim is { } d ? d.ToString(CultureInfo.InvariantCulture) : "None")}";
    }

    /// <summary>PyTorch's <c>nn.GELU</c>.</summary>
    public sealed class GELU(string approximate = "none") : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>"none" (the exact erf form) or "tanh".</summary>
        public string approximate { get; } = approximate;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => torch.nn.functional.gelu(input, approximate);
        /// <inheritdoc/>
        public override string extra_repr() => $"approximate='{approximate}'";
    }

    /// <summary>PyTorch's <c>nn.Mish</c>.</summary>
    public sealed class Mish(bool inplace = false) : InplaceActivation(inplace)
    {
        /// <inheritdoc/>
        protected override Tensor Activate(Tensor input) => torch.nn.functional.mish(input);
        /// <inheritdoc/>
        public override string extra_repr() => WithInplace("");
    }

    /// <summary>PyTorch's <c>nn.Hardtanh</c>.</summary>
    public sealed class Hardtanh(double min_val = -1.0, double max_val = 1.0, bool inplace = false) : InplaceActivation(inplace)
    {
        /// <summary>The lower bound.</summary>
        public double min_val { get; } = min_val;
        /// <summary>The upper bound.</summary>
        public double max_val { get; } = max_val;
        /// <inheritdoc/>
        protected override Tensor Activate(Tensor input) => torch.nn.functional.hardtanh(input, min_val, max_val);
        /// <inheritdoc/>
        public override string extra_repr() => WithInplace($"min_val={Repr.Float(min_val)}, max_val={Repr.Float(max_val)}");
    }
}
