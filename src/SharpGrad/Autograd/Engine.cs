namespace SharpGrad;

/// <summary>Autograd plumbing shared by ops: graph edges, and the messages PyTorch gives.</summary>
internal static class Autograd
{
    /// <summary>True when an op on these inputs must record a backward node.</summary>
    public static bool NeedsGrad(Tensor a)
        => (GradMode.Enabled && a.requires_grad) || (ForwardAD.Active && ForwardAD.HasTangent(a));

    public static bool NeedsGrad(Tensor a, Tensor b)
        => (GradMode.Enabled && (a.requires_grad || b.requires_grad))
           || (ForwardAD.Active && (ForwardAD.HasTangent(a) || ForwardAD.HasTangent(b)));

    public static bool NeedsGrad(ReadOnlySpan<Tensor> inputs)
    {
        foreach (var t in inputs)
            if ((GradMode.Enabled && t.requires_grad) || (ForwardAD.Active && ForwardAD.HasTangent(t))) return true;
        return false;
    }

    /// <summary>The edge a gradient for <paramref name="t"/> flows along (null when none is needed).</summary>
    public static Edge GradientEdge(Tensor t)
    {
        if (t.GradFn is not null) return new Edge(t.GradFn, t._outputNr);
        if (t.LeafRequiresGrad) return new Edge(t.GradAccumulator(), 0);
        return default;
    }

    public static Edge[] CollectNextEdges(ReadOnlySpan<Tensor?> inputs)
    {
        var edges = new Edge[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is not { } t) continue;
            edges[i] = GradientEdge(t);
            if (edges[i].Node is null && ForwardAD.Active && ForwardAD.HasTangent(t))
                edges[i] = new Edge(TangentEdge.Instance, 0);
        }
        return edges;
    }

    public static InvalidOperationException BackwardTwiceError() => new(
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
        "Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). " +
        "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.");
}

/// <summary>
/// Runs backward: counts, for every node reachable from the roots, how many gradients it will
/// receive, then executes nodes whose gradients are all in (latest-created first, as PyTorch), so
/// a chain of any length runs without recursion.
/// </summary>
internal sealed class Engine
{
    private bool _keepGraph;
    private bool _createGraph;
    /// <summary>What the engine tracks per node: gradients still to come, and their running sum.
    /// One record per node keeps it to one lookup per edge.</summary>
    private sealed class NodeTask
    {
        public int Dependencies;
        public Tensor? Buffer;
        /// <summary>For a node with several outputs: the running sum per output (null until one arrives).</summary>
        public Tensor?[]? Buffers;
        public bool Queued;

        public bool HasGradient => Buffer is not null || Buffers is not null;
    }

    private readonly Dictionary<Node, NodeTask> _tasks = new(ReferenceEqualityComparer.Instance);
    private readonly List<NodeTask> _taskPool = [];
    private int _tasksUsed;
    private readonly ReadyQueue _ready = new();
    private readonly Stack<Node> _stack = new();
    private readonly List<Node> _order = [];

    /// <summary>One engine per thread, reused so a training loop's backward allocates no
    /// bookkeeping; a backward started from inside another (a hook, a custom backward) gets its own.</summary>
    [ThreadStatic] private static Engine? t_cached;

    /// <summary>When restricted to some inputs: the nodes whose gradient is wanted, and the nodes
    /// that lead to one of them (only those run).</summary>
    private Dictionary<Node, int>? _captureIndex;
    private HashSet<Node>? _leadsToTarget;
    private Tensor?[]? _captured;
    private bool _accumulateIntoTargets;
    private Dictionary<Node, Tensor>? _nonLeafTargets;
    /// <summary>Targets that are outputs of nodes with several outputs: which output, which slot.</summary>
    private List<(Node Node, int OutputNr, int Slot, Tensor Target)>? _multiOutputTargets;

    private static Engine Rent(bool keepGraph, bool createGraph)
    {
        var engine = t_cached ?? new Engine();
        t_cached = null;
        engine._keepGraph = keepGraph;
        engine._createGraph = createGraph;
        return engine;
    }

