package org.reshard.query;

import java.util.List;

/**
 * An expression the merge computes itself, over merged aggregates and per-group values the shards
 * computed (group keys and expressions of them): {@code round(avg(total), 2)}, {@code sum(a)/count(*)},
 * a HAVING condition. Compiled from SQL by {@link OutputCompiler}.
 */
sealed interface OutputExpression {

    /** The value for one merged group: {@code slots} is a shard row of the group, {@code aggregates} the merged aggregates. */
    Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics);

    /**
     * A value the shards computed: a group key or an expression of the group keys; {@code column} when it is a
     * bare column, which SQLite compares with its declared type's affinity.
     */
    record Slot(int index, boolean column) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            return slots[index];
        }
    }

    /** A merged aggregate. */
    record Aggregate(int index) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            return aggregates[index];
        }
    }

    /** A constant from the statement whose type is known: a number, a boolean, NULL, or a quoted literal once typed. */
    record Literal(Object value) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            return value;
        }
    }

    /**
     * A quoted literal, text until {@link LiteralTyping} gives it the type of the value it meets (PostgreSQL
     * reads '8' compared with a bigint as the bigint 8).
     */
    record Untyped(String text) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            return text;
        }
    }

    /** An operand of a comparison with SQLite's affinity applied to its value. */
    record Converted(OutputExpression operand, Affinity affinity) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            return affinity.apply(operand.evaluate(slots, aggregates, semantics));
        }
    }

    /** {@code + - * / %}. */
    record Arithmetic(SqlArithmetic.Operator operator, OutputExpression left, OutputExpression right) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            return SqlArithmetic.apply(operator, left.evaluate(slots, aggregates, semantics), right.evaluate(slots, aggregates, semantics), semantics);
        }
    }

    /** Unary minus. */
    record Negation(OutputExpression operand) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            return SqlArithmetic.negate(operand.evaluate(slots, aggregates, semantics));
        }
    }

    /** {@code ||}: text concatenation, NULL when either side is NULL. */
    record Concatenation(OutputExpression left, OutputExpression right) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            Object a = left.evaluate(slots, aggregates, semantics);
            Object b = right.evaluate(slots, aggregates, semantics);
            return a == null || b == null ? null : ScalarFunctions.text(a) + ScalarFunctions.text(b);
        }
    }

    /** {@code = <> < <= > >=}, NULL when either side is NULL. */
    record Comparison(String operator, OutputExpression left, OutputExpression right) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            Object a = left.evaluate(slots, aggregates, semantics);
            Object b = right.evaluate(slots, aggregates, semantics);
            if (a == null || b == null) {
                return null;
            }
            int c = ValueOrder.compare(a, b);
            return switch (operator) {
                case "=" -> c == 0;
                case "<>", "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalStateException("comparison " + operator);
            };
        }
    }

    /** AND / OR with SQL's three-valued logic. */
    record Logical(boolean and, OutputExpression left, OutputExpression right) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            Boolean a = ScalarFunctions.truth(left.evaluate(slots, aggregates, semantics));
            Boolean b = ScalarFunctions.truth(right.evaluate(slots, aggregates, semantics));
            if (and) {
                return Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b) ? Boolean.FALSE : a == null || b == null ? null : Boolean.TRUE;
            }
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b) ? Boolean.TRUE : a == null || b == null ? null : Boolean.FALSE;
        }
    }

    /** NOT. */
    record Not(OutputExpression operand) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            Boolean a = ScalarFunctions.truth(operand.evaluate(slots, aggregates, semantics));
            return a == null ? null : !a;
        }
    }

    /** IS [NOT] NULL. */
    record NullTest(OutputExpression operand, boolean negated) implements OutputExpression {
        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            return (operand.evaluate(slots, aggregates, semantics) == null) != negated;
        }
    }

    /** CASE WHEN … THEN … [ELSE …] END; a simple CASE is compiled into comparisons. */
    record Case(List<OutputExpression> conditions, List<OutputExpression> results, OutputExpression otherwise) implements OutputExpression {
        public Case {
            conditions = List.copyOf(conditions);
            results = List.copyOf(results);
        }

        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            for (int i = 0; i < conditions.size(); i++) {
                if (Boolean.TRUE.equals(ScalarFunctions.truth(conditions.get(i).evaluate(slots, aggregates, semantics)))) {
                    return results.get(i).evaluate(slots, aggregates, semantics);
                }
            }
            return otherwise == null ? null : otherwise.evaluate(slots, aggregates, semantics);
        }
    }

    /** A scalar function the merge knows: ROUND, ABS, COALESCE, NULLIF, GREATEST, LEAST or a CAST. */
    record Call(ScalarFunctions.Function function, List<OutputExpression> arguments) implements OutputExpression {
        public Call {
            arguments = List.copyOf(arguments);
        }

        public Object evaluate(Object[] slots, Object[] aggregates, Semantics semantics) {
            Object[] values = arguments.stream().map(a -> a.evaluate(slots, aggregates, semantics)).toArray();
            return function.apply(values, semantics);
        }
    }
}
