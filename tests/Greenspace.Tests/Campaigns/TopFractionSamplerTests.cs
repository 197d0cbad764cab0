using Greenspace.Campaigns;

namespace Greenspace.Tests.Campaigns;

public sealed class TopFractionSamplerTests
{
    private static readonly string[] Groups = ["A", "A", "A", "B", "B", "B", "B", "C", "C", "C"];

    private static (double[] Mean, double[] Sigma) Posterior(int seed)
    {
        var random = new Random(seed);
        var mean = Groups.Select(g => (g[0] - 'A') * 100 + 10 * random.NextDouble()).ToArray(); // groups on different scales
        var sigma = Groups.Select(_ => 0.5 + 3 * random.NextDouble()).ToArray();
        return (mean, sigma);
    }

    [Fact]
    public void Without_uncertainty_the_sought_molecules_are_the_lowest_relative_to_their_group_mean()
    {
        var (mean, _) = Posterior(1);
        var sampler = new TopFractionSampler(Groups, [], [], sought: 3, relativeToGroupMean: true);

        var p = sampler.Probabilities(mean, new double[mean.Length], new StandardNormalDraws(16, mean.Length, new Random(1)));

        var relative = mean.Select((m, i) => m - Enumerable.Range(0, mean.Length).Where(j => Groups[j] == Groups[i]).Average(j => mean[j])).ToArray();
        var lowest = Enumerable.Range(0, mean.Length).OrderBy(i => relative[i]).Take(3).ToHashSet();
        for (int i = 0; i < mean.Length; i++)
            Assert.Equal(lowest.Contains(i) ? 1.0 : 0.0, p[i]);
    }

    [Fact]
    public void Each_sample_has_exactly_the_sought_count_of_winners()
    {
        var (mean, sigma) = Posterior(2);
        var sampler = new TopFractionSampler(Groups, [], [], sought: 4, relativeToGroupMean: true);

        var p = sampler.Probabilities(mean, sigma, new StandardNormalDraws(500, mean.Length, new Random(3)));

        Assert.Equal(4.0, p.Sum(), 9);
        Assert.All(p, x => Assert.InRange(x, 0, 1));
    }

    [Fact]
    public void Shifting_a_whole_group_changes_nothing_when_values_are_relative_to_its_mean()
    {
        var (mean, sigma) = Posterior(4);
        var shifted = mean.Select((m, i) => Groups[i] == "B" ? m - 1000 : m).ToArray();
        var sampler = new TopFractionSampler(Groups, ["B"], [150], sought: 3, relativeToGroupMean: true);
        var shiftedSampler = new TopFractionSampler(Groups, ["B"], [150 - 1000], sought: 3, relativeToGroupMean: true);

        var p = sampler.Probabilities(mean, sigma, new StandardNormalDraws(300, mean.Length, new Random(5)));
        var q = shiftedSampler.Probabilities(shifted, sigma, new StandardNormalDraws(300, shifted.Length, new Random(5)));

        for (int i = 0; i < p.Length; i++)
            Assert.Equal(p[i], q[i], 12);
        // Without the group mean, the shifted group takes every place.
        var absolute = new TopFractionSampler(Groups, ["B"], [150 - 1000], sought: 3, relativeToGroupMean: false).Probabilities(shifted, sigma, new StandardNormalDraws(300, shifted.Length, new Random(5)));
        Assert.Equal(0.0, absolute.Where((_, i) => Groups[i] != "B").Sum());
    }

    [Fact]
    public void A_known_label_that_is_surely_best_takes_a_place_from_the_candidates()
    {
        var (mean, sigma) = Posterior(6);
        var sampler = new TopFractionSampler(Groups, ["A"], [-1e6], sought: 3, relativeToGroupMean: false);

        var p = sampler.Probabilities(mean, sigma, new StandardNormalDraws(400, mean.Length, new Random(7)));

        Assert.Equal(2.0, p.Sum(), 9);
    }
}
