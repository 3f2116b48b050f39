using System.Runtime.ExceptionServices;

namespace DicomNode.Inference.Cascade;

/// <summary>
/// Runs a study's cascade steps, each once its dependencies have ended, at most a given number at a time, and of those
/// ready the earliest in the list first: the list is the sequential order (manifest order, parents first), so the long
/// runs of the first models start first and one at a time is exactly that order. A step that starts with no other step
/// ready is given the places left free (the last run of a study, alone at its end, takes every core). A step that throws stops new ones from
/// starting; the steps already running are waited for before its exception is rethrown, so that nothing is left running
/// on the study's volumes once <see cref="Run"/> returns.
/// </summary>
internal static class CascadeScheduler
{
    public static void Run(IReadOnlyList<CascadeStep> steps, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var waitingOn = new int[steps.Count];
        var dependents = new List<int>[steps.Count];
        var ready = new SortedSet<int>();
        for (int i = 0; i < steps.Count; i++)
        {
            dependents[i] = [];
            foreach (int before in steps[i].After)
            {
                if (before < 0 || before >= i)
                {
                    throw new ArgumentException($"step {i} ({steps[i].Name}) depends on step {before}, which is not before it", nameof(steps));
                }

                waitingOn[i]++;
                dependents[before].Add(i);
            }

            if (waitingOn[i] == 0)
            {
                ready.Add(i);
            }
        }

        void Ended(int step)
        {
            foreach (int next in dependents[step])
            {
                if (--waitingOn[next] == 0)
                {
                    ready.Add(next);
                }
            }
        }

        if (parallelism == 1)
        {
            // One at a time on the caller's thread, the earliest ready step first: the list's own order.
            while (ready.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int step = ready.Min;
                ready.Remove(step);
                steps[step].Work(1);
                Ended(step);
            }

            return;
        }

        var running = new List<(int Step, Task Task)>(parallelism);
        ExceptionDispatchInfo? failure = null;
        while (true)
        {
            while (failure is null && running.Count < parallelism && ready.Count > 0)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    failure = ExceptionDispatchInfo.Capture(new OperationCanceledException(cancellationToken));
                    break;
                }

                int step = ready.Min;
                ready.Remove(step);
                int places = ready.Count == 0 ? parallelism - running.Count : 1;
                // No token for the task itself: a step once started runs to its end and is waited for. Its own thread, not the
                // pool's: a model run holds its thread for seconds in native code, and two of them on a 2-core machine's pool of
                // two would leave the associations receiving meanwhile waiting for the pool to grow.
                running.Add((step, Task.Factory.StartNew(() => steps[step].Work(places), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
            }

            if (running.Count == 0)
            {
                break;
            }

            int index = Task.WaitAny([.. running.Select(r => r.Task)]);
            (int ended, Task task) = running[index];
            running.RemoveAt(index);
            try
            {
                task.GetAwaiter().GetResult();
                Ended(ended);
            }
            catch (Exception e)
            {
                // The first failure is the one reported; later ones (a step that ran on regardless) add nothing.
                failure ??= ExceptionDispatchInfo.Capture(e);
            }
        }

        failure?.Throw();
    }
}
