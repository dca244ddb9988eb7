using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>Seed 002: the autograd tutorial's one-layer network, vector-Jacobian products, and jacobian().</summary>
static class Seed002Autograd
{
    public static Walkthrough[] Walkthroughs =>
    [
        new("bce-graph", "a one-layer net with a binary cross-entropy loss, and its grad_fn", BceGraph),
        new("bce-backward", "loss.backward(): the gradients of w and b", BceBackward),
        new("non-scalar", "a non-scalar output: sum() it first, or pass ones as the gradient", NonScalar),
        new("eye-accumulation", "gradients accumulate across backward calls with retain_graph", EyeAccumulation),
        new("jacobian", "the whole Jacobian with autograd.functional.jacobian", Jacobian),
    ];

    static void BceGraph(Session session)
    {
        #region bce-graph
        manual_seed(0);
        var x = ones(5);    // input tensor
        var y = zeros(3);   // expected output
        var w = randn(5, 3, requires_grad: true);
        var b = randn(3, requires_grad: true);
        var z = matmul(x, w) + b;
        var loss = nn.functional.binary_cross_entropy_with_logits(z, y);

        print($"Gradient function for z = {z.grad_fn}");
        print($"Gradient function for loss = {loss.grad_fn}");
        #endregion
    }

    static void BceBackward(Session session)
    {
        #region bce-backward
        manual_seed(0);
        var x = ones(5);
        var y = zeros(3);
        var w = randn(5, 3, requires_grad: true);
        var b = randn(3, requires_grad: true);
        var z = matmul(x, w) + b;
        var loss = nn.functional.binary_cross_entropy_with_logits(z, y);

        // backward() with no argument needs a scalar loss
        loss.backward();
        print(w.grad);
        print(b.grad);
        #endregion
    }

    static void NonScalar(Session session)
    {
        #region non-scalar
        var x = ones(5, requires_grad: true);
        var y = x * x;
        // y is not a scalar: sum it to one number first ...
        y.sum().backward();
        print(x.grad);

        // ... or, equivalently, pass the gradient of that sum: ones
        x.grad.zero_();
        y = x * x;
        y.backward(ones(x.shape[0]));
        print(x.grad);
        #endregion
    }

    static void EyeAccumulation(Session session)
    {
        #region eye-accumulation
        var inp = eye(5, requires_grad: true);
        var @out = (inp + 1).pow(2);
        @out.backward(ones_like(inp), retain_graph: true);
        print($"First call\n{inp.grad}");
        @out.backward(ones_like(inp), retain_graph: true);
        print($"\nSecond call\n{inp.grad}");
        inp.grad.zero_();
        @out.backward(ones_like(inp), retain_graph: true);
        print($"\nCall after zeroing gradients\n{inp.grad}");
        #endregion
    }

    static void Jacobian(Session session)
    {
        #region jacobian
        static Tensor exp_reducer(Tensor x) => x.exp().sum(dim: 1);

        manual_seed(0);
        var inputs = rand(2, 2);
        print(inputs);
        print(autograd.functional.jacobian(exp_reducer, inputs));
        #endregion
    }
}
