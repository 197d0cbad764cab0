namespace Greenspace.Tests.Support;

/// <summary>
/// Waits for a condition of a real system (a cluster, a process) by polling it. The guard only stops a test that
/// would otherwise hang when the system never gets there; it measures nothing (speed belongs to the benchmarks).
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? poll = null)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (guard.IsCancellationRequested)
                throw new TimeoutException($"{what} never happened; the test stopped waiting");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
