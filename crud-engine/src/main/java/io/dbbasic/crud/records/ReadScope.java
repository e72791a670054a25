package io.dbbasic.crud.records;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Resource;
import java.util.List;

/**
 * Which records a caller may read, as extra list filters (CONTRACT §9: "lists, exports, aggregates and
 * totals count only the records the caller may read"). Exports and aggregates narrow their query with it;
 * permissions (issue 5) will supply the real one (a status map becomes {@code status[in]}, an owner rule
 * {@code owner_field = caller}). Until then every caller reads everything.
 */
@FunctionalInterface
public interface ReadScope {
    ReadScope EVERYTHING = (resource, caller) -> List.of();

    /** Filters every record the caller reads must pass; empty when the caller may read all of them. */
    List<ListQuery.Filter> filters(Resource resource, Caller caller);
}
