package org.reshard.workflow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.reshard.shard.Column;
import org.reshard.shard.TableSchema;

/**
 * The COPY format a PostgreSQL step's rows travel in. Binary, as a {@code psql} binary pipe moves them,
 * spares both servers the text output and input functions (timestamps and numerics above all); text is
 * the fallback where binary could fail or its keys could not be read back for the cursor.
 */
sealed interface CopyFormat permits CopyFormat.Text, CopyFormat.Binary {

    /** The {@code COPY} option clause, with a leading space, or nothing. */
    String option();

    /** Bytes that open each batch's COPY IN. */
    byte[] batchHeader();

    /** Bytes that close each batch's COPY IN. */
    byte[] batchTrailer();

    /**
     * The row in a COPY OUT message (PostgreSQL sends one row per message); {@code first} marks the stream's
     * first message, which carries the binary header. Null when the message holds no row (a header alone, the trailer).
     */
    byte[] row(byte[] message, boolean first) throws SQLException;

    /** The row's first {@code count} fields as PostgreSQL's text output writes them, for the keyset cursor. */
    List<String> keyFields(byte[] row, int count);

    /** Binary when every copied column has a built-in type, every key column one this class reads, and both servers one major version. */
    static CopyFormat choose(TableSchema schema, Connection source, Connection target) throws SQLException {
        if (source.getMetaData().getDatabaseMajorVersion() != target.getMetaData().getDatabaseMajorVersion()) {
            return Text.INSTANCE;
        }
        List<Column> columns = schema.copiedColumns();
        if (!columns.stream().allMatch(c -> BUILT_IN.contains(baseType(c.type())))) {
            return Text.INSTANCE;
        }
        List<KeyType> keys = new ArrayList<>();
        for (Column key : columns.subList(0, schema.primaryKey().size())) {
            Optional<KeyType> type = KeyType.of(key.type());
            if (type.isEmpty()) {
                return Text.INSTANCE;
            }
            keys.add(type.get());
        }
        return new Binary(keys);
    }

    /**
     * Types whose binary form holds no database-specific OID, so that any two databases read it alike
     * (arrays of them carry only built-in element OIDs); user-defined types and composites are left to text.
     */
    Set<String> BUILT_IN = Set.of("smallint", "integer", "bigint", "real", "double precision", "numeric", "boolean",
            "text", "character varying", "character", "\"char\"", "bytea", "uuid", "json", "jsonb", "date",
            "time without time zone", "time with time zone", "timestamp without time zone", "timestamp with time zone",
            "interval", "inet", "cidr", "macaddr", "money", "oid");

    /** A {@code format_type} name without its modifiers and array brackets: {@code numeric(12,2)[]} → {@code numeric}. */
    static String baseType(String type) {
        return type.toLowerCase(Locale.ROOT).replaceAll("\\([^)]*\\)", "").replace("[]", "").replaceAll("\\s+", " ").strip();
    }

    /** COPY's text format: rows are lines, and a batch needs no framing. */
    record Text() implements CopyFormat {

        static final Text INSTANCE = new Text();
        private static final byte[] NOTHING = new byte[0];

        @Override
        public String option() {
            return "";
        }

        @Override
        public byte[] batchHeader() {
            return NOTHING;
        }

        @Override
        public byte[] batchTrailer() {
            return NOTHING;
        }

        @Override
        public byte[] row(byte[] message, boolean first) {
            return message;
        }

        @Override
        public List<String> keyFields(byte[] row, int count) {
            return CopyText.fields(row, 0, count);
        }
    }

    /** COPY's binary format: a header, rows of length-prefixed fields, and a trailer of -1. */
    record Binary(List<KeyType> keys) implements CopyFormat {

        /** Signature, flags 0 and no header extension. */
        private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
        private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
        private static final int SIGNATURE_LENGTH = 11;

        public Binary {
            keys = List.copyOf(keys);
        }

        @Override
        public String option() {
            return " (FORMAT binary)";
        }

        @Override
        public byte[] batchHeader() {
            return HEADER.clone();
        }

        @Override
        public byte[] batchTrailer() {
            return TRAILER.clone();
        }

        @Override
        public byte[] row(byte[] message, boolean first) throws SQLException {
            int from = 0;
            if (first) {
                if (message.length < HEADER.length || !Arrays.equals(message, 0, SIGNATURE_LENGTH, HEADER, 0, SIGNATURE_LENGTH)) {
                    throw new SQLException("the source's binary COPY stream does not start with PostgreSQL's COPY signature");
                }
                from = HEADER.length + ByteBuffer.wrap(message, HEADER.length - 4, 4).getInt();
            }
            int length = message.length - from;
            // A server that sent the header on its own, or the trailer, leaves no row in the message.
            if (length == 0 || length == TRAILER.length && message[from] == (byte) 0xFF && message[from + 1] == (byte) 0xFF) {
                return null;
            }
            return from == 0 ? message : Arrays.copyOfRange(message, from, message.length);
        }

        @Override
        public List<String> keyFields(byte[] row, int count) {
            ByteBuffer fields = ByteBuffer.wrap(row);
            fields.getShort();
            List<String> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = fields.getInt();
                if (length < 0) {
                    values.add(null);
                    continue;
                }
                values.add(keys.get(i).text(row, fields.position(), length));
                fields.position(fields.position() + length);
            }
            return values;
        }
    }

    /** Key column types whose binary value this class turns into PostgreSQL's text output. */
    enum KeyType {
        SMALLINT, INTEGER, BIGINT, TEXT, UUID_TYPE;

        static Optional<KeyType> of(String type) {
            if (type.contains("[")) {
                return Optional.empty();
            }
            return switch (baseType(type)) {
                case "smallint" -> Optional.of(SMALLINT);
                case "integer" -> Optional.of(INTEGER);
                case "bigint" -> Optional.of(BIGINT);
                case "text", "character varying", "character" -> Optional.of(TEXT);
                case "uuid" -> Optional.of(UUID_TYPE);
                default -> Optional.empty();
            };
        }

        String text(byte[] row, int from, int length) {
            ByteBuffer value = ByteBuffer.wrap(row, from, length);
            return switch (this) {
                case SMALLINT -> Short.toString(value.getShort());
                case INTEGER -> Integer.toString(value.getInt());
                case BIGINT -> Long.toString(value.getLong());
                case TEXT -> new String(row, from, length, StandardCharsets.UTF_8);
                case UUID_TYPE -> new UUID(value.getLong(), value.getLong()).toString();
            };
        }
    }
}
