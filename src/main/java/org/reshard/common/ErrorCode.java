package org.reshard.common;

/** The stable error codes of DESIGN 3.4; users and scripts match on {@link #code()}. */
public enum ErrorCode {
    TOPOLOGIES_IDENTICAL("reshard.topologies_identical"),
    EMPTY_PLAN("reshard.empty_plan"),
    PLAN_GENERATION_FAILED("reshard.plan_generation_failed"),
    COPY_FAILED("reshard.copy_failed"),
    REPLICATION_FAILED("reshard.replication_failed"),
    VERIFICATION_FAILED("reshard.verification_failed"),
    /**
     * Not in DESIGN 3.4: Verifying could not finish (a shard unreachable, a query failed); nothing is known to
     * differ. {@link #VERIFICATION_FAILED} stays a data mismatch, nothing else.
     */
    VERIFICATION_INCOMPLETE("reshard.verification_incomplete"),
    CUTOVER_TIMEOUT("reshard.cutover_timeout"),
    CUTOVER_ABORTED("reshard.cutover_aborted"),
    CUTOVER_FAILED("reshard.cutover_failed"),
    CLEANUP_FAILED("reshard.cleanup_failed"),
    ROLLBACK_FAILED("reshard.rollback_failed"),
    ROLLBACK_NOT_AVAILABLE("reshard.rollback_not_available"),
    /** Not in DESIGN 3.4: a switch back was asked of an operation that has not published, or whose cleanup began. */
    SWITCH_BACK_NOT_AVAILABLE("reshard.switch_back_not_available"),
    /** Not in DESIGN 3.4: a switch back could not pause and publish within the cutover timeout; it was undone. */
    SWITCH_BACK_FAILED("reshard.switch_back_failed"),
    RESHARDING_NOT_FOUND("reshard.resharding_not_found"),
    INVALID_PHASE_TRANSITION("reshard.invalid_phase_transition"),
    STATE_STORE_FAILED("reshard.state_store_failed"),
    CONCURRENT_RESHARDING_NOT_ALLOWED("reshard.concurrent_resharding_not_allowed"),
    TOPOLOGY_INVALID("reshard.topology.invalid"),
    SHARD_UNREACHABLE("reshard.shard.unreachable"),
    /** Not in DESIGN 3.4: a shard's database failed a statement of an operation (the cause of a phase's failure; names the SQLState). */
    SHARD_DATABASE_ERROR("reshard.shard.database_error"),
    /** The topology registry could not be read or written (locked by another process, server down). */
    REGISTRY_UNAVAILABLE("reshard.registry.unavailable"),
    QUERY_PARTIAL_FAILURE("reshard.query.partial_failure"),
    QUERY_TIMEOUT("reshard.query.timeout"),
    QUERY_UNSUPPORTED("reshard.query.unsupported"),
    /** DESIGN 3.4, second wave: a federated query passed its memory budget (--memory); the message names what grew. */
    QUERY_TOO_LARGE("reshard.query.too_large"),
    /**
     * Not in DESIGN 3.4: a table of the operation changed its definition while rows were moving (a column, a type,
     * the key, a partition detached or dropped); the message names the change. Roll back, and start again after it.
     */
    SCHEMA_CHANGED("reshard.schema_changed"),
    /** Not in DESIGN 3.4: a shard's database rejected or failed the statement (syntax, missing column, read-only). */
    QUERY_FAILED("reshard.query.failed"),
    /** Not in DESIGN 3.4: the caller cancelled the query. */
    QUERY_CANCELLED("reshard.query.cancelled"),
    /** Not in DESIGN 3.4: the demo workspace could not be created (exists already, folder not writable). */
    DEMO_WORKSPACE_FAILED("reshard.demo.failed");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The dotted code printed to users, e.g. {@code reshard.topology.invalid}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
