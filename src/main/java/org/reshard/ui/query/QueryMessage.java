package org.reshard.ui.query;

import org.reshard.common.ReshardError;

/** The banner above the results: a refusal or failure, a partial result, or a note. */
public record QueryMessage(Kind kind, String title, String text) {

    /** How loud the banner is. */
    public enum Kind { ERROR, WARNING, INFO }

    static QueryMessage of(ReshardError error) {
        StringBuilder text = new StringBuilder(EditorWording.of(error.message()));
        error.details().forEach(d -> text.append("\n• ").append(EditorWording.of(d)));
        return new QueryMessage(Kind.ERROR, title(error), text.toString());
    }

    private static String title(ReshardError error) {
        String what = switch (error.code()) {
            case QUERY_UNSUPPORTED -> "Refused";
            case QUERY_CANCELLED -> "Cancelled";
            case QUERY_TIMEOUT -> "Timed out";
            case QUERY_PARTIAL_FAILURE -> "Shards failed";
            case SHARD_UNREACHABLE -> "Shard unreachable";
            default -> "Failed";
        };
        return what + " (" + error.code().code() + ")";
    }
}
