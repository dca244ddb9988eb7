using System.Diagnostics;
using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>Beyond the seeds: seed 001's raw-tensor network, grown to classify Fashion-MNIST.</summary>
static class FashionMnist
{
    public static Walkthrough[] Walkthroughs =>
    [
        new("fashion-mnist", "a 784-256-10 network of raw tensors learns Fashion-MNIST", Train),
    ];

    static void Train(Session session)
    {
        #region fashion-mnist
        if (!Directory.Exists(FashionMnistData.Directory))
        {
            print($"Fashion-MNIST is not installed in {FashionMnistData.Directory}; to run this walkthrough:");
            print("    sudo apt-get install dataset-fashion-mnist");
            return;
        }
        var clock = Stopwatch.StartNew();
        var (train_x, train_y) = FashionMnistData.Load(FashionMnistData.Directory, "train");
        var (test_x, test_y) = FashionMnistData.Load(FashionMnistData.Directory, "t10k");
        print($"train {train_x.size()}, test {test_x.size()}, loaded in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();

        // The pixels' mean and standard deviation over the training set, to standardise the inputs
        var mean = train_x.mean().item<float>();
        var std = (train_x - mean).pow(2).mean().sqrt().item<float>();

        // Weights scaled as Kaiming initialisation does; biases start at zero
        manual_seed(0);
        int D_in = 784, H = 256, D_out = 10;
        var w1 = (randn(D_in, H) * Math.Sqrt(2.0 / D_in)).requires_grad_();
        var b1 = zeros(H, requires_grad: true);
        var w2 = (randn(H, D_out) * Math.Sqrt(1.0 / H)).requires_grad_();
        var b2 = zeros(D_out, requires_grad: true);
        Tensor[] parameters = [w1, b1, w2, b2];

        Tensor model(Tensor x) => (((x - mean) / std).mm(w1) + b1).relu().mm(w2) + b2;

        int epochs = 3, batch_size = 64;
        var learning_rate = 0.1;
        long n = train_x.shape[0];
        int batches = (int)((n + batch_size - 1) / batch_size);
        var order = new Random(0);
        using (var bar = new ProgressBar("training", steps: epochs * batches))
        {
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                // Minibatch SGD, visiting the batches in a new random order every epoch
                double total = 0;
                foreach (int batch in Enumerable.Range(0, batches).OrderBy(_ => order.Next()))
                {
                    long start = (long)batch * batch_size, size = Math.Min(batch_size, n - start);
                    var x = train_x.narrow(0, start, size);
                    var y = train_y.narrow(0, start, size);

                    var loss = nn.functional.cross_entropy(model(x), y);
                    loss.backward();
                    using (no_grad())
                    {
                        w1 -= learning_rate * w1.grad;
                        b1 -= learning_rate * b1.grad;
                        w2 -= learning_rate * w2.grad;
                        b2 -= learning_rate * b2.grad;
                        foreach (var p in parameters) p.grad.zero_();
                    }
                    total += loss.item<float>();
                    bar.Step($"epoch {epoch + 1}/{epochs}, loss {loss.item<float>():F3}");
                }

                Tensor predicted;
                using (no_grad())
                    predicted = model(test_x).argmax(dim: 1);
                var accuracy = (predicted == test_y).sum().item<long>() / (double)test_y.shape[0];
                print($"epoch {epoch + 1}: mean loss {total / batches:F4}, test accuracy {100 * accuracy:F2}%");
            }
        }
        print($"trained and tested {epochs} epochs in {clock.Elapsed.TotalSeconds:F1} s");

        // The first 32 test images with the network's guess (and the truth)
        using (no_grad())
        {
            var samples = test_x.narrow(0, 0, 32);
            var guesses = model(samples).argmax(dim: 1);
            FashionMnistData.SaveGrid(session.OutputFile("fashion_mnist_predictions.png"), samples, test_y.narrow(0, 0, 32), guesses);
        }
        print($"saved {session.OutputFile("fashion_mnist_predictions.png")}");
        #endregion
    }
}
