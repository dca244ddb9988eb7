using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
/// <para><b>A buffer comes back when its owner dies.</b> The owner is the small
/// <see cref="Storage{T}"/> object that holds the array (views and <c>.data</c> hold it too), and
/// small objects die young: the first young-generation collection after a tensor is dropped proves
/// its owner unreachable and clears the pool's weak handle to it. The pool notices at its next
/// rent (no finalizer involved: nothing waits for the finalizer thread) and reuses the array.
/// Waiting for the array itself to die, by contrast, would need full collections, whose cost grows
/// with everything the application around SharpGrad holds.</para>
/// <para><b>Safety.</b> The owner's death is the signal, so code that reads or writes a tensor's
/// array must keep the tensor (and so its storage) alive until it is done: every op that hands an
/// array to a kernel ends with <c>GC.KeepAlive</c> on the tensors it read (docs/ARCHITECTURE.md,
/// "Buffer lifetime"). The collection-stress run of the test suite
/// (<c>DOTNET_GCgen0size</c> tiny, thousands of collections) checks it.</para>
/// <para><b>Young collections.</b> Once buffers are recycled the program allocates little and the
/// runtime may collect rarely, so dead owners pile up unnoticed and the pool runs dry. The pool
/// then asks for a collection of the young generations (0 and 1) once it has handed out
/// <see cref="MinRentedBytesPerCollection"/> since the last collection: its cost depends on the
/// young objects, not on the size of the application's heap, and it never runs a finalizer on the
/// caller's thread. A collection that gives little back raises that threshold, so a program that
/// keeps what it allocates (loading a dataset, say) is not slowed: to a quarter of the bytes leased
/// out (<see cref="LeasedBytes"/>), so the collections stay a logarithmic number while what is
/// kept grows, and what the pool hands out fresh before the next collection finds the dead stays a
/// fraction of what is alive. (A threshold that grew on its own, regardless of what is alive,
/// once let a training loop that followed the loading of a dataset allocate hundreds of megabytes
/// afresh before its first collection.) The library never asks for a full collection.</para>
/// <para><b>A large buffer that died before a full collection, the full collection frees.</b>
/// Until the pool looks, it holds the array of a buffer of <see cref="WeaklyHeldBytes"/> or more
/// only through a weak handle: while the owner lives, the owner keeps the array alive; once the
/// owner is dead, a full collection (the application's own <c>GC.Collect()</c>, or one the runtime
/// decides on) frees the array like any other garbage, and the pool forgets it. So a dataset or
/// a whole evaluation's activations do not outlive the application's full collections because the
/// pool had not looked yet. Pooled arrays live in the large object heap, which young collections
/// leave alone, so the weak handle holds between full collections. Smaller buffers, the bulk of a
/// training step's, and the free buffers (bounded below) are held strongly: a full collection must
/// not make a running loop allocate its next step afresh, which would draw the next full
/// collection sooner.</para>
/// <para><b>Bounds.</b> The pool holds at most <see cref="MaxPooledBytes"/> of free buffers, and
/// every few requested collections, or when it is full, drops the sizes nobody asked for meanwhile.</para>
/// </remarks>
internal static class BufferPool
{
    /// <summary>Buffers of this many bytes and more are pooled (the large object heap threshold).</summary>
    public const int MinBytes = 85_000;

    internal const long MaxPooledBytes = 256L << 20;

    /// <summary>Buffers handed out of this size and more are held weakly until the pool takes them back.</summary>
    internal const long WeaklyHeldBytes = 16L << 20;

    /// <summary>Bytes handed out (from the pool or fresh) since the last collection after which a
    /// pool miss asks for a young collection, at least. The pool then holds about this much beyond
    /// what is live.</summary>
    internal const long MinRentedBytesPerCollection = 8L << 20;

    /// <summary>The threshold grows up to this while collections give little back.</summary>
    internal const long MaxRentedBytesPerCollection = 1L << 30;

    /// <summary>While collections give little back, the threshold is this share of <see cref="LeasedBytes"/>.</summary>
    private const int LeasedBytesPerThresholdByte = 4;

    /// <summary>The free sizes unused over this many requested collections are dropped.</summary>
    internal const int TrimEveryCollections = 8;

    /// <summary>Off: large buffers are ordinary arrays (for side-by-side measurements and tests).</summary>
    internal static volatile bool Enabled = true;

