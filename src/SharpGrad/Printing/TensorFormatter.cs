using System.Globalization;
using System.Text;

namespace SharpGrad.Printing;

/// <summary>
/// Builds the string PyTorch's <c>repr(tensor)</c> prints (<c>torch/_tensor_str.py</c>), character for
/// character: value formatting and column alignment, summarization with <c>...</c>, wrapping of long
/// rows, nested indentation and the <c>dtype=</c>, <c>size=</c>, <c>grad_fn=</c> and
/// <c>requires_grad=</c> suffixes.
/// </summary>
internal static class TensorFormatter
{
    private const string Prefix = "tensor(";

    /// <summary>The repr of a strided CPU tensor, using the current global print options.</summary>
    /// <param name="data">The elements in row-major order: <c>float[]</c> or <c>double[]</c> for the
    /// floating dtypes (float16 and bfloat16 as their float32 values), <c>long[]</c> for the integer
    /// dtypes, <c>bool[]</c> for bool.</param>
    /// <param name="shape">The sizes; empty for a 0-dim tensor.</param>
    /// <param name="dtype">The dtype, which decides the <c>dtype=</c> suffix.</param>
    /// <param name="gradFnName">The name of the node that created the tensor, e.g. <c>MulBackward0</c>, or null.</param>
    /// <param name="requiresGrad">Prints <c>requires_grad=True</c> when there is no grad_fn.</param>
    public static string Repr(Array data, int[] shape, ScalarType dtype, string? gradFnName, bool requiresGrad)
        => Repr(data, shape, dtype, gradFnName, requiresGrad, PrintOptions.Current);

    /// <summary>The repr with explicitly given options.</summary>
    internal static string Repr(Array data, int[] shape, ScalarType dtype, string? gradFnName, bool requiresGrad,
        PrintOptionsValues options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        var values = new Values(data, dtype);
        long numel = 1;
        foreach (int s in shape)
        {
            if (s < 0) throw new ArgumentException("Sizes must be non-negative.", nameof(shape));
            numel *= s;
        }
        if (numel != values.Length)
            throw new ArgumentException(
                $"The data holds {values.Length} elements but the shape {ShapeTuple(shape)} needs {numel}.", nameof(data));

        int indent = Prefix.Length;
        var suffixes = new List<string>(3);
        string tensorStr;
        if (numel == 0)
        {
            // Explicitly print the shape if it is not (0,), to match NumPy; an empty tensor has no
            // elements to infer the dtype from, so anything but the default dtype is shown.
            if (shape.Length != 1) suffixes.Add("size=" + ShapeTuple(shape));
            if (dtype != ScalarType.Float32) suffixes.Add("dtype=" + dtype.TorchName());
            tensorStr = "[]";
        }
        else
        {
            if (dtype is not (ScalarType.Float32 or ScalarType.Int64 or ScalarType.Bool))
                suffixes.Add("dtype=" + dtype.TorchName());
            tensorStr = new Printer(values, shape, options).TensorStr(indent);
        }

        if (gradFnName is not null) suffixes.Add("grad_fn=<" + gradFnName + ">");
        else if (requiresGrad) suffixes.Add("requires_grad=True");

        return AddSuffixes(Prefix + tensorStr, suffixes, indent, forceNewline: false, options.LineWidth);
    }

    /// <summary>Python's <c>str(tuple(shape))</c>: <c>(2, 3)</c>, <c>(0,)</c>, <c>()</c>.</summary>
    internal static string ShapeTuple(int[] shape) => shape.Length switch
    {
        0 => "()",
        1 => "(" + shape[0].ToString(CultureInfo.InvariantCulture) + ",)",
        _ => "(" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ")",
    };

    private static string AddSuffixes(string tensorStr, List<string> suffixes, int indent, bool forceNewline, int lineWidth)
    {
        var sb = new StringBuilder(tensorStr);
        // Mirrors PyTorch, including its count of two more than the length of the last line.
        int lastLineLen = tensorStr.Length - tensorStr.LastIndexOf('\n') + 1;
        foreach (string suffix in suffixes)
        {
            int suffixLen = suffix.Length;
            if (forceNewline || lastLineLen + suffixLen + 2 > lineWidth)
            {
                sb.Append(",\n").Append(Chars.Repeat(' ', indent)).Append(suffix);
                lastLineLen = indent + suffixLen;
                forceNewline = false;
            }
            else
            {
                sb.Append(", ").Append(suffix);
                lastLineLen += suffixLen + 2;
            }
        }
        sb.Append(')');
        return sb.ToString();
    }

