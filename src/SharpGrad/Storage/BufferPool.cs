using System.Runtime;
using System.Runtime.CompilerServices;

namespace SharpGrad;

/// <summary>
/// Recycles large element buffers (its measured effect on the training loops: BENCHMARKS.md,
/// "Measurements behind design choices"). A training step allocates the same few large sizes every
/// time (activations, gradients, update temporaries). Fresh, such an array costs far more than its
/// arithmetic: it lives in the large object heap, which the runtime frees only in full collections
/// and decommits and recommits around them, so every new buffer's pages fault in again on first
/// touch.
/// </summary>
/// <remarks>
/// <para><b>Safety.</b> A buffer comes back only when the garbage collector has proven it
/// unreachable. Its <c>Reclaimer</c> is held by a <see cref="DependentHandle"/> whose primary
/// is the array itself, so the reclaimer becomes finalizable exactly when nothing (no tensor,
/// storage, view, span or running kernel) refers to the array any more; its finalizer then
/// resurrects the array into the pool. Tying the return to the array rather than to the
/// <see cref="Storage"/> that owns it is what makes this safe: a kernel still reading through a
/// span keeps the array alive.</para>
/// <para><b>Full collections.</b> Large arrays die only in full collections, and once buffers are
/// recycled the runtime sees too little large-object allocation to start one. So the pool counts
/// the bytes it handed out since the last full collection and, when it runs dry past
/// <see cref="MinRentedBytesPerCollection"/>, asks for one (blocking, but short on a heap that
/// holds little else); everything freed since then comes back (the rent that collected waits for
/// the finalizer thread to return it), and the pool stays near that size.
/// A collection that gives little back doubles the threshold, so a program that keeps what it
/// allocates is not slowed.</para>
/// <para><b>Bounds.</b> The pool holds at most <see cref="MaxPooledBytes"/>, and after each full
/// collection drops the sizes nobody asked for since the previous one.</para>
/// </remarks>
internal static class BufferPool
{
    /// <summary>Buffers of this many bytes and more are pooled (the large object heap threshold).</summary>
    public const int MinBytes = 85_000;

    internal const long MaxPooledBytes = 256L << 20;

    /// <summary>Bytes handed out (from the pool or fresh) after which a pool miss requests a full
    /// collection, at least. The pool then holds about this much: measured on the MLP and seed 001
    /// loops, 8 MiB recycles nearly every buffer with a collection every few steps.</summary>
    internal const long MinRentedBytesPerCollection = 8L << 20;

    /// <summary>The threshold grows up to this while collections give little back (a program
    /// that keeps what it allocates, loading a dataset say, should not pay a collection per 8 MiB).</summary>
    internal const long MaxRentedBytesPerCollection = 1L << 30;

    /// <summary>Off: large buffers are ordinary arrays (for side-by-side measurements and tests).</summary>
    internal static volatile bool Enabled = true;

    private static long s_rentedBytes, s_reclaimedBytes;
    private static long s_threshold = MinRentedBytesPerCollection;
    private static int s_lastFullCount;

    /// <summary>Counts a buffer handed out; on a miss (<paramref name="fresh"/>), asks for a full
    /// collection once enough has been handed out since the last one for the dead buffers among
    /// them to be worth recovering. True when it collected (the caller then waits for the buffers
    /// to come back, <see cref="BufferPool{T}"/>.Rent).</summary>
    internal static bool CountRented(long bytes, bool fresh)
    {
        int full = GC.CollectionCount(2);
        if (full != Volatile.Read(ref s_lastFullCount))
        {
            // A full collection happened meanwhile; count from there.
            Volatile.Write(ref s_lastFullCount, full);
            Interlocked.Exchange(ref s_rentedBytes, 0);
        }
        long rented = Interlocked.Add(ref s_rentedBytes, bytes);
        long threshold = Volatile.Read(ref s_threshold);
        if (!fresh || rented < threshold)
            return false;
        Interlocked.Exchange(ref s_rentedBytes, 0);
        // Collect as eagerly as the last collection proved worthwhile: if it gave back at least a
        // quarter of what had been handed out before it, keep the minimum; otherwise back off.
        long reclaimed = Interlocked.Exchange(ref s_reclaimedBytes, 0);
        Volatile.Write(ref s_threshold, reclaimed >= threshold / 4
            ? MinRentedBytesPerCollection
            : Math.Min(threshold * 2, MaxRentedBytesPerCollection));
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        Volatile.Write(ref s_lastFullCount, GC.CollectionCount(2));
        return Environment.CurrentManagedThreadId != FullCollectionWatcher.FinalizerThreadId;
    }

