import GRDB

extension ResultStore {
    /// Every table the migrations create, and GRDB's record of the applied migrations: a database with any
    /// other table belongs to another program.
    static let schemaTables: Set<String> = [
        "grdb_migrations", "run", "task", "result", "curve", "fit", "worker", "counter", "analysis", "analysis_fit",
        "diagnostics", "session", "onset_bracket",
    ]

    /// The database schema, one migration per version; never edit a shipped migration, add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    sweep_name TEXT NOT NULL, sweep_text TEXT NOT NULL, sweep_hash TEXT NOT NULL,
                    definition_json TEXT NOT NULL, software_version TEXT NOT NULL,
                    created_at REAL NOT NULL, finished_at REAL);
                CREATE TABLE task (
                    id INTEGER PRIMARY KEY, ic_index INTEGER NOT NULL, eta_index INTEGER NOT NULL,
                    state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,
                    worker_id TEXT, started_at REAL, finished_at REAL, compute_seconds REAL);
                CREATE INDEX task_state ON task(state);
                CREATE TABLE result (
                    task_id INTEGER PRIMARY KEY REFERENCES task(id), worker_id TEXT NOT NULL, stored_at REAL NOT NULL,
                    eta REAL NOT NULL, reference_loss BLOB NOT NULL, reference_diverged_at INTEGER);
                CREATE TABLE curve (
                    task_id INTEGER NOT NULL REFERENCES result(task_id), epsilon_index INTEGER NOT NULL,
                    epsilon REAL NOT NULL, mean_distance BLOB NOT NULL, member_distances BLOB, member_count INTEGER,
                    diverged_members INTEGER NOT NULL, diverged_at INTEGER,
                    PRIMARY KEY (task_id, epsilon_index));
                CREATE TABLE fit (
                    task_id INTEGER NOT NULL REFERENCES result(task_id), epsilon_index INTEGER NOT NULL,
                    eta_index INTEGER NOT NULL, ic_index INTEGER NOT NULL, eta REAL NOT NULL, epsilon REAL NOT NULL,
                    lambda REAL, intercept REAL, r_squared REAL, window_start INTEGER, window_length INTEGER,
                    verdict TEXT NOT NULL, diverged_at INTEGER,
                    PRIMARY KEY (task_id, epsilon_index));
                CREATE TABLE worker (
                    id TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, processes INTEGER NOT NULL,
                    first_seen REAL NOT NULL, last_seen REAL NOT NULL, state TEXT NOT NULL,
                    tasks_done INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE analysis (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL, description TEXT NOT NULL,
                    fit_json TEXT NOT NULL, software_version TEXT NOT NULL);
                CREATE TABLE analysis_fit (
                    analysis_id INTEGER NOT NULL REFERENCES analysis(id), task_id INTEGER NOT NULL,
                    epsilon_index INTEGER NOT NULL, eta_index INTEGER NOT NULL, ic_index INTEGER NOT NULL,
                    eta REAL NOT NULL, epsilon REAL NOT NULL, lambda REAL, intercept REAL, r_squared REAL,
                    window_start INTEGER, window_length INTEGER, verdict TEXT NOT NULL, diverged_at INTEGER,
                    PRIMARY KEY (analysis_id, task_id, epsilon_index));
                """)
        }
        migrator.registerMigration("v3") { db in
            // The diagnostics of a result's reference trajectory (docs/METHOD.md §6): series as Float64 blobs
            // (NULL when not computed), Kantz's exponent and p-value as columns so they can be queried.
            try db.execute(sql: """
                CREATE TABLE diagnostics (
                    task_id INTEGER PRIMARY KEY REFERENCES result(task_id),
                    benettin BLOB, spectrum BLOB, ghost_mass BLOB, gradient_norm BLOB, running_mean_loss BLOB,
                    weight_importance BLOB, weight_displacement BLOB, weight_path_length BLOB,
                    kantz_divergence BLOB, kantz_exponent REAL, kantz_p_value REAL,
                    autocorrelation BLOB, autocorrelation_band BLOB);
                """)
        }
        migrator.registerMigration("v4-sessions-overrides") { db in
            // The command-line overrides a run was made with (`--ics`) as sorted-key JSON, and one row per
            // coordinator session (created, resumed, interrupted or finished) for elapsed time and rates.
            try db.execute(sql: """
                ALTER TABLE run ADD COLUMN overrides_json TEXT NOT NULL DEFAULT '{}';
                CREATE TABLE session (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, started_at REAL NOT NULL, ended_at REAL,
                    host TEXT NOT NULL, pid INTEGER NOT NULL, endpoint TEXT, done_at_start INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("curve resolution") { db in
            // The median perturbation of an ε ensemble in ulps of its weights (docs/METHOD.md §4.1); NULL in results
            // stored before it was measured, and for the tangent curve.
            try db.execute(sql: "ALTER TABLE curve ADD COLUMN resolution REAL")
        }
        migrator.registerMigration("onset search") { db in
            // The brackets of an onset search (training.eta = { onset = … }) as the coordinator last decided: each
            // crossing of the level among the complete η, its statistic at both ends, whether the search refines it
            // and whether it is resolved; η_c is the geometric midpoint √(low·high). Empty for other sweeps.
            try db.execute(sql: """
                CREATE TABLE onset_bracket (
                    rank INTEGER PRIMARY KEY, eta_low REAL NOT NULL, eta_high REAL NOT NULL, eta_c REAL NOT NULL,
                    value_low REAL, value_high REAL, refined INTEGER NOT NULL, resolved INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("worker kernel variant") { db in
            // The kernel variant a worker's processes run, from its HELLO; '' for workers registered before.
            try db.execute(sql: "ALTER TABLE worker ADD COLUMN kernel_variant TEXT NOT NULL DEFAULT ''")
        }
        return migrator
    }
}
