namespace SharpGrad.Benchmarks;

/// <summary>Issue 3's workloads and targets (the target is TorchSharp time / SharpGrad time).</summary>
internal static class Workloads
{
    private const int ElementwiseN = 10_000_000;

    public static IReadOnlyList<Workload> All { get; } =
    [
        new("seed000", "seed 000 loop: (x1-10)^2+(x2+5)^2, backward, in-place update, zero (per iteration)",
            Metric.Microseconds, 20, "≥20×",
            () => new SharpGradCases.Seed000(0.5), () => new TorchSharpCases.Seed000(0.5), CheckSteps: 10,
            ColdIterations: 20_000, ColdTarget: 20, ColdTargetText: "≥20×"),
        new("seed001", "seed 001 two-layer net 64×1000→100→10: forward, loss, backward, update, zero (per step)",
            Metric.Microseconds, 2, "≥2×",
            () => new SharpGradCases.TwoLayerNet(), () => new TorchSharpCases.TwoLayerNet(), CheckSteps: 5, Rtol: 1e-3, Atol: 1e-4,
            ColdIterations: 500, ColdTarget: 2, ColdTargetText: "≥2×"),
        SeedOneWithHeap(0.5),
        SeedOneWithHeap(1.5),
        MatMul(256, 1.0, "≥1×"),
        MatMul(512, double.NaN, "—"),
        MatMul(1024, 1.3, "≥1.3×"),
        MatMul(2048, 1.3, "≥1.3×"),
        new("exp", "exp over 1e7 float32", Metric.Milliseconds, 3, "≥3×",
            () => new SharpGradCases.Exp(ElementwiseN), () => new TorchSharpCases.Exp(ElementwiseN), CheckSteps: 1, Rtol: 1e-5, Atol: 1e-30,
            ColdIterations: 20, ColdTarget: 3, ColdTargetText: "≥3×"),
        new("add", "a + b over 1e7 float32", Metric.Milliseconds, 1, "≥1×",
            () => new SharpGradCases.Add(ElementwiseN), () => new TorchSharpCases.Add(ElementwiseN), CheckSteps: 1, Rtol: 0, Atol: 0),
        new("mlp", "MLP 784-512-512-10, batch 256, relu, cross_entropy, SGD step (per step)",
            Metric.Milliseconds, 1.3, "≥1.3×",
            () => new SharpGradCases.Mlp(), () => new TorchSharpCases.Mlp(), CheckSteps: 3, Rtol: 1e-3, Atol: 1e-5),
        new("mlp-module-sgd", "the MLP step written with nn.Sequential, nn.CrossEntropyLoss and optim.SGD (per step)",
            Metric.Milliseconds, double.NaN, "—",
            () => new SharpGradCases.MlpModule(adam: false), () => new TorchSharpCases.MlpModule(adam: false), CheckSteps: 3, Rtol: 1e-3, Atol: 1e-5),
        new("mlp-module-adam", "the MLP step written with nn.Sequential, nn.CrossEntropyLoss and optim.Adam (per step)",
            Metric.Milliseconds, double.NaN, "—",
            () => new SharpGradCases.MlpModule(adam: true), () => new TorchSharpCases.MlpModule(adam: true), CheckSteps: 3, Rtol: 1e-3, Atol: 1e-4),
        // (Adam divides each step by sqrt(v): where a gradient is near zero, summation-order
        // differences in it move that weight by up to lr·1e-2, hence the wider atol.)
        OptimizerStep("adam", "Adam", adam: true, byHand: false),
        OptimizerStep("adam-hand", "Adam, SharpGrad's update written by hand with tensor ops,", adam: true, byHand: true),
        OptimizerStep("sgd", "SGD(momentum 0.9)", adam: false, byHand: false),
        OptimizerStep("sgd-hand", "SGD(momentum 0.9), SharpGrad's update written by hand with tensor ops,", adam: false, byHand: true),
        new("conv-lenet", "conv2d forward+backward, LeNet's convolutions (batch 64: 1→6 5×5 on 28×28, 6→16 5×5 on 12×12), float32 (per step)",
            Metric.Milliseconds, 1, "≥1×",
            () => new ConvCases.SharpGradConv(ConvCases.LeNetBatch, ConvCases.LeNet), () => new ConvCases.TorchSharpConv(ConvCases.LeNetBatch, ConvCases.LeNet),
            CheckSteps: 1, Rtol: 1e-3, Atol: 1e-2, FlopsPerStep: ConvCases.Flops(ConvCases.LeNetBatch, ConvCases.LeNet)),
        new("conv-resnet", "conv2d forward+backward, a ResNet block's convolution (batch 32, 64→64 3×3 padding 1 on 28×28), float32 (per step)",
            Metric.Milliseconds, 1, "≥1×",
            () => new ConvCases.SharpGradConv(ConvCases.ResNetBatch, ConvCases.ResNet), () => new ConvCases.TorchSharpConv(ConvCases.ResNetBatch, ConvCases.ResNet),
            CheckSteps: 1, Rtol: 1e-3, Atol: 1e-2, FlopsPerStep: ConvCases.Flops(ConvCases.ResNetBatch, ConvCases.ResNet)),
        new("conv-depthwise", "conv2d forward+backward, a MobileNet block's depthwise convolution (batch 32, 64 channels 3×3 padding 1 groups 64 on 28×28), float32 (per step)",
            Metric.Milliseconds, 1, "≥1×",
            () => new ConvCases.SharpGradConv(ConvCases.ResNetBatch, ConvCases.Depthwise), () => new ConvCases.TorchSharpConv(ConvCases.ResNetBatch, ConvCases.Depthwise),
            CheckSteps: 1, Rtol: 1e-3, Atol: 1e-2, FlopsPerStep: ConvCases.Flops(ConvCases.ResNetBatch, ConvCases.Depthwise)),
        new("cnn-step", "CNN training step, Fashion-MNIST-shaped batch 64: conv 1→32 3×3, relu, maxpool 2, conv 32→64 3×3, relu, maxpool 2, linear 3136→128, relu, linear 128→10, cross_entropy, Adam (per step)",
            Metric.Milliseconds, 1, "≥1×",
            () => new CnnCases.SharpGradCnn(), () => new CnnCases.TorchSharpCnn(), CheckSteps: 3, Rtol: 1e-3, Atol: 1e-4),
    ];

