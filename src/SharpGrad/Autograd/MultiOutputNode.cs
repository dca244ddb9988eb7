namespace SharpGrad;

/// <summary>
/// The one node of an op with several outputs (a custom <c>MultiOutputFunction</c>, split's pieces,
/// linalg.qr's Q and R): it keeps each output's shape, dtype, hooks and retained-grad tensor, and
/// the engine runs it through <see cref="Node.ApplyAll"/> with one gradient per output (null where
/// none arrived). Output k's gradient arrives at input_nr k (its <c>output_nr</c>).
/// </summary>
internal abstract class MultiOutputNode : Node
{
    private readonly string _name;
    private readonly (int[] Shape, ScalarType Dtype)[] _outputs;
    private readonly List<Func<Tensor, Tensor?>>?[] _hooks;
    private readonly Tensor?[] _retained;

    protected MultiOutputNode(string name, ReadOnlySpan<Tensor?> inputs, Tensor[] outputs) : base(inputs)
    {
        _name = name;
        _outputs = outputs.Select(o => (o.Sizes, o.ElementType)).ToArray();
        _hooks = new List<Func<Tensor, Tensor?>>?[outputs.Length];
        _retained = new Tensor?[outputs.Length];
        InputShape = outputs[0].Sizes;
        InputDtype = outputs[0].ElementType;
    }

    public override string name() => _name;

    internal override int NumOutputs => _outputs.Length;
    internal override (int[] Shape, ScalarType Dtype) OutputMetadata(int outputNr) => _outputs[outputNr];
    internal override List<Func<Tensor, Tensor?>>? HooksOf(int outputNr) => _hooks[outputNr];
    internal override void AddHook(int outputNr, Func<Tensor, Tensor?> hook) => (_hooks[outputNr] ??= []).Add(hook);
    internal override Tensor? RetainedGradTensorOf(int outputNr) => _retained[outputNr];
    internal override void SetRetainedGradTensor(int outputNr, Tensor tensor) => _retained[outputNr] = tensor;

    /// <summary>A gradient for output 0 alone.</summary>
    internal override Tensor?[] Apply(Tensor grad)
    {
        var grads = new Tensor?[_outputs.Length];
        grads[0] = grad;
        return ApplyAll(grads);
    }

    internal abstract override Tensor?[] ApplyAll(Tensor?[] grads);

    /// <summary>
    /// Makes this node the grad_fn of each differentiable output (output k is its k-th). Under
    /// forward mode the outputs get their tangents first, and the node joins the backward graph only
    /// if reverse mode needs it too.
    /// </summary>
    internal void SetHistoryOf(Tensor[] outputs, bool[] differentiable)
    {
        if (InputTangents is { } tangents)
        {
            InputTangents = null;
            var outputTangents = ForwardAD.ComputeTangents(this, outputs, differentiable, tangents);
            for (int k = 0; k < outputs.Length; k++)
            {
                if (outputTangents[k] is not { } tangent) continue;
                outputs[k].Tangent = tangent;
                outputs[k].TangentLevel = ForwardAD.Level;
            }
            if (!DropTangentEdges() || !GradMode.Enabled) return;
        }
        for (int k = 0; k < outputs.Length; k++)
        {
            if (!differentiable[k]) continue;
            outputs[k].GradFn = this;
            outputs[k]._outputNr = k;
        }
    }
}
