namespace SharpGrad.Examples;

/// <summary>Every walkthrough, in the order a run shows them: the seeds in turn, then the extras.</summary>
static class Catalog
{
    public static IReadOnlyList<Walkthrough> All { get; } =
    [
        .. Seed000Neuron.Walkthroughs,
        .. Seed001CustomReLU.Walkthroughs,
        .. Seed002Autograd.Walkthroughs,
        .. Seed003GradModes.Walkthroughs,
        .. Seed004Differentiation.Walkthroughs,
        .. NnTutorial.Walkthroughs,
        .. FashionMnist.Walkthroughs,
        .. FashionMnistCnn.Walkthroughs,
    ];

    public static Walkthrough? Find(string name) =>
        All.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase));
}
