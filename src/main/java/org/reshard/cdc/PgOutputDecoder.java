package org.reshard.cdc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Decodes one pgoutput message (PostgreSQL's logical replication protocol, version 1) from a replication stream buffer. */
final class PgOutputDecoder {

    private PgOutputDecoder() {
    }

    static PgOutputMessage decode(ByteBuffer buffer) {
        char tag = (char) buffer.get();
        return switch (tag) {
            case 'B' -> {
                long finalLsn = buffer.getLong();
                buffer.getLong();
                yield new PgOutputMessage.Begin(finalLsn, Integer.toUnsignedLong(buffer.getInt()));
            }
            case 'C' -> {
                buffer.get();
                buffer.getLong();
                long endLsn = buffer.getLong();
                yield new PgOutputMessage.Commit(endLsn, buffer.getLong());
            }
            case 'R' -> relation(buffer);
            case 'I' -> {
                int oid = buffer.getInt();
                buffer.get();
                Tuple row = tuple(buffer);
                yield new PgOutputMessage.RowChange('I', oid, row.values(), null, row.whole());
            }
            case 'U' -> {
                int oid = buffer.getInt();
                char kind = (char) buffer.get();
                List<String> old = null;
                if (kind == 'K' || kind == 'O') {
                    old = tuple(buffer).values();
                    buffer.get();
                }
                Tuple row = tuple(buffer);
                yield new PgOutputMessage.RowChange('U', oid, row.values(), old, row.whole());
            }
            case 'D' -> {
                int oid = buffer.getInt();
                buffer.get();
                yield new PgOutputMessage.RowChange('D', oid, null, tuple(buffer).values(), false);
            }
            case 'T' -> {
                int count = buffer.getInt();
                buffer.get();
                List<Integer> oids = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    oids.add(buffer.getInt());
                }
                yield new PgOutputMessage.Truncate(oids);
            }
            case 'M' -> {
                buffer.get();
                buffer.getLong();
                String prefix = string(buffer);
                byte[] content = new byte[buffer.getInt()];
                buffer.get(content);
                yield new PgOutputMessage.Marker(prefix, new String(content, StandardCharsets.UTF_8));
            }
            default -> new PgOutputMessage.Other(tag);
        };
    }

    private static PgOutputMessage.Relation relation(ByteBuffer buffer) {
        int oid = buffer.getInt();
        String namespace = string(buffer);
        String name = string(buffer);
        buffer.get();
        int count = buffer.getShort();
        List<PgOutputMessage.Column> columns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean key = (buffer.get() & 1) != 0;
            String column = string(buffer);
            int typeOid = buffer.getInt();
            buffer.getInt();
            columns.add(new PgOutputMessage.Column(column, key, typeOid));
        }
        return new PgOutputMessage.Relation(oid, namespace, name, columns);
    }

    /** A row's columns as texts, null for SQL NULL and for unchanged TOASTed values; {@code whole} when it has none of the latter. */
    private record Tuple(List<String> values, boolean whole) {
    }

    private static Tuple tuple(ByteBuffer buffer) {
        int count = buffer.getShort();
        String[] values = new String[count];
        boolean whole = true;
        for (int i = 0; i < count; i++) {
            char kind = (char) buffer.get();
            if (kind == 't' || kind == 'b') {
                byte[] bytes = new byte[buffer.getInt()];
                buffer.get(bytes);
                values[i] = new String(bytes, StandardCharsets.UTF_8);
            } else if (kind == 'u') {
                whole = false;
            }
        }
        return new Tuple(Collections.unmodifiableList(Arrays.asList(values)), whole);
    }

    private static String string(ByteBuffer buffer) {
        int start = buffer.position();
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        String text = new String(buffer.array(), buffer.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
        buffer.position(end + 1);
        return text;
    }
}
