using System.Numerics;
using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// The per-parameter updates of torch.optim, updating the parameter and its state tensors in place
/// and recording nothing for autograd (optimizers run under no_grad). Where the parameter, its
/// gradient and its state are contiguous tensors of one float dtype, the whole update is one fused
/// pass (<see cref="OptimizerKernels"/>); otherwise it is PyTorch's sequence of tensor ops, which
/// the fused pass reproduces element by element.
/// </summary>
internal static class OptimizerUpdates
{
    /// <summary>True when every tensor is contiguous, float32 or float64, of one dtype, shaped like the first.</summary>
    private static bool CanFuse(Tensor param, params ReadOnlySpan<Tensor?> others)
    {
        if (param.ElementType is not (ScalarType.Float32 or ScalarType.Float64) || !param.IsContiguous) return false;
        foreach (var t in others)
            if (t is not null && (t.ElementType != param.ElementType || !t.IsContiguous || !t.SameShape(param)))
                return false;
        return true;
    }

    private static void Bump(params ReadOnlySpan<Tensor?> written)
    {
        foreach (var t in written)
            if (t is not null) t.SharedStorage.Version++;
    }

    /// <summary>Elements [start, start + count) of a contiguous tensor, or an empty span for an absent state tensor.</summary>
    private static Span<T> S<T>(Tensor? t, int start, int count) => t is null ? default : t.ContiguousSpan<T>().Slice(start, count);

    /// <summary>
    /// Runs <paramref name="update"/> over [0, <paramref name="length"/>) in chunks on the shared
    /// worker threads when the parameter is long enough to gain from it (elementwise: every element's
    /// bits are the same however the run is split).
    /// </summary>
    private static void ForChunks(int length, Action<int, int> update)
    {
        int chunks = ElementwiseLoops.ChunkCount(length);
        if (chunks <= 1) { update(0, length); return; }
        var job = new ChunkJob(length, chunks, update);
        if (!WorkerPool.TryRun(job, chunks))
            for (int c = 0; c < chunks; c++) job.Execute(c);
    }

    private sealed class ChunkJob(int length, int chunks, Action<int, int> update) : ParallelJob
    {
        public override void Execute(int c)
        {
            // Chunk edges on multiples of 64 elements keep every chunk's vector loop aligned alike.
            int per = (length / chunks + 63) & ~63;
            int start = Math.Min(c * per, length);
            int end = c == chunks - 1 ? length : Math.Min(start + per, length);
            if (end > start) update(start, end - start);
        }
    }

    // ------------------------------------------------------------------ SGD

    /// <summary>
    /// One SGD step. <paramref name="momentumBuffer"/> is null without momentum; on the first step
    /// (<paramref name="firstStep"/>) it receives a copy of the (decayed) gradient, as PyTorch's
    /// <c>torch.clone(grad)</c>.
    /// </summary>
    public static void Sgd(Tensor param, Tensor grad, Tensor? momentumBuffer, bool firstStep, double lr, double momentum,
        double dampening, double weightDecay, bool nesterov, bool maximize)
    {
        if (CanFuse(param, grad, momentumBuffer))
        {
            if (param.ElementType == ScalarType.Float32)
                ForChunks(param.NumelInt, (i, n) => OptimizerKernels.Sgd(S<float>(param, i, n), S<float>(grad, i, n), S<float>(momentumBuffer, i, n), firstStep,
                    (float)-lr, (float)weightDecay, weightDecay != 0, (float)momentum, momentumBuffer is not null, (float)(1 - dampening), nesterov, maximize));
            else
                ForChunks(param.NumelInt, (i, n) => OptimizerKernels.Sgd(S<double>(param, i, n), S<double>(grad, i, n), S<double>(momentumBuffer, i, n), firstStep,
                    -lr, weightDecay, weightDecay != 0, momentum, momentumBuffer is not null, 1 - dampening, nesterov, maximize));
            Bump(param, momentumBuffer);
            return;
        }
        // PyTorch's _single_tensor_sgd.
        var g = maximize ? -grad : grad;
        if (weightDecay != 0) g = g.add(param, alpha: weightDecay);
        if (momentumBuffer is not null)
        {
            if (firstStep) momentumBuffer.copy_(g);
            else momentumBuffer.mul_(momentum).add_(g, alpha: 1 - dampening);
            g = nesterov ? g.add(momentumBuffer, alpha: momentum) : momentumBuffer;
        }
        param.add_(g, alpha: -lr);
    }

    // ------------------------------------------------------------------ Adam / AdamW

