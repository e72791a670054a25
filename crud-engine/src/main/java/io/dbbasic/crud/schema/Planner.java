package io.dbbasic.crud.schema;

import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.schema.Check.Value;
import io.dbbasic.crud.schema.MigrationStep.AddColumn;
import io.dbbasic.crud.schema.MigrationStep.ChangeColumn;
import io.dbbasic.crud.schema.MigrationStep.CreateJoinTable;
import io.dbbasic.crud.schema.MigrationStep.CreateTable;
import io.dbbasic.crud.schema.MigrationStep.HideColumn;
import io.dbbasic.crud.schema.MigrationStep.HideJoinTable;
import io.dbbasic.crud.schema.MigrationStep.RebuildTable;
import io.dbbasic.crud.schema.MigrationStep.RenameColumn;
import io.dbbasic.crud.schema.MigrationStep.RenameJoinTable;
import io.dbbasic.crud.schema.MigrationStep.RestoreColumn;
import io.dbbasic.crud.schema.MigrationStep.RestoreJoinTable;
import io.dbbasic.crud.schema.TableShape.Column;
import io.dbbasic.crud.schema.TableShape.JoinTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a resource's model with its stored shape and says what must change, which stored rows must
 * be checked first, and whether the table must be rebuilt. Pure: it reads nothing and runs no SQL.
 *
 * <p>Columns match by name first, then through {@code renamed_from}. A stored column that no field
 * claims stays, hidden, with its data; a field of the same name later claims it back. A rule is checked
 * against the stored rows when it became tighter, or when the type changed (then every rule of the new
 * field is checked against the converted values).
 */
final class Planner {

    /** The stored state of a resource: its latest history entry, if any, and which tables exist. */
    record Stored(long version, TableShape shape, Set<String> tables) {}

    Migration plan(Resource resource, Stored stored) {
        var table = resource.name();
        if (!stored.tables().contains(table) || stored.shape() == null) {
            return create(resource, stored);
        }
        return new Diff(resource, stored).run();
    }

    private Migration create(Resource resource, Stored stored) {
        var table = resource.name();
        var columns = resource.columns().stream().map(Column::of).toList();
        var steps = new ArrayList<MigrationStep>();
        var problems = new ArrayList<Problem>();
        if (stored.tables().contains(table)) {
            problems.add(Problem.of(table, "a table " + table + " already exists in this database file, but it has no "
                    + "schema history: DBBasic only manages tables it created (rename the resource or the table)"));
        }
        steps.add(new CreateTable(table, columns.size()));
        var joins = new ArrayList<JoinTable>();
        for (var field : manyToMany(resource)) {
            var join = new JoinTable(field.name(), SchemaNames.joinTable(table, field.name()),
                    ((FieldType.ManyToMany) field.type()).references(), false);
            joins.add(join);
            steps.add(new CreateJoinTable(field.name(), join.table()));
            if (stored.tables().contains(join.table())) {
                problems.add(Problem.of(field.name(), "a table " + join.table() + " already exists in this database file"));
            }
        }
        return new Migration(table, stored.version(), null, new TableShape(table, columns, joins), steps, problems,
                List.of(), Map.of(), Map.of(), false);
    }

    private static List<Field> manyToMany(Resource resource) {
        return resource.fields().stream().filter(f -> f.type() instanceof FieldType.ManyToMany).toList();
    }

    /** One comparison of a model with an existing table; collects as it goes. */
    private static final class Diff {
        private final Resource resource;
        private final Stored stored;
        private final TableShape from;
        private final List<MigrationStep> steps = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();
        private final List<Check> checks = new ArrayList<>();
        private final Map<String, String> columnSources = new LinkedHashMap<>();
        private final Map<String, String> joinSources = new LinkedHashMap<>();
        private boolean rebuild;

        Diff(Resource resource, Stored stored) {
            this.resource = resource;
            this.stored = stored;
            this.from = stored.shape();
        }

        Migration run() {
            var columns = columns();
            checkPrimaryKey(columns);
            var joins = joinTables();
            var to = new TableShape(from.table(), columns, joins);
            if (rebuild) {
                steps.add(new RebuildTable(from.table()));
            }
            if (steps.isEmpty() && !to.sameAs(from)) {
                // Every difference should have its own step; this keeps a silent one from going unrecorded.
                steps.add(new ChangeColumn(from.table(), "stored shape updated"));
            }
            return new Migration(resource.name(), stored.version(), from, to, steps, problems, checks, columnSources,
                    joinSources, rebuild);
        }

