using TorchSharp;
using static TorchSharp.torch;


public static partial class Scripts
{
    /// <summary>libtorch's logspace (float32 and float64) and float32 norms, bit for bit.</summary>
    public static void Newcomer()
    {
        static void Show(string name, Tensor t)
            => Console.WriteLine(name + ": " + string.Join(", ", t.to_type(ScalarType.Float64).data<double>().ToArray().Select(v => v.ToString("R"))));
        Show("logspace(-1, 1, 5) f32", logspace(-1, 1, 5, dtype: ScalarType.Float32));
        Show("logspace(0, 3, 7, base 2) f32", logspace(0, 3, 7, @base: 2, dtype: ScalarType.Float32));
        Show("logspace(-1, 1, 5) f64", logspace(-1, 1, 5, dtype: ScalarType.Float64));
        Show("logspace(2, 5, 1) f32", logspace(2, 5, 1, dtype: ScalarType.Float32));
        var v = tensor(new float[] { 0.1f, -2.5f, 3.7f, 1e-3f });
        Show("norm p2 f32", v.norm());
        Show("norm p3 f32", v.norm(3f));
        Show("norm p1 f32", v.norm(1f));
        Show("norm p0.5 f32", v.norm(0.5f));
        var x = tensor(new double[] { 0, 0, 0 }, requires_grad: true);
        x.norm().backward();
        Show("grad of norm at 0", x.grad!);
        Show("isclose", isclose(tensor(new[] { 1.0, 1 + 1e-6, double.PositiveInfinity, double.NaN, 1.0, double.PositiveInfinity, 1.0 }),
                                tensor(new[] { 1.0, 1.0, double.PositiveInfinity, double.NaN, 1.1, 1.0, double.PositiveInfinity })).to_type(ScalarType.Float64));
    }
}
