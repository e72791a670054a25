package io.dbbasic.crud.schema;

import io.dbbasic.common.model.Resource;
import io.dbbasic.common.storage.DuckDbFile;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the tables of one DuckDB file in step with the resources stored in it (CONTRACT §3
 * "Migrations"): creates a resource's table and join tables, and migrates them when the model changes,
 * checking the stored rows first and refusing any change a row would break. Each applied version is
 * recorded in the file's schema history; applying an unchanged model records nothing.
 *
 * <p>One instance per {@link DuckDbFile}. {@link #apply} runs under the file's exclusive gate
 * ({@link DuckDbFile#exclusively}): it waits for running write transactions and holds new ones off
 * until it commits, because a table rebuild would otherwise lose rows committed during its copy.
 * It may be called from any thread; the gate serialises applies too.
 *
 * <p>Tables may hold hidden columns (removed fields, data kept). Whoever reads or writes a table must
 * name its columns ({@code SELECT *} would show hidden data; an INSERT must list its columns).
 */
public final class SchemaManager {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaManager.class);

    private final DuckDbFile db;
    private final Clock clock;
    private final Planner planner = new Planner();
    private final RowChecks rowChecks = new RowChecks();
    private final SchemaHistory history = new SchemaHistory();
    private final Ddl ddl;
    private final Migrator migrator;

    public SchemaManager(DuckDbFile db, Clock clock) {
        this(db, clock, Ddl.Listener.NONE);
    }

    /** With a listener that sees each DDL statement before it runs (tests make a rebuild fail halfway). */
    SchemaManager(DuckDbFile db, Clock clock, Ddl.Listener listener) {
        this.db = db;
        this.clock = clock;
        this.ddl = new Ddl(listener);
        this.migrator = new Migrator(ddl);
    }

    /** A dry run: what {@link #apply} would do and what it would refuse. Reads only; changes nothing. */
    public MigrationPlan plan(Resource resource) {
        return db.withConnection(conn -> prepare(conn, resource).plan());
    }

    /**
     * Brings the resource's tables to its model in one transaction and records the new version.
     *
     * @return what was done; {@code changed} is false when the model matched the stored version
     * @throws MigrationRefused when stored rows would break the change; nothing was changed
     */
    public MigrationReport apply(Resource resource) {
        // Most applies (every reload of an unchanged file) change nothing: find that out without
        // stopping the writers. If something changed, plan again under the gate, where it cannot go stale.
        var unchanged = db.withConnection(conn -> current(conn, resource));
        if (unchanged != null) {
            return unchanged;
        }
        return db.exclusively(conn -> {
            history.ensureTable(conn);
            var migration = prepare(conn, resource);
            var plan = migration.plan();
            if (plan.isRefused()) {
                throw new MigrationRefused(resource.name(), plan.problems());
            }
            if (plan.isNoOp()) {
                return report(conn, resource);
            }
            migrator.run(conn, migration);
            var entry = history.record(conn, resource.name(), migration.fromVersion() + 1, clock.instant(),
                    migration.to(), plan.summary());
            LOG.info("{}: schema version {}: {}", resource.name(), entry.version(), entry.summary());
            return new MigrationReport(resource.name(), entry.version(), true, plan.steps(), entry.appliedAt());
        });
    }

    /** The report of an apply that changes nothing, or null when this model would change something. */
    private MigrationReport current(Connection conn, Resource resource) throws SQLException {
        return planned(conn, resource).plan().isNoOp() ? report(conn, resource) : null;
    }

    private MigrationReport report(Connection conn, Resource resource) throws SQLException {
        var entry = history.latest(conn, resource.name(), true).orElseThrow();
        return new MigrationReport(resource.name(), entry.version(), false, List.of(), entry.appliedAt());
    }

    /** Plans against what is stored now and answers the plan's row checks. */
    private Migration prepare(Connection conn, Resource resource) throws SQLException {
        var migration = planned(conn, resource);
        if (migration.checks().isEmpty()) {
            return migration;
        }
        var from = migration.from();
        return migration.withProblems(rowChecks.run(conn, from.table(), from.primaryKey().name(),
                resource.primaryKey().name(), migration.checks()));
    }

    /** The migration from what is stored now, its row checks not yet answered. */
    private Migration planned(Connection conn, Resource resource) throws SQLException {
        var tables = ddl.tables(conn);
        var latest = history.latest(conn, resource.name(), tables.contains(SchemaNames.HISTORY_TABLE));
        var stored = new Planner.Stored(latest.map(SchemaHistory.Entry::version).orElse(0L),
                latest.map(SchemaHistory.Entry::shape).orElse(null), tables);
        return planner.plan(resource, stored);
    }
}
