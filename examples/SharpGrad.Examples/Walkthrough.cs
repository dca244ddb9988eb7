using System.Runtime.CompilerServices;

namespace SharpGrad.Examples;

/// <summary>
/// One topic of one seed tutorial. Its code is the <c>#region</c> of the same name in the source file
/// that declares it (several regions of that name are shown one after the other), so what is printed
/// is exactly what runs.
/// </summary>
sealed class Walkthrough(string name, string title, Action<Session> run, [CallerFilePath] string sourceFile = "")
{
    /// <summary>What <c>dotnet run -- NAME</c> takes.</summary>
    public string Name { get; } = name;
    public string Title { get; } = title;
    public Action<Session> Run { get; } = run;

    /// <summary>The seed this walkthrough comes from (<c>Seed001…</c> → "seed 001"), or "extra".</summary>
    public string Seed { get; } = SeedOf(Path.GetFileName(sourceFile));

    public string SourceFile { get; } = Path.GetFileName(sourceFile);

    public string Code => SourceSnippet.Extract(SourceFile, Name);

    private static string SeedOf(string file) =>
        file.StartsWith("Seed", StringComparison.Ordinal) && file.Length > 7 ? "seed " + file[4..7] : "extra";
}

/// <summary>What a run gives its walkthroughs: where pictures go (<c>--out DIR</c>).</summary>
sealed class Session(string outputDirectory)
{
    public string OutputDirectory { get; } = outputDirectory;

    /// <summary>The full path of a picture in the output directory (created on first use).</summary>
    public string OutputFile(string fileName)
    {
        Directory.CreateDirectory(OutputDirectory);
        return Path.GetFullPath(Path.Combine(OutputDirectory, fileName));
    }
}
