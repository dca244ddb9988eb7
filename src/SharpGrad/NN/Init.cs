

namespace SharpGrad;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// PyTorch's <c>torch.nn.init</c>, written as <c>torch/nn/init.py</c> writes it: the same
        /// formulas and the same draws from the generator, in place and under no_grad, so a seeded
        /// program gets PyTorch's values.
        /// </summary>
        public static class init
        {
            /// <summary>The recommended gain for a nonlinearity (PyTorch's table).</summary>
            public static double calculate_gain(string nonlinearity, double? param = null)
            {
                switch (nonlinearity)
                {
                    case "linear" or "conv1d" or "conv2d" or "conv3d" or "conv_transpose1d" or "conv_transpose2d"
                        or "conv_transpose3d" or "sigmoid":
                        return 1;
                    case "tanh": return 5.0 / 3;
                    case "relu": return Math.Sqrt(2.0);
                    case "leaky_relu":
                        double slope = param ?? 0.01;
                        return Math.Sqrt(2.0 / (1 + slope * slope));
                    case "selu": return 3.0 / 4;
                    default: throw new ArgumentException($"Unsupported nonlinearity {nonlinearity}");
                }
            }

            /// <summary>(fan_in, fan_out): size(1) and size(0), each times the receptive field (the product of the other sizes).</summary>
            public static (long fan_in, long fan_out) _calculate_fan_in_and_fan_out(Tensor tensor)
            {
                if (tensor.dim() < 2)
                    throw new ArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
                long receptive = 1;
                for (int d = 2; d < tensor.dim(); d++) receptive *= tensor.size(d);
                return (tensor.size(1) * receptive, tensor.size(0) * receptive);
            }

            private static long CorrectFan(Tensor tensor, string mode)
            {
                var m = mode.ToLowerInvariant();
                if (m is not ("fan_in" or "fan_out"))
                    throw new ArgumentException($"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']");
                var (fanIn, fanOut) = _calculate_fan_in_and_fan_out(tensor);
                return m == "fan_in" ? fanIn : fanOut;
            }

            /// <summary>Fills from U(a, b).</summary>
            public static Tensor uniform_(Tensor tensor, double a = 0, double b = 1, Generator? generator = null)
            {
                using var _ = new GradModeScope(false);
                return tensor.uniform_(a, b, generator);
            }

            /// <summary>Fills from N(mean, std²).</summary>
            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
            {
                using var _ = new GradModeScope(false);
                return tensor.normal_(mean, std, generator);
            }

            /// <summary>Fills with <paramref name="val"/>.</summary>
            public static Tensor constant_(Tensor tensor, double val)
            {
                using var _ = new GradModeScope(false);
                return tensor.fill_(val);
            }

            /// <summary>Fills with ones.</summary>
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

            /// <summary>Fills with zeros.</summary>
            public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0);

            /// <summary>Fills a matrix with the identity (ones on the diagonal).</summary>
            public static Tensor eye_(Tensor tensor)
            {
                if (tensor.dim() != 2) throw new ArgumentException("Only tensors with 2 dimensions are supported");
                using var _ = new GradModeScope(false);
                return tensor.copy_(torch.eye(tensor.size(0), tensor.size(1), dtype: tensor.dtype));
            }

            /// <summary>Glorot uniform: U(−a, a), a = gain·√(6 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1, Generator? generator = null)
            {
                var (fanIn, fanOut) = _calculate_fan_in_and_fan_out(tensor);
                double std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                double a = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -a, a, generator);
            }

            /// <summary>Glorot normal: N(0, std²), std = gain·√(2 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1, Generator? generator = null)
            {
                var (fanIn, fanOut) = _calculate_fan_in_and_fan_out(tensor);
                double std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                return normal_(tensor, 0, std, generator);
            }

            /// <summary>He uniform: U(−bound, bound), bound = gain·√(3 / fan).</summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, string mode = "fan_in",
                string nonlinearity = "leaky_relu", Generator? generator = null)
            {
                if (tensor.numel() == 0 && tensor.shape.Contains(0)) return tensor; // PyTorch warns: a no-op
                long fan = CorrectFan(tensor, mode);
                double gain = calculate_gain(nonlinearity, a);
                double std = gain / Math.Sqrt(fan);
                double bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound, generator);
            }

            /// <summary>He normal: N(0, std²), std = gain / √fan.</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, string mode = "fan_in",
                string nonlinearity = "leaky_relu", Generator? generator = null)
            {
                if (tensor.numel() == 0 && tensor.shape.Contains(0)) return tensor;
                long fan = CorrectFan(tensor, mode);
                double gain = calculate_gain(nonlinearity, a);
                double std = gain / Math.Sqrt(fan);
                return normal_(tensor, 0, std, generator);
            }

            /// <summary>
            /// N(mean, std²) truncated to [a, b], drawn as PyTorch draws it: uniform in
            /// [2Φ(α)−1, 2Φ(β)−1], then the inverse error function, scaled, shifted and clamped.
            /// </summary>
            public static Tensor trunc_normal_(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2,
                Generator? generator = null)
            {
                static double NormCdf(double x) => (1 + SpecialFunctions.Erf(x / Math.Sqrt(2))) / 2;
                double l = NormCdf((a - mean) / std), u = NormCdf((b - mean) / std);
                using var _ = new GradModeScope(false);
                tensor.uniform_(2 * l - 1, 2 * u - 1, generator);
                // erfinv_ over the values, rounded to the tensor's dtype as libtorch's op rounds.
                var values = tensor.to(ScalarType.Float64).contiguous().ToArray<double>();
                for (int i = 0; i < values.Length; i++) values[i] = SpecialFunctions.ErfInv(values[i]);
                tensor.copy_(torch.tensor(values).view(tensor.shape));
                tensor.mul_(std * Math.Sqrt(2.0));
                tensor.add_(mean);
                tensor.clamp_(a, b);
                return tensor;
            }

            /// <summary>
            /// A (semi-)orthogonal matrix times <paramref name="gain"/>, as PyTorch makes it: the Q of
            /// the QR decomposition of a normal draw (transposed when wider than tall), its columns'
            /// signs fixed by R's diagonal.
            /// </summary>
            public static Tensor orthogonal_(Tensor tensor, double gain = 1, Generator? generator = null)
            {
                if (tensor.dim() < 2) throw new ArgumentException("Only tensors with 2 or more dimensions are supported");
                if (tensor.numel() == 0) return tensor;
                long rows = tensor.size(0), cols = tensor.numel() / rows;
                using var _ = new GradModeScope(false);
                var flattened = torch.empty([rows, cols], tensor.dtype).normal_(0, 1, generator);
                bool wide = rows < cols;
                var a = (wide ? flattened.t() : flattened).to(ScalarType.Float64).contiguous();
                int m = (int)a.size(0), n = (int)a.size(1);
                var q = SpecialFunctions.HouseholderQ(a.ToArray<double>(), m, n); // [m, n], signs fixed
                var qt = torch.tensor(q).view(m, n);
                if (wide) qt = qt.t();
                tensor.view(qt.shape).copy_(qt);
                tensor.mul_(gain);
                return tensor;
            }
        }
    }
}

