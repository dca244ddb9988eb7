using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SharpGrad.Benchmarks;

/// <summary>
/// Runs the workloads on both libraries in one process, alternating in every round, and prints a
/// markdown table of medians and ratios (TorchSharp time / SharpGrad time: above 1, SharpGrad is
/// faster).
/// </summary>
internal static class Harness
{
    private sealed class Options
    {
        public List<string> Filters { get; } = [];
        public int Rounds { get; set; } = 7;
        public double BatchSeconds { get; set; } = 0.25;
        public double WarmupSeconds { get; set; } = 0.5;
        public double MaxSeconds { get; set; } = 60;
        public int HelloRuns { get; set; } = 5;
        public List<Hello.Launcher> HelloApps { get; } = [];
        public string? OutFile { get; set; }
        public bool List { get; set; }
        public int TorchThreads { get; set; }
        public bool Bdn { get; set; }
        public bool BdnShort { get; set; }
        public int ColdProcesses { get; set; } = 3;
    }

    private const string Usage = """
        usage: SharpGrad.Benchmarks [WORKLOAD ...] [options]
          WORKLOAD            ids or parts of ids to run (default: all); see --list (a part that
                              matches a steady-state id, e.g. seed001, selects no process-* id)
          --rounds N          timed rounds per library, alternating (default 7); for the
                              process-* workloads, child processes per library
          --batch-ms MS       target length of one timed batch (default 250)
          --warmup-ms MS      warm-up per library before timing (default 500)
          --max-seconds S     cap on one library's timed rounds for one workload; a workload whose
                              single iteration is slow runs fewer rounds (never fewer than 3) (default 60)
          --hello-runs N      child processes per library for "hello" (default 5)
          --hello-app D=PATH  "hello" also launches the program at PATH (SharpGrad's hello app,
                              bench/SharpGrad.Hello, published as D, e.g. "NativeAOT"); repeatable;
                              bench/run.sh passes the ones it publishes
          --cold-runs N       fresh processes per library for the cold column (default 3; 0: none)
          --torch-threads N   TorchSharp's intra-op threads (default: libtorch's choice, one per core)
          --out FILE          also write the report (markdown) to FILE
          --list              list the workloads and exit
          --bdn               instead: single kernels (mm256, mm512, mm1024, exp, add) under
                              BenchmarkDotNet, in process; WORKLOAD filters them
          --bdn-short         the same with BenchmarkDotNet's short-run job
        """;

    private sealed record Side(double[] SecondsPerIter, int Batch, int Rounds)
    {
        public double Median => Stats.Median(SecondsPerIter);
    }

    private sealed record Result(Workload Workload, Side Sg, Side Ts, string Check, bool CheckOk);

