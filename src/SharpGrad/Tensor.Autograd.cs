namespace SharpGrad;

public sealed partial class Tensor
{
    internal bool LeafRequiresGrad;      // set on leaves only; a non-leaf requires grad through GradFn
    internal Node? GradFn;
    internal int _outputNr;          // which output of GradFn this tensor is (0 but for MultiOutputFunction)
    internal Tensor? AccumulatedGrad;
    private AccumulateGrad? _gradAccumulator;
    internal Tensor? Tangent;      // forward-mode AD
    internal int TangentLevel;

    /// <summary>True when gradients flow to this tensor: a leaf marked so, or a result of an op on such tensors.</summary>
    public bool requires_grad
    {
        get => LeafRequiresGrad || GradFn is not null;
        set => SetRequiresGrad(value);
    }

    /// <summary>Marks a leaf as requiring grad (in place); returns this tensor.</summary>
    public Tensor requires_grad_(bool requires_grad = true)
    {
        SetRequiresGrad(requires_grad);
        return this;
    }

    private void SetRequiresGrad(bool value)
    {
        if (GradFn is not null)
        {
            if (value) return;
            throw new InvalidOperationException(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
        }
        if (value && !ElementType.IsFloatingPoint())
            throw new InvalidOperationException("only Tensors of floating point and complex dtype can require gradients");
        LeafRequiresGrad = value;
    }

    /// <summary>The accumulated gradient, or null (PyTorch's <c>None</c>).</summary>
    public Tensor? grad
    {
        get => AccumulatedGrad;
        set
        {
            if (value is not null && !value.SameShape(this))
                throw new ArgumentException(
                    $"assigned grad has data of a different size");
            if (value is not null && value.ElementType != ElementType)
                throw new ArgumentException("assigned grad has data of a different type");
            AccumulatedGrad = value;
        }
    }

    /// <summary>The backward node that created this tensor, null for leaves.</summary>
    public Node? grad_fn => GradFn;

    /// <summary>True for tensors not produced by a recorded op (user-created, or not requiring grad).</summary>
    public bool is_leaf => GradFn is null;

    /// <summary>True when <see cref="retain_grad"/> was called on this non-leaf.</summary>
    public bool retains_grad => GradFn is not null && ReferenceEquals(GradFn.RetainedGradTensorOf(_outputNr), this);

    /// <summary>Which output of <see cref="grad_fn"/> this tensor is: 0, except for the outputs of a
    /// custom <c>MultiOutputFunction</c>, which share one node.</summary>
    public int output_nr => _outputNr;

    /// <summary>Keeps <c>.grad</c> of this non-leaf tensor after backward.</summary>
    public void retain_grad()
    {
        if (!requires_grad)
            throw new InvalidOperationException("can't retain_grad on Tensor that has requires_grad=False");
        if (GradFn is null) return; // leaves always keep their gradient
        GradFn.SetRetainedGradTensor(_outputNr, this);
    }

    /// <summary>Registers a hook called with this tensor's gradient; a non-null result replaces it.</summary>
    public void register_hook(Func<Tensor, Tensor?> hook)
    {
        if (!requires_grad)
            throw new InvalidOperationException("cannot register a hook on a tensor that doesn't require gradient");
        if (GradFn is { } node) node.AddHook(_outputNr, hook);
        else (GradAccumulator().TensorHooks ??= []).Add(hook);
    }

    /// <summary>Registers a hook that only observes the gradient.</summary>
    public void register_hook(Action<Tensor> hook) => register_hook(g => { hook(g); return null; });

    /// <summary>A tensor sharing this one's data, cut off from the graph.</summary>
    public Tensor detach()
    {
        // Shares data and version counter, but is neither in the graph nor a view for autograd.
        return new Tensor(SharedStorage, Sizes, Strides, StorageOffset);
    }

    /// <summary>Cuts this tensor off from the graph, in place.</summary>
    public Tensor detach_()
    {
        if (ViewBase is not null && ViewBase.requires_grad)
            throw new InvalidOperationException(
                "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.");
        GradFn = null;
        _outputNr = 0;
        LeafRequiresGrad = false;
        return this;
    }

    /// <summary>
    /// The values without history. Get: a tensor sharing storage, invisible to autograd's
    /// in-place checks. Set: replaces this tensor's values (and shape) without touching the graph,
    /// so <c>x.data = x.data - lr * x.grad</c> keeps <c>x</c> a leaf.
    /// </summary>
    public Tensor data
    {
        get => new(SharedStorage.WrapSameBuffer(), Sizes, Strides, StorageOffset);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            // As PyTorch's set_data: new values of another type (or here, shape) get a fresh
            // gradient accumulator, which expects gradients of the new dtype (nn.Module.to).
            if (value.ElementType != ElementType || !SameShape(value)) _gradAccumulator = null;
            SharedStorage = value.SharedStorage;
            Sizes = value.Sizes;
            Strides = value.Strides;
            StorageOffset = value.StorageOffset;
            ElementType = value.ElementType;
            IsContiguous = value.IsContiguous;
        }
    }

    /// <summary>Computes the gradient of this tensor with respect to graph leaves.</summary>
    public void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false,
        IList<Tensor>? inputs = null)
    {
        // A List copy of inputs, not Enumerable.ToArray: the latter loaded System.Linq in every
        // program's first backward.
        Engine.Backward([this], gradient is null ? null : [gradient], retain_graph ?? create_graph,
            create_graph, inputs is null ? null : new List<Tensor>(inputs));
    }

    internal AccumulateGrad GradAccumulator()
        => _gradAccumulator ??= new AccumulateGrad(this);

    /// <summary>Makes <paramref name="node"/> this tensor's grad_fn (the tensor is its output).</summary>
    internal Tensor SetHistory(Node node)
    {
        node.InputShape = Sizes;
        node.InputDtype = ElementType;
        if (node.InputTangents is { } tangents)
        {
            // Forward mode: the output's tangent comes from the node; the node joins the backward
            // graph only if reverse mode needs it too.
            node.InputTangents = null;
            Tangent = ForwardAD.ComputeTangent(node, this, tangents);
            TangentLevel = ForwardAD.Level;
            if (!node.DropTangentEdges() || !GradMode.Enabled) return this;
        }
        GradFn = node;
        _outputNr = 0;
        return this;
    }
}
