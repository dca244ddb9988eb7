using System.Globalization;
using System.Text;

namespace SharpGrad.Benchmarks;

/// <summary>
/// Whole processes, start to exit: each seed program (and the Fashion-MNIST walkthrough) written
/// once with SharpGrad (<see cref="SeedProgramsSharpGrad"/>) and once with TorchSharp
/// (<see cref="SeedProgramsTorchSharp"/>), each run as a child of this program
/// (<c>--seed-sharpgrad NAME</c> / <c>--seed-torchsharp NAME</c>) and measured with hello's
/// machinery (<see cref="Hello.Launch"/>: wall time from start to exit, VmHWM, what the JIT
/// compiled). A child prints its key results as <c>value NAME=v v ...</c> lines; the parent
/// checks that both libraries printed the same ones.
/// </summary>
internal static class ProcessSeeds
{
    public const string SharpGradFlag = "--seed-sharpgrad";
    public const string TorchSharpFlag = "--seed-torchsharp";

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> installs Fashion-MNIST (gzipped IDX files).</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The key results of one run of a program, in the order it computed them.</summary>
    internal sealed class Results
    {
        public List<(string Name, double[] Values)> Values { get; } = [];

        public void Add(string name, params double[] values) => Values.Add((name, values));

        public void Add(string name, params bool[] values) => Values.Add((name, [.. values.Select(v => v ? 1.0 : 0.0)]));

        /// <summary>Prints each result as <c>value NAME=v v ...</c> (shortest round-trip form).</summary>
        public void Print()
        {
            foreach (var (name, values) in Values)
                Console.WriteLine($"value {name}={string.Join(' ', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}");
        }

