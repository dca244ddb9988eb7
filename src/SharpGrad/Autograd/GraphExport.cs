using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;


namespace SharpGrad;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// The backward graph of <paramref name="output"/> in Graphviz DOT, drawn as torchviz draws it:
        /// one box per grad_fn, leaves (AccumulateGrad) as light-blue boxes with their shapes (and names
        /// from <paramref name="params"/>), the output in green.
        /// </summary>
        public static string to_dot(Tensor output, IDictionary<string, Tensor>? @params = null)
        {
            var names = new Dictionary<Tensor, string>(ReferenceEqualityComparer.Instance);
            if (@params is not null) foreach (var (name, t) in @params) names[t] = name;
            var sb = new StringBuilder();
            sb.AppendLine("digraph {");
            sb.AppendLine("\tgraph [size=\"12,12\"]");
            sb.AppendLine("\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]");
            string Id(object o) => "n" + RuntimeHelpers.GetHashCode(o).ToString("x", CultureInfo.InvariantCulture);
            string Shape(int[] s) => "(" + string.Join(", ", s) + ")";

            sb.AppendLine(CultureInfo.InvariantCulture, $"\t{Id(output)} [label=\"{(names.TryGetValue(output, out var on) ? on + "\\n" : "")}{Shape(output.Sizes)}\" fillcolor=darkolivegreen1]");
            var root = output.GradFn ?? (output.LeafRequiresGrad ? output.GradAccumulator() : null);
            if (root is null)
            {
                sb.AppendLine("}");
                return sb.ToString();
            }
            var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<Node>();
            stack.Push(root);
            seen.Add(root);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node is AccumulateGrad acc)
                {
                    var label = (names.TryGetValue(acc.variable, out var n) ? n + "\\n " : "") + Shape(acc.variable.Sizes);
                    sb.AppendLine(CultureInfo.InvariantCulture, $"\t{Id(node)} [label=\"{label}\" fillcolor=lightblue]");
                }
                else
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"\t{Id(node)} [label={node.name()}]");
                }
                foreach (var (next, _) in node.next_functions)
                {
                    if (next is null) continue;
                    sb.AppendLine(CultureInfo.InvariantCulture, $"\t{Id(next)} -> {Id(node)}");
                    if (seen.Add(next)) stack.Push(next);
                }
            }
            sb.AppendLine(CultureInfo.InvariantCulture, $"\t{Id(root)} -> {Id(output)} [style=dotted]");
            sb.AppendLine("}");
            return sb.ToString();
        }

        /// <summary>Writes <c>{path}.dot</c> and, when Graphviz's <c>dot</c> program is installed,
        /// <c>{path}.svg</c>. Returns the SVG's path, or null when Graphviz is missing.</summary>
        public static string? save_graph(Tensor output, string path, IDictionary<string, Tensor>? @params = null)
        {
            var dotPath = path + ".dot";
            File.WriteAllText(dotPath, to_dot(output, @params));
            var svgPath = path + ".svg";
            try
            {
                using var process = Process.Start(new ProcessStartInfo("dot", ["-Tsvg", dotPath, "-o", svgPath])
                {
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                if (process is null) return null;
                process.WaitForExit();
                return process.ExitCode == 0 ? svgPath : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null; // Graphviz not installed
            }
        }
    }
}