    private static long s_rentedBytes, s_reclaimedBytes, s_leasedBytes;
    private static long s_threshold = MinRentedBytesPerCollection;
    private static int s_countedFromCollection;
    private static int s_requestedCollections;

    /// <summary>Collections the pool asked for (for tests and measurements).</summary>
    internal static int RequestedCollections => Volatile.Read(ref s_requestedCollections);

    /// <summary>Bytes of the buffers handed out whose owners have not been found dead (of every element
    /// type): what is alive, plus what died since each pool last looked.</summary>
    internal static long LeasedBytes => Interlocked.Read(ref s_leasedBytes);

    /// <summary>The bytes handed out since the last collection after which a miss asks for one.</summary>
    internal static long CollectionThreshold => Volatile.Read(ref s_threshold);

    /// <summary>Any collection of the young generation: each one may have found dead owners.</summary>
    internal static int CollectionCount => GC.CollectionCount(0);

    /// <summary>Counts <paramref name="bytes"/> handed out; on a miss, true when enough has been
    /// handed out since the last collection (of any kind) for the dead among it to be worth
    /// finding: the caller then asks for a young collection (<see cref="CollectYoung"/>).</summary>
    internal static bool CountRented(long bytes, bool miss)
    {
        int collections = CollectionCount;
        if (collections != Volatile.Read(ref s_countedFromCollection))
        {
            // A collection happened meanwhile; count from there.
            Volatile.Write(ref s_countedFromCollection, collections);
            Interlocked.Exchange(ref s_rentedBytes, 0);
        }
        long rented = Interlocked.Add(ref s_rentedBytes, bytes);
        Interlocked.Add(ref s_leasedBytes, bytes);
        long threshold = Volatile.Read(ref s_threshold);
        if (!miss || rented < threshold)
            return false;
        Interlocked.Exchange(ref s_rentedBytes, 0);
        // Collect as eagerly as the last collection proved worthwhile: if it gave back at least a
        // quarter of what had been handed out before it, keep the minimum; otherwise back off to a
        // share of what was leased out before this interval (mostly alive, then; this interval's
        // buffers are about to be looked at).
        long reclaimed = Interlocked.Exchange(ref s_reclaimedBytes, 0);
        Volatile.Write(ref s_threshold, reclaimed >= threshold / 4
            ? MinRentedBytesPerCollection
            : Math.Clamp((LeasedBytes - rented) / LeasedBytesPerThresholdByte, MinRentedBytesPerCollection, MaxRentedBytesPerCollection));
        return true;
    }

    /// <summary>Collects generations 0 and 1 (never 2, whose cost grows with the application's heap).</summary>
    internal static void CollectYoung()
    {
        GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: false);
        Interlocked.Increment(ref s_requestedCollections);
        Volatile.Write(ref s_countedFromCollection, CollectionCount);
    }

    /// <summary>Counts a buffer whose owner was found dead (pooled or dropped).</summary>
    internal static void CountReclaimed(long bytes)
    {
        Interlocked.Add(ref s_reclaimedBytes, bytes);
        Interlocked.Add(ref s_leasedBytes, -bytes);
    }
}

/// <summary>The pool of <see cref="BufferPool"/> for one element type.</summary>
/// <remarks>T is one of the dtypes' element types (no references); unconstrained so that
/// Storage's instantiations are precompiled (see docs/PERFORMANCE.md, 'Generic instantiations').</remarks>
internal static class BufferPool<T>
{
    private sealed class Bucket
    {
        public readonly Stack<T[]> Free = new();
        public bool UsedSinceLastTrim;
    }

    /// <summary>An array handed out: a weak handle to the storage that owns it, and a handle to the
    /// array, weak for arrays of <see cref="BufferPool.WeaklyHeldBytes"/> and more (see the class
    /// remarks: a large buffer that died before a full collection, the full collection frees).</summary>
    private struct Lease
    {
        public GCHandle Owner;
        public GCHandle Array;
        public int Length;
    }

    private static readonly Lock s_lock = new();
    private static readonly Dictionary<int, Bucket> s_buckets = new();
    private static Lease[] s_leases = new Lease[64];
    private static int s_leaseCount;
    private static long s_pooledBytes;
    private static int s_scannedAtCollection = -1, s_trimmedAtRequest;
    private static long s_hits, s_misses;

    /// <summary>Rents served from the pool and rents that allocated (for tests and measurements).</summary>
    internal static (long Hits, long Misses) Counts => (Interlocked.Read(ref s_hits), Interlocked.Read(ref s_misses));

