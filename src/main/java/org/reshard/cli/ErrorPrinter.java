package org.reshard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.reshard.common.ReshardError;

/** Prints a {@link ReshardError} as text to stderr, or as {@code {"error": {...}}} to stdout under --json. */
final class ErrorPrinter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ErrorPrinter() {
    }

    static int print(ReshardError error, boolean json, PrintWriter out, PrintWriter err) {
        if (json) {
            out.println(toJson(error).toPrettyString());
            out.flush();
        } else {
            err.println("error " + error.describe());
            err.flush();
        }
        return ReshardCommand.FAILED;
    }

    static ObjectNode toJson(ReshardError error) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("error", errorNode(error));
        return root;
    }

    private static ObjectNode errorNode(ReshardError error) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("code", error.code().code());
        node.put("message", error.message());
        error.details().forEach(node.putArray("details")::add);
        if (error.cause() != null) {
            node.set("cause", errorNode(error.cause()));
        }
        return node;
    }
}
