using System.Diagnostics;
using System.Globalization;

namespace SharpGrad.Benchmarks;

/// <summary>
/// "hello": a whole process from start to the first gradient (seed 000's neuron, w.grad printed).
/// The harness starts this program again as a child with <see cref="SharpGradFlag"/> or
/// <see cref="TorchSharpFlag"/>, times it from start to exit, and reads the peak resident set size
/// the child prints (VmHWM from /proc/self/status just before it exits).
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
        Console.WriteLine($"peak_rss_kib={PeakRssKib()}");
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

    public sealed record Run(double Seconds, long PeakKib, string Grad);

    /// <summary>Starts this program as a child in the given mode and measures it.</summary>
    public static Run Launch(string flag)
    {
        var host = Environment.ProcessPath;
        if (host is null || Path.GetFileNameWithoutExtension(host) != "dotnet") host = "dotnet";
        var psi = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(typeof(Hello).Assembly.Location);
        psi.ArgumentList.Add(flag);
        // The TorchSharp load fix (LD_PRELOAD of a tiny shim) is TorchSharp's need only.
        if (flag == SharpGradFlag) psi.Environment.Remove("LD_PRELOAD");
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        sw.Stop();
        string output = stdout.Result;
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{flag} exited with {p.ExitCode}:\n{output}\n{stderr.Result}");
        string grad = "?";
        long peak = -1;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("grad=", StringComparison.Ordinal)) grad = line[5..].Trim();
            else if (line.StartsWith("peak_rss_kib=", StringComparison.Ordinal)) peak = long.Parse(line[13..].Trim(), CultureInfo.InvariantCulture);
        }
        return new Run(sw.Elapsed.TotalSeconds, peak, grad);
    }
}
