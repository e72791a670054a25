package io.dbbasic.crud.records;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Resource;
import java.util.List;
import java.util.Map;

/** A write the writer thread carries out: checks against the stored data, then statements. */
sealed interface Mutation {
    Resource resource();

    /** {@code values} are validated typed field values, server-set fields not yet filled in. */
    record Create(Resource resource, Map<String, Object> values, Caller caller) implements Mutation {}

    /** {@code values} hold only the fields to change; {@code ifMatch} is an ETag or null. */
    record Update(Resource resource, long id, Map<String, Object> values, String ifMatch, Caller caller) implements Mutation {}

    record Delete(Resource resource, long id, String ifMatch, Caller caller) implements Mutation {}

    /**
     * A create that also fills hidden system columns (an account's username, password hash, roles):
     * they are written in the same transaction but are never part of the record's JSON or its change.
     * {@code uniqueIgnoringCase} maps the hidden columns no other record may share (usernames) to the name errors use.
     */
    record CreateWithHidden(Create create, Map<String, Object> hidden, Map<String, String> uniqueIgnoringCase) implements Mutation {
        @Override public Resource resource() { return create.resource(); }
    }

    /** Changes only hidden system columns of a record: no public change, so no change event. */
    record SetHidden(Resource resource, long id, Map<String, Object> hidden, Map<String, String> uniqueIgnoringCase) implements Mutation {}

    /** Several writes that commit together or not at all (bulk, import); they run in a transaction of their own. */
    record AllOrNothing(Resource resource, List<Mutation> items) implements Mutation {}

    /** An import: runs alone, in a transaction of its own, taking its rows from the request as it reads them. */
    record Import(Resource resource, ImportJob job) implements Mutation {}
}
