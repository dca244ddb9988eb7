using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SharpGrad.Benchmarks;

/// <summary>
/// Optional "--bdn" mode: single kernels (matmul, exp, add) of the side-by-side workloads under
/// BenchmarkDotNet, in process (no generated project, so TorchSharp's load fix still applies).
/// The cases are the very ones the main harness times; see <see cref="Workloads"/>.
/// </summary>
public class KernelBenchmarks
{
    public static readonly string[] KernelIds = ["mm256", "mm512", "mm1024", "exp", "add"];

    public static IEnumerable<string> Kernels => Selected ?? KernelIds;

    internal static IReadOnlyList<string>? Selected { get; set; }

    [ParamsSource(nameof(Kernels))]
    public string Kernel { get; set; } = "mm256";

    [Params("SharpGrad", "TorchSharp")]
    public string Library { get; set; } = "SharpGrad";

    private IBenchCase? _case;

    [GlobalSetup]
    public void Setup()
    {
        var w = Workloads.All.Single(x => x.Id == Kernel);
        _case = Library == "SharpGrad" ? w.SharpGrad() : w.TorchSharp();
        _case.Step();
    }

    [GlobalCleanup]
    public void Cleanup() => _case?.Dispose();

    [Benchmark]
    public void Step() => _case!.Step();

    /// <summary>Runs the kernels whose ids contain one of <paramref name="filters"/> (all when empty).</summary>
    internal static int Run(IReadOnlyList<string> filters, bool shortRun)
    {
        var chosen = KernelIds.Where(id => filters.Count == 0 || filters.Any(f => id.Contains(f, StringComparison.OrdinalIgnoreCase))).ToList();
        if (chosen.Count == 0)
        {
            Console.Error.WriteLine($"--bdn: no kernel matches; kernels: {string.Join(", ", KernelIds)}");
            return 2;
        }
        Selected = chosen;
        var job = (shortRun ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<KernelBenchmarks>(config);
        return summary.HasCriticalValidationErrors ? 1 : 0;
    }
}
