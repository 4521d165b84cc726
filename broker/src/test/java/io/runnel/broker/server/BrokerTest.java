package io.runnel.broker.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.logdir.MetaProperties;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerTest {

    @TempDir
    Path root;

    private BrokerConfig config(String brokerId, Path... logDirs) {
        return BrokerConfig.fromProps(Map.of(
                "broker.id",
                brokerId,
                "log.dirs",
                String.join(
                        ",",
                        java.util.Arrays.stream(logDirs).map(Path::toString).toList())));
    }

    private static Broker broker(BrokerConfig config, BrokerComponents components) {
        return new Broker(config, components, Time.SYSTEM);
    }

    /** A cluster identity with a fixed answer, as the ZooKeeper metadata would give. */
    private record FixedIdentity(String clusterId, int generatedId, List<String> events) implements ClusterIdentity {
        @Override
        public String getOrCreateClusterId() {
            return clusterId;
        }

        @Override
        public int generateBrokerId() {
            return generatedId;
        }

        @Override
        public void close() {
            events.add("identity closed");
        }
    }

    private record RecordingComponent(String name, List<String> events, boolean failOnStart)
            implements BrokerComponent {
        @Override
        public void startup() {
            if (failOnStart) {
                throw new IllegalStateException(name + " cannot bind");
            }
            events.add("start " + name);
        }

        @Override
        public void shutdown() {
            events.add("stop " + name);
        }
    }

    @Test
    void startWritesMetaPropertiesInEveryLogDir() {
        Path a = root.resolve("a");
        Path b = root.resolve("b");
        var broker = broker(config("4", a, b), BrokerComponents.logDirsOnly());

        broker.start();
        broker.shutdown();

        assertThat(MetaProperties.read(a)).contains(new MetaProperties(4, Optional.empty()));
        assertThat(MetaProperties.read(b)).contains(new MetaProperties(4, Optional.empty()));
    }

    @Test
    void secondBrokerOnSameLogDirFailsWithClearMessage() {
        Path dir = root.resolve("logs");
        var first = broker(config("1", dir), BrokerComponents.logDirsOnly());
        first.start();
        try {
            var second = broker(config("2", dir), BrokerComponents.logDirsOnly());

            assertThatThrownBy(second::start)
                    .isInstanceOf(BrokerStartupException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("in use by another broker");
            assertThat(second.state()).isEqualTo(Broker.State.SHUT_DOWN);
        } finally {
            first.shutdown();
        }
    }

    @Test
    void shutdownReleasesLogDirsForTheNextBroker() {
        Path dir = root.resolve("logs");
        var first = broker(config("1", dir), BrokerComponents.logDirsOnly());
        first.start();
        first.shutdown();

        var second = broker(config("1", dir), BrokerComponents.logDirsOnly());
        second.start();
        second.shutdown();

        assertThat(second.state()).isEqualTo(Broker.State.SHUT_DOWN);
    }

    @Test
    void configuredBrokerIdDifferentFromStoredOneFails() {
        Path dir = root.resolve("logs");
        new MetaProperties(1, Optional.empty()).write(createDir(dir));
        var broker = broker(config("2", dir), BrokerComponents.logDirsOnly());

        assertThatThrownBy(broker::start)
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("configured broker.id 2 does not match broker.id 1 in meta.properties");
    }

    @Test
    void unsetBrokerIdTakesTheStoredOne() {
        Path dir = root.resolve("logs");
        new MetaProperties(9, Optional.empty()).write(createDir(dir));
        var broker = broker(config("-1", dir), BrokerComponents.logDirsOnly());

        broker.start();
        broker.shutdown();

        assertThat(broker.context().orElseThrow().brokerId()).isEqualTo(9);
    }

    @Test
    void unsetBrokerIdWithoutStoredOneIsGeneratedByTheClusterIdentity() {
        Path dir = root.resolve("logs");
        var identity = new FixedIdentity("cid", 1001, new ArrayList<>());
        var broker = broker(config("-1", dir), new BrokerComponents(Optional.of(identity), ctx -> List.of()));

        broker.start();
        broker.shutdown();

        assertThat(MetaProperties.read(dir)).contains(new MetaProperties(1001, Optional.of("cid")));
    }

    @Test
    void unsetBrokerIdWithoutStoredOneOrClusterIdentityFails() {
        var broker = broker(config("-1", root.resolve("logs")), BrokerComponents.logDirsOnly());

        assertThatThrownBy(broker::start)
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("set broker.id explicitly");
    }

    @Test
    void clusterIdDifferentFromStoredOneFails() {
        Path dir = root.resolve("logs");
        new MetaProperties(1, Optional.of("old-cluster")).write(createDir(dir));
        var identity = new FixedIdentity("new-cluster", 0, new ArrayList<>());
        var broker = broker(config("1", dir), new BrokerComponents(Optional.of(identity), ctx -> List.of()));

        assertThatThrownBy(broker::start)
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("new-cluster")
                .hasMessageContaining("old-cluster")
                .hasMessageContaining("wrong cluster");
    }

    @Test
    void logDirsDisagreeingOnBrokerIdFail() {
        Path a = root.resolve("a");
        Path b = root.resolve("b");
        new MetaProperties(1, Optional.empty()).write(createDir(a));
        new MetaProperties(2, Optional.empty()).write(createDir(b));
        var broker = broker(config("-1", a, b), BrokerComponents.logDirsOnly());

        assertThatThrownBy(broker::start)
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("log dirs disagree on broker.id");
    }

    @Test
    void storedClusterIdIsKeptWhenNoClusterIdentityIsWired() {
        Path dir = root.resolve("logs");
        new MetaProperties(1, Optional.of("cid")).write(createDir(dir));
        var broker = broker(config("1", dir), BrokerComponents.logDirsOnly());

        broker.start();
        broker.shutdown();

        assertThat(MetaProperties.read(dir)).contains(new MetaProperties(1, Optional.of("cid")));
    }

    @Test
    void componentsStartInOrderAndStopInReverse() {
        var events = new ArrayList<String>();
        var identity = new FixedIdentity("cid", 0, events);
        var broker = broker(
                config("1", root.resolve("logs")),
                new BrokerComponents(
                        Optional.of(identity),
                        ctx -> List.of(
                                new RecordingComponent("metadata", events, false),
                                new RecordingComponent("network", events, false))));

        broker.start();
        broker.shutdown();

        assertThat(events)
                .containsExactly("start metadata", "start network", "stop network", "stop metadata", "identity closed");
    }

    @Test
    void componentsSeeTheResolvedIdentity() {
        var seen = new ArrayList<BrokerContext>();
        Path dir = root.resolve("logs");
        var broker = broker(
                config("-1", dir),
                new BrokerComponents(Optional.of(new FixedIdentity("cid", 1005, new ArrayList<>())), ctx -> {
                    seen.add(ctx);
                    return List.of();
                }));

        broker.start();
        broker.shutdown();

        assertThat(seen).singleElement().satisfies(ctx -> {
            assertThat(ctx.brokerId()).isEqualTo(1005);
            assertThat(ctx.clusterId()).contains("cid");
            assertThat(ctx.logDirs()).containsExactly(dir);
        });
    }

    @Test
    void failedComponentStopsTheStartedOnesAndReleasesLogDirs() {
        var events = new ArrayList<String>();
        Path dir = root.resolve("logs");
        var broker = broker(
                config("1", dir),
                new BrokerComponents(
                        Optional.empty(),
                        ctx -> List.of(
                                new RecordingComponent("metadata", events, false),
                                new RecordingComponent("network", events, true))));

        assertThatThrownBy(broker::start)
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("network cannot bind");

        assertThat(events).containsExactly("start metadata", "stop metadata");
        assertThat(broker.state()).isEqualTo(Broker.State.SHUT_DOWN);
        var next = broker(config("1", dir), BrokerComponents.logDirsOnly());
        next.start();
        next.shutdown();
    }

    @Test
    void awaitShutdownReturnsOnceShutDownFromAnotherThread() throws Exception {
        var broker = broker(config("1", root.resolve("logs")), BrokerComponents.logDirsOnly());
        broker.start();
        assertThat(broker.awaitShutdown(10, TimeUnit.MILLISECONDS)).isFalse();

        Thread stopper = new Thread(broker::shutdown);
        stopper.start();

        assertThat(broker.awaitShutdown(30, TimeUnit.SECONDS)).isTrue();
        stopper.join();
        assertThat(broker.state()).isEqualTo(Broker.State.SHUT_DOWN);
    }

    @Test
    void shutdownIsIdempotent() {
        var events = new ArrayList<String>();
        var broker = broker(
                config("1", root.resolve("logs")),
                new BrokerComponents(Optional.empty(), ctx -> List.of(new RecordingComponent("x", events, false))));
        broker.start();

        broker.shutdown();
        broker.shutdown();

        assertThat(events).containsExactly("start x", "stop x");
    }

    @Test
    void brokerCannotBeStartedTwice() {
        var broker = broker(config("1", root.resolve("logs")), BrokerComponents.logDirsOnly());
        broker.start();
        broker.shutdown();

        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
    }

    private static Path createDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
