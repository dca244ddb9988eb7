using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    /// <summary>Conv1d/Conv2d modules with padding_mode reflect/replicate/circular, seeded (ConvPaddingModeTests).</summary>
    public static void ConvPaddingMode()
    {
        var modes = new (string Name, PaddingModes Mode)[] { ("reflect", PaddingModes.Reflect), ("replicate", PaddingModes.Replicate), ("circular", PaddingModes.Circular) };
        int seed = 20;
        foreach (var (name, mode) in modes)
        {
            manual_seed(seed);
            var c1 = nn.Conv1d(2, 3, 3, padding: 2, padding_mode: mode);
            P($"Conv1d(2,3,3,padding=2,{name}) seed{seed} out", c1.forward(Pattern([2, 2, 7], 5, 11, 8)));
            seed++;
            manual_seed(seed);
            var c2 = nn.Conv2d(2, 3, (3, 2), stride: (2, 1), padding: (1, 2), padding_mode: mode);
            P($"Conv2d(2,3,(3,2),stride=(2,1),padding=(1,2),{name}) seed{seed} out", c2.forward(Pattern([2, 2, 5, 6], 5, 11, 8)));
            seed++;
            manual_seed(seed);
            var c3 = nn.Conv1d(2, 2, 4, TorchSharp.Padding.Same, padding_mode: mode, bias: false);
            P($"Conv1d(2,2,4,padding=same,bias=False,{name}) seed{seed} out", c3.forward(Pattern([1, 2, 6], 5, 11, 8)));
            seed++;
        }
        manual_seed(40);
        var u = nn.Conv2d(2, 2, 3, padding: 1, padding_mode: PaddingModes.Reflect);
        P("Conv2d(2,2,3,padding=1,reflect) seed40 unbatched out", u.forward(Pattern([2, 4, 5], 5, 11, 8)));
    }
}
