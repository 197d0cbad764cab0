namespace Greenspace.Campaigns;

// The spec as YAML holds it: every value optional and still text where the records have enums or durations, so that
// a missing or misspelt value becomes a sentence from the mapping, not a deserializer's exception. The YAML keys are
// these property names in snake case (BatchSize is batch_size); a key not here is reported with its line.
public static partial class CampaignSpecReader
{
    private sealed class SpecDocument
    {
        public string? Name { get; set; }
        public int? Seed { get; set; }
        public LibraryDocument? Library { get; set; }
        public ObjectiveDocument? Objective { get; set; }
        public List<RungDocument?>? Rungs { get; set; }
        public BudgetDocument? Budget { get; set; }
        public int? BatchSize { get; set; }
        public AcquisitionDocument? Acquisition { get; set; }
        public StartDocument? Start { get; set; }
        public SurrogateDocument? Surrogate { get; set; }
        public string? Output { get; set; }
    }

    private sealed class LibraryDocument
    {
        public string? Path { get; set; }
        public string? Bundled { get; set; }
        public List<string>? Elements { get; set; }
        public List<int>? Charges { get; set; }
        public int? MaxAtoms { get; set; }
        public int? MinIsomers { get; set; }
        public int? Limit { get; set; }
    }

    private sealed class ObjectiveDocument
    {
        public string? Rung { get; set; }
        public string? Goal { get; set; }
        public string? GroupBy { get; set; }
        public string? RelativeTo { get; set; }
        public double? TopFraction { get; set; }
        public double? Low { get; set; }
        public double? High { get; set; }
        public double? TargetMae { get; set; }
        public string? TestIndices { get; set; }
        public bool? RunToBudget { get; set; }
        public double? ExpectedRecall { get; set; }
        public int? Top { get; set; }
    }

    private sealed class RungDocument
    {
        public string? Name { get; set; }
        public string? Program { get; set; }
        public string? Method { get; set; }
        public string? Basis { get; set; }
        public string? Driver { get; set; }
        public string? Property { get; set; }
        public string? Geometry { get; set; }
        public Dictionary<string, string>? Keywords { get; set; }
        public string? Replay { get; set; }
        public double? ExpectedCpuSeconds { get; set; }
    }

    private sealed class BudgetDocument
    {
        public double? Kwh { get; set; }
        public double? Gco2e { get; set; }
        public string? Wall { get; set; }
        public int? Calculations { get; set; }
    }

    private sealed class AcquisitionDocument
    {
        public string? Function { get; set; }
        public double? Kappa { get; set; }
        public double? Xi { get; set; }
        public int? Samples { get; set; }
        public bool? CostAware { get; set; }
        public bool? TargetRungOnly { get; set; }
        public bool? PerKwh { get; set; }
        public List<double>? Funnel { get; set; }
        public double? FunnelUncertain { get; set; }
    }

    private sealed class StartDocument
    {
        public int? Diverse { get; set; }
        public bool? Warm { get; set; }
        public bool? CheapestEverywhere { get; set; }
    }

    private sealed class SurrogateDocument
    {
        public string? Representation { get; set; }
        public List<double>? WidthsOverMedian { get; set; }
        public List<double>? Lambdas { get; set; }
        public string? Rho { get; set; }
        public string? Validation { get; set; }
        public string? Variance { get; set; }
    }

    /// <summary>Where in the spec each document type sits, for "unknown key ... in library".</summary>
    private static readonly Dictionary<Type, string> SectionNames = new()
    {
        [typeof(SpecDocument)] = "the top level",
        [typeof(LibraryDocument)] = "library",
        [typeof(ObjectiveDocument)] = "objective",
        [typeof(RungDocument)] = "a rung",
        [typeof(BudgetDocument)] = "budget",
        [typeof(AcquisitionDocument)] = "acquisition",
        [typeof(StartDocument)] = "start",
        [typeof(SurrogateDocument)] = "surrogate",
    };
}
