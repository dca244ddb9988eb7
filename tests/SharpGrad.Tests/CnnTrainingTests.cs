using SharpGrad;
using SharpGrad.Modules;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>A small CNN written as in PyTorch learns: a test-sized version of the examples' Fashion-MNIST walkthrough.</summary>
[Collection("Global state")] // seeds the global generator
public class CnnTrainingTests
{
    sealed class SmallConvNet : nn.Module<Tensor, Tensor>
    {
        readonly Sequential features = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size: 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, kernel_size: 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2));
        readonly Sequential classifier = nn.Sequential(nn.Flatten(), nn.Linear(16 * 3 * 3, 4));

        public override Tensor forward(Tensor x) => classifier.call(features.call(x));
    }

    /// <summary>12×12 images of a short bar, horizontal, vertical, diagonal or anti-diagonal (the
    /// class), at a random place, with noise: only the bar's shape tells the class, wherever it is.</summary>
    static (Tensor images, Tensor labels) Bars(int count, int seed)
    {
        var rng = new Random(seed);
        var images = new float[count * 144];
        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            int cls = rng.Next(4);
            labels[i] = cls;
            int r0 = rng.Next(2, 10), c0 = rng.Next(2, 10);
            for (int p = 0; p < 144; p++) images[i * 144 + p] = (float)(0.3 * rng.NextDouble());
            for (int k = -2; k <= 2; k++)
            {
                var (dr, dc) = cls switch { 0 => (0, k), 1 => (k, 0), 2 => (k, k), _ => (k, -k) };
                images[i * 144 + (r0 + dr) * 12 + c0 + dc] = 1f;
            }
        }
        return (tensor(images, [count, 1, 12, 12]), tensor(labels));
    }

    [Fact]
    public void ASmallCnnLearnsWhereABarPointsWhereverItIs()
    {
        manual_seed(0);
        var (train_x, train_y) = Bars(400, 1);
        var (test_x, test_y) = Bars(200, 2);
        var model = new SmallConvNet();
        var optimizer = optim.Adam(model.parameters(), lr: 1e-2);
        var loss_fn = nn.CrossEntropyLoss();
        var loader = utils.data.DataLoader(utils.data.TensorDataset(train_x, train_y), batch_size: 32, shuffle: true);
        for (int epoch = 0; epoch < 12; epoch++)
        {
            model.train();
            foreach (var (x, y) in loader)
            {
                var loss = loss_fn.call(model.call(x), y);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }
        model.eval();
        using (no_grad())
        {
            double accuracy = (model.call(test_x).argmax(dim: 1) == test_y).sum().item<long>() / 200.0;
            Assert.True(accuracy >= 0.95, $"test accuracy {accuracy:P1}");
        }
    }
}
