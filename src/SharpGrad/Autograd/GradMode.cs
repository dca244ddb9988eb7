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
    private static volatile bool s_checkNan = true;
    public static bool Enabled { get => s_enabled; set => s_enabled = value; }
    /// <summary>With <see cref="Enabled"/>: also fail when a backward node returns NaN.</summary>
    public static bool CheckNan { get => s_checkNan; set => s_checkNan = value; }
}

/// <summary>Restores the previous anomaly mode when disposed.</summary>
public sealed class AnomalyModeScope : IDisposable
{
    private readonly bool _previous;
    private readonly bool _previousCheckNan;
    internal AnomalyModeScope(bool enabled, bool checkNan = true)
    {
        _previous = AnomalyMode.Enabled;
        _previousCheckNan = AnomalyMode.CheckNan;
        AnomalyMode.Enabled = enabled;
        AnomalyMode.CheckNan = checkNan;
    }
    /// <summary>Restores the previous mode.</summary>
    public void Dispose()
    {
        AnomalyMode.Enabled = _previous;
        AnomalyMode.CheckNan = _previousCheckNan;
    }
}
