package org.reshard.ui.query;

import java.time.Duration;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.reshard.common.Bytes;
import org.reshard.common.Durations;
import org.reshard.query.QueryRequest;

/** The editor's query options as typed, each validated with a message that says what is expected. */
public final class QueryOptions {

    /** Rows the grid shows unless the operator asks for more. */
    public static final int DEFAULT_ROW_LIMIT = 1_000;
    private static final int MAX_ROW_LIMIT = 1_000_000;
    /** What a federated query may hold, as the command line's {@code --memory} default: 512MB. */
    public static final String DEFAULT_MEMORY = (QueryRequest.DEFAULT_MEMORY_BYTES >> 20) + "MB";

    private final StringProperty parallelism = new SimpleStringProperty("all");
    private final StringProperty timeout = new SimpleStringProperty(Durations.format(QueryRequest.DEFAULT_TIMEOUT));
    private final StringProperty rowLimit = new SimpleStringProperty(Integer.toString(DEFAULT_ROW_LIMIT));
    private final StringProperty memory = new SimpleStringProperty(DEFAULT_MEMORY);
    private final BooleanProperty partialResults = new SimpleBooleanProperty(true);
    private final BooleanProperty rawRows = new SimpleBooleanProperty();
    private final StringProperty problem = new SimpleStringProperty("");
    private final BooleanBinding valid = Bindings.createBooleanBinding(() -> problem.get().isEmpty(), problem);

    public QueryOptions() {
        parallelism.addListener((o, a, b) -> validate());
        timeout.addListener((o, a, b) -> validate());
        rowLimit.addListener((o, a, b) -> validate());
        memory.addListener((o, a, b) -> validate());
    }

    private void validate() {
        problem.set(firstProblem());
    }

    private String firstProblem() {
        try {
            parallelismValue();
        } catch (IllegalArgumentException e) {
            return "Parallelism: " + e.getMessage();
        }
        try {
            timeoutValue();
        } catch (IllegalArgumentException e) {
            return "Timeout: " + e.getMessage();
        }
        try {
            rowLimitValue();
        } catch (IllegalArgumentException e) {
            return "Row limit: " + e.getMessage();
        }
        try {
            memoryValue();
        } catch (IllegalArgumentException e) {
            return "Memory: " + e.getMessage();
        }
        return "";
    }

    /** Shards queried at once; 0 means all. */
    int parallelismValue() {
        String text = parallelism.get().strip();
        if (text.isEmpty() || text.equalsIgnoreCase("all")) {
            return 0;
        }
        int value = wholeNumber(text, "'all' or a whole number of shards, e.g. 2");
        if (value < 1) {
            throw new IllegalArgumentException("at least 1 shard at a time, or 'all'");
        }
        return value;
    }

    Duration timeoutValue() {
        Duration value = Durations.parse(timeout.get());
        if (value.isZero()) {
            throw new IllegalArgumentException("must be longer than 0, e.g. 15s");
        }
        return value;
    }

    int rowLimitValue() {
        int value = wholeNumber(rowLimit.get(), "a whole number of rows, e.g. 1000");
        if (value < 1 || value > MAX_ROW_LIMIT) {
            throw new IllegalArgumentException("between 1 and " + String.format("%,d", MAX_ROW_LIMIT) + " rows");
        }
        return value;
    }

    /** Bytes a federated query may hold before it fails with {@code reshard.query.too_large}. */
    long memoryValue() {
        return Bytes.parse(memory.get());
    }

    private static int wholeNumber(String text, String expected) {
        try {
            return Integer.parseInt(text.strip().replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected + ", not '" + text.strip() + "'");
        }
    }

    public StringProperty parallelismProperty() {
        return parallelism;
    }

    public StringProperty timeoutProperty() {
        return timeout;
    }

    public StringProperty rowLimitProperty() {
        return rowLimit;
    }

    /** The federated memory budget as typed, e.g. 512MB or 2GB (the command line's {@code --memory}). */
    public StringProperty memoryProperty() {
        return memory;
    }

    public BooleanProperty partialResultsProperty() {
        return partialResults;
    }

    /** Each shard's rows as they are, without merging (for what cannot be merged exactly). */
    public BooleanProperty rawRowsProperty() {
        return rawRows;
    }

    /** Empty when every option is valid; otherwise the first problem, naming the option. */
    public StringProperty problemProperty() {
        return problem;
    }

    public BooleanBinding validProperty() {
        return valid;
    }
}
