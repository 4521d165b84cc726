package io.runnel.broker.metadata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.TopicConfig;

/**
 * Kafka's mapping from topic-level configs to the broker-level configs that provide their defaults
 * ({@code retention.ms} defaults to {@code log.retention.ms}, else {@code log.retention.minutes}, else
 * {@code log.retention.hours}). Used for DescribeConfigs synonyms and to derive a topic's effective defaults
 * from the broker config.
 */
public final class TopicConfigSynonyms {

    /** A broker config name and the factor that converts its unit to the topic config's (hours to ms, ...). */
    public record BrokerSynonym(String name, long unitMultiplier) {}

    private static final long MINUTE_MS = 60_000L;
    private static final long HOUR_MS = 60 * MINUTE_MS;

    /** In Kafka's precedence order: the first synonym present wins. */
    private static final Map<String, List<BrokerSynonym>> SYNONYMS = Map.ofEntries(
            same(TopicConfig.SEGMENT_BYTES_CONFIG, "log.segment.bytes"),
            Map.entry(
                    TopicConfig.SEGMENT_MS_CONFIG,
                    List.of(new BrokerSynonym("log.roll.ms", 1), new BrokerSynonym("log.roll.hours", HOUR_MS))),
            Map.entry(
                    TopicConfig.SEGMENT_JITTER_MS_CONFIG,
                    List.of(
                            new BrokerSynonym("log.roll.jitter.ms", 1),
                            new BrokerSynonym("log.roll.jitter.hours", HOUR_MS))),
            same(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, "log.index.size.max.bytes"),
            same(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, "log.flush.interval.messages"),
            Map.entry(
                    TopicConfig.FLUSH_MS_CONFIG,
                    List.of(
                            new BrokerSynonym("log.flush.interval.ms", 1),
                            new BrokerSynonym("log.flush.scheduler.interval.ms", 1))),
            same(TopicConfig.RETENTION_BYTES_CONFIG, "log.retention.bytes"),
            Map.entry(
                    TopicConfig.RETENTION_MS_CONFIG,
                    List.of(
                            new BrokerSynonym("log.retention.ms", 1),
                            new BrokerSynonym("log.retention.minutes", MINUTE_MS),
                            new BrokerSynonym("log.retention.hours", HOUR_MS))),
            same(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "message.max.bytes"),
            same(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, "log.index.interval.bytes"),
            same(TopicConfig.DELETE_RETENTION_MS_CONFIG, "log.cleaner.delete.retention.ms"),
            same(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "log.cleaner.min.compaction.lag.ms"),
            same(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, "log.cleaner.max.compaction.lag.ms"),
            same(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, "log.segment.delete.delay.ms"),
            same(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "log.cleaner.min.cleanable.ratio"),
            same(TopicConfig.CLEANUP_POLICY_CONFIG, "log.cleanup.policy"),
            same(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "unclean.leader.election.enable"),
            same(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "min.insync.replicas"),
            same(TopicConfig.COMPRESSION_TYPE_CONFIG, "compression.type"),
            same(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, "compression.gzip.level"),
            same(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, "compression.lz4.level"),
            same(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, "compression.zstd.level"),
            same(TopicConfig.PREALLOCATE_CONFIG, "log.preallocate"),
            same(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "log.message.timestamp.type"),
            same(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, "log.message.timestamp.before.max.ms"),
            same(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, "log.message.timestamp.after.max.ms"));

    private TopicConfigSynonyms() {}

    private static Map.Entry<String, List<BrokerSynonym>> same(String topicConfig, String brokerConfig) {
        return Map.entry(topicConfig, List.of(new BrokerSynonym(brokerConfig, 1)));
    }

    /** Broker-level synonyms of a topic config, highest precedence first; empty for topic-only configs. */
    public static List<BrokerSynonym> brokerSynonyms(String topicConfig) {
        return SYNONYMS.getOrDefault(topicConfig, List.of());
    }

    /** The topic config a broker config provides the default for, if any. */
    public static Optional<String> topicConfigFor(String brokerConfig) {
        return SYNONYMS.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(s -> s.name().equals(brokerConfig)))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The value a broker synonym gives a topic config, converted to the topic config's unit. */
    public static String toTopicValue(BrokerSynonym synonym, String brokerValue) {
        if (synonym.unitMultiplier() == 1) {
            return brokerValue;
        }
        return Long.toString(Long.parseLong(brokerValue.trim()) * synonym.unitMultiplier());
    }

    /**
     * Topic-level defaults derived from broker configs (in broker names, e.g. the static config overridden by
     * dynamic broker configs): only the topic configs some broker synonym sets.
     */
    public static Map<String, String> topicDefaults(Map<String, String> brokerConfigs) {
        Map<String, String> defaults = new HashMap<>();
        SYNONYMS.forEach((topicConfig, synonyms) -> {
            for (BrokerSynonym synonym : synonyms) {
                String value = brokerConfigs.get(synonym.name());
                if (value != null) {
                    defaults.put(topicConfig, toTopicValue(synonym, value));
                    break;
                }
            }
        });
        return defaults;
    }
}
