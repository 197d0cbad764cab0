namespace Greenspace.Store;

/// <summary>
/// The store's schema, as an ordered list of migrations. A migration is never edited once released;
/// a change to the schema is a new entry at the end. <c>PRAGMA user_version</c> holds the last applied.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> All =
    [
        (1, "molecules, requests, results, costs, claims, store hits, SMILES conformers and failures, program versions", """
            CREATE TABLE molecules (
                hash            TEXT PRIMARY KEY,   -- SHA-256 of the canonical molecule (atoms, rounded coordinates, charge, multiplicity)
                formula         TEXT NOT NULL,
                atom_count      INTEGER NOT NULL,
                charge          INTEGER NOT NULL,
                multiplicity    INTEGER NOT NULL,
                atomic_numbers  TEXT NOT NULL,      -- JSON, canonical atom order
                positions_angstrom TEXT NOT NULL,   -- JSON, canonical order, full precision of the first request
                created_at      TEXT NOT NULL
            );
            CREATE TABLE requests (
                hash            TEXT PRIMARY KEY,   -- RequestIdentity.Hash
                molecule_hash   TEXT NOT NULL REFERENCES molecules(hash),
                program         TEXT NOT NULL,
                program_version TEXT NOT NULL,      -- major.minor, as hashed
                method          TEXT NOT NULL,
                basis           TEXT,
                driver          TEXT NOT NULL,
                keywords        TEXT NOT NULL,      -- JSON, defaults filled in
                canonical_json  TEXT NOT NULL,
                created_at      TEXT NOT NULL
            );
            CREATE INDEX requests_by_molecule ON requests(molecule_hash);
            CREATE TABLE results (
                id              INTEGER PRIMARY KEY,
                request_hash    TEXT NOT NULL REFERENCES requests(hash),
                status          TEXT NOT NULL CHECK (status IN ('success', 'failed')),
                energy_kind     TEXT,
                energy          REAL,               -- in the unit of energy_kind (hartree or kcal/mol)
                properties      TEXT,               -- JSON, per-atom arrays in canonical atom order
                error           TEXT,
                output_tail     TEXT,
                program         TEXT NOT NULL,
                program_version TEXT NOT NULL,      -- full version
                host            TEXT NOT NULL,
                started_at      TEXT NOT NULL,
                ended_at        TEXT NOT NULL,
                creator         TEXT NOT NULL,
                creator_version TEXT NOT NULL
            );
            CREATE INDEX results_by_request ON results(request_hash, status);
            CREATE TABLE costs (
                result_id       INTEGER PRIMARY KEY REFERENCES results(id),
                wall_seconds    REAL NOT NULL,
                cpu_seconds     REAL NOT NULL,
                peak_memory_bytes INTEGER NOT NULL,
                meter           TEXT NOT NULL,
                package_energy_joules REAL          -- RAPL, attributed; NULL where no counter was readable
            );
            CREATE TABLE claims (
                request_hash    TEXT PRIMARY KEY,
                host            TEXT NOT NULL,
                pid             INTEGER NOT NULL,
                process_start   TEXT NOT NULL,      -- /proc start time, so a reused pid is not mistaken for the claimant
                claimed_at      TEXT NOT NULL,
                expires_at      TEXT NOT NULL
            );
            CREATE TABLE store_hits (
                id              INTEGER PRIMARY KEY,
                request_hash    TEXT NOT NULL,
                result_id       INTEGER NOT NULL REFERENCES results(id),
                at              TEXT NOT NULL
            );
            CREATE INDEX store_hits_by_result ON store_hits(result_id);
            CREATE TABLE conformers (
                key             TEXT PRIMARY KEY,   -- SHA-256 of canonical SMILES, program major.minor and options
                canonical_smiles TEXT NOT NULL,
                inchikey        TEXT,
                program         TEXT NOT NULL,
                program_version TEXT NOT NULL,
                options         TEXT NOT NULL,
                charge          INTEGER NOT NULL,
                multiplicity    INTEGER NOT NULL,
                atomic_numbers  TEXT NOT NULL,
                positions_angstrom TEXT NOT NULL,
                bonds           TEXT NOT NULL,      -- JSON [[a, b, order], ...], zero-based
                created_at      TEXT NOT NULL
            );
            -- A SMILES exactly as written, mapped to the conformer made from it, so that a repeated input needs no Open Babel run.
            CREATE TABLE smiles_aliases (
                input_key       TEXT PRIMARY KEY,   -- SHA-256 of the SMILES as written, program major.minor and options
                conformer_key   TEXT NOT NULL REFERENCES conformers(key)
            );
            -- A SMILES that could not be made 3D (unreadable, a structure that failed its checks, a hang), so that a repeated input does not pay for it again.
            CREATE TABLE smiles_failures (
                input_key       TEXT PRIMARY KEY,   -- as smiles_aliases
                smiles          TEXT NOT NULL,
                error           TEXT NOT NULL,
                created_at      TEXT NOT NULL
            );
            -- Versions read from programs, keyed by the executable's identity, so that a store answer runs no program at all.
            CREATE TABLE program_versions (
                path            TEXT PRIMARY KEY,
                size_bytes      INTEGER NOT NULL,
                modified_at     TEXT NOT NULL,
                version         TEXT NOT NULL
            );
            """),
        (2, "the ledger: runs of a command, and an energy and carbon entry for every calculation, SMILES batch and the orchestrator", """
            CREATE TABLE runs (
                id              INTEGER PRIMARY KEY,
                command         TEXT NOT NULL,
                host            TEXT NOT NULL,
                pid             INTEGER NOT NULL,
                started_at      TEXT NOT NULL,
                ended_at        TEXT,
                cores_reserved  REAL NOT NULL,      -- logical CPUs the run held (jobs x threads, at most the machine's)
                wall_seconds    REAL,               -- filled when the run ends; allocation = cores_reserved x wall_seconds
                machine         TEXT NOT NULL       -- the machine profile used, for people (CPU, TDP, PUE, carbon intensity)
            );
            CREATE TABLE ledger_entries (
                id              INTEGER PRIMARY KEY,
                run_id          INTEGER NOT NULL REFERENCES runs(id),
                kind            TEXT NOT NULL CHECK (kind IN ('calculation', 'smiles', 'orchestrator', 'training', 'prediction')),
                result_id       INTEGER REFERENCES results(id),
                label           TEXT NOT NULL,
                program         TEXT,
                method          TEXT,
                cpu_seconds     REAL NOT NULL,
                wall_seconds    REAL NOT NULL,
                peak_memory_bytes INTEGER NOT NULL,
                core_share      REAL NOT NULL,
                meter           TEXT NOT NULL,
                energy_method   TEXT NOT NULL,      -- measured-rapl, measured-gpu-counter, cpu-time-x-model, declared
                energy_kwh      REAL NOT NULL,
                energy_low_kwh  REAL NOT NULL,
                energy_high_kwh REAL NOT NULL,
                cpu_energy_kwh  REAL NOT NULL,
                memory_energy_kwh REAL NOT NULL,
                carbon_gco2e    REAL NOT NULL,
                carbon_low_gco2e REAL NOT NULL,
                carbon_high_gco2e REAL NOT NULL,
                embodied_gco2e  REAL NOT NULL,
                tdp_per_core_w  REAL NOT NULL,
                memory_charged_gb REAL NOT NULL,
                pue             REAL NOT NULL,
                pue_source      TEXT NOT NULL,
                carbon_intensity_g_per_kwh REAL NOT NULL,
                carbon_intensity_zone TEXT NOT NULL,
                carbon_intensity_year INTEGER NOT NULL,
                carbon_intensity_source TEXT NOT NULL,
                convention      TEXT NOT NULL,
                created_at      TEXT NOT NULL
            );
            CREATE INDEX ledger_by_run ON ledger_entries(run_id);
            CREATE INDEX ledger_by_result ON ledger_entries(result_id);
            ALTER TABLE store_hits ADD COLUMN run_id INTEGER REFERENCES runs(id);
            """),
        (3, "models: trained models as records, with their card, their saved bytes, the run that trained them and the energy of their labels and training", """
            CREATE TABLE models (
                id              INTEGER PRIMARY KEY,
                name            TEXT NOT NULL,      -- not unique: a name trained again gets a new id, and the newest answers to the name
                created_at      TEXT NOT NULL,
                card            TEXT NOT NULL,      -- Markdown, for people
                format          TEXT NOT NULL,      -- the saved model's container and version, e.g. greenspace.model/1
                blob            BLOB NOT NULL,      -- the saved model (Learning/Persistence/ModelContainer)
                blob_sha256     TEXT NOT NULL,
                run_id          INTEGER REFERENCES runs(id),
                training_entry_id INTEGER REFERENCES ledger_entries(id),
                label_energy_kwh REAL,              -- the training labels' calculations in the ledger; NULL when Greenspace did not compute them
                training_energy_kwh REAL NOT NULL
            );
            CREATE INDEX models_by_name ON models(name, id);
            """),
        (4, "campaigns: each campaign run (a spec and a variant), its batches with the cost of fitting and choosing, and every step it decided, with the prediction it acted on and what the step cost", """
            CREATE TABLE campaigns (
                id              INTEGER PRIMARY KEY,
                name            TEXT NOT NULL,
                variant         TEXT NOT NULL,      -- reference, cost-blind, single-fidelity, random, ...
                spec_hash       TEXT NOT NULL,      -- SHA-256 of the spec as read (canonical JSON): the same spec resumes
                spec_text       TEXT NOT NULL,      -- the YAML as the user wrote it
                seed            INTEGER NOT NULL,
                created_at      TEXT NOT NULL,
                status          TEXT NOT NULL CHECK (status IN ('running', 'finished')),
                stop_reason     TEXT,
                ended_at        TEXT,
                UNIQUE (spec_hash, variant)
            );
            CREATE TABLE campaign_batches (
                campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
                batch           INTEGER NOT NULL,   -- 0 is the start (diverse pick, cheapest rung everywhere)
                decided_at      TEXT NOT NULL,
                model           TEXT,               -- the surrogate that chose this batch, for people; NULL at the start
                ml_cpu_seconds  REAL NOT NULL,      -- featurisation, fitting, prediction and choosing, in this process
                ml_wall_seconds REAL NOT NULL,
                ml_kwh          REAL NOT NULL,
                ml_gco2e        REAL NOT NULL,
                PRIMARY KEY (campaign_id, batch)
            );
            CREATE TABLE campaign_steps (
                campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
                batch           INTEGER NOT NULL,
                position        INTEGER NOT NULL,   -- order within the batch: a cheaper rung of a molecule comes before a dearer one
                molecule        INTEGER NOT NULL,   -- index in the campaign's library
                rung            INTEGER NOT NULL,   -- index in the spec's ladder, cheapest 0
                reason          TEXT NOT NULL,      -- diverse, acquired, cheaper-rung, cheapest-everywhere
                acquisition     REAL,               -- the acquisition value the molecule was chosen by
                predicted_mean  REAL,               -- the target rung's prediction when chosen, in the property's unit
                predicted_sigma REAL,
                predicted_kwh   REAL,
                status          TEXT NOT NULL CHECK (status IN ('planned', 'done', 'failed')),
                source          TEXT,               -- computed, store, replay
                request_hash    TEXT,
                result_id       INTEGER REFERENCES results(id),
                value           REAL,               -- the rung's property, in the unit the surrogate learns
                error           TEXT,
                cpu_seconds     REAL,
                kwh             REAL,
                gco2e           REAL,
                embodied_gco2e  REAL,
                finished_at     TEXT,
                PRIMARY KEY (campaign_id, batch, position)
            );
            CREATE INDEX campaign_steps_by_molecule ON campaign_steps(campaign_id, molecule, rung);
            """),
        (5, "scheduler jobs: a result computed on a cluster names its job; each job is kept with Slurm's accounting, so its overhead over the calculations' own CPU time can be reported", """
            ALTER TABLE results ADD COLUMN job TEXT;  -- e.g. "slurm 1234"; NULL for a calculation run by this machine's head process
            CREATE TABLE scheduler_jobs (
                id              INTEGER PRIMARY KEY,
                scheduler       TEXT NOT NULL,      -- slurm
                job_id          TEXT NOT NULL,
                batch           TEXT NOT NULL,      -- the spool batch the job ran
                attempt         INTEGER NOT NULL,   -- 1 for the first submission of a batch's calculations
                calculations    INTEGER NOT NULL,
                submitted_at    TEXT NOT NULL,
                ended_at        TEXT,
                state           TEXT,               -- the scheduler's final state (COMPLETED, CANCELLED, NODE_FAIL, ...)
                reason          TEXT,
                nodes           TEXT,
                finished        INTEGER,            -- calculations whose result came back from this job
                worker_cpu_seconds REAL,            -- their CPU time, by the worker's own meter
                total_cpu_seconds REAL,             -- the scheduler's accounting (TotalCPU); NULL where it keeps none
                consumed_energy_joules REAL,        -- the scheduler's energy accounting; NULL where not measured (Slurm's 0)
                UNIQUE (scheduler, job_id)
            );
            """),
    ];
}
