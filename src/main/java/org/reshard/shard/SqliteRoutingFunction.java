package org.reshard.shard;

import java.sql.Connection;
import java.sql.SQLException;
import org.reshard.topology.RoutingHash;
import org.sqlite.Function;

/** Registers {@code reshard_hash(value)} on a SQLite connection: the routing hash of the value's text. */
public final class SqliteRoutingFunction extends Function {

    public static final String NAME = "reshard_hash";

    /** Makes {@code reshard_hash} callable in SQL on this connection. */
    public static void register(Connection connection) throws SQLException {
        Function.create(connection, NAME, new SqliteRoutingFunction(), 1, Function.FLAG_DETERMINISTIC);
    }

    @Override
    protected void xFunc() throws SQLException {
        // SQLite renders integers as text the way PostgreSQL's ::text does, so both hash "42" alike.
        String text = value_text(0);
        if (text == null) {
            result();
        } else {
            result(RoutingHash.hash(text));
        }
    }
}
