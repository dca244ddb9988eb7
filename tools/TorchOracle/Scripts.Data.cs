using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    // One random64 draw reduced mod 2^62: PyTorch's random_() on int64 is random64 % 2^63, whose low
    // 32 bits (all that seeding an MT19937 generator reads) this value shares.
    static long Draw64(Generator? g = null) => randint(0, 1L << 62, new long[] { 1 }, generator: g).data<long>()[0];

    /// <summary>
    /// torch.utils.data's draws (DataLoaderTests), derived from PyTorch's Python algorithm since
    /// TorchSharp's DataLoader shuffles differently: iter(loader) draws a base seed with random_();
    /// RandomSampler with no generator seeds a fresh generator from another random_() draw and takes
    /// randperm(n) from it; with a generator it takes randperm(n, g), then one more randperm(n, g)
    /// when exhausted. random_split takes randperm(sum(lengths), g).
    /// </summary>
    public static void DataDraws()
    {
        manual_seed(0);
        Console.WriteLine("seed 0, random64 % 2^62: " + Draw64());
        manual_seed(0);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            Draw64();                       // _BaseDataLoaderIter._base_seed
            long seed = Draw64();           // RandomSampler's seed
            var local = new Generator((ulong)seed);
            Console.WriteLine($"no generator, seed 0, epoch {epoch}: " + F(randperm(10, generator: local)));
        }
        Console.WriteLine("then rand(2): " + F(rand(2)));

        manual_seed(0);
        Draw64(); Draw64();                 // shuffle=False: only the base seed each epoch
        Console.WriteLine("after two unshuffled epochs, rand(2): " + F(rand(2)));

        var g = new Generator(42);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            Draw64(g);
            Console.WriteLine($"generator 42, epoch {epoch}: " + F(randperm(10, generator: g)));
            randperm(10, generator: g);     // the sampler's final randperm(n)[:0]
        }
        Console.WriteLine("then rand(2, g): " + F(rand(2, generator: g)));

        Console.WriteLine("random_split 10 as [3, 7], g 42: " + F(randperm(10, generator: new Generator(42))));
        Console.WriteLine("random_split 11 as [0.3, 0.3, 0.4], g 1: " + F(randperm(11, generator: new Generator(1))));
        manual_seed(5);
        Console.WriteLine("random_split 6 as [2, 4], default generator seed 5: " + F(randperm(6)));
    }
}