    /// <summary>Seed 001's step inside an application that holds <paramref name="gigabytes"/> of its
    /// own small objects (issue 12's target: within 1.2× of the step with an empty heap).</summary>
    private static Workload SeedOneWithHeap(double gigabytes)
        => new($"seed001-heap{gigabytes.ToString(System.Globalization.CultureInfo.InvariantCulture)}gb",
            $"seed 001's step with {gigabytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} GB of the application's small objects live (per step)",
            Metric.Microseconds, double.NaN, "—",
            () => HeapBallast.With(gigabytes, () => new SharpGradCases.TwoLayerNet()),
            () => HeapBallast.With(gigabytes, () => new TorchSharpCases.TwoLayerNet()),
            CheckSteps: 5, Rtol: 1e-3, Atol: 1e-4);

    /// <summary>One optimizer step over the MLP 784-512-512-10's parameters (669,706 floats), fixed gradients.</summary>
    private static Workload OptimizerStep(string id, string what, bool adam, bool byHand)
        => new($"optim-{id}", $"{what} step over the MLP 784-512-512-10's parameters (per step)", Metric.Microseconds, double.NaN, "—",
            () => new SharpGradCases.OptimizerStep(adam, byHand), () => new TorchSharpCases.OptimizerStep(adam),
            CheckSteps: 3, Rtol: 1e-4, Atol: 1e-6);

    private static Workload MatMul(int n, double target, string targetText)
        => new($"mm{n}", $"float32 matmul {n}×{n}×{n}", Metric.GigaFlops, target, targetText,
            () => new SharpGradCases.MatMul(n), () => new TorchSharpCases.MatMul(n),
            CheckSteps: 1, Rtol: 1e-3, Atol: 1e-3 * Math.Sqrt(n), FlopsPerStep: 2.0 * n * n * n);
}