        /// <summary>The <c>value</c> lines of a child's output.</summary>
        public static Results Parse(string output)
        {
            var r = new Results();
            foreach (var line in output.Split('\n'))
            {
                if (!line.StartsWith("value ", StringComparison.Ordinal)) continue;
                int eq = line.LastIndexOf('=');   // values never hold '='
                string values = line[(eq + 1)..].Trim();
                r.Add(line[6..eq], values.Length == 0 ? [] : [.. values.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture))]);
            }
            return r;
        }
    }

    /// <summary>
    /// One program: its workload id, what it does, its two versions, and how closely their results
    /// must agree (float order differs between the libraries' kernels).
    /// </summary>
    internal sealed record SeedProgram(string Name, string Title, Action<Results> SharpGrad, Action<Results> TorchSharp,
        double Rtol, double Atol, string? Requires = null)
    {
        public string Id => Name.StartsWith('0') ? $"process-seed{Name}" : $"process-{Name}";
    }

    public static IReadOnlyList<SeedProgram> All { get; } =
    [
        new("000", "seed 000 as a whole process: the neuron a = (wx+b)², retain_grad, no_grad/detach, a custom Function, 10 steps of gradient descent through .data",
            SeedProgramsSharpGrad.Seed000, SeedProgramsTorchSharp.Seed000, Rtol: 1e-6, Atol: 1e-6),
        new("001", "seed 001 as a whole process: requires_grad_, grad_fn, the two-layer net 64×1000→100→10 with a custom MyReLU Function, 500 steps",
            SeedProgramsSharpGrad.Seed001, SeedProgramsTorchSharp.Seed001, Rtol: 1e-3, Atol: 1e-3),
        new("002", "seed 002 as a whole process: a one-layer net with binary_cross_entropy_with_logits, non-scalar backward, gradient accumulation, a Jacobian",
            SeedProgramsSharpGrad.Seed002, SeedProgramsTorchSharp.Seed002, Rtol: 1e-5, Atol: 1e-6),
        new("003", "seed 003 as a whole process: the chain rule, autograd.grad with create_graph, grad modes, a custom Function with three gradients",
            SeedProgramsSharpGrad.Seed003, SeedProgramsTorchSharp.Seed003, Rtol: 1e-6, Atol: 1e-6),
        new("004", "seed 004 as a whole process: y = 2xᵀx, zero_(), non-scalar backward, detach, backward twice (an error), sin's derivative",
            SeedProgramsSharpGrad.Seed004, SeedProgramsTorchSharp.Seed004, Rtol: 1e-5, Atol: 1e-6),
        // Accuracies (fractions) within two points: both sides initialise and shuffle with their own generators.
        new("fashion-mnist", "the Fashion-MNIST walkthrough as a whole process: load, standardise, MLP 784-256-10, Adam, batch 64, 3 epochs, test accuracy, save and reload",
            SeedProgramsSharpGrad.FashionMnist, SeedProgramsTorchSharp.FashionMnist, Rtol: 0, Atol: 0.02, Requires: FashionMnistDirectory),
    ];

    /// <summary>n floats uniform in [0, 1) (PyTorch's rand), the same on both sides.</summary>
    public static float[] Rand(int n, ulong seed) => [.. Data.Uniform(n, seed, 0.5).Select(v => Math.Min(v + 0.5f, 0.99999994f))];

    /// <summary>An IDX file's bytes, where its data starts, and its dimensions.</summary>
    public sealed record Idx(byte[] Bytes, int Start, int[] Dims);

    /// <summary>
    /// Fashion-MNIST's <paramref name="split"/> ("train" or "t10k") as the walkthrough reads it:
    /// gzipped IDX files decompressed into one array each (plain .NET, the same for both libraries,
    /// which then wrap the bytes with their frombuffer).
    /// </summary>
    public static (Idx Images, Idx Labels) ReadFashionMnist(string split) =>
        (ReadIdx(Path.Combine(FashionMnistDirectory, $"{split}-images-idx3-ubyte.gz"), 0x803),
         ReadIdx(Path.Combine(FashionMnistDirectory, $"{split}-labels-idx1-ubyte.gz"), 0x801));

    private static Idx ReadIdx(string path, int expectedMagic)
    {
        using var file = File.OpenRead(path);
        // A gzip file ends with the length of what it holds (modulo 2^32).
        Span<byte> footer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(footer);
        file.Seek(0, SeekOrigin.Begin);
        var bytes = GC.AllocateUninitializedArray<byte>(System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(footer));
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress))
            gzip.ReadExactly(bytes);
        int magic = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic) throw new InvalidDataException($"{path}: IDX magic 0x{magic:x}, expected 0x{expectedMagic:x}");
        var dims = new int[magic & 0xFF];
        for (int d = 0; d < dims.Length; d++) dims[d] = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
        return new Idx(bytes, 4 + 4 * dims.Length, dims);
    }

    /// <summary>The child: <c>--seed-sharpgrad NAME</c> or <c>--seed-torchsharp NAME [--torch-threads N]</c>.</summary>
    public static int Child(string[] args)
    {
        if (args.Length < 2 || All.SingleOrDefault(p => p.Name == args[1]) is not { } program)
        {
            Console.Error.WriteLine($"{args[0]} needs one of {string.Join(", ", All.Select(p => p.Name))}");
            return 2;
        }
        var results = new Results();
        if (args[0] == SharpGradFlag)
        {
            program.SharpGrad(results);
            if (AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "TorchSharp"))
                throw new InvalidOperationException("the SharpGrad child loaded TorchSharp: its time would include TorchSharp's start");
        }
        else
        {
            if (args.Length == 4 && args[2] == "--torch-threads") SeedProgramsTorchSharp.SetThreads(int.Parse(args[3], CultureInfo.InvariantCulture));
            program.TorchSharp(results);
        }
        results.Print();
        Hello.ReportProcess();
        return 0;
    }

    /// <summary>A program's runs on both sides (the first, unrecorded run of each not among them).</summary>
    internal sealed record Result(SeedProgram Program, List<Hello.Run> Sg, List<Hello.Run> Ts, string Check, bool CheckOk, string? Skipped = null)
    {
        public double SgSeconds => Stats.Median(Sg.Select(x => x.Seconds));
        public double TsSeconds => Stats.Median(Ts.Select(x => x.Seconds));
        public double SgMib => Stats.Median(Sg.Select(x => x.PeakKib / 1024.0));
        public double TsMib => Stats.Median(Ts.Select(x => x.PeakKib / 1024.0));
        public double Ratio => TsSeconds / SgSeconds;
    }

    /// <summary>Target for every row: the whole process at least 3× faster than TorchSharp's (issue 12).</summary>
    public const double Target = 3;

    /// <summary>
    /// <paramref name="runs"/> child processes per library, after one unrecorded run each;
    /// <paramref name="torchThreads"/> above 0 sets TorchSharp's intra-op threads in its child.
    /// </summary>
    public static Result Measure(SeedProgram p, int runs, int torchThreads)
    {
        Console.Error.WriteLine($"== {p.Id}: {p.Title}");
        if (p.Requires is { } dir && !Directory.Exists(dir))
        {
            string why = $"skipped: {dir} not found (Debian: apt-get install dataset-fashion-mnist)";
            Console.Error.WriteLine($"   {why}");
            return new Result(p, [], [], why, true, why);
        }
        string dll = typeof(ProcessSeeds).Assembly.Location;
        var sg = new Hello.Launcher($"`dotnet SharpGrad.Benchmarks.dll {SharpGradFlag} {p.Name}`", Hello.Host(), [dll, SharpGradFlag, p.Name]);
        var ts = new Hello.Launcher($"`dotnet SharpGrad.Benchmarks.dll {TorchSharpFlag} {p.Name}`", Hello.Host(),
            torchThreads > 0 ? [dll, TorchSharpFlag, p.Name, "--torch-threads", torchThreads.ToString(CultureInfo.InvariantCulture)] : [dll, TorchSharpFlag, p.Name],
            TorchSharp: true);
        // One unrecorded run each first (warm file cache), then alternating pairs.
        var sgFirst = Hello.Launch(sg);
        var tsFirst = Hello.Launch(ts);
        var sgRuns = new List<Hello.Run>();
        var tsRuns = new List<Hello.Run>();
        for (int r = 0; r < runs; r++)
        {
            if (r % 2 == 0) { sgRuns.Add(Hello.Launch(sg)); tsRuns.Add(Hello.Launch(ts)); }
            else { tsRuns.Add(Hello.Launch(ts)); sgRuns.Add(Hello.Launch(sg)); }
            Console.Error.WriteLine(FormattableString.Invariant($"   run {r + 1}: SharpGrad {sgRuns[^1].Seconds * 1000:0} ms, TorchSharp {tsRuns[^1].Seconds * 1000:0} ms"));
        }
        // Every SharpGrad run against the TorchSharp run of the same round (the unrecorded ones too).
        var checks = sgRuns.Prepend(sgFirst).Zip(tsRuns.Prepend(tsFirst), (a, b) => Check(p, Results.Parse(a.Output), Results.Parse(b.Output))).ToList();
        var failed = checks.FirstOrDefault(c => !c.Ok);
        var (ok, text) = failed.Text is null ? checks[0] : failed;
        if (ok) text += $", in each of the {checks.Count} pairs of runs";
        var result = new Result(p, sgRuns, tsRuns, text, ok);
        Console.Error.WriteLine($"   check: {text}");
        Console.Error.WriteLine(FormattableString.Invariant(
            $"   SharpGrad {result.SgSeconds * 1000:0} ms {result.SgMib:0.0} MiB  TorchSharp {result.TsSeconds * 1000:0} ms {result.TsMib:0.0} MiB  ratio {result.Ratio:0.00}×"));
        return result;
    }

    /// <summary>Both sides printed the same named results, and their values agree within the program's tolerances.</summary>
    private static (bool Ok, string Text) Check(SeedProgram p, Results sg, Results ts)
    {
        var sgNames = sg.Values.Select(v => $"{v.Name}[{v.Values.Length}]").ToList();
        var tsNames = ts.Values.Select(v => $"{v.Name}[{v.Values.Length}]").ToList();
        if (sgNames.Count == 0 || !sgNames.SequenceEqual(tsNames))
            return (false, $"MISMATCH: SharpGrad printed {string.Join(", ", sgNames)}; TorchSharp {string.Join(", ", tsNames)}");
        float[] Flat(Results r) => [.. r.Values.SelectMany(v => v.Values).Select(v => (float)v)];
        var (ok, text) = Harness.Compare(Flat(sg), Flat(ts), p.Rtol, p.Atol);
        if (!ok)
        {
            // Name the result that differs.
            var diffs = sg.Values.Zip(ts.Values, (a, b) => (a.Name, Sg: a.Values, Ts: b.Values))
                .Where(x => !Harness.Compare([.. x.Sg.Select(v => (float)v)], [.. x.Ts.Select(v => (float)v)], p.Rtol, p.Atol).Ok)
                .Select(x => $"{x.Name}: SharpGrad {Show(x.Sg)}, TorchSharp {Show(x.Ts)}");
            text += "; " + string.Join("; ", diffs);
        }
        // Few values (the Fashion-MNIST accuracies): show them.
        if (sg.Values.Sum(v => v.Values.Length) <= 4)
            text += $"; SharpGrad {Show([.. sg.Values.SelectMany(v => v.Values)])}, TorchSharp {Show([.. ts.Values.SelectMany(v => v.Values)])}";
        return (ok, $"{text}; results: {string.Join(", ", sg.Values.Select(v => v.Name))}");

        static string Show(double[] v) => string.Join(' ', v.Take(6).Select(x => x.ToString("G6", CultureInfo.InvariantCulture))) + (v.Length > 6 ? " ..." : "");
    }

    /// <summary>The rows of the whole-process table (empty when none was run).</summary>
    public static string Report(IReadOnlyList<Result> results)
    {
        if (results.Count == 0) return "";
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("Whole processes: each seed program and the Fashion-MNIST walkthrough, written with each library, timed from start to exit (medians over child processes, alternating).");
        sb.AppendLine();
        sb.AppendLine("| workload | SharpGrad | TorchSharp | ratio (TS/SG) | target | met? | peak RSS SharpGrad / TorchSharp | same result? |");
        sb.AppendLine("|---|---:|---:|---:|---|---|---|---|");
        foreach (var r in results)
        {
            if (r.Skipped is not null)
            {
                sb.AppendLine($"| {r.Program.Id} | — | — | — | ≥{Target:0}× | — | — | {r.Skipped} |");
                continue;
            }
            sb.AppendLine(FormattableString.Invariant(
                $"| {r.Program.Id} | {r.SgSeconds * 1000:0} ms | {r.TsSeconds * 1000:0} ms | {r.Ratio:0.00}× | ≥{Target:0}× | {(r.Ratio >= Target ? "yes" : "no")} | {r.SgMib:0.0} MiB / {r.TsMib:0.0} MiB | {(r.CheckOk ? "yes" : "**NO**")} |"));
        }
        var measured = results.Where(r => r.Skipped is null).ToList();
        if (measured.Count > 0)
            sb.AppendLine($"- {measured[0].Sg.Count} child processes per library and program (`dotnet SharpGrad.Benchmarks.dll --seed-sharpgrad NAME` / `--seed-torchsharp NAME`), after one unrecorded run each, alternating which library goes first.");
        foreach (var r in results)
        {
            sb.AppendLine($"- `{r.Program.Id}`: {r.Program.Title}.");
            if (r.Skipped is not null) continue;
            string Range(List<Hello.Run> runs) => FormattableString.Invariant($"{runs.Min(x => x.Seconds) * 1000:0}–{runs.Max(x => x.Seconds) * 1000:0} ms");
            string Jit(List<Hello.Run> runs) => FormattableString.Invariant(
                $"{Stats.Median(runs.Select(x => (double)x.JitMethods)):0} methods JIT-compiled in {Stats.Median(runs.Select(x => x.JitMs)):0} ms");
            sb.AppendLine($"  Range SharpGrad {Range(r.Sg)}, TorchSharp {Range(r.Ts)}; JIT SharpGrad {Jit(r.Sg)}, TorchSharp {Jit(r.Ts)}; check: {r.Check}.");
        }
        return sb.ToString();
    }
}
