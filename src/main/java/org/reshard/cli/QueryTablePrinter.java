package org.reshard.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.reshard.query.QueryResult;
import org.reshard.query.ShardScope;
import org.reshard.query.ValueText;

/** {@code reshard query --format table}: aligned columns (numbers to the right), NULL shown as NULL, a per-shard summary line. */
final class QueryTablePrinter {

    private QueryTablePrinter() {
    }

    static void print(QueryResult result, PrintWriter out) {
        int columns = result.columns().size();
        List<List<String>> cells = new ArrayList<>();
        int[] widths = new int[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = width(result.columns().get(c).name());
            numeric[c] = result.columns().get(c).type().isNumeric();
        }
        for (List<Object> row : result.rows()) {
            List<String> line = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                Object value = row.get(c);
                String text = value == null ? "NULL" : ValueText.of(value).replace("\n", "\\n").replace("\t", "\\t");
                numeric[c] &= value == null || value instanceof Number;
                widths[c] = Math.max(widths[c], width(text));
                line.add(text);
            }
            cells.add(line);
        }
        List<String> header = result.columns().stream().map(org.reshard.query.ResultColumn::name).toList();
        out.println(line(header, widths, new boolean[columns]));
        cells.forEach(line -> out.println(line(line, widths, numeric)));
        out.println(summary(result));
        out.flush();
    }

    private static String line(List<String> cells, int[] widths, boolean[] right) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - width(cell));
            text.append(c == 0 ? "" : "  ").append(right[c] ? padding + cell : c == cells.size() - 1 ? cell : cell + padding);
        }
        return text.toString();
    }

    /**
     * "(3 rows, merged on the fly from 2 of 2 shards: shard-0 3 rows 12 ms, shard-1 3 rows 11 ms)", "(5 rows, federated over 3 of 3
     * shards: …)", or with pruning
     * "(1 row, merged on the fly from 1 of 3 shards (customer_id = 123): shard-1 1 row 4 ms)".
     */
    static String summary(QueryResult result) {
        String shards = result.shards().stream()
                .map(r -> r.shardId() + (r.failed() ? " FAILED " + r.error().code().code() : " " + r.rows() + (r.rows() == 1 ? " row " : " rows ")
                        + r.elapsed().toMillis() + " ms") + (r.retried() ? " (retried once)" : ""))
                .collect(Collectors.joining(", "));
        String how = switch (result.mode()) {
            case MERGED -> "merged on the fly from ";
            case FEDERATED -> "federated over ";
            case RAW -> "raw rows from ";
        };
        String page = result.page().map(p -> ", page " + p.number() + " of size " + p.size()).orElse("");
        ShardScope scope = result.scope();
        String ran = scope.shards().size() + " of " + scope.topologyShards() + (scope.topologyShards() == 1 ? " shard" : " shards")
                + scope.reason().map(why -> " (" + why + ")").orElse("");
        return "(" + result.rows().size() + (result.rows().size() == 1 ? " row" : " rows") + page + ", " + how
                + ran + ": " + shards + (result.partial() ? "; PARTIAL" : "") + ")";
    }

    /** Display width: East Asian wide characters take two columns. */
    private static int width(String text) {
        return text.codePoints().map(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.KATAKANA || cp >= 0x1F300 ? 2 : 1).sum();
    }
}
