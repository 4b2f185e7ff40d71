package org.reshard.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import org.reshard.query.QueryResult;
import org.reshard.query.ResultColumn;

/** {@code reshard query --format csv}: RFC 4180, a header line, NULL as an empty field. */
final class QueryCsvPrinter {

    private QueryCsvPrinter() {
    }

    static void print(QueryResult result, PrintWriter out) {
        out.print(result.columns().stream().map(ResultColumn::name).map(QueryCsvPrinter::field).collect(Collectors.joining(",")) + "\r\n");
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
