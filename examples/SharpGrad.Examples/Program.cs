using System.Diagnostics;
using SharpGrad.Examples;
using Spectre.Console;

// dotnet run --project examples/SharpGrad.Examples [-- [NAME ...] [--list] [--out DIR]]
string outputDirectory = "out";
var names = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--list":
            foreach (var w in Catalog.All) Console.WriteLine($"{w.Name,-22} {w.Seed,-9} {w.Title}");
            return 0;
        case "--out" when i + 1 < args.Length:
            outputDirectory = args[++i];
            break;
        case var a when a.StartsWith("--out=", StringComparison.Ordinal):
            outputDirectory = a["--out=".Length..];
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: SharpGrad.Examples [NAME ...] [--list] [--out DIR]   (pictures go to DIR, default ./out)");
            return 0;
        case var a when a.StartsWith('-'):
            Console.Error.WriteLine($"unknown option '{a}' (try --help)");
            return 2;
        default:
            names.Add(args[i]);
            break;
    }
}

var selected = new List<Walkthrough>();
foreach (var name in names)
{
    if (Catalog.Find(name) is { } found) selected.Add(found);
    else
    {
        Console.Error.WriteLine($"no walkthrough named '{name}'; --list shows them all");
        return 2;
    }
}
if (selected.Count == 0) selected.AddRange(Catalog.All);

var session = new Session(outputDirectory);
Console.WriteLine("SharpGrad examples: each walkthrough shows the C# it runs, then what it prints, which is what");
Console.WriteLine("PyTorch prints for the same program. print(...) is Python's print (None for null, True/False).");
if (Plots.ChooseFont() is { } fontAdvice) Console.WriteLine(fontAdvice);
int failures = 0;
foreach (var walkthrough in selected)
{
    Heading.Show(walkthrough);
    // The walkthroughs are independent programs sharing one process. Before each, this application
    // (not the library, which never forces a collection) lets go of what the previous one left
    // behind (a dataset, a model), and hands the freed memory back to the operating system
    // (Aggressive), so that the peak memory printed at its end is its own.
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    MemoryUse.ResetPeak();   // each walkthrough's peak memory is its own
    var clock = Stopwatch.StartNew();
    try
    {
        walkthrough.Run(session);
    }
    catch (Exception e)
    {
        failures++;
        AnsiConsole.MarkupLine($"[red]walkthrough '{Markup.Escape(walkthrough.Name)}' failed:[/] {Markup.Escape(e.ToString())}");
    }
    Heading.Done(clock.Elapsed);
}
return failures == 0 ? 0 : 1;
