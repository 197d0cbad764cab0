using System.Runtime.InteropServices;

namespace Greenspace.Learning.LinearAlgebra;

/// <summary>
/// The OpenBLAS entry points Greenspace calls, as the library exports them (Debian's
/// <c>libopenblas0-pthread</c>). BLAS goes through CBLAS, which takes the storage order as an argument;
/// the two LAPACK routines go through their Fortran symbols, which are column-major and take every
/// argument by reference plus a hidden length for each character argument (gfortran's convention).
/// OpenBLAS carries LAPACK itself, so no separate liblapack or liblapacke is needed.
/// Only <see cref="Blas"/>, <see cref="CholeskyFactor"/> and <see cref="OpenBlas"/> call these.
/// </summary>
internal static partial class OpenBlasNative
{
    internal const string Library = "libopenblas.so.0";

    // CBLAS enumerations (cblas.h).
    internal const int RowMajor = 101, ColumnMajor = 102;
    internal const int NoTranspose = 111, Transpose = 112;
    internal const int Upper = 121, Lower = 122;
    internal const int NonUnit = 131;
    internal const int Left = 141;

    [LibraryImport(Library, EntryPoint = "dpotrf_")]
    internal static partial void Dpotrf(ref byte uplo, ref int n, ref double a, ref int lda, out int info, nuint uploLength);

    [LibraryImport(Library, EntryPoint = "dpotrs_")]
    internal static partial void Dpotrs(ref byte uplo, ref int n, ref int nrhs, ref double a, ref int lda, ref double b, ref int ldb, out int info, nuint uploLength);

    [LibraryImport(Library, EntryPoint = "cblas_dgemm")]
    internal static partial void Dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, ref double a, int lda, ref double b, int ldb, double beta, ref double c, int ldc);

    [LibraryImport(Library, EntryPoint = "cblas_dgemv")]
    internal static partial void Dgemv(int order, int trans, int m, int n, double alpha, ref double a, int lda, ref double x, int incx, double beta, ref double y, int incy);

    [LibraryImport(Library, EntryPoint = "cblas_dsyrk")]
    internal static partial void Dsyrk(int order, int uplo, int trans, int n, int k, double alpha, ref double a, int lda, double beta, ref double c, int ldc);

    [LibraryImport(Library, EntryPoint = "cblas_dtrsm")]
    internal static partial void Dtrsm(int order, int side, int uplo, int transA, int diag, int m, int n, double alpha, ref double a, int lda, ref double b, int ldb);

    [LibraryImport(Library, EntryPoint = "openblas_set_num_threads")]
    internal static partial void SetNumThreads(int count);

    [LibraryImport(Library, EntryPoint = "openblas_get_num_threads")]
    internal static partial int GetNumThreads();

    // Both return pointers to static strings inside the library: read them, never free them.
    [LibraryImport(Library, EntryPoint = "openblas_get_config")]
    internal static partial nint GetConfig();

    [LibraryImport(Library, EntryPoint = "openblas_get_corename")]
    internal static partial nint GetCoreName();
}
