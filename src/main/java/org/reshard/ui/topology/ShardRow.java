package org.reshard.ui.topology;

import org.reshard.common.Redaction;
import org.reshard.shard.ShardInventory;
import org.reshard.topology.ShardSpec;

/** A shard as the topologies screen lists it: where it is, whether it answers, and its rows per table. */
public record ShardRow(String id, String url, String kind, String status, String rows, String error) {

    public static ShardRow checking(ShardSpec shard) {
        return new ShardRow(shard.id(), Redaction.maskUrl(shard.url()), kind(shard), "checking…", "", null);
    }

    public static ShardRow of(ShardInventory.ShardReport report) {
        ShardSpec shard = report.shard();
        if (!report.reachable()) {
            return new ShardRow(shard.id(), Redaction.maskUrl(shard.url()), kind(shard), "unreachable", "", report.error());
        }
        StringBuilder rows = new StringBuilder();
        for (ShardInventory.TableRows t : report.tables()) {
            if (!rows.isEmpty()) {
                rows.append(", ");
            }
            rows.append(t.table()).append(": ").append(t.rows() < 0 ? "no table" : String.format(java.util.Locale.ROOT, "%s%,d",
                    t.estimated() ? "≈" : "", t.rows()));
        }
        return new ShardRow(shard.id(), Redaction.maskUrl(shard.url()), kind(shard), "reachable", rows.toString(), null);
    }

    public boolean reachable() {
        return status.equals("reachable");
    }

    private static String kind(ShardSpec shard) {
        return shard.isPostgres() ? "PostgreSQL" : "SQLite";
    }
}
