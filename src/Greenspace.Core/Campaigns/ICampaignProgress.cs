namespace Greenspace.Campaigns;

/// <summary>Hears a campaign as it goes (for a live display); every member may be called from any thread.</summary>
public interface ICampaignProgress
{
    /// <summary>A phase starts: loading the library, featurising, looking in the store, a batch's calculations.</summary>
    void Phase(string description);

    /// <summary>A batch was decided: its number and steps, and what the surrogate was.</summary>
    void BatchDecided(int batch, int steps, string? model);

    /// <summary>A step finished; <paramref name="spentKwh"/> is everything the campaign has spent so far.</summary>
    void StepFinished(int batch, string molecule, string rung, bool succeeded, double spentKwh);
}
