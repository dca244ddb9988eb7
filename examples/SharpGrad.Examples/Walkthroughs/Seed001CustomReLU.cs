using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>Seed 001: requires_grad_, grad_fn, and a two-layer network trained with a custom ReLU.</summary>
static class Seed001CustomReLU
{
    public static Walkthrough[] Walkthroughs =>
    [
        new("requires-grad", "switching tracking on afterwards with requires_grad_", RequiresGrad),
        new("sum-backward", "every result remembers the Function that made it: grad_fn", SumBackward),
        new("two-layer-net", "a two-layer net with a custom MyReLU, trained 500 steps", TwoLayerNet),
    ];

    static void RequiresGrad(Session session)
    {
        #region requires-grad
        manual_seed(0);
        var a = randn(2, 2);
        a = ((a * 3) / (a - 1));
        print(a.requires_grad);

        a.requires_grad_(true);
        print(a.requires_grad);
        #endregion
    }

    static void SumBackward(Session session)
    {
        #region sum-backward
        manual_seed(0);
        var a = randn(2, 2, requires_grad: true);
        var b = (a * a).sum();
        print(b.grad_fn);
        print(b.grad_fn.next_functions[0].node);
        #endregion
    }

    #region two-layer-net
    /// <summary>
    /// We can implement our own custom autograd Functions by subclassing
    /// autograd.Function and implementing the forward and backward passes
    /// which operate on Tensors.
    /// </summary>
    sealed class MyReLU : autograd.Function<MyReLU>
    {
        /// In the forward pass we receive a Tensor containing the input and return
        /// a Tensor containing the output. ctx is a context object that can be used
        /// to stash information for backward computation.
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            var input = inputs[0];
            ctx.save_for_backward(input);
            return input.clamp(min: 0);
        }

        /// In the backward pass we receive a Tensor containing the gradient of the loss
        /// with respect to the output, and we need to compute the gradient of the loss
        /// with respect to the input.
        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            var input = ctx.saved_tensors[0];
            var grad_input = grad_outputs[0].clone();
            grad_input[input < 0] = 0;
            return [grad_input];
        }
    }
    #endregion

    static void TwoLayerNet(Session session)
    {
        #region two-layer-net
        var dtype = float32;
        var device = torch.device("cpu");

        // N is batch size; D_in is input dimension;
        // H is hidden dimension; D_out is output dimension.
        int N = 64, D_in = 1000, H = 100, D_out = 10;

        // Create random Tensors to hold input and outputs.
        manual_seed(0);
        var x = randn(N, D_in, device: device, dtype: dtype);
        var y = randn(N, D_out, device: device, dtype: dtype);

        // Create random Tensors for weights.
        var w1 = randn(D_in, H, device: device, dtype: dtype, requires_grad: true);
        var w2 = randn(H, D_out, device: device, dtype: dtype, requires_grad: true);

        var learning_rate = 1e-6;
        var losses = new List<double>();
        using (var bar = new ProgressBar("training", steps: 500))
        {
            for (int t = 0; t < 500; t++)
            {
                // To apply our Function, we use Function.apply method. We alias this as 'relu'.
                var relu = MyReLU.apply;

                // Forward pass: compute predicted y using operations; we compute
                // ReLU using our custom autograd operation.
                var y_pred = relu(x.mm(w1)).mm(w2);

                // Compute and print loss
                var loss = (y_pred - y).pow(2).sum();
                losses.Add(loss.item<float>());
                if (t % 100 == 99) print(t, loss.item<float>());
                bar.Step($"loss {loss.item<float>():G4}");

                // Use autograd to compute the backward pass.
                loss.backward();

                // Update weights using gradient descent
                using (no_grad())
                {
                    w1 -= learning_rate * w1.grad;
                    w2 -= learning_rate * w2.grad;

                    // Manually zero the gradients after updating weights
                    w1.grad.zero_();
                    w2.grad.zero_();
                }
            }
        }

        // The loss curve, on a log scale
        var plt = new ScottPlot.Plot();
        var curve = plt.Add.ScatterLine(Enumerable.Range(0, losses.Count).Select(t => (double)t).ToArray(),
                                        losses.Select(Math.Log10).ToArray());
        curve.LineWidth = 2;
        Plots.UseLogScaleY(plt);
        plt.Title("Two-layer net with MyReLU: loss = Σ(y_pred - y)²");
        plt.XLabel("step t");
        plt.YLabel("loss (log scale)");
        plt.SavePng(session.OutputFile("two_layer_net_loss.png"), 800, 500);
        print($"saved {session.OutputFile("two_layer_net_loss.png")}");
        #endregion
    }
}
