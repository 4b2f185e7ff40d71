package org.reshard.ui.query;

import org.reshard.observe.Telemetry;
import org.reshard.query.QueryEngine;
import org.reshard.query.QueryListener;
import org.reshard.query.QueryRequest;
import org.reshard.query.RunningQuery;
import org.reshard.shard.ShardPools;
import org.reshard.topology.Topology;

/** The shard pools and query engine for one topology, kept while the editor queries it and closed when it changes. */
final class TopologyQueries implements AutoCloseable {

    private final Topology topology;
    private final ShardPools pools;
    private final QueryEngine engine;

    TopologyQueries(Topology topology, Telemetry telemetry) {
        this.topology = topology;
        this.pools = new ShardPools(topology.shards());
        this.engine = new QueryEngine(topology, pools, telemetry);
    }

    boolean serves(Topology other) {
        return topology == other;
    }

    RunningQuery start(QueryRequest request, QueryListener listener) {
        return engine.start(request, listener);
    }

    @Override
    public void close() {
        engine.close();
        pools.close();
    }
}
