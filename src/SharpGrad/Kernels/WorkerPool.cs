using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharpGrad.Kernels;

/// <summary>One piece of parallel work (a product, an elementwise run): <see cref="Execute"/> runs once on each participating thread.</summary>
internal abstract class ParallelJob
{
    private int _remaining;
    private Exception? _error;

    /// <summary>The work of participant <paramref name="thread"/> (0 is the calling thread).</summary>
    public abstract void Execute(int thread);

    internal void Prepare(int participants)
    {
        _error = null;
        _remaining = participants - 1;
    }

    internal void Fail(Exception e) => Interlocked.CompareExchange(ref _error, e, null);

    internal void WorkerDone() => Interlocked.Decrement(ref _remaining);

    internal void WaitForWorkers()
    {
        SpinWait sw = default;
        while (Volatile.Read(ref _remaining) != 0)
            sw.SpinOnce(sleep1Threshold: -1);
    }

    internal Exception? Error => _error;
}

/// <summary>
/// The persistent worker threads every parallel kernel shares (products and long elementwise
/// runs). The calling thread is participant 0; workers spin briefly after a job (back-to-back ops
/// then start at once) and then sleep. One pool rather than one per kind of kernel: on a machine
/// with few cores, two sets of spinning threads would take turns descheduling each other. One job
/// at a time: work that finds the pool busy runs on its own thread.
/// </summary>
internal static class WorkerPool
{
    /// <summary>Threads a job may use at most (the calling thread included).</summary>
    public static readonly int MaxParallelism = Math.Clamp(Environment.ProcessorCount, 1, 64);

    private static readonly Lock s_runLock = new();
    private static Worker[] s_workers = [];

    /// <summary>
    /// Runs <paramref name="job"/> on <paramref name="participants"/> threads and returns true, or
    /// returns false at once if the pool is in use by another job.
    /// </summary>
    public static bool TryRun(ParallelJob job, int participants)
    {
        // A job's calling thread starting another job from inside it (a product inside a loop over
        // samples) would re-enter the lock (it is reentrant) and post to busy workers: it runs alone.
        if (s_runLock.IsHeldByCurrentThread)
            return false;
        if (!s_runLock.TryEnter())
            return false;
        try
        {
            Worker[] workers = EnsureWorkers(participants - 1);
            job.Prepare(participants);
            for (int w = 0; w < participants - 1; w++)
                workers[w].Post(job, w + 1);
            try
            {
                job.Execute(0);
            }
            catch (Exception e)
            {
                job.Fail(e);
            }
            job.WaitForWorkers();
            if (job.Error is { } error)
                ExceptionDispatchInfoThrow(error);
            return true;
        }
        finally
        {
            s_runLock.Exit();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ExceptionDispatchInfoThrow(Exception e) =>
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();

    private static Worker[] EnsureWorkers(int count)
    {
        Worker[] workers = s_workers;
        if (workers.Length >= count)
            return workers;
        var grown = new Worker[count];
        Array.Copy(workers, grown, workers.Length);
        for (int i = workers.Length; i < count; i++)
            grown[i] = new Worker(i + 1);
        s_workers = grown;
        return grown;
    }

    private sealed class Worker
    {
        /// <summary>How long an idle worker keeps spinning (yielding to any thread that wants the
        /// core) before it sleeps. Waking a sleeping worker is slow next to the gaps a training step
        /// leaves between parallel ops (serial autograd work, a collection), so the spin outlasts
        /// those gaps (measured: BENCHMARKS.md, "Measurements behind design choices").</summary>
        private static readonly long SpinTicks = Stopwatch.Frequency / 500; // 2 ms

        private readonly object _gate = new();
        private ParallelJob? _job;
        private int _thread;
        private int _posted;
        private int _sleeping;

        public Worker(int index)
        {
            var thread = new Thread(Loop, 256 * 1024)
            {
                IsBackground = true,
                Name = $"SharpGrad worker {index}",
            };
            thread.Start();
        }

        public void Post(ParallelJob job, int thread)
        {
            _job = job;
            _thread = thread;
            Interlocked.Increment(ref _posted);
            if (Volatile.Read(ref _sleeping) != 0)
            {
                lock (_gate)
                    Monitor.PulseAll(_gate);
            }
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                long idleSince = Stopwatch.GetTimestamp();
                SpinWait sw = default;
                while (Volatile.Read(ref _posted) == seen)
                {
                    if (Stopwatch.GetTimestamp() - idleSince < SpinTicks)
                    {
                        sw.SpinOnce(sleep1Threshold: -1);
                        continue;
                    }
                    lock (_gate)
                    {
                        Interlocked.Exchange(ref _sleeping, 1);
                        while (Volatile.Read(ref _posted) == seen)
                            Monitor.Wait(_gate);
                        Volatile.Write(ref _sleeping, 0);
                    }
                }
                seen = Volatile.Read(ref _posted);
                ParallelJob job = _job!;
                try
                {
                    job.Execute(_thread);
                }
                catch (Exception e)
                {
                    job.Fail(e);
                }
                finally
                {
                    job.WorkerDone();
                }
            }
        }
    }
}
