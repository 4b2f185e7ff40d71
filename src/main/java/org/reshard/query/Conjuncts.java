package org.reshard.query;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/** The terms of a condition's top-level AND: each must hold for every row the condition keeps. */
final class Conjuncts {

    private Conjuncts() {
    }

    static List<Expression> of(Expression condition) {
        List<Expression> terms = new ArrayList<>();
        collect(condition, terms);
        return terms;
    }

    private static void collect(Expression condition, List<Expression> terms) {
        switch (condition) {
            case null -> {
            }
            case AndExpression and -> {
                collect(and.getLeftExpression(), terms);
                collect(and.getRightExpression(), terms);
            }
            case Parenthesis parenthesis -> collect(parenthesis.getExpression(), terms);
            // JSqlParser 5.3 reads "(a AND b)" as a one-element ParenthesedExpressionList, not a Parenthesis.
            case ParenthesedExpressionList<?> parenthesis when parenthesis.size() == 1 -> collect(parenthesis.get(0), terms);
            case InExpression in when in.getRightExpression() instanceof AndExpression misread -> splitMisreadIn(in, misread, terms);
            default -> terms.add(condition);
        }
    }

    /**
     * JSqlParser 5.3 reads {@code k IN (1, 2) AND x = 1} as {@code k IN ((1, 2) AND x = 1)} (it prints the same
     * text back, so the shards still get the right SQL); the list and the other terms are taken apart here.
     */
    private static void splitMisreadIn(InExpression in, AndExpression misread, List<Expression> terms) {
        List<Expression> parts = new ArrayList<>();
        collectAnd(misread, parts);
        if (parts.isEmpty() || !(parts.getFirst() instanceof ExpressionList<?> list)) {
            terms.add(in);
            return;
        }
        InExpression first = new InExpression(in.getLeftExpression(), list);
        first.setNot(in.isNot());
        terms.add(first);
        parts.subList(1, parts.size()).forEach(part -> collect(part, terms));
    }

    private static void collectAnd(Expression condition, List<Expression> parts) {
        if (condition instanceof AndExpression and) {
            collectAnd(and.getLeftExpression(), parts);
            collectAnd(and.getRightExpression(), parts);
        } else {
            parts.add(condition);
        }
    }
}