    /// <summary>
    /// One Adam step with the step's scalars already computed (in double, as PyTorch computes them
    /// from the step count): <paramref name="paramScale"/> is AdamW's <c>1 − lr·wd</c> (1 for Adam),
    /// <paramref name="stepSize"/> is <c>lr / bias_correction1</c>.
    /// </summary>
    public static void Adam(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? maxExpAvgSq,
        double paramScale, double weightDecay, double beta1, double beta2, double biasCorrection2Sqrt, double eps,
        double stepSize, bool maximize)
    {
        bool amsgrad = maxExpAvgSq is not null;
        if (CanFuse(param, grad, expAvg, expAvgSq, maxExpAvgSq))
        {
            if (param.ElementType == ScalarType.Float32)
                ForChunks(param.NumelInt, (i, n) => OptimizerKernels.Adam(S<float>(param, i, n), S<float>(grad, i, n), S<float>(expAvg, i, n),
                    S<float>(expAvgSq, i, n), S<float>(maxExpAvgSq, i, n),
                    (float)paramScale, paramScale != 1, (float)weightDecay, weightDecay != 0, (float)(1 - beta1), (float)beta2,
                    (float)(1 - beta2), (float)biasCorrection2Sqrt, (float)eps, (float)-stepSize, amsgrad, maximize));
            else
                ForChunks(param.NumelInt, (i, n) => OptimizerKernels.Adam(S<double>(param, i, n), S<double>(grad, i, n), S<double>(expAvg, i, n),
                    S<double>(expAvgSq, i, n), S<double>(maxExpAvgSq, i, n),
                    paramScale, paramScale != 1, weightDecay, weightDecay != 0, 1 - beta1, beta2,
                    1 - beta2, biasCorrection2Sqrt, eps, -stepSize, amsgrad, maximize));
            Bump(param, expAvg, expAvgSq, maxExpAvgSq);
            return;
        }
        // PyTorch's _single_tensor_adam / adamw (lerp_ and addcmul_ written with the ops SharpGrad has).
        if (paramScale != 1) param.mul_(paramScale);
        var g = maximize ? -grad : grad;
        if (weightDecay != 0) g = g.add(param, alpha: weightDecay);
        expAvg.add_(g - expAvg, alpha: 1 - beta1);
        expAvgSq.mul_(beta2).add_(g * g, alpha: 1 - beta2);
        var second = expAvgSq;
        if (maxExpAvgSq is not null)
        {
            maxExpAvgSq.copy_(maxExpAvgSq.maximum(expAvgSq));
            second = maxExpAvgSq;
        }
        var denom = (second.sqrt() / biasCorrection2Sqrt).add_(eps);
        param.add_(expAvg * -stepSize / denom);
    }

    // ------------------------------------------------------------------ RMSprop

    /// <summary>One RMSprop step; <paramref name="gradAvg"/> only when centered, <paramref name="momentumBuffer"/> only with momentum.</summary>
    public static void Rmsprop(Tensor param, Tensor grad, Tensor squareAvg, Tensor? gradAvg, Tensor? momentumBuffer,
        double lr, double alpha, double eps, double weightDecay, double momentum, bool maximize)
    {
        if (CanFuse(param, grad, squareAvg, gradAvg, momentumBuffer))
        {
            if (param.ElementType == ScalarType.Float32)
                ForChunks(param.NumelInt, (i, n) => OptimizerKernels.Rmsprop(S<float>(param, i, n), S<float>(grad, i, n), S<float>(squareAvg, i, n),
                    S<float>(gradAvg, i, n), S<float>(momentumBuffer, i, n),
                    (float)weightDecay, weightDecay != 0, (float)alpha, (float)(1 - alpha), (float)eps, (float)-lr, (float)momentum,
                    momentumBuffer is not null, gradAvg is not null, maximize));
            else
                ForChunks(param.NumelInt, (i, n) => OptimizerKernels.Rmsprop(S<double>(param, i, n), S<double>(grad, i, n), S<double>(squareAvg, i, n),
                    S<double>(gradAvg, i, n), S<double>(momentumBuffer, i, n),
                    weightDecay, weightDecay != 0, alpha, 1 - alpha, eps, -lr, momentum,
                    momentumBuffer is not null, gradAvg is not null, maximize));
            Bump(param, squareAvg, gradAvg, momentumBuffer);
            return;
        }
        // PyTorch's _single_tensor_rmsprop.
        var g = maximize ? -grad : grad;
        if (weightDecay != 0) g = g.add(param, alpha: weightDecay);
        squareAvg.mul_(alpha).add_(g * g, alpha: 1 - alpha);
        Tensor avg;
        if (gradAvg is not null)
        {
            gradAvg.add_(g - gradAvg, alpha: 1 - alpha);
            avg = (squareAvg - gradAvg * gradAvg).sqrt();
        }
        else avg = squareAvg.sqrt();
        avg = avg.add_(eps);
        if (momentumBuffer is not null)
        {
            momentumBuffer.mul_(momentum).add_(g / avg);
            param.add_(momentumBuffer, alpha: -lr);
        }
        else param.add_(g * -lr / avg);
    }

    // ------------------------------------------------------------------ Adagrad

    /// <summary>One Adagrad step with the decayed learning rate <paramref name="clr"/> = <c>lr / (1 + (step − 1)·lr_decay)</c>.</summary>
    public static void Adagrad(Tensor param, Tensor grad, Tensor stateSum, double clr, double weightDecay, double eps, bool maximize)
    {
        if (CanFuse(param, grad, stateSum))
        {
            if (param.ElementType == ScalarType.Float32)
                ForChunks(param.NumelInt, (i, n) => OptimizerKernels.Adagrad(S<float>(param, i, n), S<float>(grad, i, n), S<float>(stateSum, i, n),
                    (float)weightDecay, weightDecay != 0, (float)eps, (float)-clr, maximize));
            else
                ForChunks(param.NumelInt, (i, n) => OptimizerKernels.Adagrad(S<double>(param, i, n), S<double>(grad, i, n), S<double>(stateSum, i, n),
                    weightDecay, weightDecay != 0, eps, -clr, maximize));
            Bump(param, stateSum);
            return;
        }
        // PyTorch's _single_tensor_adagrad.
        var g = maximize ? -grad : grad;
        if (weightDecay != 0) g = g.add(param, alpha: weightDecay);
        stateSum.add_(g * g);
        var std = stateSum.sqrt().add_(eps);
        param.add_(g * -clr / std);
    }
}
