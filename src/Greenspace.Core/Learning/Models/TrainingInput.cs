namespace Greenspace.Learning.Models;

/// <summary>The checks every fit makes on its features and labels before any arithmetic.</summary>
internal static class TrainingInput
{
    public static void Check(FeatureSet features, IReadOnlyList<double> labels, string labelName = "label")
    {
        if (features.Count == 0)
            throw new LearningInputException("the training set is empty; give the model at least one labelled molecule");
        if (labels.Count != features.Count)
            throw new LearningInputException($"{features.Count} molecules were given {labels.Count} {labelName}s; give exactly one {labelName} per molecule");
        for (int i = 0; i < labels.Count; i++)
            if (!double.IsFinite(labels[i]))
                throw new LearningInputException($"molecule {i} has no {labelName} ({labels[i]}); compute it or leave that molecule out of training");
    }
}
