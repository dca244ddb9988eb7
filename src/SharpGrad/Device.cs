namespace SharpGrad;

/// <summary>Where a tensor lives. SharpGrad computes on the CPU only; the type exists so that
/// PyTorch code that names <c>device=torch.device("cpu")</c> ports unchanged.</summary>
public sealed class Device : IEquatable<Device>
{
    /// <summary>The CPU device.</summary>
    public static readonly Device CPU = new("cpu");

    /// <summary>"cpu".</summary>
    public string type { get; }

    private Device(string type) => this.type = type;

    /// <summary>Parses a device string; only "cpu" is available.</summary>
    public static Device Parse(string spec)
    {
        if (spec == "cpu") return CPU;
        throw new NotSupportedException($"SharpGrad runs on the CPU only; device '{spec}' is not available.");
    }

    /// <summary>Reference equality (== on tensors is elementwise).</summary>
    public bool Equals(Device? other) => other is not null && other.type == type;
    /// <summary>Reference equality (== on tensors is elementwise).</summary>
    public override bool Equals(object? obj) => Equals(obj as Device);
    /// <summary>Identity hash.</summary>
    public override int GetHashCode() => type.GetHashCode();
    /// <summary>PyTorch's repr.</summary>
    public override string ToString() => type;
}
