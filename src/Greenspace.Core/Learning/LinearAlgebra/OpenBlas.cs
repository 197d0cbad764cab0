using System.Runtime.InteropServices;

namespace Greenspace.Learning.LinearAlgebra;

/// <summary>
/// The OpenBLAS library as a whole: whether it loads, which build and CPU kernel it runs, and how many
/// threads it uses. On first use it takes every core the process may use, unless OPENBLAS_NUM_THREADS
/// or OMP_NUM_THREADS says otherwise (OpenBLAS reads those itself when it loads).
/// </summary>
public static class OpenBlas
{
    private static readonly Lazy<string?> LoadError = new(Load);

    /// <summary>OpenBLAS's own build description, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".</summary>
    public static string Configuration
    {
        get
        {
            EnsureLoaded();
            return Marshal.PtrToStringUTF8(OpenBlasNative.GetConfig()) ?? "";
        }
    }

    /// <summary>The CPU kernel family OpenBLAS chose (or was told by OPENBLAS_CORETYPE).</summary>
    public static string CoreName
    {
        get
        {
            EnsureLoaded();
            return Marshal.PtrToStringUTF8(OpenBlasNative.GetCoreName()) ?? "";
        }
    }

    /// <summary>Threads OpenBLAS runs a large operation on; setting it affects the whole process.</summary>
    public static int ThreadCount
    {
        get
        {
            EnsureLoaded();
            return OpenBlasNative.GetNumThreads();
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            EnsureLoaded();
            OpenBlasNative.SetNumThreads(value);
        }
    }

    /// <summary>Whether the library loads here; <paramref name="reason"/> says what to install when it does not.</summary>
    public static bool IsAvailable(out string? reason)
    {
        reason = LoadError.Value;
        return reason is null;
    }

    /// <exception cref="DllNotFoundException">with one sentence saying what to install.</exception>
    internal static void EnsureLoaded()
    {
        if (LoadError.Value is { } reason)
            throw new DllNotFoundException(reason);
    }

    private static string? Load()
    {
        if (!NativeLibrary.TryLoad(OpenBlasNative.Library, typeof(OpenBlas).Assembly, null, out _))
            return $"OpenBLAS ({OpenBlasNative.Library}) could not be loaded; install the Debian package libopenblas0-pthread (./run.sh installs it)";
        bool told = Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS") is not null
            || Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is not null;
        if (!told)
            OpenBlasNative.SetNumThreads(Environment.ProcessorCount);
        return null;
    }
}
