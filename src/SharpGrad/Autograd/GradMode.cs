namespace SharpGrad;

/// <summary>Whether operations record a backward graph, per thread as in PyTorch.</summary>
internal static class GradMode
{
    [ThreadStatic] private static bool t_disabled;
    [ThreadStatic] private static bool t_inference;

    public static bool Enabled
    {
        get => !t_disabled;
        set => t_disabled = !value;
    }

    public static bool InferenceMode
    {
        get => t_inference;
        set => t_inference = value;
    }
}

/// <summary>Restores the previous grad mode when disposed: <c>using (torch.no_grad()) { … }</c>.
/// A struct, so a training loop's <c>using (no_grad())</c> allocates nothing.</summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool _previous;
    private readonly bool _previousInference;

    internal GradModeScope(bool enabled, bool inference = false)
    {
        _previous = GradMode.Enabled;
        _previousInference = GradMode.InferenceMode;
        GradMode.Enabled = enabled;
        if (inference) GradMode.InferenceMode = true;
    }

    /// <summary>Restores the previous mode.</summary>
    public void Dispose()
    {
        GradMode.Enabled = _previous;
        GradMode.InferenceMode = _previousInference;
    }
}

/// <summary>Anomaly detection: NaN checks on backward outputs and forward stack traces.</summary>
internal static class AnomalyMode
{
    private static volatile bool s_enabled;
    public static bool Enabled { get => s_enabled; set => s_enabled = value; }
}

/// <summary>Restores the previous anomaly mode when disposed.</summary>
public sealed class AnomalyModeScope : IDisposable
{
    private readonly bool _previous;
    internal AnomalyModeScope(bool enabled)
    {
        _previous = AnomalyMode.Enabled;
        AnomalyMode.Enabled = enabled;
    }
    /// <summary>Restores the previous mode.</summary>
    public void Dispose() => AnomalyMode.Enabled = _previous;
}
