using SharpGrad;
using SharpGrad.Modules;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>
/// PyTorch's tutorial "Learning PyTorch with Examples" from its nn chapter on: the cubic fit of
/// sin(x) with nn.Sequential, with optim.RMSprop, with a custom nn.Module, and the dynamic-graph
/// weight-sharing net. Each starts from manual_seed(0), so the printed losses are PyTorch's for the
/// same seed.
/// </summary>
static class NnTutorial
{
    public static Walkthrough[] Walkthroughs =>
    [
        new("polynomial-nn", "fitting sin(x) with nn.Sequential and a hand-written update", PolynomialNn),
        new("polynomial-optim", "the same fit, updated by optim.RMSprop", PolynomialOptim),
        new("polynomial-module", "a custom nn.Module with four parameters, trained by optim.SGD", PolynomialModule),
        new("dynamic-net", "a dynamic graph: the same weight reused a random number of times", DynamicNetExample),
    ];

    static void PolynomialNn(Session session)
    {
        #region polynomial-nn
        manual_seed(0);

        // Create Tensors to hold input and outputs.
        var x = linspace(-Math.PI, Math.PI, 2000);
        var y = sin(x);

        // For this example, the output y is a linear function of (x, x^2, x^3), so
        // we can consider it as a linear layer neural network. Let's prepare the
        // tensor (x, x^2, x^3).
        var p = tensor(new long[] { 1, 2, 3 });
        var xx = x.unsqueeze(-1).pow(p);

        // Use the nn package to define our model as a sequence of layers. nn.Sequential
        // is a Module which contains other Modules, and applies them in sequence to
        // produce its output. The Linear Module computes output from input using a
        // linear function, and holds internal Tensors for its weight and bias.
        // The Flatten layer flatens the output of the linear layer to a 1D tensor,
        // to match the shape of `y`.
        var model = nn.Sequential(
            nn.Linear(3, 1),
            nn.Flatten(0, 1)
        );

        // The nn package also contains definitions of popular loss functions; in this
        // case we will use Mean Squared Error (MSE) as our loss function.
        var loss_fn = nn.MSELoss(reduction: "sum");

        var learning_rate = 1e-6;
        for (int t = 0; t < 2000; t++)
        {
            // Forward pass: compute predicted y by passing x to the model.
            var y_pred = model.call(xx);

            // Compute and print loss.
            var loss = loss_fn.call(y_pred, y);
            if (t % 100 == 99)
                print(t, loss.item());

            // Zero the gradients before running the backward pass.
            model.zero_grad();

            // Backward pass: compute gradient of the loss with respect to all the learnable
            // parameters of the model.
            loss.backward();

            // Update the weights using gradient descent.
            using (no_grad())
            {
                foreach (var param in model.parameters())
                    param.sub_(learning_rate * param.grad);
            }
        }

        // You can access the first layer of `model` like accessing the first item of a list
        var linear_layer = (Linear)model[0];

        // For linear layer, its parameters are stored as `weight` and `bias`.
        print("Result: y =", linear_layer.bias!.item(), "+", linear_layer.weight[.., 0].item(), "x +", linear_layer.weight[.., 1].item(), "x^2 +", linear_layer.weight[.., 2].item(), "x^3");
        #endregion
    }

    static void PolynomialOptim(Session session)
    {
        #region polynomial-optim
        manual_seed(0);

        // Create Tensors to hold input and outputs.
        var x = linspace(-Math.PI, Math.PI, 2000);
        var y = sin(x);

        // Prepare the input tensor (x, x^2, x^3).
        var p = tensor(new long[] { 1, 2, 3 });
        var xx = x.unsqueeze(-1).pow(p);

        // Use the nn package to define our model and loss function.
        var model = nn.Sequential(
            nn.Linear(3, 1),
            nn.Flatten(0, 1)
        );
        var loss_fn = nn.MSELoss(reduction: "sum");

        // Use the optim package to define an Optimizer that will update the weights of
        // the model for us. Here we will use RMSprop; the optim package contains many other
        // optimization algorithms. The first argument to the RMSprop constructor tells the
        // optimizer which Tensors it should update.
        var learning_rate = 1e-3;
        var optimizer = optim.RMSprop(model.parameters(), lr: learning_rate);
        for (int t = 0; t < 2000; t++)
        {
            // Forward pass: compute predicted y by passing x to the model.
            var y_pred = model.call(xx);

            // Compute and print loss.
            var loss = loss_fn.call(y_pred, y);
            if (t % 100 == 99)
                print(t, loss.item());

            // Before the backward pass, use the optimizer object to zero all of the
            // gradients for the variables it will update (which are the learnable
            // weights of the model).
            optimizer.zero_grad();

            // Backward pass: compute gradient of the loss with respect to model parameters
            loss.backward();

            // Calling the step function on an Optimizer makes an update to its parameters
            optimizer.step();
        }

        var linear_layer = (Linear)model[0];
        print("Result: y =", linear_layer.bias!.item(), "+", linear_layer.weight[.., 0].item(), "x +", linear_layer.weight[.., 1].item(), "x^2 +", linear_layer.weight[.., 2].item(), "x^3");
        #endregion
    }

