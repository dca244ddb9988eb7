using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Shared helpers: float64 inputs for gradient checks and value assertions.</summary>
internal static class TestUtil
{
    /// <summary>A float64 tensor of the given shape with seeded normal values, requiring grad.</summary>
    public static Tensor RandD(params long[] shape)
    {
        var t = randn(shape, dtype: float64);
        return t.requires_grad_(true);
    }

    /// <summary>Asserts first- and second-order gradient checks of <paramref name="f"/> at <paramref name="inputs"/>.</summary>
    public static void CheckGradients(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        Assert.True(autograd.gradcheck(f, inputs));
        Assert.True(autograd.gradgradcheck(f, inputs));
    }

    public static void AssertValues(Tensor actual, double[] expected, double tol = 1e-4)
    {
        var values = actual.to(float64).reshape(-1).ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(values[i] - expected[i]) <= tol, $"element {i}: expected {expected[i]}, got {values[i]}");
    }
}