    /// <summary>Typed read access to the flat element array.</summary>
    private readonly struct Values
    {
        private readonly float[]? _f32;
        private readonly double[]? _f64;
        private readonly long[]? _i64;
        private readonly bool[]? _b;

        public Values(Array data, ScalarType dtype)
        {
            switch (dtype)
            {
                case ScalarType.Float32:
                case ScalarType.Float64:
                case ScalarType.Float16:
                case ScalarType.BFloat16:
                    _f32 = data as float[];
                    _f64 = data as double[];
                    if (_f32 is null && _f64 is null)
                        throw new ArgumentException($"A {dtype.TorchName()} tensor needs float[] or double[] data, not {data.GetType()}.", nameof(data));
                    break;
                case ScalarType.Int64:
                case ScalarType.UInt8:
                case ScalarType.Int8:
                case ScalarType.Int16:
                case ScalarType.Int32:
                    _i64 = data as long[] ?? throw new ArgumentException($"An {dtype.TorchName()} tensor needs long[] data, not {data.GetType()}.", nameof(data));
                    break;
                case ScalarType.Bool:
                    _b = data as bool[] ?? throw new ArgumentException($"A bool tensor needs bool[] data, not {data.GetType()}.", nameof(data));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(dtype));
            }
            IsFloating = dtype.IsFloatingPoint();
        }

        public bool IsFloating { get; }

        public int Length => _f32?.Length ?? _f64?.Length ?? _i64?.Length ?? _b!.Length;

        /// <summary>A floating element as the exact double Python's <c>item()</c> gives.</summary>
        public double GetDouble(int i) => _f32 is not null ? _f32[i] : _f64![i];

