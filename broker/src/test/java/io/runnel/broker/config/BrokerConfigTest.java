package io.runnel.broker.config;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class BrokerConfigTest {

    /** Kafka's documented broker defaults (ZooKeeper mode; Kafka 4.0 values where KIP-1030 changed them). */
    static Stream<Arguments> kafkaDefaults() {
        return Stream.of(
                arguments("broker.id", -1),
                arguments("broker.id.generation.enable", true),
                arguments("reserved.broker.max.id", 1000),
                arguments("listeners", "PLAINTEXT://:9092"),
                arguments("advertised.listeners", null),
                arguments("num.partitions", 1),
                arguments("default.replication.factor", 1),
                arguments("message.max.bytes", 1048588),
                arguments("log.dirs", null),
                arguments("log.segment.bytes", 1073741824),
                arguments("log.roll.ms", null),
                arguments("log.roll.hours", 168),
                arguments("log.roll.jitter.ms", null),
                arguments("log.roll.jitter.hours", 0),
                arguments("log.index.size.max.bytes", 10485760),
                arguments("log.index.interval.bytes", 4096),
                arguments("log.retention.ms", null),
                arguments("log.retention.minutes", null),
                arguments("log.retention.hours", 168),
                arguments("log.retention.bytes", -1L),
                arguments("log.retention.check.interval.ms", 300000L),
                arguments("log.cleanup.policy", List.of("delete")),
                arguments("log.flush.interval.messages", Long.MAX_VALUE),
                arguments("log.flush.interval.ms", null),
                arguments("log.flush.scheduler.interval.ms", Long.MAX_VALUE),
                arguments("log.flush.offset.checkpoint.interval.ms", 60000),
                arguments("log.segment.delete.delay.ms", 60000L),
                arguments("log.preallocate", false),
                arguments("log.message.timestamp.type", "CreateTime"),
                arguments("log.message.timestamp.before.max.ms", Long.MAX_VALUE),
                arguments("log.message.timestamp.after.max.ms", 3600000L),
                arguments("log.cleaner.delete.retention.ms", 86400000L),
                arguments("log.cleaner.min.cleanable.ratio", 0.5),
                arguments("compression.type", "producer"),
                arguments("min.insync.replicas", 1),
                arguments("unclean.leader.election.enable", false),
                arguments("auto.create.topics.enable", true),
                arguments("delete.topic.enable", true),
                arguments("num.network.threads", 3),
                arguments("num.io.threads", 8),
                arguments("background.threads", 10),
                arguments("num.recovery.threads.per.data.dir", 2),
                arguments("socket.send.buffer.bytes", 102400),
                arguments("socket.receive.buffer.bytes", 102400),
                arguments("socket.request.max.bytes", 104857600),
                arguments("max.connections", Integer.MAX_VALUE),
                arguments("connections.max.idle.ms", 600000L),
                arguments("queued.max.requests", 500),
                arguments("fetch.max.bytes", 57671680),
                arguments("zookeeper.connect", null),
                arguments("zookeeper.connection.timeout.ms", null),
                arguments("zookeeper.session.timeout.ms", 18000),
                arguments("zookeeper.max.in.flight.requests", 10),
                arguments("zookeeper.embedded.port", 2181),
                arguments("offsets.topic.num.partitions", 50),
                arguments("offsets.topic.replication.factor", (short) 3),
                arguments("offsets.topic.segment.bytes", 104857600),
                arguments("offsets.retention.minutes", 10080),
                arguments("offsets.commit.timeout.ms", 5000),
                arguments("transaction.state.log.num.partitions", 50),
                arguments("transaction.state.log.replication.factor", (short) 3),
                arguments("transaction.state.log.min.isr", 2),
                arguments("transactional.id.expiration.ms", 604800000),
                arguments("transaction.max.timeout.ms", 900000),
                arguments("group.initial.rebalance.delay.ms", 3000),
                arguments("group.min.session.timeout.ms", 6000),
                arguments("group.max.session.timeout.ms", 1800000),
                arguments("producer.id.expiration.ms", 86400000),
                arguments("max.incremental.fetch.session.cache.slots", 1000),
                arguments("replica.lag.time.max.ms", 30000L),
                arguments("replica.fetch.max.bytes", 1048576),
                arguments("replica.fetch.wait.max.ms", 500),
                arguments("num.replica.fetchers", 1),
                arguments("controlled.shutdown.enable", true),
                arguments("controlled.shutdown.max.retries", 3),
                arguments("auto.leader.rebalance.enable", true));
    }

    @ParameterizedTest(name = "{0} defaults to {1}")
    @MethodSource("kafkaDefaults")
    void defaultsToKafkasValue(String name, Object kafkaDefault) {
        BrokerConfig config = BrokerConfig.fromProps(Map.of());

        assertThat(config.get(name)).isEqualTo(kafkaDefault);
    }

    @Test
    void defaultsLogDirToRunnelPathInsteadOfKafkas() {
        BrokerConfig config = BrokerConfig.fromProps(Map.of());

        assertThat(config.logDirs()).containsExactly(Path.of("/tmp/runnel-logs"));
    }

    @Test
    void logDirsOverridesLogDir() {
        BrokerConfig config = BrokerConfig.fromProps(Map.of("log.dir", "/a", "log.dirs", "/b, /c"));

        assertThat(config.logDirs()).containsExactly(Path.of("/b"), Path.of("/c"));
    }

    @Test
    void topicDefaultsTakeKafkasTopicDefaultsWhenNothingIsSet() {
        var topic = BrokerConfig.fromProps(Map.of()).topicDefaults();

        assertThat(topic.segmentBytes()).isEqualTo(1073741824);
        assertThat(topic.segmentMs()).isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(topic.retentionMs()).isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(topic.retentionBytes()).isEqualTo(-1L);
        assertThat(topic.maxMessageBytes()).isEqualTo(1048588);
        assertThat(topic.flushMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void retentionHoursApplyWhenNeitherMsNorMinutesIsSet() {
        var config = BrokerConfig.fromProps(Map.of("log.retention.hours", "2"));

        assertThat(config.topicDefaults().retentionMs()).isEqualTo(2 * 3600_000L);
    }

    @Test
    void retentionMinutesBeatHours() {
        var config = BrokerConfig.fromProps(Map.of("log.retention.hours", "2", "log.retention.minutes", "3"));

        assertThat(config.topicDefaults().retentionMs()).isEqualTo(3 * 60_000L);
    }

    @Test
    void retentionMsBeatsMinutesAndHours() {
        var config = BrokerConfig.fromProps(
                Map.of("log.retention.hours", "2", "log.retention.minutes", "3", "log.retention.ms", "4567"));

        assertThat(config.topicDefaults().retentionMs()).isEqualTo(4567L);
    }

    @Test
    void negativeRetentionTimeMeansForever() {
        var config = BrokerConfig.fromProps(Map.of("log.retention.minutes", "-5"));

        assertThat(config.topicDefaults().retentionMs()).isEqualTo(-1L);
    }

    @Test
    void rollMsBeatsRollHoursAndHoursConvertToMs() {
        assertThat(BrokerConfig.fromProps(Map.of("log.roll.hours", "3"))
                        .topicDefaults()
                        .segmentMs())
                .isEqualTo(3 * 3600_000L);
        assertThat(BrokerConfig.fromProps(Map.of("log.roll.hours", "3", "log.roll.ms", "999"))
                        .topicDefaults()
                        .segmentMs())
                .isEqualTo(999L);
    }

    @Test
    void flushIntervalFallsBackToSchedulerInterval() {
        var config = BrokerConfig.fromProps(Map.of("log.flush.scheduler.interval.ms", "2000"));

        assertThat(config.topicDefaults().flushMs()).isEqualTo(2000L);
    }

    @Test
    void brokerLogSettingsBecomeTopicDefaultsUnderTopicNames() {
        var config = BrokerConfig.fromProps(Map.of(
                "log.segment.bytes", "1048576",
                "message.max.bytes", "2000000",
                "log.retention.bytes", "123456",
                "log.cleanup.policy", "compact",
                "log.index.interval.bytes", "100",
                "log.segment.delete.delay.ms", "5",
                "log.preallocate", "true",
                "log.message.timestamp.type", "LogAppendTime",
                "compression.type", "lz4",
                "min.insync.replicas", "2"));

        var topic = config.topicDefaults();

        assertThat(topic.segmentBytes()).isEqualTo(1048576);
        assertThat(topic.maxMessageBytes()).isEqualTo(2000000);
        assertThat(topic.retentionBytes()).isEqualTo(123456L);
        assertThat(topic.compactPolicy()).isTrue();
        assertThat(topic.deletePolicy()).isFalse();
        assertThat(topic.indexIntervalBytes()).isEqualTo(100);
        assertThat(topic.fileDeleteDelayMs()).isEqualTo(5L);
        assertThat(topic.preallocate()).isTrue();
        assertThat(topic.timestampType().name).isEqualTo("LogAppendTime");
        assertThat(topic.compressionType()).isEqualTo("lz4");
        assertThat(topic.minInSyncReplicas()).isEqualTo(2);
    }

    @Test
    void everyTopicConfigHasABrokerSynonymThatIsDefined() {
        for (var entry : TopicConfigSynonyms.all().entrySet()) {
            assertThat(io.runnel.storage.LogConfig.names()).contains(entry.getKey());
            for (var synonym : entry.getValue()) {
                assertThat(BrokerConfig.names()).contains(synonym.brokerName());
            }
        }
        assertThat(TopicConfigSynonyms.all().keySet())
                .containsExactlyInAnyOrderElementsOf(io.runnel.storage.LogConfig.names());
    }

    @Test
    void invalidValueFailsNamingKeyAndValue() {
        assertThatThrownBy(() -> BrokerConfig.fromProps(Map.of("num.partitions", "-5")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value -5 for configuration num.partitions: Value must be at least 1");
    }

    @Test
    void unparsableValueFailsNamingKey() {
        assertThatThrownBy(() -> BrokerConfig.fromProps(Map.of("num.io.threads", "many")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.io.threads")
                .hasMessageContaining("many");
    }

    @Test
    void explicitBrokerIdAboveReservedMaxIsRejected() {
        assertThatThrownBy(() -> BrokerConfig.fromProps(Map.of("broker.id", "1001")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broker.id")
                .hasMessageContaining("reserved.broker.max.id");
    }

    @Test
    void malformedListenerIsRejectedNamingListeners() {
        assertThatThrownBy(() -> BrokerConfig.fromProps(Map.of("listeners", "localhost:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration listeners");
    }

    @Test
    void listenersParseIntoEndpoints() {
        var config = BrokerConfig.fromProps(Map.of(
                "listeners", "PLAINTEXT://:9092,INTERNAL://127.0.0.1:0",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT"));

        assertThat(config.listeners())
                .containsExactly(
                        new Endpoint("PLAINTEXT", "", 9092, SecurityProtocol.PLAINTEXT),
                        new Endpoint("INTERNAL", "127.0.0.1", 0, SecurityProtocol.PLAINTEXT));
        assertThat(config.advertisedListeners()).isEqualTo(config.listeners());
    }

    @Test
    void advertisingTheWildcardAddressIsRejected() {
        assertThatThrownBy(() -> BrokerConfig.fromProps(Map.of("advertised.listeners", "PLAINTEXT://0.0.0.0:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("advertised.listeners");
    }

    @Test
    void unknownKeysAreCollectedNotFatal() {
        var config = BrokerConfig.fromProps(Map.of("num.partitions", "3", "no.such.setting", "x", "another", "y"));

        assertThat(config.unknownKeys()).containsExactly("another", "no.such.setting");
        assertThat(config.numPartitions()).isEqualTo(3);
    }

    @Test
    void loadAppliesOverridesOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "num.partitions=3\nlog.dirs=/data/a\n# comment\nbroker.id = 7 \n");

        var config = BrokerConfig.load(file, Map.of("num.partitions", "5"));

        assertThat(config.numPartitions()).isEqualTo(5);
        assertThat(config.brokerId()).isEqualTo(7);
        assertThat(config.logDirs()).containsExactly(Path.of("/data/a"));
        assertThat(config.source("num.partitions")).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config.source("num.io.threads")).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void loadOfMissingFileFails(@TempDir Path dir) {
        assertThatThrownBy(() -> BrokerConfig.load(dir.resolve("absent.properties"), Map.of()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void zookeeperConnectionTimeoutFallsBackToSessionTimeout() {
        var config = BrokerConfig.fromProps(Map.of("zookeeper.session.timeout.ms", "9000"));

        assertThat(config.zookeeperConnectionTimeoutMs()).isEqualTo(9000);
        assertThat(config.zookeeperConnect()).isEmpty();
    }

    @Test
    void logSettingsAreDynamicClusterWideAndServerSettingsReadOnly() {
        assertThat(BrokerConfig.updateMode("log.retention.ms")).isEqualTo(ConfigUpdateMode.CLUSTER_WIDE);
        assertThat(BrokerConfig.updateMode("message.max.bytes")).isEqualTo(ConfigUpdateMode.CLUSTER_WIDE);
        assertThat(BrokerConfig.updateMode("advertised.listeners")).isEqualTo(ConfigUpdateMode.PER_BROKER);
        assertThat(BrokerConfig.isDynamic("log.segment.bytes")).isTrue();
        assertThat(BrokerConfig.isDynamic("broker.id")).isFalse();
        assertThat(BrokerConfig.isDynamic("num.partitions")).isFalse();
        assertThat(BrokerConfig.isDynamic("zookeeper.connect")).isFalse();
        assertThat(BrokerConfig.isDynamic("log.dirs")).isFalse();
    }

    @Test
    void firstSynonymOfEveryTopicConfigIsDynamicClusterWide() {
        TopicConfigSynonyms.all().values().stream().map(List::getFirst).forEach(s -> assertThat(
                        BrokerConfig.updateMode(s.brokerName()))
                .as(s.brokerName())
                .isEqualTo(ConfigUpdateMode.CLUSTER_WIDE));
    }

    @Test
    void coarserTimeSynonymsAreReadOnlyAsInKafka() {
        assertThat(BrokerConfig.isDynamic("log.retention.hours")).isFalse();
        assertThat(BrokerConfig.isDynamic("log.retention.minutes")).isFalse();
        assertThat(BrokerConfig.isDynamic("log.roll.hours")).isFalse();
        assertThat(BrokerConfig.isDynamic("log.flush.scheduler.interval.ms")).isFalse();
    }

    @Test
    void overridesChangeEffectiveValueAndTopicDefaults() {
        var config = BrokerConfig.fromProps(Map.of("log.retention.hours", "2"));

        var updated = config.withOverrides(Map.of("log.retention.ms", "1000"));

        assertThat(updated.topicDefaults().retentionMs()).isEqualTo(1000L);
        assertThat(updated.source("log.retention.ms")).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG);
        assertThat(config.topicDefaults().retentionMs()).isEqualTo(2 * 3600_000L);
    }

    @Test
    void perBrokerOverrideBeatsClusterDefaultWhichBeatsStatic() {
        var config = BrokerConfig.fromProps(Map.of("message.max.bytes", "1000"));

        var clusterOnly = config.withDynamicConfig(Map.of("message.max.bytes", "2000"), Map.of());
        var both = config.withDynamicConfig(Map.of("message.max.bytes", "2000"), Map.of("message.max.bytes", "3000"));

        assertThat(clusterOnly.getInt("message.max.bytes")).isEqualTo(2000);
        assertThat(clusterOnly.source("message.max.bytes")).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
        assertThat(both.getInt("message.max.bytes")).isEqualTo(3000);
    }

    @Test
    void emptyOverridesRevertToStaticValue() {
        var config = BrokerConfig.fromProps(Map.of("message.max.bytes", "1000"))
                .withOverrides(Map.of("message.max.bytes", "3000"));

        var reverted = config.withOverrides(Map.of());

        assertThat(reverted.getInt("message.max.bytes")).isEqualTo(1000);
        assertThat(reverted.source("message.max.bytes")).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
    }

    @Test
    void overridingReadOnlyConfigIsRejected() {
        var config = BrokerConfig.fromProps(Map.of());

        assertThatThrownBy(() -> config.withOverrides(Map.of("num.partitions", "4")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.partitions")
                .hasMessageContaining("read-only");
    }

    @Test
    void perBrokerOnlyConfigIsRejectedAsClusterDefault() {
        var config = BrokerConfig.fromProps(Map.of());

        assertThatThrownBy(
                        () -> config.withDynamicConfig(Map.of("advertised.listeners", "PLAINTEXT://h:9092"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("advertised.listeners");
    }

    @Test
    void invalidDynamicValueIsRejectedNamingKey() {
        var config = BrokerConfig.fromProps(Map.of());
        var overrides = new HashMap<String, Object>();
        overrides.put("log.segment.bytes", "-1");

        assertThatThrownBy(() -> config.withOverrides(overrides))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("log.segment.bytes");
    }

    @Test
    void unknownDynamicConfigIsRejected() {
        var config = BrokerConfig.fromProps(Map.of());

        assertThatThrownBy(() -> config.withOverrides(Map.of("no.such.config", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no.such.config");
    }
}
