using Greenspace.Cli;
using Greenspace.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("greenspace");
    config.Settings.PropagateExceptions = false;
    config.Settings.ExceptionHandler = (e, _) => ExitCodes.Report(e);
    config.AddCommand<EnginesCommand>("engines")
        .WithDescription("List the QM engines Greenspace knows: found or not, version, and how to install a missing one.");
    config.AddCommand<ComputeCommand>("compute")
        .WithDescription("Compute a property for every molecule of a file (SMILES, XYZ, extended XYZ, SDF), answering from the store where it can.")
        .WithExample("compute", "--method", "gfn2", "--input", "molecules.smi")
        .WithExample("compute", "--method", "b3lyp", "--basis", "6-31g*", "--driver", "gradient", "--input", "water.xyz");
    config.AddCommand<FootprintCommand>("footprint").WithDescription("Energy, operational and embodied carbon of a job (Green Algorithms v3.1), or of every row of a Green Algorithms export.");
    config.AddCommand<ExportCommand>("export").WithDescription("Export stored results as extended XYZ, QCSchema JSON or Parquet.");
    config.AddCommand<LedgerCommand>("ledger")
        .WithDescription("What the store's calculations cost in energy and carbon, by kind, program and method, and what its answers avoided.");
    config.AddCommand<LearnCommand>("learn")
        .WithDescription("Train a kernel model on labelled molecules (a file, or results in the store), print its learning curve and calibration, and keep it in the store.")
        .WithExample("learn", "--input", "data/qm7/qm7_pbe0_dftb.xyz", "--label", "E_PBE0_def2TZVP_kcalmol", "--unit", "kcal/mol", "--test-split", "data/qm7/splits/test_1.txt", "--train-size", "1000")
        .WithExample("learn", "--from-store", "--method", "gfn2", "--representation", "bob");
    config.AddCommand<PredictCommand>("predict")
        .WithDescription("Predict with a saved model (SMILES, XYZ or SDF input), with calibrated uncertainties and a warning for molecules outside its domain.")
        .WithExample("predict", "--model", "E_PBE0_def2TZVP_kcalmol-cm", "--input", "molecules.smi");
    config.AddBranch("campaign", campaign =>
    {
        campaign.SetDescription("Cost-aware multi-fidelity campaigns: find what a spec asks for at the smallest energy cost, resumable, with a report.");
        campaign.AddCommand<CampaignRunCommand>("run")
            .WithDescription("Run a campaign (or resume it where it stopped) to a stopping rule, then write its report.")
            .WithExample("campaign", "run", "campaigns/qm9-gap.yaml");
        campaign.AddCommand<CampaignReportCommand>("report")
            .WithDescription("Write a campaign's report (HTML, Markdown, plots) from the store, while it runs or after.")
            .WithExample("campaign", "report", "campaigns/qm9-gap.yaml");
    });
    config.AddCommand<WorkerCommand>("worker")
        .WithDescription("Run one batch of calculations on a cluster node and write each result into the spool (the Slurm executor starts it; you need not).");
    config.AddCommand<TrackCommand>("track")
        .WithDescription("Run any program and report its measured CPU time, wall time, peak memory, energy and carbon.")
        .WithExample("track", "--", "xtb", "water.xyz", "--gfn", "2");
});
return await app.RunAsync(args);
