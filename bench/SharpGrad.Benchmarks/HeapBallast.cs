namespace SharpGrad.Benchmarks;

/// <summary>
/// The application around the library: a heap of its own small objects (a web service's caches, a
/// desktop app's model), live for the whole workload. A full (generation 2) collection walks all of
/// it, so a library that forces such collections gets slower as the application grows; young
/// collections do not. Both libraries' cases of one workload share the one ballast.
/// </summary>
internal static class HeapBallast
{
    /// <summary>One small object of the application (48 bytes with its header), in a linked list.</summary>
    private sealed class Item(Item? next, long value)
    {
        public readonly Item? Next = next;
        public readonly long Value = value, A = value * 3, B = value * 7;
    }

    private static readonly Lock s_lock = new();
    private static Item[]? s_roots;
    private static int s_users;
    private static double s_gigabytes;

    /// <summary>Holds <paramref name="gigabytes"/> of small live objects until every holder has released it.</summary>
    public static void Acquire(double gigabytes)
    {
        lock (s_lock)
        {
            if (s_users++ > 0 && s_gigabytes == gigabytes) return;
            const int itemBytes = 48, chains = 1024;
            long count = (long)(gigabytes * (1L << 30) / itemBytes);
            var roots = new Item[chains];
            for (long i = 0; i < count; i++)
            {
                int c = (int)(i % chains);
                roots[c] = new Item(roots[c], i);
            }
            s_roots = roots;
            s_gigabytes = gigabytes;
            // Let the runtime age the ballast into generation 2 before anything is timed, as a
            // long-running application's objects are.
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    public static void Release()
    {
        lock (s_lock)
        {
            if (--s_users > 0) return;
            s_roots = null;
            s_gigabytes = 0;
            GC.Collect();
        }
    }

    /// <summary>A case that runs <paramref name="inner"/> while the ballast is held.</summary>
    public static IBenchCase With(double gigabytes, Func<IBenchCase> inner)
    {
        Acquire(gigabytes);
        return new Held(inner());
    }

    private sealed class Held(IBenchCase inner) : IBenchCase
    {
        public void Step() => inner.Step();
        public float[] Snapshot() => inner.Snapshot();
        public string? Note => inner.Note;

        public void Dispose()
        {
            inner.Dispose();
            Release();
        }
    }
}
