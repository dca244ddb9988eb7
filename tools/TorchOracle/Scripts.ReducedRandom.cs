using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    /// <summary>float16/bfloat16 uniform_ and normal_ after manual_seed, sizes around 16 (ReducedRandomTests).</summary>
    public static void ReducedRandom()
    {
        foreach (var t in new[] { ScalarType.Float16, ScalarType.BFloat16 })
        {
            var name = t == ScalarType.Float16 ? "float16" : "bfloat16";
            manual_seed(1);
            Console.WriteLine($"{name} uniform_(-2,3) 7: " + Values(empty(7, dtype: t).uniform_(-2, 3)));
            manual_seed(2);
            Console.WriteLine($"{name} normal_(0.5,2) 15: " + Values(empty(15, dtype: t).normal_(0.5, 2)));
            manual_seed(3);
            Console.WriteLine($"{name} normal_(0.5,2) 16: " + Values(empty(16, dtype: t).normal_(0.5, 2)));
            manual_seed(4);
            Console.WriteLine($"{name} randn 37: " + Values(randn(37, dtype: t)));
            manual_seed(5);
            Console.WriteLine($"{name} normal_(-1,0.3) 48: " + Values(empty(48, dtype: t).normal_(-1, 0.3)));
        }
    }
}
