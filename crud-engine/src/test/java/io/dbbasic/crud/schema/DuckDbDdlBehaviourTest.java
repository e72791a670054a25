package io.dbbasic.crud.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What DuckDB 1.4 does with DDL, pinned as tests: the schema manager's design rests on these facts, so a
 * DuckDB upgrade that changes one of them fails here first, with a name that says which.
 */
class DuckDbDdlBehaviourTest {
    @TempDir Path dir;
    TestDb db;

    @BeforeEach void open() {
        db = new TestDb(dir);
        db.exec("CREATE TABLE t (id BIGINT PRIMARY KEY, a VARCHAR, n BIGINT, u VARCHAR UNIQUE)",
                "INSERT INTO t VALUES (1, 'x', 1, 'u1'), (2, 'y', NULL, 'u2')");
    }

    @AfterEach void close() { db.close(); }

    @Test
    void an_index_made_by_create_index_blocks_renames_type_changes_not_null_and_defaults() {
        db.exec("CREATE INDEX t_n ON t (n)");

        for (var alter : new String[] {
                "ALTER TABLE t RENAME COLUMN a TO a2",
                "ALTER TABLE t ALTER COLUMN a TYPE BIGINT USING TRY_CAST(a AS BIGINT)",
                "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
                "ALTER TABLE t ALTER COLUMN u DROP NOT NULL",
                "ALTER TABLE t ALTER COLUMN n SET DEFAULT 3",
                "ALTER TABLE t RENAME TO t2"}) {
            assertThatThrownBy(() -> db.exec(alter)).as(alter).hasMessageContaining("Dependency Error");
        }
    }

    @Test
    void primary_key_and_unique_constraints_alone_do_not_block_renames_or_not_null() {
        db.exec("ALTER TABLE t RENAME COLUMN a TO a2", "ALTER TABLE t ALTER COLUMN a2 SET NOT NULL", "ALTER TABLE t RENAME TO t2");

        assertThat(db.tables()).contains("t2");
    }

    @Test
    void the_type_of_a_unique_column_cannot_change_in_place() {
        assertThatThrownBy(() -> db.exec("ALTER TABLE t ALTER COLUMN u TYPE BIGINT"))
                .hasMessageContaining("Cannot change the type of a column that has a UNIQUE or PRIMARY KEY constraint");
    }

    @Test
    void add_column_with_a_default_works_on_an_indexed_table_but_takes_no_constraint() {
        db.exec("CREATE INDEX t_n ON t (n)", "ALTER TABLE t ADD COLUMN c VARCHAR DEFAULT 'd'");

        assertThat(db.column("SELECT c FROM t ORDER BY id")).containsExactly("d", "d");
        assertThatThrownBy(() -> db.exec("ALTER TABLE t ADD COLUMN r VARCHAR NOT NULL DEFAULT 'x'"))
                .hasMessageContaining("Adding columns with constraints not yet supported");
        assertThatThrownBy(() -> db.exec("ALTER TABLE t ADD COLUMN r VARCHAR UNIQUE"))
                .hasMessageContaining("not yet supported");
    }

    @Test
    void there_is_no_way_to_add_a_unique_constraint_to_an_existing_table() {
        assertThatThrownBy(() -> db.exec("ALTER TABLE t ADD CONSTRAINT a_unique UNIQUE (a)")).hasMessageContaining("Not implemented");
        assertThatThrownBy(() -> db.exec("ALTER TABLE t ADD UNIQUE (a)")).hasMessageContaining("Not implemented");
    }

    @Test
    void create_copy_drop_rename_and_index_in_one_transaction_roll_back_together() {
        db.exec("CREATE INDEX t_n ON t (n)");

        assertThatThrownBy(() -> db.file().inTransaction(conn -> {
            exec(conn, "CREATE TABLE t_new (id BIGINT PRIMARY KEY, a VARCHAR NOT NULL, n BIGINT, u VARCHAR UNIQUE)");
            exec(conn, "INSERT INTO t_new SELECT id, a, n, u FROM t");
            exec(conn, "DROP TABLE t");
            exec(conn, "ALTER TABLE t_new RENAME TO t");
            exec(conn, "CREATE INDEX t_n ON t (n)");
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");

        assertThat(db.tables()).containsExactly("t");
        assertThat(db.nullable("t")).containsEntry("a", true);
        assertThat(db.indexedColumns("t")).containsExactly("n");
        assertThat(db.count("t")).isEqualTo(2);
    }

    @Test
    void without_a_gate_a_row_committed_during_a_rebuild_copy_is_silently_lost() {
        // This is why DuckDbFile.exclusively exists and SchemaManager.apply uses it.
        db.file().inTransaction(conn -> {
            exec(conn, "CREATE TABLE t_new (id BIGINT PRIMARY KEY, a VARCHAR, n BIGINT, u VARCHAR UNIQUE)");
            exec(conn, "INSERT INTO t_new SELECT id, a, n, u FROM t");
            db.file().withConnection(other -> exec(other, "INSERT INTO t (id, a) VALUES (3, 'committed meanwhile')"));
            exec(conn, "DROP TABLE t");
            exec(conn, "ALTER TABLE t_new RENAME TO t");
            return null;
        });

        assertThat(db.column("SELECT id FROM t ORDER BY id")).containsExactly(1L, 2L);
    }

    @Test
    void after_a_failed_statement_a_commit_silently_commits_nothing() {
        db.file().withConnection(conn -> {
            conn.setAutoCommit(false);
            exec(conn, "INSERT INTO t (id, a) VALUES (3, 'kept?')");
            assertThatThrownBy(() -> exec(conn, "INSERT INTO t (id, a) VALUES (1, 'duplicate')")).hasMessageContaining("uplicate key");
            conn.commit(); // no error...
            conn.setAutoCommit(true);
            return null;
        });

        assertThat(db.count("t")).isEqualTo(2); // ...and no row 3
    }

    @Test
    void prepared_statements_keep_working_across_a_rebuild() {
        db.file().withConnection(conn -> {
            try (var select = conn.prepareStatement("SELECT a FROM t WHERE id = ?")) {
                select.setLong(1, 1);
                try (var rs = select.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("x");
                }
                db.file().inTransaction(other -> {
                    exec(other, "CREATE TABLE t_new (id BIGINT PRIMARY KEY, a VARCHAR, n BIGINT, u VARCHAR UNIQUE)");
                    exec(other, "INSERT INTO t_new SELECT id, a || '!', n, u FROM t");
                    exec(other, "DROP TABLE t");
                    return exec(other, "ALTER TABLE t_new RENAME TO t");
                });
                try (var rs = select.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("x!");
                }
            }
            return null;
        });
    }

    private static int exec(Connection conn, String sql) throws SQLException {
        try (var st = conn.createStatement()) {
            st.execute(sql);
            return 0;
        }
    }
}
