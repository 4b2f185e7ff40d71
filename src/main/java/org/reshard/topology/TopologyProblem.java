package org.reshard.topology;

/** One thing wrong with a topology file: where (a JSON path), what, and what to do about it. */
public record TopologyProblem(String path, String problem, String fix) {

    /** The line printed under the error: {@code $.shards[1].id: duplicate shard id "a" — give each shard its own id}. */
    public String describe() {
        return path + ": " + problem + " — " + fix;
    }
}
