using System.Diagnostics;
using ScottPlot;
using SharpGrad;
using SharpGrad.Modules;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>A small convolutional network learns Fashion-MNIST: two convolution and pooling blocks,
/// then a classifier, trained with nn.Module, DataLoader and Adam.</summary>
static class FashionMnistCnn
{
    public static Walkthrough[] Walkthroughs =>
    [
        new("fashion-mnist-cnn", "a small CNN learns Fashion-MNIST to over 91%, with its curves and confusion matrix", Train),
    ];

    #region fashion-mnist-cnn
    /// <summary>[N, 1, 28, 28] → conv 3×3 (32) → ReLU → max-pool → conv 3×3 (64) → ReLU → max-pool
    /// → [N, 64·7·7] → 128 → 10 classes.</summary>
    sealed class ConvNet : nn.Module<Tensor, Tensor>
    {
        readonly Sequential features = nn.Sequential(
            nn.Conv2d(1, 32, kernel_size: 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, kernel_size: 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2));
        readonly Sequential classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10));

        public override Tensor forward(Tensor x) => classifier.call(features.call(x));
    }

    /// <summary>The model's predicted classes for <paramref name="images"/>, in batches (eval mode, no graph)
    /// of the training's size, whose buffers the training steps have made already (a batch of 1000
    /// would take 600 MB of activations).</summary>
    static Tensor Predict(nn.Module<Tensor, Tensor> model, Tensor images, int batch_size = 64)
    {
        model.eval();
        using (no_grad())
        {
            var batches = new List<Tensor>();
            for (long start = 0; start < images.shape[0]; start += batch_size)
                batches.Add(model.call(images.narrow(0, start, Math.Min(batch_size, images.shape[0] - start))).argmax(dim: 1));
            return cat(batches.ToArray());
        }
    }
    #endregion

    static void Train(Session session)
    {
        #region fashion-mnist-cnn
        if (FashionMnistData.LoadBoth() is not { } data) return;
        var (train_x, train_y, test_x, test_y) = data;
        var clock = Stopwatch.StartNew();

        // Images as [N, 1, 28, 28], standardised in place with the training set's statistics
        var mean = train_x.mean();
        var std = train_x.std();
        train_x = train_x.sub_(mean).div_(std).view(-1, 1, 28, 28);
        test_x = test_x.sub_(mean).div_(std).view(-1, 1, 28, 28);

        manual_seed(0);
        var model = new ConvNet();
        print(model);
        var loss_fn = nn.CrossEntropyLoss();
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        var train_loader = utils.data.DataLoader(utils.data.TensorDataset(train_x, train_y), batch_size: 64, shuffle: true);

        int epochs = 4;
        var losses = new List<double>();
        var accuracies = new List<double>();
        Tensor predicted = test_y;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            model.train();
            double total = 0;
            int batches = 0;
            using (var bar = new ProgressBar($"epoch {epoch + 1}/{epochs}", steps: train_loader.Count))
            {
                foreach (var (x, y) in train_loader)
                {
                    var loss = loss_fn.call(model.call(x), y);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    total += loss.item<float>();
                    batches++;
                    bar.Step($"loss {loss:F3}");
                }
            }
            predicted = Predict(model, test_x);
            losses.Add(total / batches);
            accuracies.Add((predicted == test_y).sum().item<long>() / (double)test_y.shape[0]);
            print($"epoch {epoch + 1}: mean loss {losses[^1]:F4}, test accuracy {100 * accuracies[^1]:F2}%");
        }
        print($"trained and tested {epochs} epochs in {clock.Elapsed.TotalSeconds:F1} s");

        // The loss and the accuracy per epoch
        var plt = new Plot();
        var epochAxis = Enumerable.Range(1, epochs).Select(e => (double)e).ToArray();
        var lossLine = plt.Add.ScatterLine(epochAxis, losses.ToArray(), Colors.Blue);
        lossLine.LegendText = "mean training loss";
        var accuracyLine = plt.Add.ScatterLine(epochAxis, accuracies.Select(a => 100 * a).ToArray(), Colors.Red);
        accuracyLine.LegendText = "test accuracy (%)";
        accuracyLine.Axes.YAxis = plt.Axes.Right;
        plt.Axes.Bottom.Label.Text = "epoch";
        plt.Axes.Left.Label.Text = "loss";
        plt.Axes.Right.Label.Text = "accuracy (%)";
        plt.Title("Fashion-MNIST CNN");
        plt.ShowLegend();
        plt.SavePng(session.OutputFile("fashion_mnist_cnn_curves.png"), 900, 500);
        print($"saved {session.OutputFile("fashion_mnist_cnn_curves.png")}");

        // The confusion matrix: row = true class, column = predicted class
        var confusion = zeros(new long[] { 10, 10 }, dtype: int64);
        confusion.index_put_([test_y, predicted], ones_like(test_y), accumulate: true);
        var counts = confusion.to(float64).ToArray<double>();
        var cells = new double[10, 10];
        for (int r = 0; r < 10; r++)
            for (int c = 0; c < 10; c++) cells[r, c] = counts[r * 10 + c]; // row 0 is drawn at the top
        var heatmapPlot = new Plot();
        var heatmap = heatmapPlot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmapPlot.Add.ColorBar(heatmap);
        heatmapPlot.Axes.Left.SetTicks(Enumerable.Range(0, 10).Select(i => (double)i).ToArray(),
            Enumerable.Range(0, 10).Select(i => FashionMnistData.Classes[9 - i]).ToArray());
        heatmapPlot.Axes.Bottom.SetTicks(Enumerable.Range(0, 10).Select(i => (double)i).ToArray(), FashionMnistData.Classes);
        heatmapPlot.Title("Confusion matrix (rows: true class, columns: predicted)");
        heatmapPlot.SavePng(session.OutputFile("fashion_mnist_cnn_confusion.png"), 1200, 850);
        print($"saved {session.OutputFile("fashion_mnist_cnn_confusion.png")}");

        // Save the weights in the safetensors format
        var path = session.OutputFile("fashion_mnist_cnn.safetensors");
        save(model.state_dict(), path);
        print($"saved {path} ({new FileInfo(path).Length / 1024} KiB)");
        #endregion
    }
}
