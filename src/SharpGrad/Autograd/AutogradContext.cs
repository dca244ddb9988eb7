namespace SharpGrad;

/// <summary>The <c>ctx</c> of a custom <see cref="torch.autograd.Function{T}"/>: what forward leaves for backward.</summary>
public sealed class AutogradContext
{
    private Tensor[] _saved = [];
    private int[] _savedVersions = [];
    private bool _released;

    internal AutogradContext(bool[] needsInputGrad) => needs_input_grad = needsInputGrad;

    /// <summary>For each input of forward: does it need a gradient?</summary>
    public bool[] needs_input_grad { get; }

    /// <summary>Non-tensor values for backward (PyTorch code stores them as ctx attributes).</summary>
    public Dictionary<string, object?> saved_data { get; } = new();

    /// <summary>Tensors marked as modified in place by forward.</summary>
    internal HashSet<Tensor> Dirty { get; } = new(ReferenceEqualityComparer.Instance);
    internal HashSet<Tensor> NonDifferentiable { get; } = new(ReferenceEqualityComparer.Instance);
    internal bool MaterializeGrads { get; private set; } = true;

    /// <summary>Keeps tensors for backward.</summary>
    public void save_for_backward(params Tensor?[] tensors)
    {
        _saved = tensors.Select(t => t!).ToArray();
        _savedVersions = tensors.Select(t => t?.SharedStorage.Version ?? 0).ToArray();
    }

    /// <summary>The tensors given to <see cref="save_for_backward"/>, checked for in-place changes.</summary>
    public Tensor[] saved_tensors
    {
        get
        {
            if (_released) throw Autograd.BackwardTwiceError();
            for (int i = 0; i < _saved.Length; i++)
            {
                var t = _saved[i];
                if (t is not null && t.SharedStorage.Version != _savedVersions[i])
                    throw new InvalidOperationException(
                        $"one of the variables needed for gradient computation has been modified by an inplace operation: [{t.ElementType.LegacyTypeName()} {Tensor.ShapeString(t.Sizes)}] is at version {t.SharedStorage.Version}; expected version {_savedVersions[i]} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).");
            }
            return _saved;
        }
    }

    /// <summary>Declares inputs that forward modified in place.</summary>
    public void mark_dirty(params Tensor[] tensors) { foreach (var t in tensors) Dirty.Add(t); }

    /// <summary>Declares outputs that have no gradient.</summary>
    public void mark_non_differentiable(params Tensor[] tensors) { foreach (var t in tensors) NonDifferentiable.Add(t); }

    /// <summary>When false, backward receives null (not zeros) for outputs without a gradient.</summary>
    public void set_materialize_grads(bool value) => MaterializeGrads = value;

    internal void Release()
    {
        _saved = [];
        _released = true;
    }
}
