using System.Runtime.CompilerServices;

namespace SharpGrad;

/// <summary>An edge of the backward graph: the node that receives a gradient, and which of its
/// inputs it arrives at: the <c>output_nr</c> of the tensor, 0 except for the outputs of a custom
/// <c>MultiOutputFunction</c>, whose one node produces several tensors.</summary>
internal readonly record struct Edge(Node? Node, int InputNr);

/// <summary>
/// A backward function (PyTorch's <c>grad_fn</c>): it receives the gradient of the tensor its
/// forward op produced and returns one gradient per input, which flow along <see cref="NextEdges"/>.
/// </summary>
public abstract class Node
{
    [ThreadStatic] private static long t_sequenceCounter;

    internal Edge[] NextEdges;

    /// <summary>Creation order; the engine runs later nodes first, as PyTorch's does.</summary>
    internal readonly long SequenceNr;

    /// <summary>Shape and dtype of the tensor this node produced: the gradient it expects.</summary>
    internal int[] InputShape = [];
    internal ScalarType InputDtype;

    /// <summary>Tensor hooks (<c>Tensor.register_hook</c>) of the tensor this node produced.</summary>
    internal List<Func<Tensor, Tensor?>>? TensorHooks;

    /// <summary>The non-leaf tensor whose <c>.grad</c> is kept (<see cref="Tensor.retain_grad"/>).</summary>
    internal Tensor? RetainGradTensor;

    /// <summary>Where the forward op was called, recorded only in anomaly mode.</summary>
    internal string? ForwardStackTrace;

    /// <summary>
    /// For the duration of one <see cref="Apply"/>, set by the engine on nodes that
    /// <see cref="AccumulatesDirectly"/>: for input i, the leaf whose <c>.grad</c> may receive that
    /// gradient directly (see <c>Ops.LinearAlgebra.TryAddProductToLeafGrad</c>), or a default entry. A
    /// node that delivers its gradient that way returns null for that input.
    /// </summary>
    internal DirectTarget[]? DirectTargets;

    /// <summary>True for the node of a 2-D transpose (<c>w.t()</c>), whose gradient is the
    /// transpose of the incoming one; the engine may deliver a product's gradient through it
    /// directly to the leaf (<see cref="DirectTargets"/>).</summary>
    internal virtual bool IsMatrixTranspose => false;

    /// <summary>True for nodes whose <see cref="Apply"/> honours <see cref="DirectTargets"/>.</summary>
    internal virtual bool AccumulatesDirectly => false;

    private Tensor?[]? _saved;
    private int[]? _savedVersions;
    private bool _released;

    /// <summary>The edges of a node with no inputs. A field of ours rather than
    /// Array.Empty&lt;Edge&gt;(), which is not precompiled for our struct (see docs/PERFORMANCE.md, 'Generic instantiations').</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1825", Justification = "Array.Empty<Edge> is not precompiled")]
    private protected static readonly Edge[] NoEdges = new Edge[0];

    internal Node(Edge[] nextEdges)
    {
        NextEdges = nextEdges;
        SequenceNr = t_sequenceCounter++;
        if (AnomalyMode.Enabled) ForwardStackTrace = Environment.StackTrace;
    }

    /// <summary>Builds a node whose inputs are the given tensors (null for a non-tensor input).</summary>
    internal Node(ReadOnlySpan<Tensor?> inputs) : this(Autograd.CollectNextEdges(inputs))
    {
        InputTangents = ForwardAD.CaptureTangents(inputs);
    }

    /// <summary>Tangents of the inputs while forward-mode AD computes this node's output tangent.</summary>
    internal Tensor?[]? InputTangents;

    /// <summary>Removes the stand-in edges that made dual inputs count as needing a gradient;
    /// returns whether any real edge is left.</summary>
    internal bool DropTangentEdges()
    {
        bool any = false;
        for (int i = 0; i < NextEdges.Length; i++)
        {
            if (NextEdges[i].Node is TangentEdge) NextEdges[i] = default;
            else if (NextEdges[i].Node is not null) any = true;
        }
        return any;
    }

    /// <summary>PyTorch's node name, e.g. <c>MulBackward0</c>.</summary>
    public virtual string name() => GetType().Name;

    /// <summary>The next nodes of the backward graph, one per input of the forward op.</summary>
    public IReadOnlyList<(Node? node, int input_nr)> next_functions
    {
        get
        {
            var list = new (Node?, int)[NextEdges.Length];
            for (int i = 0; i < list.Length; i++) list[i] = (NextEdges[i].Node, NextEdges[i].InputNr);
            return list;
        }
    }

    // ------------------------------------------------------------------ several outputs

    /// <summary>How many tensors the forward op produced: 1, except for a custom
    /// <c>MultiOutputFunction</c>'s node, which the engine runs through <see cref="ApplyAll"/>.</summary>
    internal virtual int NumOutputs => 1;

    /// <summary>Shape and dtype of output <paramref name="outputNr"/> (output 0's are <see cref="InputShape"/>
    /// and <see cref="InputDtype"/>).</summary>
    internal virtual (int[] Shape, ScalarType Dtype) OutputMetadata(int outputNr) => (InputShape, InputDtype);

    /// <summary>The input gradients from one gradient per output (null where none arrived).</summary>
    internal virtual Tensor?[] ApplyAll(Tensor?[] grads) => Apply(grads[0]!);

