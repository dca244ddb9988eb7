namespace SharpGrad.Ops;

/// <summary>
/// <c>einsum(equation, operands)</c>, as PyTorch computes it: parse the equation, take the
/// diagonal of repeated subscripts, align every operand to one permuted shape (output subscripts
/// first, then the contracted ones, size-1 dims where an operand lacks a subscript), then contract
/// the operands left to right, each pair as one <c>bmm</c> over its permuted and flattened dims,
/// summing a dim as soon as no later operand needs it. It is built of differentiable views,
/// sums and bmm, so its backward (of any order) comes from theirs.
/// </summary>
internal static class Einsum
{
    private const int Letters = 26;
    private const int TotalLabels = 2 * Letters;
    private const int Ellipsis = TotalLabels;

    private static int LabelToSubscript(char c) => char.IsUpper(c) ? c - 'A' : c - 'a' + Letters;
    private static char SubscriptToLabel(int s) => (char)(s < Letters ? s + 'A' : s - Letters + 'a');
    private static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    public static Tensor Compute(string equation, IReadOnlyList<Tensor> operands)
    {
        if (operands.Count == 0) throw new ArgumentException("einsum(): must provide at least one operand");
        int numOps = operands.Count;
        int arrow = equation.IndexOf("->", StringComparison.Ordinal);
        string lhs = arrow < 0 ? equation : equation[..arrow];

        // Each operand's subscripts in [0, 52), and Ellipsis for "...".
        var opLabels = new List<int>[numOps];
        for (int i = 0; i < numOps; i++) opLabels[i] = [];
        bool ellInInput = false;
        int currOp = 0;
        for (int i = 0; i < lhs.Length; i++)
        {
            char label = lhs[i];
            switch (label)
            {
                case ' ':
                    break;
                case '.':
                    if (ellInInput)
                        throw new ArgumentException($"einsum(): found '.' for operand {currOp} for which an ellipsis was already found");
                    if (!(i + 2 < lhs.Length && lhs[++i] == '.' && lhs[++i] == '.'))
                        throw new ArgumentException($"einsum(): found '.' for operand {currOp} that is not part of any ellipsis");
                    opLabels[currOp].Add(Ellipsis);
                    ellInInput = true;
                    break;
                case ',':
                    ++currOp;
                    if (currOp >= numOps)
                        throw new ArgumentException("einsum(): fewer operands were provided than specified in the equation");
                    ellInInput = false;
                    break;
                default:
                    if (!IsLetter(label))
                        throw new ArgumentException($"einsum(): invalid subscript given at index {i} in the equation string, subscripts must be in [a-zA-Z]");
                    opLabels[currOp].Add(LabelToSubscript(label));
                    break;
            }
        }
        if (currOp != numOps - 1)
            throw new ArgumentException("einsum(): more operands were provided than specified in the equation");

        // How often each subscript occurs, and how many dims the ellipsis covers at most.
        var labelCount = new int[TotalLabels];
        int ellNumDim = 0;
        for (int i = 0; i < numOps; i++)
        {
            int ndims = operands[i].dim();
            int nlabels = opLabels[i].Count;
            bool hasEllipsis = false;
            foreach (var label in opLabels[i])
            {
                if (label == Ellipsis)
                {
                    --nlabels;
                    hasEllipsis = true;
                    ellNumDim = Math.Max(ellNumDim, ndims - nlabels);
                }
                else ++labelCount[label];
            }
            if (hasEllipsis ? nlabels > ndims : nlabels != ndims)
                throw new ArgumentException(
                    $"einsum(): the number of subscripts in the equation ({nlabels}) " +
                    (hasEllipsis ? "is more than the number of dimensions (" : "does not match the number of dimensions (") +
                    $"{ndims}) for operand {i}" + (hasEllipsis ? "" : " and no ellipsis was given"));
        }

        // The permuted shape: output dims (the ellipsis where it stands), then contracted dims.
        var labelPermIndex = Enumerable.Repeat(-1, TotalLabels).ToArray();
        int permIndex = 0, ellIndex = 0;
        bool ellInOutput = false;
        if (arrow < 0)
        {
            // Implicit output: the ellipsis, then the subscripts seen once, in alphabetical order
            // (upper case first).
            permIndex = ellNumDim;
            ellInOutput = true;
            for (int label = 0; label < TotalLabels; label++)
                if (labelCount[label] == 1) labelPermIndex[label] = permIndex++;
        }
        else
        {
            string rhs = equation[(arrow + 2)..];
            for (int i = 0; i < rhs.Length; i++)
            {
                char label = rhs[i];
                switch (label)
                {
                    case ' ':
                        break;
                    case '.':
                        if (ellInOutput)
                            throw new ArgumentException("einsum(): found '.' for output but an ellipsis (...) was already found");
                        if (!(i + 2 < rhs.Length && rhs[++i] == '.' && rhs[++i] == '.'))
                            throw new ArgumentException("einsum(): found '.' for output that is not part of any ellipsis (...)");
                        ellIndex = permIndex;
                        permIndex += ellNumDim;
                        ellInOutput = true;
                        break;
                    default:
                        if (!IsLetter(label))
                            throw new ArgumentException(
                                $"einsum(): invalid subscript given at index {lhs.Length + 2 + i} in the equation string, subscripts must be in [a-zA-Z]");
                        int index = LabelToSubscript(label);
                        if (labelCount[index] == 0 || labelPermIndex[index] != -1)
                            throw new ArgumentException($"einsum(): output subscript {label}" + (labelPermIndex[index] > -1
                                ? " appears more than once in the output"
                                : " does not appear in the equation for any input operand"));
                        labelPermIndex[index] = permIndex++;
                        break;
                }
            }
        }
        int outNumDim = permIndex;
        if (!ellInOutput)
        {
            ellIndex = permIndex;
            permIndex += ellNumDim;
        }
        for (int label = 0; label < TotalLabels; label++)
            if (labelCount[label] > 0 && labelPermIndex[label] == -1) labelPermIndex[label] = permIndex++;

        // Check sizes, take diagonals of repeated subscripts, add size-1 dims for missing ones and
        // permute each operand to the common order; count the operands in which each dim is not 1.
        var labelSize = Enumerable.Repeat(1, TotalLabels).ToArray();
        var ellSizes = Enumerable.Repeat(1, ellNumDim).ToArray();
        var dimCounts = new int[permIndex];
        var ops = new List<Tensor>(numOps);
        for (int i = 0; i < numOps; i++)
        {
            var op = operands[i];
            var permutation = Enumerable.Repeat(-1, permIndex).ToArray();
            int dim = 0;
            foreach (var s in opLabels[i])
            {
                if (s == Ellipsis)
                {
                    int ndim = operands[i].dim() - (opLabels[i].Count - 1);
                    for (int j = ellNumDim - ndim; j < ellNumDim; j++)
                    {
                        if (op.Sizes[dim] != 1)
                        {
                            if (ellSizes[j] != 1 && ellSizes[j] != op.Sizes[dim])
                                throw new ArgumentException(
                                    $"einsum(): dimension {dim} covered by ellipsis in operand {i}has size {op.Sizes[dim]} which does not broadcast with previously seen ellipsis with size {ellSizes[j]} for the respective dimension");
                            ellSizes[j] = op.Sizes[dim];
                            ++dimCounts[ellIndex + j];
                        }
                        permutation[ellIndex + j] = dim++;
                    }
                }
                else if (permutation[labelPermIndex[s]] == -1)
                {
                    if (op.Sizes[dim] != 1)
                    {
                        if (labelSize[s] != 1 && labelSize[s] != op.Sizes[dim])
                            throw new ArgumentException(
                                $"einsum(): subscript {SubscriptToLabel(s)} has size {op.Sizes[dim]} for operand {i} which does not broadcast with previously seen size {labelSize[s]}");
                        labelSize[s] = op.Sizes[dim];
                        ++dimCounts[labelPermIndex[s]];
                    }
                    permutation[labelPermIndex[s]] = dim++;
                }
                else
                {
                    // A repeated subscript: the diagonal, moved to where the subscript first stood.
                    int prevDim = permutation[labelPermIndex[s]];
                    if (op.Sizes[dim] != op.Sizes[prevDim])
                        throw new ArgumentException(
                            $"einsum(): subscript {SubscriptToLabel(s)} is repeated for operand {i} but the sizes don't match, {op.Sizes[dim]} != {op.Sizes[prevDim]}");
                    op = MoveLastDim(op.diagonal(0, prevDim, dim), prevDim);
                }
            }
            for (int k = 0; k < permutation.Length; k++)
            {
                if (permutation[k] != -1) continue;
                op = op.unsqueeze(dim);
                permutation[k] = dim++;
            }
            ops.Add(op.permute(permutation.Select(p => (long)p).ToArray()));
        }

        // Contract left to right; a dim is summed as soon as at most one operand still has it.
        while (ops.Count > 1)
        {
            var a = ops[0];
            var b = ops[1];
            ops.RemoveRange(0, 2);
            var sumDims = new List<int>();
            var aDimsToSum = new List<long>();
            var bDimsToSum = new List<long>();
            for (int dim = outNumDim; dim < permIndex; dim++)
            {
                if (a.Sizes[dim] != 1 && b.Sizes[dim] != 1)
                {
                    if (--dimCounts[dim] == 1)
                    {
                        sumDims.Add(dim);
                        dimCounts[dim] = 0;
                    }
                }
                else if (dimCounts[dim] == 1)
                {
                    if (a.Sizes[dim] != 1)
                    {
                        aDimsToSum.Add(dim);
                        dimCounts[dim] = 0;
                    }
                    else if (b.Sizes[dim] != 1)
                    {
                        bDimsToSum.Add(dim);
                        dimCounts[dim] = 0;
                    }
                }
            }
            if (aDimsToSum.Count > 0) a = a.sum([.. aDimsToSum], keepdim: true);
            if (bDimsToSum.Count > 0) b = b.sum([.. bDimsToSum], keepdim: true);
            ops.Insert(0, SumProductPair(a, b, sumDims));
        }

        // Sum the contracted dims (already size 1 after contracting several operands).
        var result = ops[0];
        if (permIndex - outNumDim > 0)
        {
            if (numOps > 1)
                return result.view(result.shape[..outNumDim]);
            var dims = Enumerable.Range(outNumDim, permIndex - outNumDim).Select(d => (long)d).ToArray();
            return result.sum(dims);
        }
        return result;
    }

