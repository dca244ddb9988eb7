namespace SharpGrad;

/// <summary>
/// The backward engine's queue of nodes ready to run: a min-heap on a <c>long</c> priority.
/// </summary>
/// <remarks>It replaces <c>PriorityQueue&lt;Node, long&gt;</c> only for start-up time: that
/// instantiation is not precompiled, so a program's first backward JIT-compiled about ten of its
/// methods (see docs/PERFORMANCE.md, 'Generic instantiations'). This non-generic class is precompiled with SharpGrad. It is the same algorithm as PriorityQueue (a
/// 4-ary heap with the same sifting rules), so nodes of equal priority (AccumulateGrad nodes)
/// still come out in the same order.</remarks>
internal sealed class ReadyQueue
{
    private const int Arity = 4;
    private Node[] _nodes = new Node[16];
    private long[] _priorities = new long[16];
    private int _count;

    public int Count => _count;

    public void Enqueue(Node node, long priority)
    {
        if (_count == _nodes.Length)
        {
            Array.Resize(ref _nodes, _count * 2);
            Array.Resize(ref _priorities, _count * 2);
        }
        // Sift up from the new last slot.
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) / Arity;
            if (priority >= _priorities[parent]) break;
            _nodes[i] = _nodes[parent];
            _priorities[i] = _priorities[parent];
            i = parent;
        }
        _nodes[i] = node;
        _priorities[i] = priority;
    }

    /// <summary>Removes the node of least priority (false when empty).</summary>
    public bool TryDequeue(out Node node)
    {
        if (_count == 0)
        {
            node = null!;
            return false;
        }
        node = _nodes[0];
        int last = --_count;
        if (last > 0)
            SiftDown(_nodes[last], _priorities[last], last);
        _nodes[last] = null!;
        return true;
    }

    /// <summary>Places (node, priority) from the root down, among the first <paramref name="count"/> slots.</summary>
    private void SiftDown(Node node, long priority, int count)
    {
        int i = 0;
        int child;
        while ((child = i * Arity + 1) < count)
        {
            // The child of least priority (the first one on ties).
            int min = child;
            int end = Math.Min(child + Arity, count);
            for (int c = child + 1; c < end; c++)
                if (_priorities[c] < _priorities[min]) min = c;
            if (priority <= _priorities[min]) break;
            _nodes[i] = _nodes[min];
            _priorities[i] = _priorities[min];
            i = min;
        }
        _nodes[i] = node;
        _priorities[i] = priority;
    }

    public void Clear()
    {
        Array.Clear(_nodes, 0, _count);
        _count = 0;
    }
}
