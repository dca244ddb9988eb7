using System.Diagnostics;
using System.Globalization;

namespace SharpGrad.Benchmarks;

/// <summary>
/// "hello": a whole process from start to the first gradient (seed 000's neuron, w.grad printed).
/// The harness starts this program again as a child with <see cref="SharpGradFlag"/> or
/// <see cref="TorchSharpFlag"/>, and SharpGrad's stand-alone hello app (bench/SharpGrad.Hello,
/// published by bench/run.sh) where given, times each from start to exit, and reads the lines the
/// child prints: w.grad's values, the peak resident set size (VmHWM from /proc/self/status just
/// before it exits), and what the JIT compiled during the run.
/// </summary>
internal static class Hello
{
    public const string SharpGradFlag = "--hello-sharpgrad";
    public const string TorchSharpFlag = "--hello-torchsharp";

    public static int ChildSharpGrad()
    {
        var grad = SharpGradCases.Hello();
        Report(grad);
        return 0;
    }

    public static int ChildTorchSharp()
    {
        var grad = TorchSharpCases.Hello();
        Report(grad);
        return 0;
    }

    private static void Report(string grad)
    {
        Console.WriteLine($"grad={grad}");
        ReportProcess();
    }

    /// <summary>What every measured child prints last: its peak resident set and what the JIT compiled.</summary>
    internal static void ReportProcess()
    {
        Console.WriteLine($"peak_rss_kib={PeakRssKib()}");
        Console.WriteLine($"jit_methods={System.Runtime.JitInfo.GetCompiledMethodCount()}");
        Console.WriteLine(FormattableString.Invariant($"jit_ms={System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0.00}"));
    }

    /// <summary>VmHWM (peak resident set size) of this process in KiB, or -1 where /proc is missing.</summary>
    public static long PeakRssKib()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        return -1;
    }

    /// <summary>One measured child process: wall time, VmHWM, w.grad, and what the JIT compiled (count, ms).</summary>
    public sealed record Run(double Seconds, long PeakKib, string Grad, long JitMethods, double JitMs)
    {
        /// <summary>Everything the child printed to stdout.</summary>
        public string Output { get; init; } = "";
    }

    /// <summary>
    /// How a child is started: <paramref name="FileName"/> with <paramref name="Args"/>.
    /// <paramref name="Name"/> says what was launched (for the report).
    /// </summary>
    public sealed record Launcher(string Name, string FileName, string[] Args, bool TorchSharp = false);

    /// <summary>The dotnet host this program runs under, to start children the same way.</summary>
    internal static string Host()
    {
        var host = Environment.ProcessPath;
        return host is null || Path.GetFileNameWithoutExtension(host) != "dotnet" ? "dotnet" : host;
    }

    /// <summary>This program as the SharpGrad child (JIT, loads SharpGrad.Benchmarks.dll and SharpGrad.dll).</summary>
    public static Launcher SharpGradChild { get; } = new(
        $"`dotnet SharpGrad.Benchmarks.dll {SharpGradFlag}` (JIT)", Host(), [typeof(Hello).Assembly.Location, SharpGradFlag]);

    /// <summary>This program as the TorchSharp child.</summary>
    public static Launcher TorchSharpChild { get; } = new(
        $"`dotnet SharpGrad.Benchmarks.dll {TorchSharpFlag}`", Host(), [typeof(Hello).Assembly.Location, TorchSharpFlag], TorchSharp: true);

    /// <summary>A published hello app (bench/SharpGrad.Hello), started directly.</summary>
    public static Launcher App(string description, string path) =>
        new($"`{path}` ({description})", Path.GetFullPath(path), []);

    /// <summary>Starts a child and measures it.</summary>
    public static Run Launch(Launcher l)
    {
        var psi = new ProcessStartInfo(l.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in l.Args) psi.ArgumentList.Add(a);
        // The TorchSharp load fix (LD_PRELOAD of a tiny shim) is TorchSharp's need only.
        if (!l.TorchSharp) psi.Environment.Remove("LD_PRELOAD");
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        sw.Stop();
        string output = stdout.Result;
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{l.Name} exited with {p.ExitCode}:\n{output}\n{stderr.Result}");
        string grad = "?";
        long peak = -1, jitMethods = -1;
        double jitMs = double.NaN;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("grad=", StringComparison.Ordinal)) grad = line[5..].Trim();
            else if (line.StartsWith("peak_rss_kib=", StringComparison.Ordinal)) peak = long.Parse(line[13..].Trim(), CultureInfo.InvariantCulture);
            else if (line.StartsWith("jit_methods=", StringComparison.Ordinal)) jitMethods = long.Parse(line[12..].Trim(), CultureInfo.InvariantCulture);
            else if (line.StartsWith("jit_ms=", StringComparison.Ordinal)) jitMs = double.Parse(line[7..].Trim(), CultureInfo.InvariantCulture);
        }
        return new Run(sw.Elapsed.TotalSeconds, peak, grad, jitMethods, jitMs) { Output = output };
    }
}
