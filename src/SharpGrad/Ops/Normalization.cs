using System.Numerics;

namespace SharpGrad.Ops;

/// <summary>
/// batch_norm's running-statistics update, written as PyTorch's CPU kernel computes it
/// (batch_norm_cpu_collect_stats_contiguous_impl and batch_norm_cpu_update_stats_template), so that
/// running_mean and running_var hold PyTorch's bits: per channel the sum in double, the mean rounded
/// to the element type, the squared deviations from that mean summed in double, then
/// <c>running = momentum·stat + (1 − momentum)·running</c> with momentum in the element type.
/// No autograd: the statistics are buffers.
/// </summary>
internal static class Normalization
{
    public static void UpdateRunningStats(Tensor input, Tensor? runningMean, Tensor? runningVar, double momentum)
    {
        int n = input.Sizes[0], c = input.Sizes[1];
        int image = c == 0 || n == 0 ? 0 : input.NumelInt / (n * c);
        var x = Copy.Contiguous(input);
        switch (input.ElementType)
        {
            case ScalarType.Float32:
                {
                    var (mean, varSum) = ChannelStatistics<float>(x, n, c, image);
                    float momentumF = (float)momentum;
                    long count = (long)n * image;
                    if (runningMean is not null)
                        Update(runningMean, ch => mean[ch], (stat, running) => momentumF * (float)stat + (1 - momentumF) * (float)running);
                    if (runningVar is not null)
                        Update(runningVar, ch => varSum[ch] / (float)(count - 1),
                            (stat, running) => momentumF * stat + (double)((1 - momentumF) * (float)running));
                    break;
                }
            case ScalarType.Float64:
                {
                    var (mean, varSum) = ChannelStatistics<double>(x, n, c, image);
                    long count = (long)n * image;
                    if (runningMean is not null)
                        Update(runningMean, ch => mean[ch], (stat, running) => momentum * stat + (1 - momentum) * running);
                    if (runningVar is not null)
                        Update(runningVar, ch => varSum[ch] / (count - 1), (stat, running) => momentum * stat + (1 - momentum) * running);
                    break;
                }
            default:
                throw new NotSupportedException($"batch_norm: unsupported dtype {input.ElementType.CTypeName()}");
        }
    }

    /// <summary>Per channel of contiguous <paramref name="x"/> (n, c, image…): the mean (the sum in
    /// double, rounded to <typeparamref name="T"/>) and the sum of squared deviations from that mean
    /// (each deviation and its square in <typeparamref name="T"/>, summed in double), as PyTorch's
    /// batch_norm_cpu_collect_stats_contiguous_impl.</summary>
    private static (T[] Mean, T[] VarSum) ChannelStatistics<T>(Tensor x, int n, int c, int image)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mean = new T[c];
        var varSum = new T[c];
        var data = x.Data<T>();
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0;
            for (int b = 0; b < n; b++)
                for (int i = 0, off = x.StorageOffset + (b * c + ch) * image; i < image; i++) sum += double.CreateTruncating(data[off + i]);
            T m = T.CreateTruncating(sum / ((long)n * image));
            double squares = 0;
            for (int b = 0; b < n; b++)
                for (int i = 0, off = x.StorageOffset + (b * c + ch) * image; i < image; i++)
                {
                    T d = data[off + i] - m;
                    squares += double.CreateTruncating(d * d);
                }
            mean[ch] = m;
            varSum[ch] = T.CreateTruncating(squares);
        }
        GC.KeepAlive(x);
        return (mean, varSum);
    }

    /// <summary>running[ch] = combine(stat(ch), running[ch]) for a float32 or float64 buffer, rounded to
    /// the buffer's type, in place (the buffer's version moves, as after PyTorch's in-place update).</summary>
    private static void Update(Tensor running, Func<int, double> stat, Func<double, double, double> combine)
    {
        var values = Copy.Contiguous(running);
        int c = running.NumelInt;
        switch (running.ElementType)
        {
            case ScalarType.Float32:
                {
                    var d = values.Data<float>();
                    for (int ch = 0; ch < c; ch++) d[values.StorageOffset + ch] = (float)combine(stat(ch), d[values.StorageOffset + ch]);
                    break;
                }
            case ScalarType.Float64:
                {
                    var d = values.Data<double>();
                    for (int ch = 0; ch < c; ch++) d[values.StorageOffset + ch] = combine(stat(ch), d[values.StorageOffset + ch]);
                    break;
                }
            default:
                throw new NotSupportedException($"batch_norm: running statistics of dtype {running.ElementType.CTypeName()} are not supported");
        }
        if (ReferenceEquals(values, running)) running.SharedStorage.Version++;
        else using (new GradModeScope(false)) running.copy_(values);
    }
}