/// <summary>Scalar special functions and the small QR that nn.init needs, in double precision.</summary>
internal static class SpecialFunctions
{
    /// <summary>erf(x), to double precision: a Taylor series near zero, a continued fraction for erfc beyond.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double ax = Math.Abs(x);
        if (ax < 2.5)
        {
            // erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            return 2 / Math.Sqrt(Math.PI) * sum;
        }
        if (ax > 6) return Math.Sign(x);
        // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))), evaluated from the tail.
        double f = ax;
        for (int k = 60; k >= 1; k--) f = ax + k / 2.0 / f;
        double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / f;
        return Math.Sign(x) * (1 - erfc);
    }

    /// <summary>The inverse of erf on (−1, 1); ±∞ at ±1, NaN outside.</summary>
    public static double ErfInv(double y)
    {
        if (double.IsNaN(y) || y < -1 || y > 1) return double.NaN;
        if (y == 1) return double.PositiveInfinity;
        if (y == -1) return double.NegativeInfinity;
        if (y == 0) return y;
        // Giles' single-precision approximation, then Newton steps on erf(x) − y.
        double w = -Math.Log((1 - y) * (1 + y)), x;
        if (w < 5)
        {
            w -= 2.5;
            double p = 2.81022636e-08;
            p = 3.43273939e-07 + p * w; p = -3.5233877e-06 + p * w; p = -4.39150654e-06 + p * w;
            p = 0.00021858087 + p * w; p = -0.00125372503 + p * w; p = -0.00417768164 + p * w;
            p = 0.246640727 + p * w; p = 1.50140941 + p * w;
            x = p * y;
        }
        else
        {
            w = Math.Sqrt(w) - 3;
            double p = -0.000200214257;
            p = 0.000100950558 + p * w; p = 0.00134934322 + p * w; p = -0.00367342844 + p * w;
            p = 0.00573950773 + p * w; p = -0.0076224613 + p * w; p = 0.00943887047 + p * w;
            p = 1.00167406 + p * w; p = 2.83297682 + p * w;
            x = p * y;
        }
        for (int i = 0; i < 3; i++)
        {
            double err = Erf(x) - y;
            x -= err / (2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x));
        }
        return x;
    }

    /// <summary>
    /// The reduced Q ([m, n], m ≥ n) of a Householder QR of the row-major <paramref name="a"/>, each
    /// column multiplied by the sign of R's diagonal entry so that Q is unique (PyTorch's
    /// <c>q *= sign(diag(r))</c>; a zero diagonal gives a zero column, as sign(0) = 0).
    /// </summary>
    public static double[] HouseholderQ(double[] a, int m, int n)
    {
        var r = (double[])a.Clone();
        var vs = new double[n][];
        for (int k = 0; k < n; k++)
        {
            // v = x + sign(x₀)‖x‖e₀ over rows k..m−1 of column k; H = I − 2vvᵀ/vᵀv.
            var v = new double[m - k];
            double norm = 0;
            for (int i = k; i < m; i++) { v[i - k] = r[i * n + k]; norm += v[i - k] * v[i - k]; }
            norm = Math.Sqrt(norm);
            if (norm == 0) { vs[k] = v; continue; }
            v[0] += v[0] >= 0 ? norm : -norm;
            double vv = 0;
            foreach (var e in v) vv += e * e;
            for (int j = k; j < n; j++)
            {
                double dot = 0;
                for (int i = k; i < m; i++) dot += v[i - k] * r[i * n + j];
                double s = 2 * dot / vv;
                for (int i = k; i < m; i++) r[i * n + j] -= s * v[i - k];
            }
            vs[k] = v;
        }
        // Q = H₀ H₁ … Hₙ₋₁ applied to the first n columns of the identity.
        var q = new double[m * n];
        for (int j = 0; j < n; j++) q[j * n + j] = 1;
        for (int k = n - 1; k >= 0; k--)
        {
            var v = vs[k];
            double vv = 0;
            foreach (var e in v) vv += e * e;
            if (vv == 0) continue;
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int i = k; i < m; i++) dot += v[i - k] * q[i * n + j];
                double s = 2 * dot / vv;
                for (int i = k; i < m; i++) q[i * n + j] -= s * v[i - k];
            }
        }
        for (int j = 0; j < n; j++)
        {
            double sign = Math.Sign(r[j * n + j]);
            for (int i = 0; i < m; i++) q[i * n + j] *= sign;
        }
        return q;
    }
}