    /// <summary>Counts a buffer found unreachable (pooled or dropped).</summary>
    internal static void CountReclaimed(long bytes) => Interlocked.Add(ref s_reclaimedBytes, bytes);
}

/// <summary>The pool of <see cref="BufferPool"/> for one element type.</summary>
/// <remarks>T is one of the dtypes' element types (no references); unconstrained so that
/// Storage.NewArray's instantiations are precompiled (see docs/PERFORMANCE.md, 'Generic instantiations').</remarks>
internal static class BufferPool<T>
{
    private sealed class Bucket
    {
        public readonly Stack<T[]> Free = new();
        public bool UsedSinceLastTrim;
    }

    private static readonly Lock s_lock = new();
    private static readonly Dictionary<int, Bucket> s_buckets = new();
    private static long s_pooledBytes;
    private static long s_hits, s_misses;

    /// <summary>Rents served from the pool and rents that allocated (for tests and measurements).</summary>
    internal static (long Hits, long Misses) Counts => (Interlocked.Read(ref s_hits), Interlocked.Read(ref s_misses));

    static BufferPool() => FullCollectionWatcher.Register(Trim);

    /// <summary>A buffer of exactly <paramref name="length"/> elements, zeroed when <paramref name="clear"/>.</summary>
    public static T[] Rent(int length, bool clear)
    {
        T[]? array = TryTake(length);
        if (BufferPool.CountRented(Bytes(length), fresh: array is null))
        {
            // Right after a collection the dead buffers are not back yet: their reclaimers wait
            // for the finalizer thread. Allocating meanwhile would add a fresh buffer to the pool
            // at every collection, so that a steady loop's pool grew without bound and each buffer came round less often, colder in the
            // caches. So wait for the finalizers, then take one.
            FinalizerDrain.Wait();
            array = TryTake(length);
        }
        if (array is null)
        {
            Interlocked.Increment(ref s_misses);
            array = clear ? new T[length] : GC.AllocateUninitializedArray<T>(length);
        }
        else
        {
            Interlocked.Increment(ref s_hits);
            if (clear) Array.Clear(array);
        }
        _ = new Reclaimer(array);
        return array;
    }

    /// <summary>A pooled buffer of <paramref name="length"/> elements, if any; marks the size as in use.</summary>
    private static T[]? TryTake(int length)
    {
        lock (s_lock)
        {
            if (!s_buckets.TryGetValue(length, out var bucket))
                s_buckets[length] = bucket = new Bucket();
            bucket.UsedSinceLastTrim = true;
            if (!bucket.Free.TryPop(out var array))
                return null;
            s_pooledBytes -= Bytes(length);
            return array;
        }
    }

    /// <summary>Buffers waiting in the pool (for tests).</summary>
    internal static int PooledCount(int length)
    {
        lock (s_lock)
            return s_buckets.TryGetValue(length, out var bucket) ? bucket.Free.Count : 0;
    }

    private static long Bytes(int length) => (long)length * Unsafe.SizeOf<T>();

    private static void Return(T[] array)
    {
        BufferPool.CountReclaimed(Bytes(array.Length));
        lock (s_lock)
        {
            if (s_pooledBytes + Bytes(array.Length) > BufferPool.MaxPooledBytes
                || !s_buckets.TryGetValue(array.Length, out var bucket))
                return;
            bucket.Free.Push(array);
            s_pooledBytes += Bytes(array.Length);
        }
    }

