using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    static string F(Tensor t) => string.Join(", ", t.dtype == ScalarType.Int64
        ? t.data<long>().ToArray().Select(v => v.ToString())
        : t.dtype == ScalarType.Float64 ? t.data<double>().ToArray().Select(v => v.ToString("R"))
        : t.to_type(ScalarType.Float32).data<float>().ToArray().Select(v => v.ToString("R")));

    /// <summary>randperm, generators and in-place random fills (RandomFillTests).</summary>
    public static void RandomFills()
    {
        manual_seed(0);
        Console.WriteLine("randperm(10) seed 0: " + F(randperm(10)));
        var g = new Generator(42);
        Console.WriteLine("randperm(7, g42): " + F(randperm(7, generator: g)));
        Console.WriteLine("then rand(3, g): " + F(rand(3, generator: g)));
        manual_seed(1);
        Console.WriteLine("empty(5).uniform_(-2, 3) seed 1: " + F(empty(5).uniform_(-2, 3)));
        Console.WriteLine("empty(20).normal_(1, 2) next: " + F(empty(20).normal_(1, 2)));
        Console.WriteLine("empty(8).bernoulli_(0.3) next: " + F(empty(8).bernoulli_(0.3)));
        Console.WriteLine("empty(6, int64).random_(0, 10) next: " + F(empty(6, ScalarType.Int64).random_(0, 10)));
        Console.WriteLine("empty(3, float64).uniform_() next: " + F(empty(3, ScalarType.Float64).uniform_(0, 1)));
        manual_seed(3);
        Console.WriteLine("randn(2,3, g7): " + F(randn(new long[] { 2, 3 }, generator: new Generator(7))));
        Console.WriteLine("rand(2) default after: " + F(rand(2)));
    }
}
