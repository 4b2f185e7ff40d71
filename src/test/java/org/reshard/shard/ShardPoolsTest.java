package org.reshard.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reshard.common.Result;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.topology.ShardSpec;

class ShardPoolsTest {

    /**
     * A server that accepts connections and never answers (a shard host that hangs) must not hold up the
     * pools of other shards: the first scatter-gather query opens them all at once.
     */
    @Test
    void aShardThatHangsWhileItsPoolOpensDoesNotHoldUpTheOthers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             PostgresTestDatabase live = PostgresTestDatabase.create("pools")) {
            CountDownLatch accepted = new CountDownLatch(1);
            List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                        accepted.countDown();
                    }
                } catch (IOException closed) {
                    // The test is over.
                }
            });
            ShardSpec hanging = new ShardSpec("hanging", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/x?loginTimeout=20");
            ShardSpec reachable = new ShardSpec("reachable", live.url() + "?user=postgres");
            try (ShardPools pools = new ShardPools(List.of(hanging, reachable))) {
                CompletableFuture<Result<Connection>> stuck = CompletableFuture.supplyAsync(() -> pools.connect("hanging"));
                assertThat(accepted.await(10, TimeUnit.SECONDS)).as("the hanging shard was contacted").isTrue();

                Result<Connection> other = pools.connect("reachable");

                assertThat(other).isInstanceOf(Result.Ok.class);
                ((Result.Ok<Connection>) other).value().close();
                assertThat(stuck).as("the hanging shard is still opening its pool").isNotDone();
            } finally {
                silent.close();
                for (Socket socket : held) {
                    socket.close();
                }
                acceptor.join(5000);
            }
        }
    }
}