        /// <summary>Python's <c>"{}".format(value)</c> for an integer or bool element.</summary>
        public string FormatIntegral(int i) =>
            _i64 is not null ? _i64[i].ToString(CultureInfo.InvariantCulture) : (_b![i] ? "True" : "False");
    }

    /// <summary>PyTorch's <c>_Formatter</c>: decides the notation and the common width.</summary>
    private sealed class Formatter
    {
        private readonly Values _values;
        private readonly bool _floating;
        private readonly bool _intMode = true;
        private readonly bool _sciMode;
        private readonly int _maxWidth = 1;
        private readonly int _precision;

        /// <param name="values">The tensor's elements.</param>
        /// <param name="indices">The flat indices of the (summarized) elements the choices are made over.</param>
        /// <param name="options">The print options.</param>
        public Formatter(Values values, List<int> indices, PrintOptionsValues options)
        {
            _values = values;
            _floating = values.IsFloating;
            _precision = options.Precision;

            if (!_floating)
            {
                foreach (int i in indices)
                    _maxWidth = Math.Max(_maxWidth, values.FormatIntegral(i).Length);
            }
            else
            {
                // An array, not a List<double>, whose dozen methods are not precompiled (see
                // docs/PERFORMANCE.md, 'Generic instantiations').
                var buffer = new double[indices.Count];
                int count = 0;
                foreach (int i in indices)
                {
                    double v = values.GetDouble(i);
                    if (double.IsFinite(v) && v != 0) buffer[count++] = v;
                }

                // No valid number: keep the defaults (and, as PyTorch does, ignore sci_mode).
                if (count == 0) return;
                var nonzeroFinite = new ReadOnlySpan<double>(buffer, 0, count);

                double min = double.PositiveInfinity, max = 0;
                foreach (double v in nonzeroFinite)
                {
                    double a = Math.Abs(v);
                    if (a < min) min = a;
                    if (a > max) max = a;
                }

                foreach (double v in nonzeroFinite)
                {
                    if (v != Math.Ceiling(v))
                    {
                        _intMode = false;
                        break;
                    }
                }

                if (_intMode)
                {
                    // All numbers are integers: print them with a trailing '.', counted in the width.
                    if (max / min > 1000.0 || max > 1.0e8)
                    {
                        _sciMode = true;
                        foreach (double v in nonzeroFinite)
                            _maxWidth = Math.Max(_maxWidth, PythonFloatFormat.Scientific(v, _precision).Length);
                    }
                    else
                    {
                        foreach (double v in nonzeroFinite)
                            _maxWidth = Math.Max(_maxWidth, PythonFloatFormat.Fixed(v, 0).Length + 1);
                    }
                }
                else
                {
                    if (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4)
                    {
                        _sciMode = true;
                        foreach (double v in nonzeroFinite)
                            _maxWidth = Math.Max(_maxWidth, PythonFloatFormat.Scientific(v, _precision).Length);
                    }
                    else
                    {
                        foreach (double v in nonzeroFinite)
                            _maxWidth = Math.Max(_maxWidth, PythonFloatFormat.Fixed(v, _precision).Length);
                    }
                }
            }

            if (options.SciMode is bool forced) _sciMode = forced;
        }

        public int Width => _maxWidth;

        /// <summary>The element at flat index <paramref name="i"/>, right-aligned to the common width.</summary>
        public string Format(int i)
        {
            string ret;
            if (_floating)
            {
                double v = _values.GetDouble(i);
                if (_sciMode)
                {
                    ret = PythonFloatFormat.Scientific(v, _precision);
                }
                else if (_intMode)
                {
                    ret = PythonFloatFormat.Fixed(v, 0);
                    if (double.IsFinite(v)) ret += ".";
                }
                else
                {
                    ret = PythonFloatFormat.Fixed(v, _precision);
                }
            }
            else
            {
                ret = _values.FormatIntegral(i);
            }
            return Chars.PadLeft(ret, _maxWidth);
        }
    }

    /// <summary>The recursive layout of <c>_tensor_str</c> over a C-contiguous tensor.</summary>
    private sealed class Printer
    {
        private readonly Values _values;
        private readonly int[] _shape;
        private readonly int[] _strides;
        private readonly PrintOptionsValues _options;
        private readonly bool _summarize;
        private Formatter _formatter = null!;

        public Printer(Values values, int[] shape, PrintOptionsValues options)
        {
            _values = values;
            _shape = shape;
            _options = options;
            _strides = new int[shape.Length];
            int stride = 1;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                _strides[d] = stride;
                stride *= shape[d];
            }
            _summarize = values.Length > options.Threshold;
        }

        /// <summary><c>_tensor_str</c> for a non-empty tensor.</summary>
        public string TensorStr(int indent)
        {
            var indices = new List<int>();
            if (_summarize) CollectSummarized(0, 0, indices);
            else for (int i = 0; i < _values.Length; i++) indices.Add(i);
            _formatter = new Formatter(_values, indices, _options);

            var sb = new StringBuilder();
            Write(sb, 0, 0, indent);
            return sb.ToString();
        }

        /// <summary>
        /// The rows <c>[0, head)</c> and <c>[tailStart, n)</c> of a dimension of size <paramref name="n"/>, and
        /// whether a <c>...</c> goes between them. With summarization off, or when the dimension is short,
        /// every row is shown.
        /// </summary>
        private (int Head, int TailStart, bool Ellipsis) Rows(int n, bool oneDim)
        {
            int e = _options.EdgeItems;
            if (!(_summarize && n > 2 * e)) return (n, n, false);
            // Python's self[-0:] is the whole dimension; range(n - 0, n) is empty.
            int tailStart = oneDim && e == 0 ? 0 : n - e;
            return (e, tailStart, true);
        }

        /// <summary><c>get_summarized_data</c>: the flat indices the formatter looks at.</summary>
        private void CollectSummarized(int dim, int offset, List<int> indices)
        {
            if (dim == _shape.Length)
            {
                indices.Add(offset);
                return;
            }
            int n = _shape[dim];
            var (head, tailStart, _) = Rows(n, oneDim: dim == _shape.Length - 1);
            for (int i = 0; i < head; i++) CollectSummarized(dim + 1, offset + i * _strides[dim], indices);
            for (int i = tailStart; i < n; i++) CollectSummarized(dim + 1, offset + i * _strides[dim], indices);
        }

        /// <summary><c>_tensor_str_with_formatter</c> for the sub-tensor starting at dimension <paramref name="dim"/>.</summary>
        private void Write(StringBuilder sb, int dim, int offset, int indent)
        {
            int remaining = _shape.Length - dim;
            if (remaining == 0)
            {
                sb.Append(_formatter.Format(offset));
                return;
            }
            if (remaining == 1)
            {
                WriteVector(sb, dim, offset, indent);
                return;
            }

            int n = _shape[dim];
            int stride = _strides[dim];
            var (head, tailStart, ellipsis) = Rows(n, oneDim: false);
            string separator = "," + Chars.Repeat('\n', remaining - 1) + Chars.Repeat(' ', indent + 1);
            sb.Append('[');
            bool first = true;
            for (int i = 0; i < head; i++)
            {
                if (!first) sb.Append(separator);
                first = false;
                Write(sb, dim + 1, offset + i * stride, indent + 1);
            }
            if (ellipsis)
            {
                if (!first) sb.Append(separator);
                first = false;
                sb.Append("...");
            }
            for (int i = tailStart; i < n; i++)
            {
                if (!first) sb.Append(separator);
                first = false;
                Write(sb, dim + 1, offset + i * stride, indent + 1);
            }
            sb.Append(']');
        }

        /// <summary><c>_vector_str</c>: one row, wrapped to the line width.</summary>
        private void WriteVector(StringBuilder sb, int dim, int offset, int indent)
        {
            // The length includes the comma and space between elements.
            int elementLength = _formatter.Width + 2;
            int elementsPerLine = Math.Max(1, (int)Math.Floor((double)(_options.LineWidth - indent) / elementLength));

            int n = _shape[dim];
            int stride = _strides[dim];
            var (head, tailStart, ellipsis) = Rows(n, oneDim: true);
            var data = new List<string>(head + (n - tailStart) + 1);
            for (int i = 0; i < head; i++) data.Add(_formatter.Format(offset + i * stride));
            if (ellipsis) data.Add(" ...");
            for (int i = tailStart; i < n; i++) data.Add(_formatter.Format(offset + i * stride));

            string lineSeparator = ",\n" + Chars.Repeat(' ', indent + 1);
            sb.Append('[');
            for (int i = 0; i < data.Count; i++)
            {
                if (i > 0) sb.Append(i % elementsPerLine == 0 ? lineSeparator : ", ");
                sb.Append(data[i]);
            }
            sb.Append(']');
        }
    }
}
