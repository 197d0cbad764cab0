namespace Greenspace.Learning;

/// <summary>
/// Input a model cannot learn from or predict on (no samples, a missing label, lengths that disagree,
/// features from another representation), said in one sentence with what to do about it.
/// </summary>
public sealed class LearningInputException(string message) : ArgumentException(message);
