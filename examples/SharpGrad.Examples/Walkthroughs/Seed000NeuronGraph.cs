using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using SharpGrad;
using static SharpGrad.torch;
using static SharpGrad.Examples.Python;

namespace SharpGrad.Examples;

/// <summary>Seed 000's picture of the neuron's dynamic graph, drawn from grad_fn as torchviz draws it.</summary>
static partial class Seed000Neuron
{
    static Walkthrough NeuronGraphWalkthrough =>
        new("neuron-graph", "the neuron's backward graph as a picture (Graphviz DOT, torchviz style)", NeuronGraph);

    #region neuron-graph
    /// <summary>
    /// The backward graph of <paramref name="output"/> in Graphviz DOT, as torchviz's make_dot draws it:
    /// one grey box per grad_fn, found by walking grad_fn.next_functions down to the AccumulateGrad
    /// nodes, which stand for the leaves and are drawn as blue boxes with their names and shapes; the
    /// output is the green box. (SharpGrad also has this built in: autograd.to_dot.)
    /// </summary>
    static string make_dot(Tensor output, Dictionary<string, Tensor> @params)
    {
        var names = @params.ToDictionary(p => p.Value, p => p.Key);
        var ids = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        string id(object o) => ids.TryGetValue(o, out var known) ? known : ids[o] = $"n{ids.Count}";
        string size(Tensor t) => "(" + string.Join(", ", t.shape) + ")";

        var dot = new StringBuilder();
        dot.AppendLine("digraph {");
        dot.AppendLine("\tgraph [size=\"12,12\"]");
        dot.AppendLine("\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]");
        dot.AppendLine($"\t{id(output)} [label=\"{size(output)}\" fillcolor=darkolivegreen1]");

        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        void add_nodes(Node fn)
        {
            if (!seen.Add(fn)) return;
            if (fn is AccumulateGrad leaf)
                dot.AppendLine($"\t{id(fn)} [label=\"{names.GetValueOrDefault(leaf.variable)}\\n {size(leaf.variable)}\" fillcolor=lightblue]");
            else
                dot.AppendLine($"\t{id(fn)} [label={fn.name()}]");
            foreach (var (next, _) in fn.next_functions)
            {
                if (next is null) continue;   // an input that needs no gradient, such as x
                dot.AppendLine($"\t{id(next)} -> {id(fn)}");
                add_nodes(next);
            }
        }
        add_nodes(output.grad_fn);
        dot.AppendLine($"\t{id(output.grad_fn)} -> {id(output)} [style=dotted]");
        dot.AppendLine("}");
        return dot.ToString();
    }
    #endregion

    static void NeuronGraph(Session session)
    {
        #region neuron-graph
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);
        var z = mm(w, x) + b;
        var a = z.pow(2);

        var graph = make_dot(a, new() { ["w"] = w, ["b"] = b });
        Console.Write(graph);
        var dotFile = session.OutputFile("neuron_graph.dot");
        File.WriteAllText(dotFile, graph);
        print($"saved {dotFile}");

        // Graphviz's dot program turns it into a picture, when it is installed
        var svgFile = session.OutputFile("neuron_graph.svg");
        try
        {
            using var render = Process.Start("dot", ["-Tsvg", dotFile, "-o", svgFile]);
            render.WaitForExit();
            print(render.ExitCode == 0 ? $"saved {svgFile}" : $"dot failed with exit code {render.ExitCode}");
        }
        catch (Win32Exception)
        {
            print($"Graphviz is not installed: `apt-get install graphviz` renders it (dot -Tsvg {dotFile} -o {svgFile})");
        }
        #endregion
    }
}
