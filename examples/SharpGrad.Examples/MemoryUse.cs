using System.Globalization;

namespace SharpGrad.Examples;

/// <summary>The process's resident memory, as the operating system counts it (what a user sees in
/// <c>top</c>), so each walkthrough can say how much it took at most.</summary>
static class MemoryUse
{
    /// <summary>The highest resident set size since the start, or since the last <see cref="ResetPeak"/>
    /// (Linux's VmHWM); elsewhere the process's peak working set.</summary>
    public static long PeakBytes() => StatusBytes("VmHWM:") ?? System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>The resident set size now (Linux's VmRSS).</summary>
    public static long CurrentBytes() => StatusBytes("VmRSS:") ?? Environment.WorkingSet;

    /// <summary>Starts the peak over from the current resident size (Linux: writing 5 to
    /// /proc/self/clear_refs), so that a walkthrough's peak is its own; false where that is not possible.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    private static long? StatusBytes(string field)
    {
        if (!File.Exists("/proc/self/status")) return null;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))   // "VmHWM:    123456 kB"
                return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
        return null;
    }
}
