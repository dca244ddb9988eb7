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

        var ready = new TaskCompletionSource<ProgressTask>();
        _renderer = Task.Run(() => AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ready.SetResult(context.AddTask(Markup.Escape(description), maxValue: steps));
                _finished.Wait();
                context.Refresh();
            }));
        // Should Spectre fail to start, the loop runs without a bar rather than waiting forever.
        Task.WaitAny(ready.Task, _renderer);
        if (!ready.Task.IsCompletedSuccessfully)
        {
            _renderer = null;
            return;
        }
        _task = ready.Task.Result;
        IsLive = true;
        // torch.print writes to Console.Out; while the bar is drawn, those lines go through Spectre
        // (which keeps the writer it started with) so they land above the bar.
        _consoleOut = Console.Out;
        Console.SetOut(new LineForwarder());
    }

    private readonly TextWriter? _consoleOut;

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
        if (_consoleOut is not null) Console.SetOut(_consoleOut);
        IsLive = false;
        _finished.Dispose();
    }

    internal static void WriteLine(string line) => AnsiConsole.WriteLine(line);

    /// <summary>A console writer that hands each complete line to Spectre.</summary>
    private sealed class LineForwarder : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\r') return;
            if (value != '\n') { _line.Append(value); return; }
            AnsiConsole.WriteLine(_line.ToString());
            _line.Clear();
        }
    }
}
