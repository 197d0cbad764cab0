namespace Greenspace.Learning.Persistence;

/// <summary>
/// A saved model's answer for one molecule: the predicted label with its calibrated sigma (label's unit), its
/// distance to the nearest training molecule, and a warning when it lies beyond every distance seen in training;
/// or no prediction and the sentence saying why (an element the model never saw, a molecule its representation
/// cannot take).
/// </summary>
public sealed record MoleculePrediction(int Index, double? Value, double? Sigma, double? NearestTrainingDistance, string? Warning, string? Problem)
{
    public bool Predicted => Value is not null;
}
