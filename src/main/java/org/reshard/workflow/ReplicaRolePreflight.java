package org.reshard.workflow;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reshard.common.Redaction;
import org.reshard.plan.PlanStep;

/**
 * Pre-flight: reshard writes rows (copy, apply, cleanup, rollback) with {@code SET LOCAL
 * session_replication_role = replica} on PostgreSQL, which only a superuser or, from PostgreSQL 15, a role
 * granted {@code SET ON PARAMETER session_replication_role} may do; the check tries exactly that, in a
 * transaction it rolls back. On SQLite the analogue is that reshard's connections must not enforce foreign
 * keys ({@code PRAGMA foreign_keys}, off by default; a shard URL can turn it on).
 */
final class ReplicaRolePreflight {

    private ReplicaRolePreflight() {
    }

    static void check(OperationContext context, List<String> problems) throws SQLException {
        Set<String> shards = new LinkedHashSet<>();
        for (PlanStep step : context.plan.steps()) {
            shards.add(step.sourceShard());
            shards.add(step.targetShard());
        }
        for (String shard : shards) {
            try (Connection c = context.connect(shard)) {
                if (context.pools.dialect(shard).name().equals("PostgreSQL")) {
                    postgres(context, shard, c, problems);
                    if (context.sources().contains(shard)) {
                        owners(context, shard, c, problems);
                    }
                } else {
                    sqlite(context, shard, c, problems);
                }
            }
        }
    }

    private static void postgres(OperationContext context, String shard, Connection c, List<String> problems) throws SQLException {
        String role;
        int version;
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT quote_ident(current_user), current_setting('server_version_num')::int")) {
            r.next();
            role = r.getString(1);
            version = r.getInt(2);
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL session_replication_role = replica");
        } catch (SQLException e) {
            String fix = version >= 150000
                    ? "run on shard " + shard + ": GRANT SET ON PARAMETER session_replication_role TO " + role
                    : "PostgreSQL before 15 lets only a superuser set it: connect to shard " + shard + " as a superuser";
            problems.add("the user " + role + " on shard " + shard + " (" + Redaction.maskUrl(context.pools.shard(shard).url())
                    + ") may not set session_replication_role, which reshard sets to replica while it writes rows so that the"
                    + " shard's own triggers and foreign-key checks do not fire on them — " + fix);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static void sqlite(OperationContext context, String shard, Connection c, List<String> problems) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA foreign_keys")) {
            if (r.next() && r.getInt(1) != 0) {
                problems.add("shard " + shard + " (" + Redaction.maskUrl(context.pools.shard(shard).url()) + ") turns foreign_keys on for"
                        + " reshard's connections; rows arrive in batches and changes (a child can be copied before its parent's"
                        + " insert is applied), so reshard writes without foreign-key checks — remove foreign_keys from the shard URL"
                        + " (applications keep enforcing them on their own connections)");
            }
        }
    }

    /**
     * CREATE TRIGGER needs only the TRIGGER privilege, but DROP TRIGGER needs the table's owner (or a member of
     * its role): without it the capture triggers could be installed and then not removed at cutover, after the
     * new topology is published.
     */
    private static void owners(OperationContext context, String shard, Connection c, List<String> problems) throws SQLException {
        try (var s = c.prepareStatement("SELECT quote_ident(current_user), pg_get_userbyid(relowner), pg_has_role(current_user, relowner, 'USAGE')"
                + " FROM pg_class WHERE oid = to_regclass(?)")) {
            for (String table : context.plan.tables()) {
                s.setString(1, context.pools.dialect(shard).quote(table));
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && !r.getBoolean(3)) {
                        problems.add("the user " + r.getString(1) + " on shard " + shard + " does not own table " + table + " (its owner is "
                                + r.getString(2) + "); reshard removes its capture and fence triggers from the table, which PostgreSQL"
                                + " allows only its owner — run on shard " + shard + ": GRANT " + r.getString(2) + " TO " + r.getString(1)
                                + " (or ALTER TABLE " + table + " OWNER TO " + r.getString(1) + ")");
                    }
                }
            }
        }
    }
}