    public static int Run(string[] args)
    {
        Options o;
        try { o = Parse(args); }
        catch (ArgumentException e) { Console.Error.WriteLine(e.Message); Console.Error.WriteLine(Usage); return 2; }

        if (o.TorchThreads > 0) TorchSharpCases.Threads = o.TorchThreads;
        if (o.Bdn) return KernelBenchmarks.Run(o.Filters, o.BdnShort);

        var ids = Workloads.All.Select(w => w.Id).Append("hello").Concat(ProcessSeeds.All.Select(p => p.Id)).ToList();
        if (o.List)
        {
            foreach (var w in Workloads.All) Console.WriteLine($"{w.Id,-8} {w.Title}  (target {w.TargetText})");
            Console.WriteLine("hello    whole process to the first gradient, wall time and peak RSS (target ≥5× time, ≥3× memory)");
            foreach (var p in ProcessSeeds.All) Console.WriteLine($"{p.Id,-8} {p.Title} (target ≥{ProcessSeeds.Target:0}×)");
            return 0;
        }
        bool Selected(string id) => o.Filters.Count == 0 || o.Filters.Any(f => id.Contains(f, StringComparison.OrdinalIgnoreCase));
        var chosen = Workloads.All.Where(w => Selected(w.Id)).ToList();
        bool hello = Selected("hello");
        // A filter that picks a steady-state workload ("seed001") does not also start the slow
        // whole-process runs; "process", "process-seed001" or "fashion" do.
        var processes = ProcessSeeds.All.Where(p => o.Filters.Count == 0 || o.Filters.Any(f =>
            p.Id.Contains(f, StringComparison.OrdinalIgnoreCase) && !Workloads.All.Any(w => w.Id.Contains(f, StringComparison.OrdinalIgnoreCase)))).ToList();
        if (chosen.Count == 0 && !hello && processes.Count == 0)
        {
            Console.Error.WriteLine($"no workload matches {string.Join(", ", o.Filters)}; ids: {string.Join(", ", ids)}");
            return 2;
        }

        string machine = MachineDescription();
        string loadBefore = LoadAverage();
        Console.Error.WriteLine(machine);
        if (chosen.Any(w => w.Metric == Metric.GigaFlops)) Console.Error.WriteLine(FmaPeak.Measure().Describe());
        var results = new List<Result>();
        var notes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var w in chosen)
        {
            Console.Error.WriteLine($"== {w.Id}: {w.Title}");
            results.Add(Measure(w, o, notes));
        }
        var coldResults = new List<Cold.Result>();
        if (o.ColdProcesses > 0)
            foreach (var w in chosen.Where(w => w.ColdIterations > 0))
            {
                Console.Error.WriteLine($"== {w.Id} cold: its first {w.ColdIterations} iterations in {o.ColdProcesses} fresh processes per library");
                coldResults.Add(Cold.Measure(w, o.ColdProcesses));
            }
        HelloResult? helloResult = hello ? MeasureHello(o) : null;
        var processResults = processes.Select(p => ProcessSeeds.Measure(p, o.Rounds, o.TorchThreads)).ToList();

