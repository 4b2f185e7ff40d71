package org.reshard.query;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** A query result as CSV ({@code reshard query --format csv}, the console's export): RFC 4180, a header line, NULL as an empty field. */
public final class ResultCsv {

    private ResultCsv() {
    }

    public static void print(QueryResult result, PrintWriter out) {
        out.print(result.columns().stream().map(ResultColumn::name).map(ResultCsv::field).collect(Collectors.joining(",")) + "\r\n");
        for (List<Object> row : result.rows()) {
            out.print(row.stream().map(v -> v == null ? "" : field(ValueText.of(v))).collect(Collectors.joining(",")) + "\r\n");
        }
        out.flush();
    }

    private static String field(String text) {
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
