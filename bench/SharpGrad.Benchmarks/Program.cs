namespace SharpGrad.Benchmarks;

/// <summary>
/// SharpGrad against TorchSharp (libtorch), side by side in one process. See bench/run.sh and
/// BENCHMARKS.md. Main stays free of TorchSharp types so that the "--hello-sharpgrad" child never
/// loads TorchSharp's assembly or native libraries.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == Hello.SharpGradFlag) return Hello.ChildSharpGrad();
        if (args.Length > 0 && args[0] == Hello.TorchSharpFlag) return Hello.ChildTorchSharp();
        if (args.Length > 0 && args[0] == Cold.ChildFlag) return Cold.Child(args);
        if (args.Length > 0 && args[0] is ProcessSeeds.SharpGradFlag or ProcessSeeds.TorchSharpFlag) return ProcessSeeds.Child(args);
        return Harness.Run(args);
    }
}
