package org.reshard.topology;

import java.util.Objects;

/** One shard: its id, JDBC URL and credentials. */
public record ShardSpec(String id, String url, String user, Secret password) {

    public ShardSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        password = password == null ? Secret.NONE : password;
    }

    public ShardSpec(String id, String url) {
        this(id, url, null, Secret.NONE);
    }

    public boolean isPostgres() {
        return url.startsWith(TopologyLoader.POSTGRES_PREFIX);
    }

    public boolean isSqlite() {
        return url.startsWith(TopologyLoader.SQLITE_PREFIX);
    }
}