    #region polynomial-module
    sealed class Polynomial3 : nn.Module<Tensor, Tensor>
    {
        // In the constructor we instantiate four parameters and assign them as
        // member parameters.
        readonly Tensor a = nn.Parameter(randn([]));
        readonly Tensor b = nn.Parameter(randn([]));
        readonly Tensor c = nn.Parameter(randn([]));
        readonly Tensor d = nn.Parameter(randn([]));

        // In the forward function we accept a Tensor of input data and we must return
        // a Tensor of output data. We can use Modules defined in the constructor as
        // well as arbitrary operators on Tensors.
        public override Tensor forward(Tensor x) => a + b * x + c * x.pow(2) + d * x.pow(3);

        // Just like any class in C#, you can also define custom methods on modules
        public object[] @string() => ["y =", a.item(), "+", b.item(), "x +", c.item(), "x^2 +", d.item(), "x^3"];
    }
    #endregion

    static void PolynomialModule(Session session)
    {
        #region polynomial-module
        manual_seed(0);

        // Create Tensors to hold input and outputs.
        var x = linspace(-Math.PI, Math.PI, 2000);
        var y = sin(x);

        // Construct our model by instantiating the class defined above
        var model = new Polynomial3();

        // Construct our loss function and an Optimizer. The call to model.parameters()
        // in the SGD constructor will contain the learnable parameters (defined
        // with nn.Parameter) which are members of the model.
        var criterion = nn.MSELoss(reduction: "sum");
        var optimizer = optim.SGD(model.parameters(), lr: 1e-6);
        for (int t = 0; t < 2000; t++)
        {
            // Forward pass: Compute predicted y by passing x to the model
            var y_pred = model.call(x);

            // Compute and print loss
            var loss = criterion.call(y_pred, y);
            if (t % 100 == 99)
                print(t, loss.item());

            // Zero gradients, perform a backward pass, and update the weights.
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        print(["Result:", .. model.@string()]);
        #endregion
    }

    #region dynamic-net
    sealed class DynamicNet : nn.Module<Tensor, Tensor>
    {
        // In the constructor we instantiate five parameters and assign them as members.
        readonly Tensor a = nn.Parameter(randn([]));
        readonly Tensor b = nn.Parameter(randn([]));
        readonly Tensor c = nn.Parameter(randn([]));
        readonly Tensor d = nn.Parameter(randn([]));
        readonly Tensor e = nn.Parameter(randn([]));

        // Python's `random` module; System.Random draws other numbers, so the losses below
        // differ from PyTorch's run from here on (the parameters start the same).
        readonly Random random = new(0);

        // For the forward pass of the model, we randomly choose either 4, 5
        // and reuse the e parameter to compute the contribution of these orders.
        //
        // Since each forward pass builds a dynamic computation graph, we can use normal
        // C# control-flow operators like loops or conditional statements when
        // defining the forward pass of the model.
        //
        // Here we also see that it is perfectly safe to reuse the same parameter many
        // times when defining a computational graph.
        public override Tensor forward(Tensor x)
        {
            var y = a + b * x + c * x.pow(2) + d * x.pow(3);
            for (int exp = 4; exp < random.Next(4, 7); exp++)
                y = y + e * x.pow(exp);
            return y;
        }

        public object[] @string() =>
            ["y =", a.item(), "+", b.item(), "x +", c.item(), "x^2 +", d.item(), "x^3 +", e.item(), "x^4 ? +", e.item(), "x^5 ?"];
    }
    #endregion

    static void DynamicNetExample(Session session)
    {
        #region dynamic-net
        manual_seed(0);

        // Create Tensors to hold input and outputs.
        var x = linspace(-Math.PI, Math.PI, 2000);
        var y = sin(x);

        // Construct our model by instantiating the class defined above
        var model = new DynamicNet();

        // Construct our loss function and an Optimizer. Training this strange model with
        // vanilla stochastic gradient descent is tough, so we use momentum
        var criterion = nn.MSELoss(reduction: "sum");
        var optimizer = optim.SGD(model.parameters(), lr: 1e-8, momentum: 0.9);
        for (int t = 0; t < 30000; t++)
        {
            // Forward pass: Compute predicted y by passing x to the model
            var y_pred = model.call(x);

            // Compute and print loss
            var loss = criterion.call(y_pred, y);
            if (t % 2000 == 1999)
                print(t, loss.item());

            // Zero gradients, perform a backward pass, and update the weights.
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        print(["Result:", .. model.@string()]);
        #endregion
    }
}