    /// <summary>The hooks of the tensor that is output <paramref name="outputNr"/>.</summary>
    internal virtual List<Func<Tensor, Tensor?>>? HooksOf(int outputNr) => TensorHooks;

    internal virtual void AddHook(int outputNr, Func<Tensor, Tensor?> hook) => (TensorHooks ??= []).Add(hook);

    /// <summary>The tensor, output <paramref name="outputNr"/>, whose gradient is kept (<c>retain_grad</c>).</summary>
    internal virtual Tensor? RetainedGradTensorOf(int outputNr) => RetainGradTensor;

    internal virtual void SetRetainedGradTensor(int outputNr, Tensor tensor) => RetainGradTensor = tensor;

    /// <summary>True when the forward op's input <paramref name="i"/> needs a gradient.</summary>
    internal bool NeedsInputGrad(int i) => NextEdges[i].Node is not null;

    /// <summary>Computes the input gradients from the output gradient, with Tensor ops so that a
    /// graph is recorded when the engine runs with <c>create_graph</c>.</summary>
    internal abstract Tensor?[] Apply(Tensor grad);

    // ------------------------------------------------------------------ saved tensors

    /// <summary>Keeps tensors for backward, remembering their versions so that an in-place change
    /// made after the forward op is caught.</summary>
    internal void SaveForBackward(params ReadOnlySpan<Tensor?> tensors)
    {
        _saved = tensors.ToArray();
        _savedVersions = new int[tensors.Length];
        for (int i = 0; i < tensors.Length; i++) _savedVersions[i] = tensors[i]?.SharedStorage.Version ?? 0;
    }

    internal bool HasSavedTensors => _saved is not null || _released;

    /// <summary>Saved tensor <paramref name="i"/>, checked against release and in-place change.</summary>
    internal Tensor Saved(int i)
    {
        if (_released) throw Autograd.BackwardTwiceError();
        var t = _saved![i]!;
        int version = t.SharedStorage.Version;
        if (version != _savedVersions![i])
        {
            var describe = $"[{t.ElementType.LegacyTypeName()} {Tensor.ShapeString(t.Sizes)}]";
            var owner = t.GradFn is not null ? $", which is output 0 of {t.GradFn.name()}," : "";
            var hint = AnomalyMode.Enabled
                ? " Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!"
                : " Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).";
            throw new InvalidOperationException(
                $"one of the variables needed for gradient computation has been modified by an inplace operation: {describe}{owner} is at version {version}; expected version {_savedVersions[i]} instead.{hint}");
        }
        return t;
    }

    /// <summary>Frees what backward needed; a second backward through this node then fails.</summary>
    internal virtual void ReleaseVariables()
    {
        if (_saved is null) return;
        _saved = null;
        _savedVersions = null;
        _released = true;
    }

    internal void ThrowIfReleased()
    {
        if (_released) throw Autograd.BackwardTwiceError();
    }

    /// <summary>PyTorch's repr.</summary>
    public override string ToString() => $"<{name()} object at 0x{RuntimeHelpers.GetHashCode(this):x12}>";
}

/// <summary>The sink of a leaf tensor's gradients: adds them into <c>.grad</c>.</summary>
public sealed class AccumulateGrad : Node
{
    /// <summary>The leaf tensor.</summary>
    public Tensor variable { get; }

    internal AccumulateGrad(Tensor variable) : base(NoEdges)
    {
        this.variable = variable;
        InputShape = variable.Sizes;
        InputDtype = variable.ElementType;
    }

    internal override Tensor?[] Apply(Tensor grad)
    {
        Accumulate(variable, grad);
        return [];
    }

    /// <summary>PyTorch's AccumulateGrad rule: the first gradient is stored (copied, so that later
    /// in-place accumulation never writes into a tensor someone else holds); later ones are added
    /// in place, or out of place when recording a graph for higher-order derivatives.</summary>
    internal static void Accumulate(Tensor variable, Tensor grad)
    {
        // Two threads may run backward into the same leaf; PyTorch serialises this with a mutex too.
        lock (variable)
            AccumulateLocked(variable, grad);
    }

    private static void AccumulateLocked(Tensor variable, Tensor grad)
    {
        var existing = variable.AccumulatedGrad;
        if (GradMode.Enabled)
        {
            variable.AccumulatedGrad = existing is null ? grad : existing + grad;
            return;
        }
        if (existing is null)
            variable.AccumulatedGrad = grad.detach().clone();
        else if (existing.GradFn is null && !existing.LeafRequiresGrad)
            existing.AddInPlaceUntracked(grad);
        else
            variable.AccumulatedGrad = (existing + grad).detach();
    }
}

/// <summary>Where a node may deliver input i's gradient itself (<see cref="Node.DirectTargets"/>):
/// the leaf, and whether the edge reaches it through a 2-D transpose.</summary>
internal readonly record struct DirectTarget(Tensor? Leaf, bool Transposed);

/// <summary>Stands in for the edge of a dual input that reverse mode does not track, so that the
/// node computes that input's gradient while forward mode derives the tangent.</summary>
internal sealed class TangentEdge : Node
{
    public static readonly TangentEdge Instance = new();
    private TangentEdge() : base(NoEdges) { }
    internal override Tensor?[] Apply(Tensor grad) => [];
}
