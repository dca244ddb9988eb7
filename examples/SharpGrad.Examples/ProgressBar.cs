using Spectre.Console;

namespace SharpGrad.Examples;

/// <summary>
/// A Spectre.Console progress bar for a training loop, showing the latest loss:
/// <c>using var bar = new ProgressBar("training", steps: 500);</c> then <c>bar.Step($"loss {…}")</c>
/// once per step. Spectre draws it from its own thread while the loop runs on the caller's (grad
/// modes are per thread, so the loop must stay there). Where nobody watches (output redirected, no
/// terminal, CI), there is no bar and the loop prints exactly what it would print anyway.
/// </summary>
sealed class ProgressBar : IDisposable
{
    private readonly string _description;
    private readonly ProgressTask? _task;
    private readonly Task? _renderer;
    private readonly ManualResetEventSlim _finished = new();

    /// <summary>True while a live bar owns the terminal: other output must go through Spectre.</summary>
    internal static bool IsLive { get; private set; }

    public ProgressBar(string description, int steps)
    {
        _description = description;
        if (!CanShow) return;

        using var started = new ManualResetEventSlim();
        ProgressTask? task = null;
        _renderer = Task.Run(() => AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                task = context.AddTask(Markup.Escape(description), maxValue: steps);
                started.Set();
                _finished.Wait();
                context.Refresh();
            }));
        started.Wait();
        _task = task;
        IsLive = true;
    }

    private static bool CanShow =>
        AnsiConsole.Profile.Capabilities is { Interactive: true, Ansi: true } && !Console.IsOutputRedirected;

    /// <summary>One step done; <paramref name="status"/> (the loss, say) is shown beside the bar.</summary>
    public void Step(string status)
    {
        if (_task is null) return;
        _task.Description = Markup.Escape($"{_description}  {status}");
        _task.Increment(1);
    }

    public void Dispose()
    {
        if (_renderer is null) return;
        _finished.Set();
        _renderer.Wait();
        IsLive = false;
        _finished.Dispose();
    }

    internal static void WriteLine(string line) => AnsiConsole.WriteLine(line);
}
