
namespace SharpGrad;

/// <summary>
/// Forward-mode AD state. A dual tensor carries a tangent for the active dual level; every op that
/// sees one computes its output's tangent J·ṫ from its own backward node by the double-backward
/// trick: the node maps u to Jᵀu, linear in u, so J·ṫ = ∂/∂u ⟨Jᵀu, ṫ⟩. Each op's forward rule is
/// therefore exactly as correct as its backward formula, custom Functions included.
/// </summary>
internal static class ForwardAD
{
    private static int s_levels;
    [ThreadStatic] private static bool t_suspended;

    /// <summary>The active dual level, 0 when none.</summary>
    public static int Level { get; private set; }

    public static bool Active => Level != 0 && !t_suspended;

    public static bool HasTangent(Tensor t) => t.Tangent is not null && t.TangentLevel == Level && Active;

    public static void Enter()
    {
        if (Level != 0) throw new NotSupportedException("Nested forward mode AD is not supported at the moment");
        Level = Interlocked.Increment(ref s_levels);
    }

    public static void Exit() => Level = 0;

    /// <summary>The tangents of a node's inputs, when some input is dual.</summary>
    public static Tensor?[]? CaptureTangents(ReadOnlySpan<Tensor?> inputs)
    {
        if (!Active) return null;
        Tensor?[]? tangents = null;
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is { } t && HasTangent(t))
                (tangents ??= new Tensor?[inputs.Length])[i] = t.Tangent;
        }
        return tangents;
    }

    /// <summary>⟨Jᵀu, ṫ⟩ = Σᵢ ⟨gradᵢ, ṫᵢ⟩ over the inputs that carry a tangent (null when none does):
    /// differentiating it by u gives J·ṫ.</summary>
    private static Tensor? InnerProduct(Tensor?[] grads, Tensor?[] tangents)
    {
        Tensor? product = null;
        for (int i = 0; i < tangents.Length && i < grads.Length; i++)
        {
            if (tangents[i] is not { } tangent || grads[i] is not { } g) continue;
            if (!g.SameShape(tangent)) g = g.SumToShape(tangent.Sizes);
            var term = (g * tangent).sum();
            product = product is null ? term : product + term;
        }
        return product;
    }

    /// <summary>J·ṫ for the output of <paramref name="node"/>.</summary>
    public static Tensor ComputeTangent(Node node, Tensor output, Tensor?[] tangents)
    {
        t_suspended = true;
        try
        {
            using var mode = new GradModeScope(true);
            var u = torch.zeros(output.shape, dtype: output.dtype, requires_grad: true);
            var grads = node.Apply(u);
            var product = InnerProduct(grads, tangents);
            Tensor? result = null;
            if (product is { requires_grad: true })
                result = Engine.Grad([product], [u], null, keepGraph: false, createGraph: false, allowUnused: true)[0];
            return (result ?? torch.zeros_like(output)).detach();
        }
        finally
        {
            t_suspended = false;
        }
    }

    /// <summary>J·ṫ for each output of a node with several outputs (null for the outputs in
    /// <paramref name="differentiable"/> marked false): the same trick with one u per output, since
    /// the node maps (u₀, u₁, …) to Σₖ Jₖᵀuₖ.</summary>
    public static Tensor?[] ComputeTangents(Node node, Tensor[] outputs, bool[] differentiable, Tensor?[] tangents)
    {
        t_suspended = true;
        try
        {
            using var mode = new GradModeScope(true);
            var us = outputs.Select(o => torch.zeros(o.shape, dtype: o.dtype, requires_grad: o.is_floating_point())).ToArray();
            var grads = node.ApplyAll(us);
            var product = InnerProduct(grads, tangents);
            var wanted = Enumerable.Range(0, outputs.Length).Where(k => differentiable[k] && us[k].requires_grad).ToArray();
            var result = new Tensor?[outputs.Length];
            Tensor?[] found = product is { requires_grad: true } && wanted.Length > 0
                ? Engine.Grad([product], wanted.Select(k => us[k]).ToArray(), null, keepGraph: false, createGraph: false, allowUnused: true)
                : new Tensor?[wanted.Length];
            for (int j = 0; j < wanted.Length; j++)
                result[wanted[j]] = (found[j] ?? torch.zeros_like(outputs[wanted[j]])).detach();
            return result;
        }
        finally
        {
            t_suspended = false;
        }
    }
}

/// <summary>Closes a dual level: <c>using (forward_ad.dual_level()) { … }</c>.</summary>
public sealed class DualLevelScope : IDisposable
{
    internal DualLevelScope() => ForwardAD.Enter();
    /// <summary>Leaves the level; tangents made inside it are no longer visible.</summary>
    public void Dispose() => ForwardAD.Exit();
}

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>Forward-mode automatic differentiation (PyTorch's <c>torch.autograd.forward_ad</c>).</summary>
        public static class forward_ad
        {
            /// <summary>Opens a dual level; dual tensors and their tangents live inside it.</summary>
            public static DualLevelScope dual_level() => new();

            /// <summary>A tensor with the values of <paramref name="tensor"/> carrying <paramref name="tangent"/>.</summary>
            public static Tensor make_dual(Tensor tensor, Tensor tangent)
            {
                if (ForwardAD.Level == 0)
                    throw new InvalidOperationException(
                        "Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.");
                if (!tangent.SameShape(tensor))
                    throw new ArgumentException(
                        $"Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size {Tensor.ShapeString(tensor.Sizes)} while the given forward gradient is of size {Tensor.ShapeString(tangent.Sizes)}.");
                if (!tensor.is_floating_point())
                    throw new ArgumentException("Expected primal to be floating point or complex, but got: " + tensor.dtype.TorchName());
                var dual = tensor.view_as(tensor);
                dual.Tangent = tangent.to(tensor.dtype);
                dual.TangentLevel = ForwardAD.Level;
                return dual;
            }

            /// <summary>The values and the tangent (null when the tensor is not dual at this level).</summary>
            public static (Tensor primal, Tensor? tangent) unpack_dual(Tensor tensor)
            {
                var tangent = ForwardAD.HasTangent(tensor) ? tensor.Tangent : null;
                if (tangent is null) return (tensor, null);
                return (tensor.view_as(tensor), tangent);
            }
        }
    }
}
