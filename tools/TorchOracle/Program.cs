// Prints libtorch's values for SharpGrad's tests. Each script is a static method in this project,
// found by name: `run.sh Linear` runs Scripts.Linear(). Add one file per area (Scripts.Nn.cs, ...).
using System.Reflection;

var names = typeof(Scripts).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Order().ToArray();
if (args.Length == 0)
{
    Console.WriteLine("scripts: " + string.Join(", ", names));
    return;
}
foreach (var name in args)
{
    var method = typeof(Scripts).GetMethod(name, BindingFlags.Public | BindingFlags.Static)
        ?? throw new ArgumentException($"no script '{name}'; scripts: {string.Join(", ", names)}");
    Console.WriteLine($"== {name}");
    method.Invoke(null, null);
}

/// <summary>Oracle scripts, split over partial files by area.</summary>
public static partial class Scripts
{
    /// <summary>Smoke test: PyTorch's randn after manual_seed(0).</summary>
    public static void Randn()
    {
        TorchSharp.torch.manual_seed(0);
        Console.WriteLine(string.Join(", ", TorchSharp.torch.randn(2, 3).data<float>().ToArray().Select(v => v.ToString("R"))));
    }
}
