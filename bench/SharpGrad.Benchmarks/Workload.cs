namespace SharpGrad.Benchmarks;

/// <summary>One library's instance of a workload: its state, one iteration, and its result.</summary>
internal interface IBenchCase : IDisposable
{
    /// <summary>One iteration of the workload (what is timed).</summary>
    void Step();

    /// <summary>The values that must agree between libraries (parameters, or the last output).</summary>
    float[] Snapshot();

    /// <summary>A note on how this library runs the workload, shown under the table (or null).</summary>
    string? Note => null;
}

internal enum Metric
{
    /// <summary>Time per iteration, shown in µs.</summary>
    Microseconds,
    /// <summary>Time per iteration, shown in ms.</summary>
    Milliseconds,
    /// <summary>Throughput from the flop count per iteration, shown in GFLOP/s.</summary>
    GigaFlops,
}

/// <summary>
/// A workload of issue 3's table: what to build on each side, how to show it, its target ratio
/// (TorchSharp time / SharpGrad time, so above 1 means SharpGrad is faster), and how closely the
/// two libraries' results must agree after <see cref="CheckSteps"/> iterations. Workloads with
/// <see cref="ColdIterations"/> are also timed cold: their first that many iterations in a fresh
/// process (<see cref="Cold"/>), against <see cref="ColdTarget"/>.
/// </summary>
internal sealed record Workload(
    string Id,
    string Title,
    Metric Metric,
    double TargetRatio,
    string TargetText,
    Func<IBenchCase> SharpGrad,
    Func<IBenchCase> TorchSharp,
    int CheckSteps = 3,
    double Rtol = 1e-4,
    double Atol = 1e-5,
    double FlopsPerStep = 0,
    int ColdIterations = 0,
    double ColdTarget = double.NaN,
    string ColdTargetText = "—");
