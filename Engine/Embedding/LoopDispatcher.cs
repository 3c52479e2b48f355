using Reactor.MiniRedis.Engine.Reactor;

namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>
/// Runs the embedding API's work on the loop thread, which owns the keyspace and the clients, and hands the result
/// back as a task. Work is posted to the loop's queue and the loop is woken, so it runs within one iteration
/// instead of after the poll's timeout. Once the loop has stopped, pending and new work fail instead of hanging.
/// </summary>
internal sealed class LoopDispatcher(EventLoop loop, WakeUpSocket wakeUp)
{
    private readonly Lock _gate = new();
    private readonly HashSet<TaskCompletionSource<object?>> _pending = [];
    private Func<Exception>? _stopped;

    /// <summary>Runs <paramref name="work"/> on the loop thread and returns its result.</summary>
    public async Task<T> InvokeAsync<T>(Func<T> work)
    {
        object? result = await Start(completion => Complete(completion, work())).ConfigureAwait(false);
        return (T)result!;
    }

    /// <summary>Runs <paramref name="work"/> on the loop thread.</summary>
    public Task InvokeAsync(Action work) => Start(completion =>
    {
        work();
        Complete(completion, null);
    });

    /// <summary>
    /// Runs <paramref name="work"/> on the loop thread; the task completes when the work calls
    /// <see cref="Complete"/> (possibly later, from a timer on the loop), or fails when the loop stops first.
    /// An exception thrown by the work fails the task and leaves the loop running.
    /// </summary>
    public Task<object?> Start(Action<TaskCompletionSource<object?>> work)
    {
        var completion = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stopped is not null)
            {
                return Task.FromException<object?>(_stopped());
            }
            _pending.Add(completion);
        }
        loop.Post(() =>
        {
            try
            {
                work(completion);
            }
            catch (Exception e)
            {
                Fail(completion, e);
            }
        });
        wakeUp.Wake();
        return completion.Task;
    }

    /// <summary>Queues fire-and-forget work for the loop (timers of fault injection); false once the loop has stopped.</summary>
    public bool TryPost(Action work)
    {
        lock (_gate)
        {
            if (_stopped is not null)
            {
                return false;
            }
        }
        loop.Post(work);
        wakeUp.Wake();
        return true;
    }

    /// <summary>Completes work started with <see cref="Start"/>.</summary>
    public void Complete(TaskCompletionSource<object?> completion, object? result)
    {
        lock (_gate)
        {
            _pending.Remove(completion);
        }
        completion.TrySetResult(result);
    }

    /// <summary>
    /// Called once the loop thread has finished: every pending and later call fails with an exception made by
    /// <paramref name="reason"/>.
    /// </summary>
    public void Stop(Func<Exception> reason)
    {
        TaskCompletionSource<object?>[] pending;
        lock (_gate)
        {
            _stopped ??= reason;
            pending = [.. _pending];
            _pending.Clear();
        }
        foreach (TaskCompletionSource<object?> completion in pending)
        {
            completion.TrySetException(reason());
        }
    }

    private void Fail(TaskCompletionSource<object?> completion, Exception error)
    {
        lock (_gate)
        {
            _pending.Remove(completion);
        }
        completion.TrySetException(error);
    }
}