        notes.Add($"Load average (1 min) {loadBefore} at the start, {LoadAverage()} at the end, on {Environment.ProcessorCount} cores (a load above the core count means other programs competed for the CPU).");
        string report = Report(machine, o, results, helloResult, notes) + ColdReport(coldResults) + ProcessSeeds.Report(processResults);
        Console.WriteLine(report);
        if (o.OutFile is not null) File.WriteAllText(o.OutFile, report);
        return results.All(r => r.CheckOk) && (helloResult?.CheckOk ?? true) && processResults.All(r => r.CheckOk) ? 0 : 1;
    }

    private static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
            double Number() => double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new ArgumentException($"{a} needs a positive number");
            switch (a)
            {
                case "--rounds": o.Rounds = (int)Number(); break;
                case "--batch-ms": o.BatchSeconds = Number() / 1000; break;
                case "--warmup-ms": o.WarmupSeconds = Number() / 1000; break;
                case "--max-seconds": o.MaxSeconds = Number(); break;
                case "--hello-runs": o.HelloRuns = (int)Number(); break;
                case "--cold-runs":
                    o.ColdProcesses = int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int cold) && cold >= 0
                        ? cold : throw new ArgumentException("--cold-runs needs a count");
                    break;
                case "--hello-app":
                    {
                        string v = Next();
                        int eq = v.IndexOf('=');
                        if (eq <= 0 || eq == v.Length - 1) throw new ArgumentException("--hello-app needs DESCRIPTION=PATH");
                        string path = v[(eq + 1)..];
                        if (!File.Exists(path)) throw new ArgumentException($"--hello-app: {path} not found");
                        o.HelloApps.Add(Hello.App(v[..eq], path));
                        break;
                    }
                case "--out": o.OutFile = Next(); break;
                case "--torch-threads": o.TorchThreads = (int)Number(); break;
                case "--list": o.List = true; break;
                case "--bdn": o.Bdn = true; break;
                case "--bdn-short": o.Bdn = true; o.BdnShort = true; break;
                case "-h" or "--help": throw new ArgumentException("SharpGrad against TorchSharp, side by side.");
                default:
                    if (a.StartsWith('-')) throw new ArgumentException($"unknown option {a}");
                    o.Filters.AddRange(a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
            }
        }
        if (o.Rounds < 1) throw new ArgumentException("--rounds must be at least 1");
        return o;
    }

    // ---------------------------------------------------------------- timing

    private static Result Measure(Workload w, Options o, SortedSet<string> notes)
    {
        using var sg = w.SharpGrad();
        using var ts = w.TorchSharp();
        if (sg.Note is { } n1) notes.Add(n1);
        if (ts.Note is { } n2) notes.Add(n2);

        // The same work on both sides: run CheckSteps iterations from the same inputs and compare.
        for (int i = 0; i < w.CheckSteps; i++) { sg.Step(); ts.Step(); }
        var (ok, check) = Compare(sg.Snapshot(), ts.Snapshot(), w.Rtol, w.Atol);
        Console.Error.WriteLine($"   check: {check}");

        double sgEstimate = WarmUp(sg, o.WarmupSeconds);
        double tsEstimate = WarmUp(ts, o.WarmupSeconds);
        var (sgBatch, sgRounds) = Plan(sgEstimate, o);
        var (tsBatch, tsRounds) = Plan(tsEstimate, o);
        var sgTimes = new List<double>();
        var tsTimes = new List<double>();
        for (int r = 0; r < Math.Max(sgRounds, tsRounds); r++)
        {
            // Alternate which library goes first, so neither always runs on a warmer (or hotter) machine.
            if (r % 2 == 0) { TimeInto(sg, sgBatch, r < sgRounds, sgTimes); TimeInto(ts, tsBatch, r < tsRounds, tsTimes); }
            else { TimeInto(ts, tsBatch, r < tsRounds, tsTimes); TimeInto(sg, sgBatch, r < sgRounds, sgTimes); }
        }
        var result = new Result(w, new Side([.. sgTimes], sgBatch, sgRounds), new Side([.. tsTimes], tsBatch, tsRounds), check, ok);
        Console.Error.WriteLine($"   SharpGrad {Show(w, result.Sg.Median)}  TorchSharp {Show(w, result.Ts.Median)}  ratio {Ratio(result):0.00}×");
        return result;
    }

    /// <summary>
    /// Runs the case for about <paramref name="seconds"/> (three iterations at least, unless they are
    /// very slow) so the JIT and caches settle, and returns the median seconds per iteration of the
    /// later half.
    /// </summary>
    private static double WarmUp(IBenchCase c, double seconds)
    {
        long start = Stopwatch.GetTimestamp();
        var times = new List<double>();
        do
        {
            long t0 = Stopwatch.GetTimestamp();
            c.Step();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (times.Count >= 10_000_000 || (elapsed >= seconds && (times.Count >= 3 || elapsed >= 5 * seconds))) break;
        } while (true);
        return Stats.Median(times.Skip(times.Count / 2));
    }

    private static (int Batch, int Rounds) Plan(double secondsPerIter, Options o)
    {
        int batch = (int)Math.Clamp(Math.Round(o.BatchSeconds / Math.Max(secondsPerIter, 1e-9)), 1, 100_000_000);
        int rounds = o.Rounds;
        double total = secondsPerIter * batch * rounds;
        if (total > o.MaxSeconds) rounds = Math.Clamp((int)(o.MaxSeconds / (secondsPerIter * batch)), Math.Min(3, o.Rounds), o.Rounds);
        return (batch, rounds);
    }

    private static void TimeInto(IBenchCase c, int batch, bool enabled, List<double> times)
    {
        if (!enabled) return;
        // Start each batch from a quiet heap: the other library's garbage is not charged to this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < batch; i++) c.Step();
        times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / batch);
    }

    internal static (bool Ok, string Text) Compare(float[] sg, float[] ts, double rtol, double atol)
    {
        if (sg.Length != ts.Length) return (false, $"MISMATCH: {sg.Length} values on SharpGrad, {ts.Length} on TorchSharp");
        double worst = 0, maxAbs = 0;
        int worstAt = -1, bad = 0;
        for (int i = 0; i < sg.Length; i++)
        {
            double d = Math.Abs((double)sg[i] - ts[i]);
            if (double.IsNaN(d)) d = double.IsNaN(sg[i]) && double.IsNaN(ts[i]) ? 0 : double.PositiveInfinity;
            double excess = d - (atol + rtol * Math.Abs((double)ts[i]));
            if (excess > 0) { bad++; if (worstAt < 0 || excess > worst) { worst = excess; worstAt = i; } }
            maxAbs = Math.Max(maxAbs, d);
        }
        return bad == 0
            ? (true, $"same results ({sg.Length} values, max |diff| {maxAbs:0.##e+0}, rtol {rtol:g}, atol {atol:g4})")
            : (false, $"MISMATCH: {bad} of {sg.Length} values differ beyond rtol {rtol:g}, atol {atol:g4}; worst at [{worstAt}]: SharpGrad {sg[worstAt]:r}, TorchSharp {ts[worstAt]:r}");
    }

    // ---------------------------------------------------------------- hello

    /// <summary>One way of launching SharpGrad's hello, its runs, and whether every run's w.grad matched.</summary>
    private sealed record HelloVariant(Hello.Launcher Launcher, List<Hello.Run> Runs, bool CheckOk)
    {
        public double Seconds => Stats.Median(Runs.Select(x => x.Seconds));
        public double Mib => Stats.Median(Runs.Select(x => x.PeakKib / 1024.0));
    }

    private sealed record HelloResult(List<HelloVariant> Sg, List<Hello.Run> Ts, int Runs, string Check, bool CheckOk)
    {
        public double TsSeconds => Stats.Median(Ts.Select(x => x.Seconds));
        public double TsMib => Stats.Median(Ts.Select(x => x.PeakKib / 1024.0));
    }

    private static HelloResult MeasureHello(Options o)
    {
        Console.Error.WriteLine("== hello: whole process to the first gradient");
        var launchers = new List<Hello.Launcher> { Hello.SharpGradChild };
        launchers.AddRange(o.HelloApps);
        launchers.Add(Hello.TorchSharpChild);
        // One unrecorded run each first, so all start from a warm file cache.
        var first = launchers.Select(Hello.Launch).ToList();
        var runs = launchers.Select(_ => new List<Hello.Run>()).ToList();
        for (int r = 0; r < o.HelloRuns; r++)
        {
            // Alternate the order (SharpGrad's launchers then TorchSharp, then the reverse), so that
            // no launcher always runs right after the same other one.
            for (int k = 0; k < launchers.Count; k++)
            {
                int i = r % 2 == 0 ? k : launchers.Count - 1 - k;
                runs[i].Add(Hello.Launch(launchers[i]));
            }
        }
        const string expected = "36 54";
        string tsGrad = first[^1].Grad;
        bool tsOk = tsGrad == expected && runs[^1].All(x => x.Grad == tsGrad);
        var sg = new List<HelloVariant>();
        var bad = new List<string>();
        for (int i = 0; i < launchers.Count - 1; i++)
        {
            var mismatch = runs[i].Prepend(first[i]).Select(x => x.Grad).FirstOrDefault(g => g != tsGrad || g != expected);
            sg.Add(new HelloVariant(launchers[i], runs[i], tsOk && mismatch is null));
            if (mismatch is not null) bad.Add($"SharpGrad as {launchers[i].Name} [{mismatch}]");
        }
        if (!tsOk) bad.Add($"TorchSharp [{string.Join("; ", runs[^1].Prepend(first[^1]).Select(x => x.Grad).Distinct())}]");
        bool ok = bad.Count == 0;
        string check = ok
            ? $"same w.grad ({expected}) from every run of every launcher"
            : $"MISMATCH: w.grad {string.Join(", ", bad)} (expected {expected}, from TorchSharp too)";
        var result = new HelloResult(sg, runs[^1], o.HelloRuns, check, ok);
        Console.Error.WriteLine($"   check: {check}");
        foreach (var v in sg)
            Console.Error.WriteLine($"   SharpGrad as {v.Launcher.Name}: {v.Seconds * 1000:0} ms {v.Mib:0.0} MiB");
        Console.Error.WriteLine($"   TorchSharp: {result.TsSeconds * 1000:0} ms {result.TsMib:0.0} MiB");
        return result;
    }

    // ---------------------------------------------------------------- report

    private static double Ratio(Result r) => r.Ts.Median / r.Sg.Median;

    private static string Show(Workload w, double secondsPerIter) => w.Metric switch
    {
        Metric.Microseconds => $"{secondsPerIter * 1e6:0.0} µs",
        Metric.Milliseconds => $"{secondsPerIter * 1e3:0.00} ms",
        _ => $"{w.FlopsPerStep / secondsPerIter / 1e9:0.0} GFLOP/s" + (FmaPeak.Last is { } p ? $" ({p.Share(w.FlopsPerStep / secondsPerIter / 1e9)})" : ""),
    };

    /// <summary>Best to worst round, e.g. "4.1–5.0 µs" or "190.2–150.3 GFLOP/s".</summary>
    private static string Range(Workload w, Side side)
    {
        string best = Show(w, side.SecondsPerIter.Min()), worst = Show(w, side.SecondsPerIter.Max());
        return $"{best.Split(' ')[0]}–{worst}";
    }

    private static string Met(double ratio, double target) => double.IsNaN(target) ? "—" : ratio >= target ? "yes" : "no";

    /// <summary>The cold table: each workload's first iterations in fresh processes, no warm-up.</summary>
    private static string ColdReport(List<Cold.Result> cold)
    {
        if (cold.Count == 0) return "";
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("Cold: timed from the first iteration in a fresh process, no warm-up (mean per iteration over the first N; medians over processes).");
        sb.AppendLine();
        sb.AppendLine("| workload | first N | SharpGrad | TorchSharp | ratio (TS/SG) | target | met? | first iteration SharpGrad / TorchSharp |");
        sb.AppendLine("|---|---:|---:|---:|---:|---|---|---|");
        foreach (var c in cold)
        {
            var w = c.Workload;
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {w.Id} | {w.ColdIterations} | {ShowTime(c.SgMean)} | {ShowTime(c.TsMean)} | {c.Ratio:0.00}× | {w.ColdTargetText} | {Met(c.Ratio, w.ColdTarget)} | {c.SgFirst * 1e3:0.00} ms / {c.TsFirst * 1e3:0.00} ms |"));
        }
        sb.AppendLine($"- {cold[0].Processes} fresh processes per library, alternating; each builds the workload (not timed), then times its first N iterations.");
        return sb.ToString();

        static string ShowTime(double s) => s >= 1e-3
            ? string.Create(CultureInfo.InvariantCulture, $"{s * 1e3:0.00} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{s * 1e6:0.0} µs");
    }

    private static string Report(string machine, Options o, List<Result> results, HelloResult? hello, ISet<string> notes)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"SharpGrad vs TorchSharp {TorchSharpVersion()}, {DateTime.Now:yyyy-MM-dd HH:mm}, {machine}");
        if (FmaPeak.Last is { } peak) sb.AppendLine().AppendLine(peak.Describe());
        sb.AppendLine();
        sb.AppendLine("| workload | SharpGrad | TorchSharp | ratio (TS/SG) | target | met? | same result? |");
        sb.AppendLine("|---|---:|---:|---:|---|---|---|");
        foreach (var r in results)
        {
            double ratio = Ratio(r);
            sb.AppendLine($"| {r.Workload.Title} | {Show(r.Workload, r.Sg.Median)} | {Show(r.Workload, r.Ts.Median)} | {ratio:0.00}× | {r.Workload.TargetText} | {Met(ratio, r.Workload.TargetRatio)} | {(r.CheckOk ? "yes" : "**NO**")} |");
        }
        if (hello is not null)
        {
            foreach (var v in hello.Sg)
            {
                double timeRatio = hello.TsSeconds / v.Seconds, memRatio = hello.TsMib / v.Mib;
                string same = v.CheckOk ? "yes" : "**NO**";
                sb.AppendLine($"| hello: whole process to the first gradient, wall time; SharpGrad as {v.Launcher.Name} | {v.Seconds * 1000:0} ms | {hello.TsSeconds * 1000:0} ms | {timeRatio:0.00}× | ≥5× (≤1/5 the time) | {Met(timeRatio, 5)} | {same} |");
                sb.AppendLine($"| hello: peak resident memory (VmHWM); SharpGrad as {v.Launcher.Name} | {v.Mib:0.0} MiB | {hello.TsMib:0.0} MiB | {memRatio:0.00}× | ≥3× (≤1/3 the memory) | {Met(memRatio, 3)} | {same} |");
            }
        }
        sb.AppendLine();
        sb.AppendLine($"Medians over alternating rounds (requested {o.Rounds}); each round times one batch of iterations after warm-up. " +
            "Ratio = TorchSharp time / SharpGrad time (for GFLOP/s, SharpGrad / TorchSharp): above 1, SharpGrad is faster.");
        foreach (var r in results)
            sb.AppendLine($"- `{r.Workload.Id}`: SharpGrad {r.Sg.Rounds} rounds × {r.Sg.Batch}, TorchSharp {r.Ts.Rounds} rounds × {r.Ts.Batch} iterations; " +
                $"range of rounds SharpGrad {Range(r.Workload, r.Sg)}, TorchSharp {Range(r.Workload, r.Ts)}; check: {r.Check}.");
        if (hello is not null)
        {
            sb.AppendLine($"- `hello`: {hello.Runs} child processes per launcher, alternating (SharpGrad's launchers then TorchSharp, reversed every other round), after one unrecorded run each, timed from start to exit; " +
                $"TorchSharp in every hello row: the same {hello.Runs} runs of {Hello.TorchSharpChild.Name}; check: {hello.Check}.");
            string Range(List<Hello.Run> runs) => $"{runs.Min(x => x.Seconds) * 1000:0}–{runs.Max(x => x.Seconds) * 1000:0} ms";
            string Jit(List<Hello.Run> runs) => $"{Stats.Median(runs.Select(x => (double)x.JitMethods)):0} methods JIT-compiled in {Stats.Median(runs.Select(x => x.JitMs)):0.0} ms";
            sb.AppendLine("- `hello` per launcher: range of wall times; what the JIT compiled during the run (System.Runtime.JitInfo, medians; none under NativeAOT): " +
                string.Join("; ", hello.Sg.Select(v => $"SharpGrad as {v.Launcher.Name}: {Range(v.Runs)}, {Jit(v.Runs)}")) +
                $"; TorchSharp: {Range(hello.Ts)}, {Jit(hello.Ts)}.");
        }
        foreach (var n in notes) sb.AppendLine($"- {n}");
        return sb.ToString();
    }

    private static string TorchSharpVersion()
    {
        var v = typeof(TorchSharp.torch).Assembly.GetName().Version;
        return v is null ? "" : $"{v.Major}.{v.Minor}.{v.Build}";
    }

    private static string MachineDescription()
    {
        string cpu = "unknown CPU";
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) cpu = line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        double memGib = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        string simd = System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "AVX-512"
            : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "AVX2" : "no AVX2";
        return $"{cpu}, {Environment.ProcessorCount} cores, {simd}, {memGib:0} GiB, {RuntimeInformation.FrameworkDescription}, " +
            $"TorchSharp intra-op threads {TorchSharpCases.Threads}";
    }

    /// <summary>The 1-minute load average (how busy the machine was), or "?".</summary>
    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
    }
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var a = values.ToArray();
        if (a.Length == 0) return double.NaN;
        Array.Sort(a);
        int m = a.Length / 2;
        return a.Length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }
}
