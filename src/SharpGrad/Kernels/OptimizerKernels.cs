using System.Numerics;
using System.Runtime.CompilerServices;

namespace SharpGrad.Kernels;

/// <summary>
/// Optimizer updates as one pass over each parameter's contiguous elements, updating the parameter
/// and its state in place. Each element goes through the same float operations, in the same order
/// and with the same roundings, as PyTorch's chain of CPU ops for that optimizer (measured against
/// libtorch): an op PyTorch computes with a fused multiply-add (<c>add_(x, alpha)</c>,
/// <c>lerp_</c>, <c>addcmul_</c>) is one fused multiply-add here; <c>addcdiv_</c>, <c>mul_</c>,
/// division and <c>sqrt</c> round each operation separately, as they do there.
/// Scalars arrive already converted to the element type, as PyTorch converts a Python
/// number to the tensor's dtype before its kernel runs.
/// </summary>
internal static class OptimizerKernels
{
    // ------------------------------------------------------------------ element helpers

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Fma<T>(T a, T b, T c) where T : IFloatingPointIeee754<T> => T.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
    }

    /// <summary>PyTorch's <c>lerp</c>: <c>self + w·(end − self)</c> for a weight below ½, else <c>end − (end − self)·(1 − w)</c>, each one fma.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Lerp<T>(T self, T end, T weight, bool weightIsSmall) where T : IFloatingPointIeee754<T>
        => weightIsSmall ? Fma(weight, end - self, self) : Fma(weight - T.One, end - self, end);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Lerp<T>(Vector<T> self, Vector<T> end, Vector<T> weight, bool weightIsSmall) where T : IFloatingPointIeee754<T>
        => weightIsSmall ? Fma(weight, end - self, self) : Fma(weight - Vector<T>.One, end - self, end);

    internal static bool LerpWeightIsSmall<T>(T weight) where T : IFloatingPointIeee754<T> => T.Abs(weight) < T.CreateTruncating(0.5);

    // ------------------------------------------------------------------ SGD

    /// <summary>
    /// SGD for one parameter: <c>grad = ±grad (+ wd·param)</c>; with momentum, the buffer is
    /// <c>buf·m + (1 − dampening)·grad</c> (or the gradient itself on the first step), and the
    /// step direction is <c>grad + m·buf</c> (nesterov) or <c>buf</c>; then <c>param += −lr·direction</c>.
    /// </summary>
    internal static void Sgd<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> momentumBuffer, bool firstStep,
        T negLr, T weightDecay, bool hasWeightDecay, T momentum, bool hasMomentum, T oneMinusDampening,
        bool nesterov, bool maximize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = param.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int end = n - n % Vector<T>.Count;
            var vNegLr = new Vector<T>(negLr); var vWd = new Vector<T>(weightDecay);
            var vM = new Vector<T>(momentum); var vDamp = new Vector<T>(oneMinusDampening);
            for (; i < end; i += Vector<T>.Count)
            {
                var g = new Vector<T>(grad.Slice(i));
                if (maximize) g = -g;
                var p = new Vector<T>(param.Slice(i));
                if (hasWeightDecay) g = Fma(vWd, p, g);
                if (hasMomentum)
                {
                    var buf = firstStep ? g : Fma(vDamp, g, new Vector<T>(momentumBuffer.Slice(i)) * vM);
                    buf.CopyTo(momentumBuffer.Slice(i));
                    g = nesterov ? Fma(vM, buf, g) : buf;
                }
                Fma(vNegLr, g, p).CopyTo(param.Slice(i));
            }
        }
        for (; i < n; i++)
        {
            T g = maximize ? -grad[i] : grad[i];
            if (hasWeightDecay) g = Fma(weightDecay, param[i], g);
            if (hasMomentum)
            {
                T buf = firstStep ? g : Fma(oneMinusDampening, g, momentumBuffer[i] * momentum);
                momentumBuffer[i] = buf;
                g = nesterov ? Fma(momentum, buf, g) : buf;
            }
            param[i] = Fma(negLr, g, param[i]);
        }
    }

    // ------------------------------------------------------------------ Adam / AdamW

    /// <summary>
    /// Adam for one parameter (AdamW's decoupled decay, <c>param·(1 − lr·wd)</c>, arrives as
    /// <paramref name="paramScale"/>): <c>exp_avg.lerp_(grad, 1 − β1)</c>,
    /// <c>exp_avg_sq·β2 + (1 − β2)·grad·grad</c>, <c>denom = sqrt(v̂) / bc2_sqrt + eps</c>,
    /// <c>param += (−step_size·exp_avg) / denom</c>.
    /// </summary>
    internal static void Adam<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq,
        T paramScale, bool scaleParam, T weightDecay, bool hasWeightDecay, T oneMinusBeta1, T beta2, T oneMinusBeta2,
        T biasCorrection2Sqrt, T eps, T negStepSize, bool amsgrad, bool maximize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = param.Length, i = 0;
        bool small = LerpWeightIsSmall(oneMinusBeta1);
        if (Vector.IsHardwareAccelerated)
        {
            int end = n - n % Vector<T>.Count;
            var vScale = new Vector<T>(paramScale); var vWd = new Vector<T>(weightDecay);
            var vW1 = new Vector<T>(oneMinusBeta1); var vB2 = new Vector<T>(beta2); var vW2 = new Vector<T>(oneMinusBeta2);
            var vBc2 = new Vector<T>(biasCorrection2Sqrt); var vEps = new Vector<T>(eps); var vStep = new Vector<T>(negStepSize);
            for (; i < end; i += Vector<T>.Count)
            {
                var p = new Vector<T>(param.Slice(i));
                if (scaleParam) p *= vScale;
                var g = new Vector<T>(grad.Slice(i));
                if (maximize) g = -g;
                if (hasWeightDecay) g = Fma(vWd, p, g);
                var m = Lerp(new Vector<T>(expAvg.Slice(i)), g, vW1, small);
                var v = Fma(vW2 * g, g, new Vector<T>(expAvgSq.Slice(i)) * vB2);
                m.CopyTo(expAvg.Slice(i));
                v.CopyTo(expAvgSq.Slice(i));
                if (amsgrad)
                {
                    v = Vector.Max(new Vector<T>(maxExpAvgSq.Slice(i)), v);
                    v.CopyTo(maxExpAvgSq.Slice(i));
                }
                var denom = Vector.SquareRoot(v) / vBc2 + vEps;
                (p + vStep * m / denom).CopyTo(param.Slice(i));
            }
        }
        for (; i < n; i++)
        {
            T p = scaleParam ? param[i] * paramScale : param[i];
            T g = maximize ? -grad[i] : grad[i];
            if (hasWeightDecay) g = Fma(weightDecay, p, g);
            T m = Lerp(expAvg[i], g, oneMinusBeta1, small);
            T v = Fma(oneMinusBeta2 * g, g, expAvgSq[i] * beta2);
            expAvg[i] = m;
            expAvgSq[i] = v;
            if (amsgrad)
            {
                // torch.maximum: NaN propagates.
                T prev = maxExpAvgSq[i];
                v = T.IsNaN(prev) || prev > v ? prev : v;
                maxExpAvgSq[i] = v;
            }
            T denom = T.Sqrt(v) / biasCorrection2Sqrt + eps;
            param[i] = p + negStepSize * m / denom;
        }
    }

    // ------------------------------------------------------------------ RMSprop

    /// <summary>
    /// RMSprop for one parameter: <c>square_avg·α + (1 − α)·grad·grad</c>; centered, the mean
    /// gradient's lerp and <c>avg = sqrt(square_avg − grad_avg²)</c>, else <c>sqrt(square_avg)</c>;
    /// <c>avg + eps</c>; with momentum <c>buf·m + grad/avg</c> and <c>param += −lr·buf</c>, else
    /// <c>param += (−lr·grad)/avg</c>.
    /// </summary>
    internal static void Rmsprop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> gradAvg, Span<T> momentumBuffer,
        T weightDecay, bool hasWeightDecay, T alpha, T oneMinusAlpha, T eps, T negLr, T momentum, bool hasMomentum,
        bool centered, bool maximize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = param.Length, i = 0;
        bool small = LerpWeightIsSmall(oneMinusAlpha);
        if (Vector.IsHardwareAccelerated)
        {
            int end = n - n % Vector<T>.Count;
            var vWd = new Vector<T>(weightDecay); var vAlpha = new Vector<T>(alpha); var vW = new Vector<T>(oneMinusAlpha);
            var vEps = new Vector<T>(eps); var vNegLr = new Vector<T>(negLr); var vM = new Vector<T>(momentum);
            for (; i < end; i += Vector<T>.Count)
            {
                var p = new Vector<T>(param.Slice(i));
                var g = new Vector<T>(grad.Slice(i));
                if (maximize) g = -g;
                if (hasWeightDecay) g = Fma(vWd, p, g);
                var sq = Fma(vW * g, g, new Vector<T>(squareAvg.Slice(i)) * vAlpha);
                sq.CopyTo(squareAvg.Slice(i));
                Vector<T> avg;
                if (centered)
                {
                    var ga = Lerp(new Vector<T>(gradAvg.Slice(i)), g, vW, small);
                    ga.CopyTo(gradAvg.Slice(i));
                    avg = Vector.SquareRoot(Fma(-ga, ga, sq));
                }
                else avg = Vector.SquareRoot(sq);
                avg += vEps;
                if (hasMomentum)
                {
                    var buf = new Vector<T>(momentumBuffer.Slice(i)) * vM + g / avg;
                    buf.CopyTo(momentumBuffer.Slice(i));
                    Fma(vNegLr, buf, p).CopyTo(param.Slice(i));
                }
                else (p + vNegLr * g / avg).CopyTo(param.Slice(i));
            }
        }
        for (; i < n; i++)
        {
            T p = param[i];
            T g = maximize ? -grad[i] : grad[i];
            if (hasWeightDecay) g = Fma(weightDecay, p, g);
            T sq = Fma(oneMinusAlpha * g, g, squareAvg[i] * alpha);
            squareAvg[i] = sq;
            T avg;
            if (centered)
            {
                T ga = Lerp(gradAvg[i], g, oneMinusAlpha, small);
                gradAvg[i] = ga;
                avg = T.Sqrt(Fma(-T.One * ga, ga, sq));
            }
            else avg = T.Sqrt(sq);
            avg += eps;
            if (hasMomentum)
            {
                T buf = momentumBuffer[i] * momentum + T.One * g / avg;
                momentumBuffer[i] = buf;
                param[i] = Fma(negLr, buf, p);
            }
            else param[i] = p + negLr * g / avg;
        }
    }

    // ------------------------------------------------------------------ Adagrad

    /// <summary>Adagrad for one parameter: <c>sum += 1·grad·grad</c>, <c>param += (−clr·grad)/(sqrt(sum) + eps)</c>.</summary>
    internal static void Adagrad<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> stateSum,
        T weightDecay, bool hasWeightDecay, T eps, T negClr, bool maximize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = param.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int end = n - n % Vector<T>.Count;
            var vWd = new Vector<T>(weightDecay); var vEps = new Vector<T>(eps); var vClr = new Vector<T>(negClr);
            for (; i < end; i += Vector<T>.Count)
            {
                var p = new Vector<T>(param.Slice(i));
                var g = new Vector<T>(grad.Slice(i));
                if (maximize) g = -g;
                if (hasWeightDecay) g = Fma(vWd, p, g);
                var sum = Fma(g, g, new Vector<T>(stateSum.Slice(i)));
                sum.CopyTo(stateSum.Slice(i));
                (p + vClr * g / (Vector.SquareRoot(sum) + vEps)).CopyTo(param.Slice(i));
            }
        }
        for (; i < n; i++)
        {
            T p = param[i];
            T g = maximize ? -grad[i] : grad[i];
            if (hasWeightDecay) g = Fma(weightDecay, p, g);
            T sum = Fma(g, g, stateSum[i]);
            stateSum[i] = sum;
            param[i] = p + negClr * g / (T.Sqrt(sum) + eps);
        }
    }
}
