using MathNet.Numerics.Statistics;

namespace Greenspace.Campaigns;

/// <summary>
/// The probability that a candidate is among the best <c>sought</c> molecules of a library (lower is better), by value
/// or by value relative to its group's mean, estimated by sampling the posterior: in each sample every candidate's
/// value is drawn from its marginal, the known labels are what they are, group means are taken over both, and the
/// sought count of lowest values wins. It is the expected gain in recall of a "find the best fraction" objective.
/// </summary>
/// <param name="candidateGroups">The group of each candidate.</param>
/// <param name="knownGroups">The group of each molecule already labelled.</param>
/// <param name="knownValues">Their labels, oriented so that lower is better.</param>
/// <param name="sought">How many molecules the objective seeks (candidates and known together).</param>
/// <param name="relativeToGroupMean">Compare each value with the mean of its group's (sampled and known) values.</param>
public sealed class TopFractionSampler(string[] candidateGroups, string[] knownGroups, double[] knownValues, int sought, bool relativeToGroupMean)
{
    /// <param name="mean">Each candidate's posterior mean, oriented so that lower is better.</param>
    /// <param name="sigma">Each candidate's posterior standard deviation.</param>
    /// <param name="draws">The standard normal draws the samples are made of, one per candidate in each.</param>
    public double[] Probabilities(double[] mean, double[] sigma, StandardNormalDraws draws)
    {
        int candidates = candidateGroups.Length, n = candidates + knownGroups.Length, samples = draws.Samples;
        if (draws.Candidates != candidates)
            throw new ArgumentException($"the draws are for {draws.Candidates} candidates, not {candidates}", nameof(draws));
        var index = new Dictionary<string, int>();
        var group = candidateGroups.Concat(knownGroups).Select(g => index.TryGetValue(g, out var i) ? i : index[g] = index.Count).ToArray();
        var count = new int[index.Count];
        foreach (int g in group)
            count[g]++;
        int place = Math.Min(sought, n) - 1;

        var wins = new double[candidates];
        var y = new double[n];
        var sorted = new double[n];
        var sum = new double[index.Count];
        knownValues.CopyTo(y, candidates);
        for (int s = 0; s < samples; s++)
        {
            var z = draws.Sample(s);
            for (int k = 0; k < candidates; k++)
                y[k] = mean[k] + sigma[k] * z[k];
            for (int j = 0; j < knownValues.Length; j++)
                y[candidates + j] = knownValues[j];
            if (relativeToGroupMean)
            {
                Array.Clear(sum);
                for (int i = 0; i < n; i++)
                    sum[group[i]] += y[i];
                for (int i = 0; i < n; i++)
                    y[i] -= sum[group[i]] / count[group[i]];
            }
            // The value at the sought count's place, found by selection (reordering the copy) rather than a full sort.
            y.CopyTo(sorted, 0);
            double cut = ArrayStatistics.OrderStatisticInplace(sorted, place + 1);
            for (int k = 0; k < candidates; k++)
                if (y[k] <= cut)
                    wins[k]++;
        }
        return [.. wins.Select(w => w / samples)];
    }
}
