using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>Seed 000: autograd on one neuron, a = (wx + b)², its dynamic graph, and gradient descent.</summary>
static partial class Seed000Neuron
{
    public static Walkthrough[] Walkthroughs =>
    [
        new("neuron", "one neuron, a = (wx + b)²: backward from a, then w.grad and b.grad", Neuron),
        new("retain-grad", "keeping the gradient of the intermediate node z", RetainGrad),
        new("no-grad", "stopping the graph: no_grad() and detach()", NoGrad),
        new("line", "the neuron's z = wx + b as a custom autograd.Function", Line),
        new("gradient-descent", "minimising (x1 - 10)² + (x2 + 5)² through .data", GradientDescent),
        NeuronGraphWalkthrough,
    ];

    static void Neuron(Session session)
    {
        #region neuron
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);

        var z = mm(w, x) + b;   // z = wx + b = 9
        var a = z.pow(2);       // the activation g(z) = z²

        a.backward();           // backward from a
        print(w.grad);          // da/dw = 2z·xᵀ
        print(b.grad);          // da/db = 2z
        print(z.grad);          // intermediate nodes keep no gradient
        print(x.grad);          // x does not require grad
        print(a);
        print(a.is_leaf, x.is_leaf, x.grad_fn);
        #endregion
    }

    static void RetainGrad(Session session)
    {
        #region retain-grad
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);

        var z = mm(w, x) + b;
        z.retain_grad();        // keep dz's gradient although z is not a leaf
        var a = z.pow(2);

        a.backward();
        print(z.grad);          // da/dz = 2z
        print(z.retains_grad, z.is_leaf);
        #endregion
    }

    static void NoGrad(Session session)
    {
        #region no-grad
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);

        var z = mm(w, x) + b;
        print(z.requires_grad, z.grad_fn);

        // way 1: what runs under no_grad() is not recorded
        using (no_grad())
        {
            var a = z.pow(2);
            print(a.requires_grad, a.grad_fn);
        }

        // way 2: z1 shares z's data but has no history, so it cannot be used to compute gradients
        var z1 = z.detach();
        var a1 = z1.pow(2);
        print(a1.requires_grad, a1.grad_fn);
        #endregion
    }

    #region line
    sealed class line : autograd.Function<line>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            Tensor w = inputs[0], b = inputs[1], x = inputs[2];
            // keep the inputs for the backward pass
            ctx.save_for_backward(w, b, x);
            return mm(w, x) + b;
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            // grad_output: the derivative arriving from the previous link of the chain rule
            var grad_output = grad_outputs[0];
            Tensor x = ctx.saved_tensors[2];
            var dw = mm(grad_output, x.t());
            var db = grad_output;
            // x needs no gradient, so return None (null) for it
            return [dw, db, null];
        }
    }
    #endregion

    static void Line(Session session)
    {
        #region line
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);

        var z = line.apply(w, b, x);    // call the custom Function
        var a = z.pow(2);               // activation

        a.backward();
        print(w.grad);
        print(b.grad);
        #endregion
    }

    static void GradientDescent(Session session)
    {
        #region gradient-descent
        // initial values
        var x1 = tensor(new float[] { 1 }, requires_grad: true);
        var x2 = tensor(new float[] { 1 }, requires_grad: true);

        var alpha = 0.5;    // learning rate
        var n = 10;         // iterations

        for (int epoch = 0; epoch < n; epoch++)
        {
            // forward
            var f = (x1 - 10).pow(2) + (x2 + 5).pow(2);
            // backward (as in the tutorial, the gradients are never zeroed, so they accumulate)
            f.backward();

            // update through .data: x1 and x2 stay leaves with no grad_fn
            x1.data = x1.data - alpha * x1.grad;
            x2.data = x2.data - alpha * x2.grad;
        }

        print(x1, x2);
        #endregion
    }
}