        private List<Column> columns() {
            var target = new ArrayList<Column>();
            var claimed = new HashSet<String>();
            var modelNames = resource.columns().stream().map(Field::name).toList();
            for (var field : resource.columns()) {
                var want = Column.of(field);
                var source = from.column(field.name()).map(Column::name).orElse(null);
                var renamedFrom = field.renamedFrom();
                if (source == null && renamedFrom != null && from.column(renamedFrom).isPresent()
                        && !modelNames.contains(renamedFrom) && !claimed.contains(renamedFrom)) {
                    source = renamedFrom;
                    steps.add(new RenameColumn(renamedFrom, field.name()));
                    rebuild = true;
                }
                if (source == null) {
                    added(want);
                } else {
                    claimed.add(source);
                    columnSources.put(want.name(), source);
                    var old = from.column(source).orElseThrow();
                    if (old.hidden()) {
                        steps.add(new RestoreColumn(want.name()));
                    }
                    compare(old, want);
                }
                target.add(want);
            }
            for (var old : from.columns()) {
                if (!claimed.contains(old.name())) {
                    // Removed from the model: kept, hidden, data intact; it no longer blocks inserts.
                    var hidden = old.hidden() ? old : old.hide();
                    if (!old.hidden()) {
                        steps.add(new HideColumn(old.name()));
                        rebuild |= !old.sameStorage(hidden);
                    }
                    columnSources.put(hidden.name(), old.name());
                    target.add(hidden);
                }
            }
            return target;
        }

        private void added(Column want) {
            steps.add(new AddColumn(want.name(), want.defaultValue()));
            if (want.notNull() && want.defaultValue() == null) {
                checks.add(new Check.NewRequired(want.name()));
            }
            if (want.unique() && want.defaultValue() != null) {
                checks.add(new Check.NewUniqueDefault(want.name(), want.defaultValue()));
            }
            // ADD COLUMN takes no constraint in DuckDB 1.4 ("Adding columns with constraints not yet supported").
            rebuild |= want.notNull() || want.unique();
        }

        private void checkPrimaryKey(List<Column> columns) {
            var oldKey = from.primaryKey().name();
            var newKey = columns.stream().filter(Column::primaryKey).findFirst().orElseThrow().name();
            if (!oldKey.equals(columnSources.get(newKey))) {
                problems.add(Problem.of(newKey, "the primary key changed from " + oldKey + " to " + newKey
                        + "; to rename it, write renamed_from: " + oldKey));
            }
        }

        /** Steps and checks for a stored column {@code old} becoming {@code want}. */
        private void compare(Column old, Column want) {
            var name = want.name();
            var value = new Value(old.name(), old.sqlType(), want.sqlType());
            var retyped = !old.sqlType().equals(want.sqlType()) || !old.fieldType().equals(want.fieldType());
            rebuild |= !old.sameStorage(want);

            if (retyped) {
                change(name, "type " + old.typeLabel() + " → " + want.typeLabel());
            }
            if (value.converts() && !want.sqlType().isText()) {
                checks.add(new Check.Convertible(name, value, old.typeLabel(), want.typeLabel()));
            }
            if (old.notNull() != want.notNull() && !want.primaryKey()) {
                change(name, want.notNull() ? "now required" : "no longer required");
            }
            if (want.notNull() && !want.primaryKey() && (!old.notNull() || retyped)) {
                checks.add(new Check.NotNull(name, value, want.isTextField()));
            }
            if (old.unique() != want.unique()) {
                change(name, want.unique() ? "now unique" : "no longer unique");
            }
            if (want.unique() && (!old.unique() || retyped)) {
                checks.add(new Check.Unique(name, value));
            }
            if (!Objects.equals(old.defaultValue(), want.defaultValue())) {
                change(name, "default " + show(old.defaultValue()) + " → " + show(want.defaultValue()));
            }
            if (old.indexed() != want.indexed()) {
                change(name, want.indexed() ? "indexed" : "no longer indexed");
            }
            rules(name, value, old.rules(), want, retyped);
        }

