package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reshard.testing.PostgresTestDatabase;

/** jsonb's ->, ->>, #>, #>> and @> as the federated engine computes them ({@link PgJson}), against a live server, character for character. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgJsonTest {

    private static final List<String> DOCUMENTS = List.of(
            "{\"a\": \"Zoë ✓ \\\"q\\\" \\\\ \\n\", \"b\": 1.50, \"c\": 1e3, \"d\": null, \"e\": true, \"f\": -0.0}",
            "{\"nested\": {\"z\": [1, 2.0, {\"k\": \"v\"}], \"a\": \"x\\ty\", \"long key\": false}, \"arr\": [], \"obj\": {}}",
            "[10, \"two\", [3], {\"four\": 4}, null]", "\"just text\"", "42");
    private static final List<String> KEYS = List.of("a", "b", "c", "d", "e", "f", "nested", "arr", "obj", "missing");
    private static final List<String> PATHS = List.of("{}", "{a}", "{nested,z}", "{nested,z,2,k}", "{nested,z,-1}", "{0}", "{3,four}",
            "{nested,\"long key\"}", "{missing,x}", "{2,0}", "{nested,z,x}");
    private static final List<String> TEMPLATES = List.of("{}", "[]", "{\"b\": 1.5}", "{\"b\": 1.500}", "{\"a\": \"x\"}",
            "{\"nested\": {\"z\": [2]}}", "{\"nested\": {\"z\": [{\"k\": \"v\"}]}}", "{\"nested\": {\"z\": 1}}", "[10]", "[[3]]", "[3]",
            "10", "\"two\"", "[{\"four\": 4}, 10]", "[null]", "{\"d\": null}", "\"just text\"", "42", "[42]", "{\"e\": true, \"f\": 0}");

    private PostgresTestDatabase database;
    private Connection connection;

    @BeforeAll
    void connect() throws Exception {
        database = PostgresTestDatabase.create("pgjson");
        connection = database.connect();
    }

    @AfterAll
    void drop() throws Exception {
        connection.close();
        database.close();
    }

    @Test
    void arrowsByKeyAreWhatJsonbGives() throws Exception {
        for (String document : DOCUMENTS) {
            for (String key : KEYS) {
                List<String> pg = ask("SELECT ?::jsonb, ?::jsonb ->> ?, (?::jsonb -> ?)::text", document, document, key, document, key);
                // The shards hand over jsonb as PostgreSQL prints it; the functions read that text.
                assertThat(PgJson.text(pg.get(0), key)).as("%s ->> '%s'", document, key).isEqualTo(pg.get(1));
                assertThat(PgJson.get(pg.get(0), key)).as("%s -> '%s'", document, key).isEqualTo(pg.get(2));
            }
        }
    }

    @Test
    void arrowsByIndexAreWhatJsonbGives() throws Exception {
        for (String document : DOCUMENTS) {
            for (int index = -6; index <= 5; index++) {
                List<String> pg = ask("SELECT ?::jsonb, ?::jsonb ->> " + index + ", (?::jsonb -> " + index + ")::text", document, document, document);
                assertThat(PgJson.elementText(pg.get(0), index)).as("%s ->> %d", document, index).isEqualTo(pg.get(1));
                assertThat(PgJson.elementGet(pg.get(0), index)).as("%s -> %d", document, index).isEqualTo(pg.get(2));
            }
        }
    }

    @Test
    void pathsAreWhatJsonbGives() throws Exception {
        for (String document : DOCUMENTS) {
            for (String path : PATHS) {
                List<String> pg = ask("SELECT ?::jsonb, (?::jsonb #> ?::text[])::text, ?::jsonb #>> ?::text[]", document, document, path, document, path);
                assertThat(PgJson.path(pg.get(0), path)).as("%s #> '%s'", document, path).isEqualTo(pg.get(1));
                assertThat(PgJson.pathText(pg.get(0), path)).as("%s #>> '%s'", document, path).isEqualTo(pg.get(2));
            }
        }
    }

    @Test
    void containmentIsWhatJsonbGives() throws Exception {
        for (String document : DOCUMENTS) {
            for (String template : TEMPLATES) {
                List<String> pg = ask("SELECT ?::jsonb, (?::jsonb @> ?::jsonb)::text", document, document, template);
                assertThat(PgJson.contains(pg.get(0), template)).as("%s @> %s", document, template).isEqualTo(Boolean.valueOf(pg.get(1)));
            }
        }
    }

    private List<String> ask(String sql, String... parameters) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                List<String> row = new java.util.ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                return row;
            }
        }
    }
}
