using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>Seed 000's picture of the neuron's dynamic graph, drawn from grad_fn as torchviz draws it.</summary>
static partial class Seed000Neuron
{
    static Walkthrough NeuronGraphWalkthrough =>
        new("neuron-graph", "the neuron's backward graph as a picture (Graphviz DOT, torchviz style)", NeuronGraph);

    static void NeuronGraph(Session session)
    {
        #region neuron-graph
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);
        var z = mm(w, x) + b;
        var a = z.pow(2);

        // One box per grad_fn down to the AccumulateGrad leaves (blue, with names and shapes);
        // the output is the green box.
        var names = new Dictionary<string, Tensor> { ["w"] = w, ["b"] = b };
        Console.Write(autograd.to_dot(a, names));
        var path = session.OutputFile("neuron_graph");
        var svg = autograd.save_graph(a, path, names);   // writes neuron_graph.dot, and .svg with Graphviz
        print($"saved {path}.dot");
        print(svg is not null
            ? $"saved {svg}"
            : $"Graphviz is not installed: `apt-get install graphviz` renders it (dot -Tsvg {path}.dot -o {path}.svg)");
        #endregion
    }
}
