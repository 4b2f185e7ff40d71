package org.reshard.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.sqlite.SQLiteConfig;

/**
 * The state store on a local SQLite file: WAL journal, {@code synchronous=FULL} for phase transitions,
 * the schema version in {@code PRAGMA user_version}, and one writing process per file (an OS lock).
 * Read-only stores take no lock, so {@code reshard status} can watch a running operation.
 */
public final class SqliteStateStore implements ReshardingStateStore {

    /** The schema this code reads and writes; a file from a newer version is refused rather than misread. */
    static final int SCHEMA_VERSION = 1;

    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS operations (
              id TEXT PRIMARY KEY,
              phase TEXT NOT NULL,
              active INTEGER NOT NULL,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL,
              state TEXT NOT NULL
            )""";

    private final Path file;
    private final Connection connection;
    private final StateFileLock lock;
    private Durability currentDurability;

    private SqliteStateStore(Path file, Connection connection, StateFileLock lock) {
        this.file = file;
        this.connection = connection;
        this.lock = lock;
    }

    /** Opens (creating if needed) the state file for writing; fails if another process has it open for writing. */
    public static Result<SqliteStateStore> open(Path stateFile) {
        Path file = stateFile.toAbsolutePath().normalize();
        StateFileLock lock = null;
        try {
            Files.createDirectories(file.getParent());
            Optional<StateFileLock> acquired = StateFileLock.tryAcquire(file);
            if (acquired.isEmpty()) {
                return Result.failure(ErrorCode.STATE_STORE_FAILED, "state file " + file + " is in use by another reshard process ("
                        + StateFileLock.holder(file) + ") — wait for it to finish or stop it; 'reshard status' can watch it meanwhile");
            }
            lock = acquired.get();
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(10_000);
            Connection connection = config.createConnection("jdbc:sqlite:" + file);
            SqliteStateStore store = new SqliteStateStore(file, connection, lock);
            store.migrate();
            return Result.ok(store);
        } catch (IOException | SQLException | IllegalStateException e) {
            if (lock != null) {
                lock.close();
            }
            return Result.failure(failure("cannot open state file " + file, e));
        }
    }

    /** Opens an existing state file for reading only, without the writer's lock. */
    public static Result<SqliteStateStore> openReadOnly(Path stateFile) {
        Path file = stateFile.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            return Result.failure(ErrorCode.STATE_STORE_FAILED, "state file " + file
                    + " does not exist — no operation was ever started with it; check --state or RESHARD_HOME");
        }
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(10_000);
            SqliteStateStore store = new SqliteStateStore(file, config.createConnection("jdbc:sqlite:" + file), null);
            store.checkVersion();
            return Result.ok(store);
        } catch (SQLException | IllegalStateException e) {
            return Result.failure(failure("cannot read state file " + file, e));
        }
    }

    public Path file() {
        return file;
    }

    private void migrate() throws SQLException {
        int version = checkVersion();
        if (version == SCHEMA_VERSION) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute(CREATE);
            s.execute("CREATE INDEX IF NOT EXISTS operations_active ON operations (active, created_at)");
            s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
        }
    }

    private int checkVersion() throws SQLException {
        int version;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            version = r.next() ? r.getInt(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("it is not a SQLite database (" + e.getMessage() + ")", e);
        }
        if (version > SCHEMA_VERSION) {
            throw new IllegalStateException("it was written by a newer reshard (schema " + version + ", this one reads "
                    + SCHEMA_VERSION + ") — upgrade reshard");
        }
        if (version == 0 && hasForeignTables()) {
            throw new IllegalStateException("it holds tables that are not reshard's — choose another --state file");
        }
        return version;
    }

    private boolean hasForeignTables() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name <> 'operations'")) {
            return r.next() && r.getLong(1) > 0;
        }
    }

    @Override
    public synchronized Result<ReshardingState> save(ReshardingState state, Durability durability) {
        Optional<String> password = StateJson.literalPassword(state);
        if (password.isPresent()) {
            return Result.failure(ErrorCode.STATE_STORE_FAILED, "refusing to save operation " + state.id()
                    + ": it holds a literal password at " + password.get() + " — use ${env:NAME} in the topology file");
        }
        if (lock == null) {
            return Result.failure(ErrorCode.STATE_STORE_FAILED, "state file " + file + " was opened read-only");
        }
        try {
            useDurability(durability);
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO operations (id, phase, active, created_at, updated_at, state) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET phase = excluded.phase, active = excluded.active,
                      updated_at = excluded.updated_at, state = excluded.state""")) {
                upsert.setString(1, state.id());
                upsert.setString(2, state.phase().label());
                upsert.setInt(3, state.isActive() ? 1 : 0);
                upsert.setString(4, state.createdAt().toString());
                upsert.setString(5, state.updatedAt().toString());
                upsert.setString(6, StateJson.write(state));
                upsert.executeUpdate();
            }
            return Result.ok(state);
        } catch (SQLException | JsonProcessingException e) {
            return Result.failure(failure("could not save operation " + state.id() + " to " + file, e));
        }
    }

    /** Switching synchronous only when it changes keeps checkpoints cheap between phase transitions. */
    private void useDurability(Durability durability) throws SQLException {
        if (durability == currentDurability) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute(durability == Durability.PHASE_TRANSITION ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        }
        currentDurability = durability;
    }

    @Override
    public synchronized Result<ReshardingState> get(String id) {
        Result<List<ReshardingState>> found = query("SELECT state FROM operations WHERE id = ?", id);
        return found.flatMap(list -> list.isEmpty()
                ? Result.failure(ErrorCode.RESHARDING_NOT_FOUND, "no operation " + id + " in " + file
                        + " — 'reshard status' lists the operations it holds")
                : Result.ok(list.getFirst()));
    }

    @Override
    public synchronized Result<List<ReshardingState>> listActive() {
        return query("SELECT state FROM operations WHERE active = 1 ORDER BY created_at, id", null);
    }

    @Override
    public synchronized Result<List<ReshardingState>> list() {
        return query("SELECT state FROM operations ORDER BY created_at DESC, id DESC", null);
    }

    @Override
    public synchronized Result<Boolean> delete(String id) {
        if (lock == null) {
            return Result.failure(ErrorCode.STATE_STORE_FAILED, "state file " + file + " was opened read-only");
        }
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM operations WHERE id = ?")) {
            useDurability(Durability.PHASE_TRANSITION);
            s.setString(1, id);
            return Result.ok(s.executeUpdate() > 0);
        } catch (SQLException e) {
            return Result.failure(failure("could not delete operation " + id + " from " + file, e));
        }
    }

    private Result<List<ReshardingState>> query(String sql, String parameter) {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            List<ReshardingState> states = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    states.add(StateJson.read(r.getString(1)));
                }
            }
            return Result.ok(states);
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                return Result.ok(List.of());
            }
            return Result.failure(failure("could not read " + file, e));
        } catch (JsonProcessingException e) {
            return Result.failure(failure("an operation in " + file + " cannot be read", e));
        }
    }

    private static ReshardError failure(String what, Exception e) {
        return ReshardError.of(ErrorCode.STATE_STORE_FAILED, what + ": " + org.reshard.common.ErrorText.clean(e.getMessage()));
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Every save committed on its own; closing has nothing left to lose.
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
