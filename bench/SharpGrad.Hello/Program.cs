using System.Globalization;
using SharpGrad;

// The "hello" program: seed 000's neuron, to the first gradient (the same as
// SharpGradCases.Hello() in bench/SharpGrad.Benchmarks). The lines after w.grad are for the
// benchmark, which reads them (as it does from its own child, see Hello.cs there): w.grad's values,
// the peak resident set size (VmHWM) in KiB, and what the JIT compiled during the run (nothing
// under NativeAOT).
var x = torch.tensor(new float[,] { { 2 }, { 3 } });
var w = torch.tensor(new float[,] { { 1, 2 } }, requires_grad: true);
var b = torch.tensor(new float[] { 1 }, requires_grad: true);
var z = torch.mm(w, x) + b;
var a = z.pow(2);
a.backward();
Console.WriteLine(w.grad);
Console.WriteLine($"grad={string.Join(' ', w.grad!.ToArray<float>())}");
Console.WriteLine($"peak_rss_kib={PeakRssKib()}");
Console.WriteLine($"jit_methods={System.Runtime.JitInfo.GetCompiledMethodCount()}");
Console.WriteLine(FormattableString.Invariant($"jit_ms={System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0.00}"));
return 0;

static long PeakRssKib()
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