    /// <summary>After a full collection: drop the buffers of sizes nobody asked for since the previous one.</summary>
    private static void Trim()
    {
        lock (s_lock)
        {
            List<int>? unused = null;
            foreach (var (length, bucket) in s_buckets)
            {
                if (!bucket.UsedSinceLastTrim)
                {
                    s_pooledBytes -= Bytes(length) * bucket.Free.Count;
                    (unused ??= []).Add(length);
                }
                bucket.UsedSinceLastTrim = false;
            }
            if (unused is not null)
                foreach (int length in unused) s_buckets.Remove(length);
        }
    }

    /// <summary>Finalized when its array becomes unreachable; puts the array back.</summary>
    private sealed class Reclaimer
    {
        private readonly T[] _array;
        private DependentHandle _handle;

        public Reclaimer(T[] array)
        {
            _array = array;
            _handle = new DependentHandle(array, this);
        }

        ~Reclaimer()
        {
            _handle.Dispose();
            Return(_array);
        }
    }
}

/// <summary>
/// Waits, for a bounded time, until the finalizers pending now have run. GC.WaitForPendingFinalizers
/// on the calling thread could deadlock it (a user's finalizer waiting for a lock the caller holds),
/// so a background thread of its own does the waiting; the caller gives up after
/// <see cref="Timeout"/> (it then allocates, as it would have without the pool). Usually the
/// reclaimers are done long before that.
/// </summary>
internal static class FinalizerDrain
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);
    private static readonly object s_gate = new(); // a monitor: Wait and Pulse
    private static long s_requested, s_completed;
    private static Thread? s_thread;

    public static void Wait()
    {
        long ticket;
        lock (s_gate)
        {
            ticket = ++s_requested;
            if (s_thread is null)
            {
                s_thread = new Thread(Run) { IsBackground = true, Name = "SharpGrad buffer pool" };
                s_thread.Start();
            }
            else
            {
                Monitor.PulseAll(s_gate);
            }
            long deadline = Environment.TickCount64 + (long)Timeout.TotalMilliseconds;
            while (Volatile.Read(ref s_completed) < ticket)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return;
                Monitor.Wait(s_gate, (int)left);
            }
        }
    }

    private static void Run()
    {
        while (true)
        {
            long target;
            lock (s_gate)
            {
                while (s_completed >= s_requested) Monitor.Wait(s_gate);
                target = s_requested;
            }
            GC.WaitForPendingFinalizers();
            lock (s_gate)
            {
                s_completed = target;
                Monitor.PulseAll(s_gate);
            }
        }
    }
}

/// <summary>Calls registered actions on the finalizer thread after each full (generation 2) collection.</summary>
internal static class FullCollectionWatcher
{
    private static readonly Lock s_lock = new();
    private static readonly List<Action> s_actions = [];

    /// <summary>The finalizer thread's managed id, once a collection has run the watcher (0 before).</summary>
    public static volatile int FinalizerThreadId;

    public static void Register(Action action)
    {
        lock (s_lock)
        {
            if (s_actions.Count == 0) _ = new Sentinel();
            s_actions.Add(action);
        }
    }

    /// <summary>Unreachable from the start and resurrected by its own finalizer after every collection that finds it.</summary>
    private sealed class Sentinel
    {
        private int _lastFullCount = GC.CollectionCount(2);

        ~Sentinel()
        {
            if (Environment.HasShutdownStarted) return;
            FinalizerThreadId = Environment.CurrentManagedThreadId;
            int full = GC.CollectionCount(2);
            if (full != _lastFullCount)
            {
                _lastFullCount = full;
                Action[] actions;
                lock (s_lock) actions = [.. s_actions];
                foreach (var action in actions) action();
            }
            GC.ReRegisterForFinalize(this);
        }
    }
}
