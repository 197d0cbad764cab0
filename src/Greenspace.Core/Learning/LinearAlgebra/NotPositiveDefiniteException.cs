namespace Greenspace.Learning.LinearAlgebra;

/// <summary>
/// A Cholesky factorisation met a matrix that is not (numerically) positive definite: LAPACK's
/// <c>info &gt; 0</c>, the order of the first leading minor that is not positive.
/// </summary>
public sealed class NotPositiveDefiniteException(int order, int failedMinor)
    : ArithmeticException(
        $"the {order}x{order} matrix is not positive definite (its leading minor of order {failedMinor} is not positive); "
        + "raise the regulariser lambda, or look for duplicate samples or non-finite features")
{
    public int Order { get; } = order;

    /// <summary>One-based order of the first leading minor that is not positive, as LAPACK reports it.</summary>
    public int FailedMinor { get; } = failedMinor;
}
