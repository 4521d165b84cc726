package io.runnel.broker.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.config.TopicConfig;

/**
 * The broker-level configs that supply a topic-level config's default, as Kafka's broker/topic synonyms: a topic
 * without an override of {@code segment.bytes} uses the broker's {@code log.segment.bytes}, and so on. Used for the
 * topic defaults of {@link BrokerConfig#topicDefaults()}, for DescribeConfigs synonyms and to validate a dynamic
 * broker config as the topic config it feeds.
 *
 * <p>A topic config may have several broker synonyms in precedence order; the first one with a value wins. This
 * is how Kafka resolves {@code log.retention.ms} over {@code log.retention.minutes} over {@code
 * log.retention.hours}: only the last has a default, so the others win exactly when they are set.
 */
public final class TopicConfigSynonyms {

    /**
     * One broker config standing for a topic config.
     *
     * @param unit the time unit of the broker config's value when the topic config is in milliseconds and the
     *     broker one is not ({@code log.roll.hours}); {@code null} when the value carries over unchanged
     */
    public record Synonym(String brokerName, TimeUnit unit) {

        /**
         * The topic config's value for a broker value, converted to milliseconds when the units differ: a parsed
         * value (a {@link Number} for time configs) or its text.
         *
         * @throws NumberFormatException for text that is not a whole number where a unit conversion is needed
         */
        public Object toTopicValue(Object brokerValue) {
            if (unit == null || brokerValue == null) {
                return brokerValue;
            }
            long value = brokerValue instanceof Number n
                    ? n.longValue()
                    : Long.parseLong(brokerValue.toString().trim());
            return unit.toMillis(value);
        }

        /** {@link #toTopicValue(Object)} for a value as text, as stored in ZooKeeper and shown by DescribeConfigs. */
        public String toTopicValue(String brokerValue) {
            Object converted = toTopicValue((Object) brokerValue);
            return converted == null ? null : converted.toString();
        }
    }

    private static final Map<String, List<Synonym>> BY_TOPIC_CONFIG = Map.ofEntries(
            Map.entry(TopicConfig.SEGMENT_BYTES_CONFIG, same(BrokerConfig.LOG_SEGMENT_BYTES)),
            Map.entry(
                    TopicConfig.SEGMENT_MS_CONFIG,
                    List.of(
                            new Synonym(BrokerConfig.LOG_ROLL_MS, null),
                            new Synonym(BrokerConfig.LOG_ROLL_HOURS, TimeUnit.HOURS))),
            Map.entry(
                    TopicConfig.SEGMENT_JITTER_MS_CONFIG,
                    List.of(
                            new Synonym(BrokerConfig.LOG_ROLL_JITTER_MS, null),
                            new Synonym(BrokerConfig.LOG_ROLL_JITTER_HOURS, TimeUnit.HOURS))),
            Map.entry(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, same(BrokerConfig.LOG_INDEX_SIZE_MAX_BYTES)),
            Map.entry(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, same(BrokerConfig.LOG_INDEX_INTERVAL_BYTES)),
            Map.entry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, same(BrokerConfig.MESSAGE_MAX_BYTES)),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, same(BrokerConfig.LOG_MESSAGE_TIMESTAMP_TYPE)),
            Map.entry(
                    TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG,
                    same(BrokerConfig.LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS)),
            Map.entry(
                    TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                    same(BrokerConfig.LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS)),
            Map.entry(
                    TopicConfig.RETENTION_MS_CONFIG,
                    List.of(
                            new Synonym(BrokerConfig.LOG_RETENTION_MS, null),
                            new Synonym(BrokerConfig.LOG_RETENTION_MINUTES, TimeUnit.MINUTES),
                            new Synonym(BrokerConfig.LOG_RETENTION_HOURS, TimeUnit.HOURS))),
            Map.entry(TopicConfig.RETENTION_BYTES_CONFIG, same(BrokerConfig.LOG_RETENTION_BYTES)),
            Map.entry(TopicConfig.CLEANUP_POLICY_CONFIG, same(BrokerConfig.LOG_CLEANUP_POLICY)),
            Map.entry(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, same(BrokerConfig.LOG_FLUSH_INTERVAL_MESSAGES)),
            // Kafka: an unset log.flush.interval.ms falls back to the flush scheduler's interval.
            Map.entry(
                    TopicConfig.FLUSH_MS_CONFIG,
                    List.of(
                            new Synonym(BrokerConfig.LOG_FLUSH_INTERVAL_MS, null),
                            new Synonym(BrokerConfig.LOG_FLUSH_SCHEDULER_INTERVAL_MS, null))),
            Map.entry(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, same(BrokerConfig.LOG_SEGMENT_DELETE_DELAY_MS)),
            Map.entry(TopicConfig.PREALLOCATE_CONFIG, same(BrokerConfig.LOG_PREALLOCATE)),
            Map.entry(TopicConfig.COMPRESSION_TYPE_CONFIG, same(BrokerConfig.COMPRESSION_TYPE)),
            Map.entry(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, same(BrokerConfig.COMPRESSION_GZIP_LEVEL)),
            Map.entry(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, same(BrokerConfig.COMPRESSION_LZ4_LEVEL)),
            Map.entry(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, same(BrokerConfig.COMPRESSION_ZSTD_LEVEL)),
            Map.entry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, same(BrokerConfig.MIN_INSYNC_REPLICAS)),
            Map.entry(
                    TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG,
                    same(BrokerConfig.UNCLEAN_LEADER_ELECTION_ENABLE)),
            Map.entry(TopicConfig.DELETE_RETENTION_MS_CONFIG, same(BrokerConfig.LOG_CLEANER_DELETE_RETENTION_MS)),
            Map.entry(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, same(BrokerConfig.LOG_CLEANER_MIN_COMPACTION_LAG_MS)),
            Map.entry(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, same(BrokerConfig.LOG_CLEANER_MAX_COMPACTION_LAG_MS)),
            Map.entry(
                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, same(BrokerConfig.LOG_CLEANER_MIN_CLEANABLE_RATIO)));

    private TopicConfigSynonyms() {}

    private static List<Synonym> same(String brokerName) {
        return List.of(new Synonym(brokerName, null));
    }

    /** Every topic-level config that has broker synonyms, mapped to them in precedence order. */
    public static Map<String, List<Synonym>> all() {
        return BY_TOPIC_CONFIG;
    }

    /** The broker synonyms of a topic-level config, in precedence order; empty for a topic-only config. */
    public static List<Synonym> brokerSynonyms(String topicConfig) {
        return BY_TOPIC_CONFIG.getOrDefault(topicConfig, List.of());
    }

    /** The topic config whose default a broker config supplies, if any. */
    public static Optional<String> topicConfigFor(String brokerName) {
        return BY_TOPIC_CONFIG.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(s -> s.brokerName().equals(brokerName)))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * The topic-level defaults that broker config values give, in topic units: each topic config takes the value
     * of its first broker synonym that has a non-null one; topic configs none of whose synonyms has a value are
     * absent. {@code brokerConfigs} may hold parsed values or text.
     *
     * @throws NumberFormatException for a time value given as text that is not a whole number
     */
    public static Map<String, Object> topicDefaults(Map<String, ?> brokerConfigs) {
        Map<String, Object> defaults = new HashMap<>();
        BY_TOPIC_CONFIG.forEach((topicConfig, synonyms) -> {
            for (Synonym synonym : synonyms) {
                Object value = brokerConfigs.get(synonym.brokerName());
                if (value != null) {
                    defaults.put(topicConfig, synonym.toTopicValue(value));
                    break;
                }
            }
        });
        return defaults;
    }
}
