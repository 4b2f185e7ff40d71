package org.reshard.query;

import java.io.Reader;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;

/**
 * Calcite's Babel parser followed by {@link PostgresRewrite} of the statement the federated engine is running, so the
 * rewritten tree reaches Calcite's validator as parsed (no SQL text round trip). Public for Calcite's {@code parserFactory}.
 */
public final class RewritingParser extends SqlBabelParserImpl {

    /** The factory the federated connection names in its {@code parserFactory} property. */
    public static final SqlParserImplFactory FACTORY = new SqlParserImplFactory() {
        @Override
        public SqlAbstractParserImpl getParser(Reader stream) {
            return new RewritingParser(stream);
        }
    };

    private RewritingParser(Reader reader) {
        super(reader);
    }

    @Override
    public SqlNode parseSqlStmtEof() throws Exception {
        return PostgresRewrite.apply(super.parseSqlStmtEof());
    }
}
