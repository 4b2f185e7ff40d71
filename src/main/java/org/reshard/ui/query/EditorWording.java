package org.reshard.ui.query;

/** Rewords the engine's command-line hints ("use --raw") as the editor's controls ("tick Raw per-shard rows"). */
final class EditorWording {

    private EditorWording() {
    }

    static String of(String message) {
        return message
                .replace("with --allow-writes (QueryRequest.withWritesAllowed(true))", "with Unlock writes in the toolbar")
                .replace("use --raw for per-shard rows", "tick Raw per-shard rows")
                .replace("use --raw", "tick Raw per-shard rows")
                .replace("--raw", "Raw per-shard rows")
                .replace("raise the timeout (--timeout)", "raise the Timeout option")
                .replace("leave out the failed shards (--shards)", "leave out the failed shards in the Shards picker");
    }
}
