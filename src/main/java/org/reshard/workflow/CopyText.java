package org.reshard.workflow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads fields of PostgreSQL's COPY text format: tab-separated, {@code \N} for NULL, backslash escapes. */
final class CopyText {

    private CopyText() {
    }

    /** The first {@code count} fields of the line starting at {@code from}, unescaped; null for {@code \N}. */
    static List<String> fields(byte[] buffer, int from, int count) {
        List<String> fields = new ArrayList<>(count);
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        int i = from;
        boolean isNull = false;
        while (fields.size() < count) {
            byte b = buffer[i];
            if (b == '\t' || b == '\n') {
                fields.add(isNull ? null : field.toString(StandardCharsets.UTF_8));
                field.reset();
                isNull = false;
                i++;
                continue;
            }
            if (b != '\\') {
                field.write(b);
                i++;
                continue;
            }
            byte next = buffer[i + 1];
            i += 2;
            switch (next) {
                case 'N' -> isNull = true;
                case 't' -> field.write('\t');
                case 'n' -> field.write('\n');
                case 'r' -> field.write('\r');
                case 'b' -> field.write('\b');
                case 'f' -> field.write('\f');
                case 'v' -> field.write(0x0b);
                case 'x' -> {
                    int end = i;
                    while (end < i + 2 && Character.digit(buffer[end], 16) >= 0) {
                        end++;
                    }
                    field.write(Integer.parseInt(new String(buffer, i, end - i, StandardCharsets.US_ASCII), 16));
                    i = end;
                }
                default -> {
                    if (next >= '0' && next <= '7') {
                        int end = i;
                        while (end < i + 2 && buffer[end] >= '0' && buffer[end] <= '7') {
                            end++;
                        }
                        field.write(Integer.parseInt(new String(buffer, i - 1, end - i + 1, StandardCharsets.US_ASCII), 8));
                        i = end;
                    } else {
                        field.write(next);
                    }
                }
            }
        }
        return fields;
    }
}
