using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>randperm, Generator objects and in-place random fills against libtorch's numbers
/// (tools/TorchOracle, script RandomFills).</summary>
[Collection("Global state")] // seeds and draws from the global generator
public class RandomFillTests
{
    private static void Close(float[] expected, Tensor actual)
    {
        var a = actual.to(float32).ToArray<float>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(expected[i], a[i], 1e-6f);
    }

    [Fact]
    public void RandpermIsPyTorchsPermutation()
    {
        manual_seed(0);
        Assert.Equal(new long[] { 4, 1, 7, 5, 3, 9, 0, 8, 6, 2 }, randperm(10).ToArray<long>());
        var g = new Generator().manual_seed(42);
        var p = randperm(7, generator: g);
        Assert.Equal(int64, p.dtype);
        Assert.Equal(new long[] { 1, 6, 3, 5, 4, 0, 2 }, p.ToArray<long>());
        Close([0.25657248f, 0.7936413f, 0.94077146f], rand(3, generator: g));
        Assert.Empty(randperm(0).ToArray<long>());
        Assert.Equal(new long[] { 0 }, randperm(1).ToArray<long>());
        var ex = Assert.Throws<ArgumentException>(() => randperm(-1));
        Assert.Equal("n must be non-negative, got-1", ex.Message);
    }

    [Fact]
    public void InPlaceFillsDrawPyTorchsNumbers()
    {
        manual_seed(1);
        Close([1.7881579f, -0.6034456f, 0.015346289f, 1.6734223f, -1.8535922f], empty(5).uniform_(-2, 3));
        Close([-0.21837783f, -0.95954454f, -2.2181926f, -1.3320694f, 3.3424015f, 4.534855f, 0.8092762f, 1.278743f,
               -2.1570022f, 0.35875833f, 0.40130788f, 4.758692f, 1.6714611f, 1.550667f, 4.4326053f, 0.88772064f,
               2.821404f, -1.7847717f, 6.378174f, 0.77796036f], empty(20).normal_(1, 2));
        Assert.Equal(new[] { 0f, 1, 1, 1, 0, 1, 1, 1 }, empty(8).bernoulli_(0.3).ToArray<float>());
        Assert.Equal(new long[] { 4, 7, 8, 6, 9, 9 }, empty(6, dtype: int64).random_(0, 10).ToArray<long>());
        var d = empty(3, dtype: float64).uniform_();
        Assert.Equal(new[] { 0.5475802220771465, 0.34157635362877337, 0.5842302760491909 }, d.ToArray<double>());
    }

    [Fact]
    public void AGeneratorLeavesTheDefaultStreamAlone()
    {
        manual_seed(3);
        Close([-0.1467951f, 0.7861413f, 0.94682163f, -1.114344f, 1.6907902f, -0.8948279f], randn(2, 3, generator: new Generator().manual_seed(7)));
        Close([0.0042635202f, 0.10556936f], rand(2));
    }

    [Fact]
    public void GeneratorStateRoundTrips()
    {
        var g = new Generator().manual_seed(5);
        var state = g.get_state();
        var first = rand(4, generator: g).ToArray<float>();
        g.set_state(state);
        Assert.Equal(first, rand(4, generator: g).ToArray<float>());
        Assert.Equal(5, g.initial_seed());
    }

    [Fact]
    public void InPlaceFillsFollowTheInPlaceRules()
    {
        var leaf = zeros(3, requires_grad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => leaf.uniform_());
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.", ex.Message);
        using (no_grad()) leaf.uniform_(2, 3);
        Assert.All(leaf.ToArray<float>(), v => Assert.InRange(v, 2f, 3f));
        Assert.True(leaf.is_leaf);

        // A view that is not contiguous gets every element, and the base sees them.
        var m = zeros(3, 4);
        m.t().normal_();
        Assert.DoesNotContain(0f, m.ToArray<float>());

        var version = m.SharedStorage.Version;
        m.uniform_();
        Assert.True(m.SharedStorage.Version > version);
        Assert.Throws<ArgumentException>(() => zeros(2).uniform_(1, 0));
        Assert.Throws<ArgumentException>(() => zeros(2).normal_(0, -1));
        Assert.Throws<ArgumentException>(() => zeros(2).bernoulli_(1.5));
    }
}