    private void Return()
    {
        foreach (var task in _tasks.Values) (task.Buffer, task.Buffers) = (null, null); // drop gradients, keep the records
        _tasks.Clear();
        _tasksUsed = 0;
        _ready.Clear();
        _stack.Clear();
        _order.Clear();
        _captureIndex = null;
        _leadsToTarget = null;
        _captured = null;
        _accumulateIntoTargets = false;
        _nonLeafTargets = null;
        _multiOutputTargets = null;
        t_cached = this;
    }

    /// <summary><c>backward()</c>: accumulate into <c>.grad</c> of leaves (or of <paramref name="inputs"/> only).</summary>
    public static void Backward(IReadOnlyList<Tensor> roots, IReadOnlyList<Tensor?>? rootGrads,
        bool keepGraph, bool createGraph, IReadOnlyList<Tensor>? inputs)
    {
        var (edges, grads) = MakeRootGradients(roots, rootGrads, createGraph);
        var engine = Rent(keepGraph, createGraph);
        try
        {
            if (inputs is { Count: > 0 })
            {
                engine._accumulateIntoTargets = true;
                engine.SetTargets(inputs, forGrad: false);
            }
            engine.Execute(edges, grads);
        }
        finally
        {
            engine.Return();
        }
    }

    /// <summary><c>autograd.grad()</c>: return the gradients of <paramref name="inputs"/>; nothing is accumulated.</summary>
    public static Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor?>? gradOutputs, bool keepGraph, bool createGraph, bool allowUnused)
    {
        var (edges, grads) = MakeRootGradients(outputs, gradOutputs, createGraph);
        var engine = Rent(keepGraph, createGraph);
        Tensor?[] result;
        try
        {
            engine.SetTargets(inputs, forGrad: true);
            engine.Execute(edges, grads);
            result = engine._captured!;
        }
        finally
        {
            engine.Return();
        }
        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] is null && !allowUnused)
                throw new InvalidOperationException(
                    "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.");
        }
        return result;
    }

    private static (Edge[] edges, Tensor[] grads) MakeRootGradients(IReadOnlyList<Tensor> roots,
        IReadOnlyList<Tensor?>? rootGrads, bool createGraph)
    {
        if (rootGrads is not null && rootGrads.Count != roots.Count)
            throw new ArgumentException(
                $"grad_tensors should have the same length as tensors: got {rootGrads.Count} and {roots.Count}");
        var edges = new Edge[roots.Count];
        var grads = new Tensor[roots.Count];
        for (int i = 0; i < roots.Count; i++)
        {
            var root = roots[i];
            if (!root.requires_grad)
                throw new InvalidOperationException($"element {i} of tensors does not require grad and does not have a grad_fn");
            edges[i] = Autograd.GradientEdge(root);
            var g = rootGrads?[i];
            if (g is null)
            {
                if (root.NumelInt != 1)
                    throw new InvalidOperationException("grad can be implicitly created only for scalar outputs");
                if (!root.is_floating_point())
                    throw new InvalidOperationException($"grad can be implicitly created only for real scalar outputs but got {root.ElementType.TorchName()}");
                g = Tensor.OnesLike(root);
            }
            else if (!g.SameShape(root))
            {
                throw new ArgumentException(
                    $"Mismatch in shape: grad_output[{i}] has a shape of {Tensor.TorchSizeString(g.Sizes)} and output[{i}] has a shape of {Tensor.TorchSizeString(root.Sizes)}.");
            }
            grads[i] = createGraph ? g : g.detach();
        }
        return (edges, grads);
    }

    private void SetTargets(IReadOnlyList<Tensor> inputs, bool forGrad)
    {
        _captureIndex = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        _captured = new Tensor?[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            var t = inputs[i];
            if (!t.requires_grad)
                throw new InvalidOperationException("One of the differentiated Tensors does not require grad");
            var edge = Autograd.GradientEdge(t);
            var node = edge.Node!;
            if (node.NumOutputs > 1)
            {
                // The node is a target; which of its outputs' gradients to take is listed apart.
                (_multiOutputTargets ??= []).Add((node, edge.InputNr, i, t));
                _captureIndex.TryAdd(node, -1);
                continue;
            }
            _captureIndex.TryAdd(node, i);
            if (!forGrad && node is not AccumulateGrad)
                (_nonLeafTargets ??= new(ReferenceEqualityComparer.Instance))[node] = t;
        }
    }

    private void Execute(Edge[] rootEdges, Tensor[] rootGrads)
    {
        DiscoverGraph(rootEdges);

        var ready = _ready;
        for (int i = 0; i < rootEdges.Length; i++)
            AddToBuffer(_tasks[rootEdges[i].Node!], rootEdges[i], rootGrads[i]);
        foreach (var e in rootEdges)
        {
            var node = e.Node!;
            var task = _tasks[node];
            if (task.Dependencies == 0 && task.HasGradient && !task.Queued)
            {
                task.Queued = true;
                ready.Enqueue(node, -node.SequenceNr);
            }
        }

        using var gradMode = new GradModeScope(_createGraph);
        while (ready.TryDequeue(out var node))
        {
            var task = _tasks[node];
            var (grad, grads) = (task.Buffer, task.Buffers);
            (task.Buffer, task.Buffers) = (null, null);
            if (grads is null) RunNode(node, grad!, ready);
            else RunMultiOutputNode(node, grads, ready);
        }
    }

    /// <summary>The record of <paramref name="node"/>, created on first sight; <paramref name="added"/>
    /// says whether it was new.</summary>
    private NodeTask TaskFor(Node node, out bool added)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_tasks, node, out bool exists);
        added = !exists;
        if (exists) return slot!;
        NodeTask task;
        if (_tasksUsed < _taskPool.Count) task = _taskPool[_tasksUsed];
        else _taskPool.Add(task = new NodeTask());
        _tasksUsed++;
        task.Dependencies = 0;
        task.Buffer = null;
        task.Buffers = null;
        task.Queued = false;
        slot = task;
        return task;
    }

    /// <summary>Counts each reachable node's incoming edges; with targets, keeps only the paths
    /// that lead to a target.</summary>
    private void DiscoverGraph(Edge[] rootEdges)
    {
        var stack = _stack;
        var order = _order;
        // Without targets every node runs, so incoming edges are counted during the walk itself.
        bool countNow = _captureIndex is null;
        foreach (var e in rootEdges)
        {
            TaskFor(e.Node!, out bool added);
            if (added) stack.Push(e.Node!);
        }
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            order.Add(node);
            foreach (var next in node.NextEdges)
            {
                if (next.Node is not { } child) continue;
                var task = TaskFor(child, out bool added);
                if (countNow) task.Dependencies++;
                if (added) stack.Push(child);
            }
        }
        if (countNow) return;

        if (_captureIndex is not null)
        {
            // A node leads to a target when one of its children is a target or leads to one;
            // resolve in reverse discovery order, repeating until stable (cheap for DAGs).
            _leadsToTarget = new HashSet<Node>(ReferenceEqualityComparer.Instance);
            bool changed = true;
            while (changed)
            {
                changed = false;
                for (int i = order.Count - 1; i >= 0; i--)
                {
                    var node = order[i];
                    if (_leadsToTarget.Contains(node)) continue;
                    foreach (var next in node.NextEdges)
                    {
                        if (next.Node is { } child && (_captureIndex.ContainsKey(child) || _leadsToTarget.Contains(child)))
                        {
                            _leadsToTarget.Add(node);
                            changed = true;
                            break;
                        }
                    }
                }
            }
        }

        foreach (var node in order)
        {
            if (!ShouldRun(node)) continue;
            foreach (var next in node.NextEdges)
                if (next.Node is { } child) _tasks[child].Dependencies++;
        }
    }

    private bool ShouldRun(Node node)
    {
        if (_leadsToTarget is null) return true;
        if (_leadsToTarget.Contains(node)) return true;
        // backward(inputs=[leaf]) still runs the leaf's AccumulateGrad.
        return _accumulateIntoTargets && node is AccumulateGrad && _captureIndex!.ContainsKey(node);
    }

    /// <summary>Adds a gradient arriving along <paramref name="edge"/> (at output edge.InputNr of its node).</summary>
    private static void AddToBuffer(NodeTask task, Edge edge, Tensor grad)
    {
        if (edge.Node!.NumOutputs == 1)
        {
            task.Buffer = task.Buffer is null ? grad : task.Buffer + grad;
            return;
        }
        var buffers = task.Buffers ??= new Tensor?[edge.Node.NumOutputs];
        ref var slot = ref buffers[edge.InputNr];
        slot = slot is null ? grad : slot + grad;
    }

    private void RunNode(Node node, Tensor grad, ReadyQueue ready)
    {
        if (node.TensorHooks is { } hooks)
        {
            foreach (var hook in hooks)
                if (hook(grad) is { } replaced) grad = replaced;
        }
        if (node.RetainGradTensor is { } retained)
        {
            retained.AccumulatedGrad = retained.AccumulatedGrad is null
                ? (_createGraph ? grad : grad.detach().clone())
                : (_createGraph ? retained.AccumulatedGrad + grad : (retained.AccumulatedGrad + grad).detach());
        }
        if (_captureIndex is not null && _captureIndex.TryGetValue(node, out int slot))
        {
            if (_accumulateIntoTargets)
            {
                if (node is not AccumulateGrad) AccumulateGrad.Accumulate(TargetTensorOf(node), grad);
            }
            else
            {
                _captured![slot] = grad;
            }
        }
        if (!ShouldRun(node)) return;

        if (node.AccumulatesDirectly && !_createGraph && _captureIndex is null && !AnomalyMode.Enabled)
            node.DirectTargets = DirectTargetsOf(node);
        Tensor?[] inputGrads;
        try
        {
            inputGrads = node.Apply(grad);
        }
        finally
        {
            node.DirectTargets = null;
        }
        Propagate(node, inputGrads, ready);
    }

    /// <summary>
    /// Runs a node with several outputs (a custom <c>MultiOutputFunction</c>): each output's hooks,
    /// retained gradient and capture see that output's gradient; outputs that got none stay null.
    /// </summary>
    private void RunMultiOutputNode(Node node, Tensor?[] grads, ReadyQueue ready)
    {
        for (int k = 0; k < grads.Length; k++)
        {
            if (grads[k] is not { } grad) continue;
            if (node.HooksOf(k) is { } hooks)
            {
                foreach (var hook in hooks)
                    if (hook(grad) is { } replaced) grad = replaced;
            }
            if (node.RetainedGradTensorOf(k) is { } retained)
            {
                retained.AccumulatedGrad = retained.AccumulatedGrad is null
                    ? (_createGraph ? grad : grad.detach().clone())
                    : (_createGraph ? retained.AccumulatedGrad + grad : (retained.AccumulatedGrad + grad).detach());
            }
            grads[k] = grad;
        }
        if (_multiOutputTargets is not null)
        {
            foreach (var (target, nr, slot, tensor) in _multiOutputTargets)
            {
                if (!ReferenceEquals(target, node) || grads[nr] is not { } grad) continue;
                if (_accumulateIntoTargets) AccumulateGrad.Accumulate(tensor, grad);
                else _captured![slot] = grad;
            }
        }
        if (!ShouldRun(node)) return;
        Propagate(node, node.ApplyAll(grads), ready);
    }

    /// <summary>Sends a node's input gradients along its edges, queueing nodes whose gradients are all in.</summary>
    private void Propagate(Node node, Tensor?[] inputGrads, ReadyQueue ready)
    {
        if (!_keepGraph) node.ReleaseVariables();
        if (inputGrads.Length != node.NextEdges.Length)
            throw new InvalidOperationException(
                $"function {node.name()} returned an incorrect number of gradients (expected {node.NextEdges.Length}, got {inputGrads.Length})");

        for (int i = 0; i < inputGrads.Length; i++)
        {
            var edge = node.NextEdges[i];
            var next = edge.Node;
            if (next is null || !ShouldRunOrCapture(next)) continue;
            var task = _tasks[next];
            var g = inputGrads[i];
            if (g is not null)
            {
                g = ValidateGradient(node, i, g, next, edge.InputNr);
                if (AnomalyMode.Enabled && AnomalyMode.CheckNan) CheckForNaN(node, i, g);
                AddToBuffer(task, edge, g);
            }
            if (--task.Dependencies == 0)
            {
                if (task.HasGradient)
                    ready.Enqueue(next, next is AccumulateGrad ? long.MinValue : -next.SequenceNr);
                else
                    PropagateNoGradient(next, ready);
            }
        }
    }

    /// <summary>
    /// The leaves to which <paramref name="node"/> may deliver a gradient itself: those whose
    /// AccumulateGrad receives this one gradient only (so nothing is summed before it) and has no
    /// hooks to see it, reached directly or through a 2-D transpose node (<c>w.t()</c>, as
    /// <c>nn.Linear</c> uses its weight) that likewise has this one input, no hooks and no retained
    /// gradient. Anomaly mode, <c>create_graph</c> and <c>autograd.grad</c> / <c>inputs=</c> always
    /// take the general path.
    /// </summary>
    private DirectTarget[]? DirectTargetsOf(Node node)
    {
        DirectTarget[]? targets = null;
        var edges = node.NextEdges;
        for (int i = 0; i < edges.Length; i++)
        {
            var next = edges[i].Node;
            bool transposed = false;
            if (next is not null && next.IsMatrixTranspose && next.TensorHooks is null && next.RetainGradTensor is null
                && HasOnlyThisGradient(next))
            {
                next = next.NextEdges[0].Node;
                transposed = true;
            }
            if (next is AccumulateGrad acc && acc.TensorHooks is null && HasOnlyThisGradient(acc))
                (targets ??= new DirectTarget[edges.Length])[i] = new DirectTarget(acc.variable, transposed);
        }
        return targets;
    }

    private bool HasOnlyThisGradient(Node node)
        => _tasks.TryGetValue(node, out var task) && task.Dependencies == 1 && task.Buffer is null;

    private bool ShouldRunOrCapture(Node node)
        => ShouldRun(node) || (_captureIndex is not null && _captureIndex.ContainsKey(node));

    /// <summary>A node all of whose incoming gradients were null gets no gradient and does not run,
    /// but the nodes after it still count it as done.</summary>
    private void PropagateNoGradient(Node node, ReadyQueue ready)
    {
        var pending = new Stack<Node>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            var n = pending.Pop();
            if (!ShouldRun(n)) continue;
            foreach (var e in n.NextEdges)
            {
                if (e.Node is not { } next || !ShouldRunOrCapture(next)) continue;
                var task = _tasks[next];
                if (--task.Dependencies != 0) continue;
                if (task.HasGradient) ready.Enqueue(next, -next.SequenceNr);
                else pending.Push(next);
            }
        }
    }

    private Tensor TargetTensorOf(Node node) => _nonLeafTargets![node];

    /// <summary>PyTorch's validate_outputs: a gradient must match its input's shape, or be
    /// summable down to it; it is cast to the input's dtype.</summary>
    private static Tensor ValidateGradient(Node node, int index, Tensor grad, Node next, int outputNr)
    {
        var (shape, dtype) = outputNr == 0 ? (next.InputShape, next.InputDtype) : next.OutputMetadata(outputNr);
        if (!Tensor.SameShape(grad.Sizes, shape))
        {
            if (!Tensor.IsExpandableTo(shape, grad.Sizes))
                throw new InvalidOperationException(
                    $"Function {node.name()} returned an invalid gradient at index {index} - got {Tensor.ShapeString(grad.Sizes)} but expected shape compatible with {Tensor.ShapeString(shape)}");
            grad = grad.SumToShape(shape);
        }
        if (grad.ElementType != dtype && dtype.IsFloatingPoint())
            grad = grad.to(dtype);
        return grad;
    }

    private static void CheckForNaN(Node node, int index, Tensor grad)
    {
        if (!grad.is_floating_point()) return;
        using var _ = new GradModeScope(false);
        if (grad.isnan().any().item<bool>())
        {
            var where = node.ForwardStackTrace is { } s ? $"\nTraceback of forward call that caused the error:\n{s}" : "";
            throw new InvalidOperationException($"Function '{node.name()}' returned nan values in its {index}th output.{where}");
        }
    }
}