    /// <summary>The last dim moved to position <paramref name="to"/> (PyTorch's movedim(-1, to)).</summary>
    private static Tensor MoveLastDim(Tensor t, int to)
    {
        int n = t.dim();
        var perm = new List<long>();
        for (int i = 0; i < n - 1; i++) perm.Add(i);
        perm.Insert(to, n - 1);
        return t.permute([.. perm]);
    }

    /// <summary>
    /// (left·right).sum(sumDims, keepdim: true) for operands of equal rank whose dims broadcast, as
    /// one bmm: the dims of both operands kept in the output form the batch, each side's own dims
    /// the rows and columns, the summed dims the inner dimension.
    /// </summary>
    private static Tensor SumProductPair(Tensor left, Tensor right, List<int> sumDims)
    {
        if (sumDims.Count == 0) return left * right;
        int dim = left.dim();
        var isSum = new bool[dim];
        foreach (var d in sumDims) isSum[d] = true;
        var lro = new List<int>();
        var lo = new List<int>();
        var ro = new List<int>();
        long lroSize = 1, loSize = 1, roSize = 1, sumSize = 1;
        for (int i = 0; i < dim; i++)
        {
            bool sl = left.Sizes[i] != 1, sr = right.Sizes[i] != 1;
            if (isSum[i])
            {
                if (sl && sr)
                {
                    if (left.Sizes[i] != right.Sizes[i]) throw new ArgumentException("non-broadcast dimensions must match");
                    sumSize *= left.Sizes[i];
                }
                else if (sl) left = left.sum(i, keepdim: true);
                else if (sr) right = right.sum(i, keepdim: true);
            }
            else if (sl && sr)
            {
                if (left.Sizes[i] != right.Sizes[i]) throw new ArgumentException("non-broadcast dimensions must match");
                lro.Add(i);
                lroSize *= left.Sizes[i];
            }
            else if (sl)
            {
                lo.Add(i);
                loSize *= left.Sizes[i];
            }
            else
            {
                ro.Add(i);
                roSize *= right.Sizes[i];
            }
        }
        // Left as [lro, lo, sum], right as [lro, sum, ro]; the product viewed as
        // [lro, lo, 1 per summed dim, ro] and permuted back to the original order.
        var outSize = new List<long>();
        foreach (var d in lro) outSize.Add(left.Sizes[d]);
        foreach (var d in lo) outSize.Add(left.Sizes[d]);
        foreach (var _ in sumDims) outSize.Add(1);
        foreach (var d in ro) outSize.Add(right.Sizes[d]);
        var lperm = lro.Concat(lo).Concat(sumDims).Concat(ro).Select(d => (long)d).ToArray();
        var rperm = lro.Concat(sumDims).Concat(ro).Concat(lo).Select(d => (long)d).ToArray();
        var operm = new long[dim];
        int k = 0;
        foreach (var d in lro.Concat(lo).Concat(sumDims).Concat(ro)) operm[d] = k++;
        var l = left.permute(lperm).reshape(lroSize, loSize, sumSize);
        var r = right.permute(rperm).reshape(lroSize, sumSize, roSize);
        return l.bmm(r).view([.. outSize]).permute(operm);
    }
}
