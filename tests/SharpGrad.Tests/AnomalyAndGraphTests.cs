using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Tests that flip process-wide switches (anomaly mode, print options) or whose values depend
/// on the global generator's stream run alone.</summary>
[CollectionDefinition("Global state", DisableParallelization = true)]
public class GlobalStateTests;

[Collection("Global state")]
public class AnomalyAndGraphTests
{
    [Fact]
    public void AnomalyModeNamesTheNodeReturningNaN()
    {
        var x = tensor(new float[] { -1, 4 }, requires_grad: true);
        using (autograd.detect_anomaly())
        {
            var y = x.sqrt();
            var e = Assert.Throws<InvalidOperationException>(() => y.sum().backward());
            Assert.StartsWith("Function 'SqrtBackward0' returned nan values in its 0th output.", e.Message);
            Assert.Contains(nameof(AnomalyModeNamesTheNodeReturningNaN), e.Message); // the forward call's stack
        }
        Assert.False(autograd.is_anomaly_enabled());
        // Outside anomaly mode the NaN simply propagates.
        x.sqrt().sum().backward();
        Assert.True(float.IsNaN(x.grad!.ToArray<float>()[0]));
    }

    [Fact]
    public void NeuronGraphAsDot()
    {
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);
        var a = (mm(w, x) + b).pow(2);
        var dot = autograd.to_dot(a, new Dictionary<string, Tensor> { ["w"] = w, ["b"] = b });
        Assert.StartsWith("digraph {", dot);
        Assert.Contains("[label=PowBackward0]", dot);
        Assert.Contains("[label=AddBackward0]", dot);
        Assert.Contains("[label=MmBackward0]", dot);
        Assert.Contains("label=\"w\\n (1, 2)\" fillcolor=lightblue", dot);
        Assert.Contains("label=\"b\\n (1)\" fillcolor=lightblue", dot);
        Assert.Equal(4, dot.Split("->").Length - 1 - 1); // mm→add, w→mm, b→add, add→pow (+ pow→output)
    }
}