    /// <summary>A storage of exactly <paramref name="length"/> elements, zeroed when
    /// <paramref name="clear"/>, whose array returns to the pool when the storage dies.</summary>
    public static Storage<T> Rent(int length, bool clear)
    {
        T[]? array = TryTake(length);
        if (BufferPool.CountRented(Bytes(length), miss: array is null))
        {
            BufferPool.CollectYoung();
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
        var storage = new Storage<T>(array);
        lock (s_lock)
        {
            if (s_leaseCount == s_leases.Length) Array.Resize(ref s_leases, s_leases.Length * 2);
            s_leases[s_leaseCount++] = new Lease
            {
                Owner = GCHandle.Alloc(storage, GCHandleType.Weak),
                Array = GCHandle.Alloc(array, Bytes(length) >= BufferPool.WeaklyHeldBytes ? GCHandleType.Weak : GCHandleType.Normal),
                Length = length,
            };
        }
        return storage;
    }

    /// <summary>A free buffer of <paramref name="length"/> elements, if any, after taking back the
    /// buffers of owners found dead by collections since the last look; marks the size as in use.</summary>
    private static T[]? TryTake(int length)
    {
        lock (s_lock)
        {
            if (!s_buckets.TryGetValue(length, out var bucket))
                s_buckets[length] = bucket = new Bucket();
            bucket.UsedSinceLastTrim = true;
            if (bucket.Free.Count == 0 && BufferPool.CollectionCount != s_scannedAtCollection)
                ReclaimDeadOwners();
            if (!bucket.Free.TryPop(out var array))
                return null;
            s_pooledBytes -= Bytes(length);
            return array;
        }
    }

    /// <summary>Takes back the arrays whose owners died (their weak handles cleared) and that no full
    /// collection has freed since. Under the lock.</summary>
    private static void ReclaimDeadOwners()
    {
        s_scannedAtCollection = BufferPool.CollectionCount;
        int requests = BufferPool.RequestedCollections;
        if (requests - s_trimmedAtRequest >= BufferPool.TrimEveryCollections)
        {
            s_trimmedAtRequest = requests;
            Trim();
        }
        bool trimmedForRoom = false;
        int i = 0;
        while (i < s_leaseCount)
        {
            ref var lease = ref s_leases[i];
            if (lease.Owner.Target is not null)
            {
                i++;
                continue;
            }
            lease.Owner.Free();
            var array = (T[]?)lease.Array.Target;
            lease.Array.Free();
            long bytes = Bytes(lease.Length);
            lease = s_leases[--s_leaseCount];
            s_leases[s_leaseCount] = default;
            BufferPool.CountReclaimed(bytes);
            if (array is null)
                continue;   // a full collection freed it already
            if (s_pooledBytes + bytes > BufferPool.MaxPooledBytes && !trimmedForRoom)
            {
                // Full: make room by dropping the sizes nobody asked for lately (an earlier phase's,
                // say) rather than this buffer, which may be of a size in use. Trimming on a count
                // of requested collections alone would not do: where the runtime collects often by
                // itself, the pool requests few, and stale sizes would hold the room for good.
                trimmedForRoom = true;
                Trim();
            }
            if (s_pooledBytes + bytes <= BufferPool.MaxPooledBytes
                && s_buckets.TryGetValue(array.Length, out var bucket))
            {
                bucket.Free.Push(array);
                s_pooledBytes += bytes;
            }
        }
    }

    /// <summary>Drops the free buffers of sizes nobody asked for since the last trim. Under the lock.</summary>
    private static void Trim()
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

    /// <summary>Free buffers of <paramref name="length"/> elements, after taking back those of
    /// owners found dead (for tests).</summary>
    internal static int PooledCount(int length)
    {
        lock (s_lock)
        {
            if (BufferPool.CollectionCount != s_scannedAtCollection) ReclaimDeadOwners();
            return s_buckets.TryGetValue(length, out var bucket) ? bucket.Free.Count : 0;
        }
    }

    /// <summary>Bytes of the free buffers the pool holds (for tests and measurements).</summary>
    internal static long PooledBytes
    {
        get { lock (s_lock) return s_pooledBytes; }
    }

    /// <summary>Arrays handed out whose owners have not been found dead yet (for tests).</summary>
    internal static int LeaseCount
    {
        get { lock (s_lock) return s_leaseCount; }
    }

    private static long Bytes(int length) => (long)length * Unsafe.SizeOf<T>();
}
