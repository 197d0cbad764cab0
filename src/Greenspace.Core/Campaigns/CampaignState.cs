using Greenspace.Store;

namespace Greenspace.Campaigns;

/// <summary>
/// What a campaign knows, rebuilt from the store on every start: each molecule's label at each rung (NaN where not
/// known), the (molecule, rung) pairs that failed, what the campaign has spent, and where its batches stand. Molecules
/// are positions in <see cref="CampaignLibrary.Molecules"/>.
/// </summary>
public sealed class CampaignState
{
    private readonly Dictionary<int, int> _positionOfIndex;

    public CampaignState(CampaignLibrary library, int rungCount)
    {
        Library = library;
        _positionOfIndex = library.Molecules.Select((m, p) => (m.Index, p)).ToDictionary(x => x.Index, x => x.p);
        Labels = [.. Enumerable.Range(0, rungCount).Select(_ => Enumerable.Repeat(double.NaN, library.Molecules.Length).ToArray())];
        Failed = [.. Enumerable.Range(0, rungCount).Select(_ => new bool[library.Molecules.Length])];
        Reused = [.. Enumerable.Range(0, rungCount).Select(_ => new bool[library.Molecules.Length])];
    }

    public CampaignLibrary Library { get; }

    /// <summary>[rung][molecule]: the rung's property, NaN where not known.</summary>
    public double[][] Labels { get; }

    /// <summary>[rung][molecule]: the calculation failed (stored as failed, with its reason); it is not chosen again.</summary>
    public bool[][] Failed { get; }

    /// <summary>[rung][molecule]: known from the store at the start (warm), not computed or charged by this campaign.</summary>
    public bool[][] Reused { get; }

    public double SpentKwh { get; private set; }
    public double SpentGramsCo2e { get; private set; }
    public double EmbodiedGramsCo2e { get; private set; }
    public double MlKwh { get; private set; }

    /// <summary>Finished steps (done or failed) of this campaign.</summary>
    public int Calculations { get; private set; }

    /// <summary>The next batch number to decide.</summary>
    public int NextBatch { get; private set; }

    /// <summary>Steps decided but not finished (a batch cut short by a crash or a kill), to run before anything else.</summary>
    public List<StoredStep> Unfinished { get; } = [];

    public int PositionOf(int libraryIndex) => _positionOfIndex[libraryIndex];

    public bool Known(int rung, int molecule) => double.IsFinite(Labels[rung][molecule]);

    /// <summary>Whether the pair is settled either way (known or failed), so it will not be chosen.</summary>
    public bool Settled(int rung, int molecule) => Known(rung, molecule) || Failed[rung][molecule];

    public void AddBatch(int batch, CampaignBatchCost cost)
    {
        MlKwh += cost.Kwh;
        SpentKwh += cost.Kwh;
        SpentGramsCo2e += cost.GramsCo2e;
        NextBatch = Math.Max(NextBatch, batch + 1);
    }

    public void AddOutcome(int libraryIndex, int rung, StepOutcome outcome)
    {
        int m = PositionOf(libraryIndex);
        if (outcome.Succeeded)
            Labels[rung][m] = outcome.Value!.Value;
        else
            Failed[rung][m] = true;
        Reused[rung][m] = false;
        SpentKwh += outcome.Kwh;
        SpentGramsCo2e += outcome.GramsCo2e;
        EmbodiedGramsCo2e += outcome.EmbodiedGramsCo2e;
        Calculations++;
    }

    public void AddReused(int rung, int molecule, double value)
    {
        Labels[rung][molecule] = value;
        Reused[rung][molecule] = true;
    }

    /// <summary>The state of a campaign from its stored batches.</summary>
    public static CampaignState Load(CampaignLibrary library, int rungCount, IReadOnlyList<StoredBatch> batches)
    {
        var state = new CampaignState(library, rungCount);
        foreach (var batch in batches)
        {
            state.AddBatch(batch.Batch, batch.Cost);
            foreach (var step in batch.Steps)
            {
                if (step.Outcome is { } outcome)
                    state.AddOutcome(step.Plan.Molecule, step.Plan.Rung, outcome);
                else
                    state.Unfinished.Add(step);
            }
        }
        return state;
    }
}
