using System.Diagnostics;
using System.Globalization;

namespace SharpGrad.Benchmarks;

/// <summary>
/// What a user sees: each workload timed from its first iteration, in a fresh process, with no
/// warm-up (JIT compilation, tier-0 code, first touches of memory included). The parent launches
/// this program as a child per library and round; the child builds the case (not timed), times
/// its first <see cref="Workload.ColdIterations"/> iterations and prints the mean.
/// </summary>
internal static class Cold
{
    public const string ChildFlag = "--cold-child";

    /// <summary>The child: <c>--cold-child ID sharpgrad|torchsharp</c>.</summary>
    public static int Child(string[] args)
    {
        var w = Workloads.All.Single(x => x.Id == args[1]);
        using var c = args[2] == "sharpgrad" ? w.SharpGrad() : w.TorchSharp();
        var sw = Stopwatch.StartNew();
        c.Step();
        double first = sw.Elapsed.TotalSeconds;
        for (int i = 1; i < w.ColdIterations; i++) c.Step();
        double mean = sw.Elapsed.TotalSeconds / w.ColdIterations;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold_mean_s={mean:R}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold_first_s={first:R}"));
        return 0;
    }

    /// <summary>Medians over <paramref name="processes"/> fresh processes per library, alternating.</summary>
    public sealed record Result(Workload Workload, double SgMean, double TsMean, double SgFirst, double TsFirst, int Processes)
    {
        public double Ratio => TsMean / SgMean;
    }

    public static Result Measure(Workload w, int processes)
    {
        var sg = new List<(double Mean, double First)>();
        var ts = new List<(double Mean, double First)>();
        for (int r = 0; r < processes; r++)
        {
            if (r % 2 == 0) { sg.Add(Launch(w, "sharpgrad")); ts.Add(Launch(w, "torchsharp")); }
            else { ts.Add(Launch(w, "torchsharp")); sg.Add(Launch(w, "sharpgrad")); }
        }
        return new Result(w, Stats.Median(sg.Select(x => x.Mean)), Stats.Median(ts.Select(x => x.Mean)),
            Stats.Median(sg.Select(x => x.First)), Stats.Median(ts.Select(x => x.First)), processes);
    }

    private static (double Mean, double First) Launch(Workload w, string side)
    {
        var psi = new ProcessStartInfo(Hello.Host()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { typeof(Cold).Assembly.Location, ChildFlag, w.Id, side }) psi.ArgumentList.Add(a);
        if (side == "sharpgrad") psi.Environment.Remove("LD_PRELOAD"); // TorchSharp's load fix only
        using var proc = Process.Start(psi)!;
        var stdout = proc.StandardOutput.ReadToEndAsync();
        var stderr = proc.StandardError.ReadToEndAsync();
        proc.WaitForExit();
        if (proc.ExitCode != 0)
            throw new InvalidOperationException($"cold child {w.Id} {side} exited with {proc.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        double mean = double.NaN, first = double.NaN;
        foreach (var line in stdout.Result.Split('\n'))
        {
            if (line.StartsWith("cold_mean_s=", StringComparison.Ordinal)) mean = double.Parse(line[12..], CultureInfo.InvariantCulture);
            else if (line.StartsWith("cold_first_s=", StringComparison.Ordinal)) first = double.Parse(line[13..], CultureInfo.InvariantCulture);
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   cold {side}: mean {mean * 1e6:0.0} µs, first {first * 1e3:0.00} ms"));
        return (mean, first);
    }
}
