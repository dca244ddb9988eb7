using Spectre.Console;

namespace SharpGrad.Examples;

/// <summary>How a walkthrough is introduced: a rule with its seed, name and title, then its C# source.</summary>
static class Heading
{
    public static void Show(Walkthrough walkthrough)
    {
        Console.WriteLine();
        AnsiConsole.Write(new Rule($"[bold]{walkthrough.Seed} · {Markup.Escape(walkthrough.Name)}[/]").LeftJustified());
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(walkthrough.Title)}[/]");
        // Plain writes, not Spectre markup: code lines must never be wrapped or reinterpreted.
        bool color = AnsiConsole.Profile.Capabilities.Ansi;
        foreach (var line in walkthrough.Code.Split('\n'))
            Console.WriteLine(color ? $"\e[2m  │\e[0m \e[36m{line}\e[0m" : $"  │ {line}".TrimEnd());
        Console.WriteLine();
    }

    public static void Done(TimeSpan elapsed)
    {
        if (elapsed.TotalSeconds >= 1)
            AnsiConsole.MarkupLine($"[grey]({elapsed.TotalSeconds:F1} s, peak memory {MemoryUse.PeakBytes() / (1024 * 1024)} MiB)[/]");
    }
}
