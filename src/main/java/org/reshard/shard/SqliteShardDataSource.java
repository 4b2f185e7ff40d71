package org.reshard.shard;

import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/** A SQLite data source whose every connection has reshard's functions registered and waits on locks. */
public final class SqliteShardDataSource extends SQLiteDataSource {

    static final int BUSY_TIMEOUT_MS = 10_000;

    public SqliteShardDataSource(String url) {
        super(config());
        setUrl(url);
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // Take the write lock when a transaction begins: a deferred one that reads first cannot upgrade
        // once another writer has committed (SQLITE_BUSY_SNAPSHOT), and no busy timeout helps then.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    @Override
    public SQLiteConnection getConnection(String username, String password) throws SQLException {
        SQLiteConnection connection = super.getConnection(username, password);
        SqliteRoutingFunction.register(connection);
        SqliteChecksumFunction.register(connection);
        SqliteOwnershipFunction.register(connection);
        return connection;
    }
}