        private void rules(String name, Value value, TableShape.Rules old, Column want, boolean retyped) {
            var rules = want.rules();
            if (!Objects.equals(old.maxLength(), rules.maxLength())) {
                change(name, "max_length " + show(old.maxLength()) + " → " + show(rules.maxLength()));
            }
            if (rules.maxLength() != null && (retyped || old.maxLength() == null || rules.maxLength() < old.maxLength())) {
                checks.add(new Check.MaxLength(name, value, rules.maxLength()));
            }
            if (!Objects.equals(old.minLength(), rules.minLength())) {
                change(name, "min_length " + show(old.minLength()) + " → " + show(rules.minLength()));
            }
            if (rules.minLength() != null && (retyped || old.minLength() == null || rules.minLength() > old.minLength())) {
                checks.add(new Check.MinLength(name, value, rules.minLength()));
            }
            if (!Objects.equals(old.min(), rules.min())) {
                change(name, "min " + show(old.min()) + " → " + show(rules.min()));
            }
            if (rules.min() != null && (retyped || old.min() == null || rules.min().compareTo(old.min()) > 0)) {
                checks.add(new Check.AtLeast(name, value, rules.min()));
            }
            if (!Objects.equals(old.max(), rules.max())) {
                change(name, "max " + show(old.max()) + " → " + show(rules.max()));
            }
            if (rules.max() != null && (retyped || old.max() == null || rules.max().compareTo(old.max()) < 0)) {
                checks.add(new Check.AtMost(name, value, rules.max()));
            }
            if (!Objects.equals(old.pattern(), rules.pattern())) {
                change(name, "pattern " + show(old.pattern()) + " → " + show(rules.pattern()));
            }
            if (rules.pattern() != null && (retyped || !rules.pattern().equals(old.pattern()))) {
                checks.add(new Check.Matches(name, value, rules.pattern()));
            }
            if (!old.options().equals(rules.options())) {
                change(name, "options " + old.options() + " → " + rules.options());
            }
            if (!rules.options().isEmpty() && (retyped || !rules.options().containsAll(old.options()))) {
                checks.add(new Check.OneOf(name, value, rules.options()));
            }
            if (!Objects.equals(old.references(), rules.references())) {
                change(name, "references " + show(old.references()) + " → " + show(rules.references()));
                if (old.references() != null && rules.references() != null) {
                    checks.add(new Check.ReferencesUnchanged(name, value, old.references(), rules.references()));
                }
            }
            if (retyped) {
                switch (want.fieldType()) {
                    case "json", "file" -> checks.add(new Check.JsonText(name, value));
                    case "email" -> checks.add(new Check.Email(name, value));
                    case "url" -> checks.add(new Check.Url(name, value));
                    default -> { }
                }
            }
        }

        private List<JoinTable> joinTables() {
            var target = new ArrayList<JoinTable>();
            var claimed = new HashSet<String>();
            var fields = manyToMany(resource);
            var names = fields.stream().map(Field::name).toList();
            for (var field : fields) {
                var references = ((FieldType.ManyToMany) field.type()).references();
                var want = new JoinTable(field.name(), SchemaNames.joinTable(resource.name(), field.name()), references, false);
                var old = from.joinTable(field.name()).orElse(null);
                var renamedFrom = field.renamedFrom();
                if (old == null && renamedFrom != null && from.joinTable(renamedFrom).isPresent()
                        && !names.contains(renamedFrom) && !claimed.contains(renamedFrom)) {
                    old = from.joinTable(renamedFrom).orElseThrow();
                    joinSources.put(field.name(), renamedFrom);
                    steps.add(new RenameJoinTable(renamedFrom, field.name(), old.table(), want.table()));
                    refuseIfTaken(field.name(), want.table());
                }
                if (old == null) {
                    steps.add(new CreateJoinTable(field.name(), want.table()));
                    refuseIfTaken(field.name(), want.table());
                } else {
                    claimed.add(old.field());
                    if (old.hidden()) {
                        steps.add(new RestoreJoinTable(field.name(), want.table()));
                    }
                    if (!old.references().equals(references)) {
                        change(field.name(), "references " + old.references() + " → " + references);
                        checks.add(new Check.LinksUnchanged(field.name(), old.table(), old.references(), references));
                    }
                }
                target.add(want);
            }
            for (var old : from.joinTables()) {
                if (!claimed.contains(old.field())) {
                    if (!old.hidden()) {
                        steps.add(new HideJoinTable(old.field(), old.table()));
                    }
                    target.add(old.hide());
                }
            }
            return target;
        }

        private void refuseIfTaken(String field, String table) {
            if (stored.tables().contains(table)) {
                problems.add(Problem.of(field, "a table " + table + " already exists in this database file"));
            }
        }

        private void change(String column, String what) {
            steps.add(new ChangeColumn(column, what));
        }

        private static String show(Object value) {
            if (value == null) {
                return "none";
            }
            return value instanceof String s ? "'" + s + "'" : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        }
    }
}
