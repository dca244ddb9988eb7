using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace SharpGrad.Tests;

/// <summary>
/// The SharpGrad.dll these tests run is the library's build output, which the build precompiles with
/// ReadyToRun (src/SharpGrad/SharpGrad.csproj; docs/PERFORMANCE.md, "ReadyToRun in the build output
/// and package"). The build records in the assembly whether it did (it skips it, for example, with
/// -p:Optimize=false or an SDK whose runtime is not the one the library targets).
/// </summary>
public class ReadyToRunTests
{
    [Fact]
    public void BuildOutputIsAReadyToRunImageForThisPlatformWhenTheBuildSaysSo()
    {
        Assembly library = typeof(torch).Assembly;
        string? precompiled = library.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "SharpGrad.ReadyToRun")?.Value;
        Assert.True(precompiled is "true" or "false", $"SharpGrad.ReadyToRun metadata: '{precompiled}'");

        using FileStream file = File.OpenRead(library.Location);
        using var reader = new PEReader(file);
        CorHeader corHeader = reader.PEHeaders.CorHeader!;
        bool hasReadyToRunHeader = corHeader.ManagedNativeHeaderDirectory.Size > 0;
        Assert.Equal(precompiled == "true", hasReadyToRunHeader);
        if (!hasReadyToRunHeader)
        {
            Assert.Equal(Machine.I386, reader.PEHeaders.CoffHeader.Machine); // an IL-only (AnyCPU) image
            return;
        }

        // A ReadyToRun image keeps its IL and metadata (the JIT's fallback) and says so.
        Assert.True((corHeader.Flags & CorFlags.ILLibrary) != 0);
        Assert.True(reader.GetMetadataReader().MethodDefinitions.Count > 0);
        // It is compiled for this OS and architecture: the runtime refuses to load an image for
        // another platform (BadImageFormatException), so this is what the build machine can run.
        Assert.Equal(ExpectedMachine(), (ushort)reader.PEHeaders.CoffHeader.Machine);
    }

    /// <summary>The PE machine field of a ReadyToRun image: the architecture XOR an OS mask
    /// (crossgen2's convention, Windows unmasked).</summary>
    private static ushort ExpectedMachine()
    {
        ushort architecture = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 0x8664,
            Architecture.Arm64 => 0xAA64,
            Architecture other => throw new PlatformNotSupportedException($"no ReadyToRun build for {other}"),
        };
        ushort osMask = OperatingSystem.IsLinux() ? (ushort)0x7B79
            : OperatingSystem.IsMacOS() ? (ushort)0x4644
            : OperatingSystem.IsWindows() ? (ushort)0
            : throw new PlatformNotSupportedException("no ReadyToRun build for this OS");
        return (ushort)(architecture ^ osMask);
    }
}
