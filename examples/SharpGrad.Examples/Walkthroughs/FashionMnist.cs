using System.Diagnostics;
using SharpGrad;
using SharpGrad.Modules;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>Beyond the seeds: a Fashion-MNIST classifier trained the way PyTorch users write it,
/// with nn.Module, DataLoader and optim.Adam, saved to safetensors and loaded back.</summary>
static class FashionMnist
{
    public static Walkthrough[] Walkthroughs =>
    [
        new("fashion-mnist", "an nn.Module learns Fashion-MNIST with DataLoader and Adam, then saves and reloads", Train),
    ];

    #region fashion-mnist
    /// <summary>784 pixels → 256 hidden units → 10 classes. Its fields are its layers: nn.Module finds
    /// them by itself (no registration), so parameters() and state_dict() list fc1 and fc2.</summary>
    sealed class Classifier : nn.Module<Tensor, Tensor>
    {
        readonly Linear fc1 = nn.Linear(784, 256);
        readonly Linear fc2 = nn.Linear(256, 10);

        public override Tensor forward(Tensor x) => fc2.call(nn.functional.relu(fc1.call(x)));
    }

    /// <summary>The share of <paramref name="images"/> the model classifies right.</summary>
    static double Accuracy(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        model.eval();
        using (no_grad())
        {
            var predicted = model.call(images).argmax(dim: 1);
            return (predicted == labels).sum().item<long>() / (double)labels.shape[0];
        }
    }
    #endregion

    static void Train(Session session)
    {
        #region fashion-mnist
        if (FashionMnistData.LoadBoth() is not { } data) return;
        var (train_x, train_y, test_x, test_y) = data;
        var clock = Stopwatch.StartNew();

        // Standardise the pixels with the training set's mean and standard deviation, in place
        // (train_x is 188 MB: (train_x - mean) / std would make two more such tensors)
        var mean = train_x.mean();
        var std = train_x.std();
        train_x.sub_(mean).div_(std);
        test_x.sub_(mean).div_(std);

        manual_seed(0);
        var model = new Classifier();
        print(model);
        var loss_fn = nn.CrossEntropyLoss();
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        var train_loader = utils.data.DataLoader(utils.data.TensorDataset(train_x, train_y), batch_size: 64, shuffle: true);

        int epochs = 3;
        using (var bar = new ProgressBar("training", steps: epochs * train_loader.Count))
        {
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                model.train();
                double total = 0;
                foreach (var (x, y) in train_loader)
                {
                    var loss = loss_fn.call(model.call(x), y);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    total += loss.item<float>();
                    bar.Step($"epoch {epoch + 1}/{epochs}, loss {loss:F3}");
                }
                print($"epoch {epoch + 1}: mean loss {total / train_loader.Count:F4}, test accuracy {100 * Accuracy(model, test_x, test_y):F2}%");
            }
        }
        print($"trained and tested {epochs} epochs in {clock.Elapsed.TotalSeconds:F1} s");

        // Save the weights in the safetensors format, load them into a fresh model, test it again
        var path = session.OutputFile("fashion_mnist.safetensors");
        save(model.state_dict(), path);
        var restored = new Classifier();
        restored.load_state_dict(load(path));
        print($"saved {path} ({new FileInfo(path).Length / 1024} KiB); reloaded, test accuracy {100 * Accuracy(restored, test_x, test_y):F2}%");

        // The first 32 test images with the network's guess (and the truth)
        using (no_grad())
        {
            var samples = test_x.narrow(0, 0, 32);
            var guesses = restored.call(samples).argmax(dim: 1);
            FashionMnistData.SaveGrid(session.OutputFile("fashion_mnist_predictions.png"), samples * std + mean, test_y.narrow(0, 0, 32), guesses);
        }
        print($"saved {session.OutputFile("fashion_mnist_predictions.png")}");
        #endregion
    }
}
