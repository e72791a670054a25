package io.dbbasic.common.storage;

/**
 * How a database file trades the length of a checkpoint against how often one runs. Every commit waits
 * while DuckDB checkpoints, and a checkpoint rewrites the table's last, partly filled row group together
 * with everything committed since the previous one (measured in docs/benchmarks.md).
 */
public enum Checkpoints {
    /**
     * Row groups of 122,880 rows, a checkpoint per 16 MB of WAL: the fewest checkpoints, each holding the
     * file's writers for up to a few hundred ms once a busy table has grown. For append logs measured by
     * throughput (the event store's appends were slower with {@link #SHORT}).
     */
    DUCKDB_DEFAULTS,
    /**
     * Row groups of 8,192 rows and a checkpoint per 4 MB of WAL: stalls of tens of ms instead of hundreds,
     * four times as often, scans no slower. For files whose commits a client waits on (the crud-engine's
     * records). Below about 3 MB DuckDB counted a primary key's index towards the WAL and checkpointed on
     * every commit.
     */
    SHORT;

    static final int SHORT_ROW_GROUP_SIZE = 8_192;
    static final String SHORT_THRESHOLD = "4MB";
}
