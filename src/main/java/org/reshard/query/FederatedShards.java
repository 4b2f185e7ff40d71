package org.reshard.query;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.reshard.shard.ShardPools;
import org.reshard.topology.ShardSpec;

/**
 * The shards as Calcite's JDBC adapter sees them during one federated query: a {@link DataSource} per shard that
 * lends pooled connections in a read-only session, remembers every statement (so cancel and timeout can stop
 * them all), records the SQL each shard runs, counts the rows it returns and charges their size to the query's
 * {@link MemoryBudget}, and notes the first failure of each shard.
 */
final class FederatedShards {

    /** What one shard did for the query. */
    static final class Activity {
        final List<String> statements = new ArrayList<>();
        long rows;
        long nanos;
        SQLException failure;
        /** The failure was getting a connection or opening the session: the shard is unreachable. */
        boolean unreachable;
    }

    private final ShardPools pools;
    private final MemoryBudget budget;
    private final int fetchSize;
    private final Map<String, Activity> activity = new LinkedHashMap<>();
    private final Map<String, ShardSpec> shards = new LinkedHashMap<>();
    private final Set<Statement> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    FederatedShards(ShardPools pools, List<ShardSpec> shards, MemoryBudget budget, int fetchSize) {
        this.pools = pools;
        this.budget = budget;
        this.fetchSize = fetchSize;
        shards.forEach(s -> activity.put(s.id(), new Activity()));
        shards.forEach(s -> this.shards.put(s.id(), s));
    }

    ShardSpec shard(String id) {
        return shards.get(id);
    }

    MemoryBudget budget() {
        return budget;
    }

    /** The data source Calcite reads the shard through. */
    DataSource source(ShardSpec shard) {
        return new Source(shard);
    }

    /** Cancels every statement still running and refuses new ones: cancel, timeout. */
    void stopAll() {
        stopped = true;
        open.forEach(FederatedShards::cancelIfOpen);
    }

    /**
     * Cancels the statement unless it is closed, holding it so it cannot close meanwhile: SQLite's cancel interrupts
     * its whole connection, which once the statement is closed may be running the next statement or back in the pool.
     */
    private static void cancelIfOpen(Statement statement) {
        synchronized (statement) {
            try {
                if (!statement.isClosed()) {
                    statement.cancel();
                }
            } catch (SQLException ignored) {
                // The server is gone: the statement no longer runs.
            }
        }
    }

    /** True once every statement the query opened is closed. */
    boolean allClosed() {
        return open.isEmpty();
    }

    synchronized Activity activity(String shardId) {
        return activity.get(shardId);
    }

    synchronized Map<String, Activity> activities() {
        return new LinkedHashMap<>(activity);
    }

    private synchronized void record(String shardId, String sql) {
        activity.get(shardId).statements.add(sql);
    }

    private synchronized void fail(String shardId, SQLException e) {
        Activity a = activity.get(shardId);
        if (a.failure == null && !(e instanceof MemoryBudget.TooLarge)) {
            a.failure = e;
        }
    }

    private synchronized void unreachable(String shardId, SQLException e) {
        Activity a = activity.get(shardId);
        if (a.failure == null) {
            a.failure = e;
            a.unreachable = true;
        }
    }

    private synchronized void finished(String shardId, long rows, long nanos) {
        Activity a = activity.get(shardId);
        a.rows += rows;
        a.nanos += nanos;
    }

    private final class Source implements DataSource {

        private final ShardSpec shard;

