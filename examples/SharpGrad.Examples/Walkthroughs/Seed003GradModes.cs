using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>Seed 003: the chain rule, autograd.grad and higher derivatives, grad modes, and a
/// custom Function with three gradients.</summary>
static class Seed003GradModes
{
    public static Walkthrough[] Walkthroughs =>
    [
        new("chain-rule", "the chain rule: z = x·y + y², then dz/dx and dz/dy", ChainRule),
        new("second-derivative", "autograd.grad with create_graph: a derivative of a derivative", SecondDerivative),
        new("grad-modes", "no_grad, enable_grad and set_grad_enabled", GradModes),
        new("line3", "a custom Function w·x + b with three gradients", Line3),
    ];

    static void ChainRule(Session session)
    {
        #region chain-rule
        // y = 2x, z = y·y: dz/dx = dz/dy · dy/dx = 2y · 2 = 8x
        var x = tensor(1f, requires_grad: true);
        var y = 2 * x;
        var z = y * y;
        z.backward();
        print(x.grad);

        // two inputs
        var x1 = tensor(2f, requires_grad: true);
        var y1 = tensor(3f, requires_grad: true);
        var z1 = x1 * y1 + y1.pow(2);   // forward: builds the graph
        var loss = z1;
        loss.backward();                // backward: dz/dx = y, dz/dy = x + 2y
        print(x1.grad);
        print(y1.grad);
        #endregion
    }

    static void SecondDerivative(Session session)
    {
        #region second-derivative
        var x = tensor(3f, requires_grad: true);
        var y = x.pow(3);

        // create_graph: the derivative is itself recorded, so it can be differentiated again
        var dy_dx = autograd.grad([y], [x], create_graph: true)[0];   // 3x² = 27
        var d2y_dx2 = autograd.grad([dy_dx], [x])[0];                // 6x = 18
        print(dy_dx);
        print(d2y_dx2);
        #endregion
    }

    static void GradModes(Session session)
    {
        #region grad-modes
        var x = tensor(new float[] { 1 }, requires_grad: true);

        Tensor y;
        using (no_grad())
            y = x * 2;
        print(y.requires_grad);

        using (no_grad())
        {
            using (enable_grad())
                y = x * 2;
        }
        print(y.requires_grad);

        var is_train = false;
        using (set_grad_enabled(is_train))
            y = x * 2;
        print(y.requires_grad);

        // set_grad_enabled also works as a plain call: the mode holds until the next call
        set_grad_enabled(false);
        y = x * 2;
        print(y.requires_grad, is_grad_enabled());
        set_grad_enabled(true);
        print(is_grad_enabled());
        #endregion
    }

    #region line3
    sealed class line : autograd.Function<line>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            Tensor w = inputs[0], x = inputs[1], b = inputs[2];
            ctx.save_for_backward(w, x, b);
            return w * x + b;
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            var grad_out = grad_outputs[0];
            Tensor w = ctx.saved_tensors[0], x = ctx.saved_tensors[1];

            var grad_w = grad_out * x;
            var grad_x = grad_out * w;
            var grad_b = grad_out;

            return [grad_w, grad_x, grad_b];
        }
    }
    #endregion

    static void Line3(Session session)
    {
        #region line3
        manual_seed(0);
        var w = rand(2, 2, requires_grad: true);
        var x = rand(2, 2, requires_grad: true);
        var b = rand(2, 2, requires_grad: true);

        var @out = line.apply(w, x, b);
        @out.backward(ones(2, 2));

        print(w, x, b);
        print(w.grad, x.grad, b.grad);
        #endregion
    }
}