        Source(ShardSpec shard) {
            this.shard = shard;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (stopped) {
                throw new SQLException("the query was stopped", "57014");
            }
            Connection connection;
            try {
                connection = pools.connection(shard.id());
            } catch (SQLException e) {
                unreachable(shard.id(), e);
                throw e;
            }
            ShardSession session;
            try {
                session = ShardSession.open(pools, connection, shard, false);
            } catch (SQLException e) {
                connection.close();
                unreachable(shard.id(), e);
                throw e;
            }
            return proxy(Connection.class, new ConnectionHandler(shard, connection, session));
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("org.reshard.query");
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    private final class ConnectionHandler implements InvocationHandler {

        private final ShardSpec shard;
        private final Connection connection;
        private final ShardSession session;

        ConnectionHandler(ShardSpec shard, Connection connection, ShardSession session) {
            this.shard = shard;
            this.connection = connection;
            this.session = session;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    try (Connection c = connection) {
                        session.close();
                    }
                    return null;
                }
                case "createStatement", "prepareStatement" -> {
                    Statement statement = (Statement) call(connection, method, args);
                    String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                    // PostgreSQL streams through a cursor only with a fetch size (the session turned autocommit off).
                    statement.setFetchSize(fetchSize);
                    open.add(statement);
                    if (stopped) {
                        cancelIfOpen(statement);
                    }
                    Class<? extends Statement> type = statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                    return proxy(type, new StatementHandler(shard, statement, sql));
                }
                default -> {
                    return call(connection, method, args);
                }
            }
        }
    }

    private final class StatementHandler implements InvocationHandler {

        private final ShardSpec shard;
        private final Statement statement;
        private final String preparedSql;
        private String sql;
        private long start;

        StatementHandler(ShardSpec shard, Statement statement, String preparedSql) {
            this.shard = shard;
            this.statement = statement;
            this.preparedSql = preparedSql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    open.remove(statement);
                    synchronized (statement) {
                        statement.close();
                    }
                    return null;
                }
                case "executeQuery", "execute" -> {
                    // Calcite's JDBC adapter runs execute(sql) and then getResultSet(); others executeQuery.
                    sql = args != null && args.length > 0 ? (String) args[0] : preparedSql;
                    record(shard.id(), sql);
                    start = System.nanoTime();
                    try {
                        Object value = call(statement, method, args);
                        return value instanceof ResultSet rows ? proxy(ResultSet.class, new RowsHandler(shard, rows, sql, start)) : value;
                    } catch (SQLException e) {
                        fail(shard.id(), e);
                        throw e;
                    }
                }
                case "getResultSet" -> {
                    ResultSet rows = (ResultSet) call(statement, method, args);
                    return rows == null ? null : proxy(ResultSet.class, new RowsHandler(shard, rows, sql == null ? "a statement" : sql, start));
                }
                default -> {
                    return call(statement, method, args);
                }
            }
        }
    }

    private final class RowsHandler implements InvocationHandler {

        private final ShardSpec shard;
        private final ResultSet rows;
        private final String what;
        private final long start;
        private final int columns;
        private long count;
        private boolean done;

        RowsHandler(ShardSpec shard, ResultSet rows, String sql, long start) throws SQLException {
            this.shard = shard;
            this.rows = rows;
            this.what = "the rows read from shard " + shard.id() + " for " + describe(sql);
            this.start = start;
            this.columns = rows.getMetaData().getColumnCount();
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            Object value;
            try {
                value = call(rows, method, args);
            } catch (SQLException e) {
                fail(shard.id(), e);
                throw e;
            }
            if (name.equals("next")) {
                if ((Boolean) value) {
                    count++;
                    // A row costs its object headers and one reference per column, whatever its values.
                    budget.add(48L + 16L * columns, what);
                } else {
                    finish();
                }
            } else if (name.equals("close")) {
                finish();
            } else if (value instanceof String text) {
                budget.add(40L + 2L * text.length(), what);
            } else if (value instanceof byte[] bytes) {
                budget.add(16L + bytes.length, what);
            }
            return value;
        }

        private void finish() {
            if (!done) {
                done = true;
                finished(shard.id(), count, System.nanoTime() - start);
            }
        }
    }

    /** "table orders" from the shard SQL's first FROM, for naming what grew. */
    static String describe(String sql) {
        java.util.regex.Matcher from = java.util.regex.Pattern.compile("(?is)\\bfrom\\s+([^\\s,()]+)").matcher(sql);
        return from.find() ? "table " + from.group(1).replace("\"", "").replaceFirst("^public\\.", "") : "a statement";
    }

    static Duration elapsed(Activity a) {
        return Duration.ofNanos(a.nanos);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(FederatedShards.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
