package io.runnel.storage;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.DOUBLE;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LIST;
import static org.apache.kafka.common.config.ConfigDef.Type.LONG;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

/**
 * A topic's log configuration, in Kafka's topic-level names ({@code segment.bytes}, {@code retention.ms}, ...)
 * with Kafka's defaults and validation. Immutable; a config change builds a new instance and hands it to
 * {@link PartitionLog#updateConfig}.
 */
public final class LogConfig extends AbstractConfig {

    /** Kafka's default {@code max.message.bytes}: 1 MiB plus the record batch overhead. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;

    private static final long SEVEN_DAYS_MS = 7L * 24 * 60 * 60 * 1000;

    /** The definitions of every topic-level config Runnel supports; also the source of docs/configuration.md. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    TopicConfig.SEGMENT_BYTES_CONFIG,
                    INT,
                    1024 * 1024 * 1024,
                    atLeast(14),
                    HIGH,
                    TopicConfig.SEGMENT_BYTES_DOC)
            .define(TopicConfig.SEGMENT_MS_CONFIG, LONG, SEVEN_DAYS_MS, atLeast(1), MEDIUM, TopicConfig.SEGMENT_MS_DOC)
            .define(
                    TopicConfig.SEGMENT_JITTER_MS_CONFIG,
                    LONG,
                    0L,
                    atLeast(0),
                    MEDIUM,
                    TopicConfig.SEGMENT_JITTER_MS_DOC)
            .define(
                    TopicConfig.SEGMENT_INDEX_BYTES_CONFIG,
                    INT,
                    10 * 1024 * 1024,
                    atLeast(4),
                    MEDIUM,
                    TopicConfig.SEGMENT_INDEX_BYTES_DOC)
            .define(
                    TopicConfig.INDEX_INTERVAL_BYTES_CONFIG,
                    INT,
                    4096,
                    atLeast(0),
                    MEDIUM,
                    TopicConfig.INDEX_INTERVAL_BYTES_DOC)
            .define(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    INT,
                    DEFAULT_MAX_MESSAGE_BYTES,
                    atLeast(0),
                    MEDIUM,
                    TopicConfig.MAX_MESSAGE_BYTES_DOC)
            .define(
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                    STRING,
                    TimestampType.CREATE_TIME.name,
                    ValidString.in(TimestampType.CREATE_TIME.name, TimestampType.LOG_APPEND_TIME.name),
                    MEDIUM,
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC)
            .define(
                    TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG,
                    LONG,
                    Long.MAX_VALUE,
                    atLeast(0),
                    MEDIUM,
                    TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC)
            .define(
                    TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                    LONG,
                    3600000L,
                    atLeast(0),
                    MEDIUM,
                    TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC)
            .define(
                    TopicConfig.RETENTION_MS_CONFIG,
                    LONG,
                    SEVEN_DAYS_MS,
                    atLeast(-1),
                    HIGH,
                    TopicConfig.RETENTION_MS_DOC)
            .define(TopicConfig.RETENTION_BYTES_CONFIG, LONG, -1L, HIGH, TopicConfig.RETENTION_BYTES_DOC)
            .define(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    LIST,
                    TopicConfig.CLEANUP_POLICY_DELETE,
                    ValidList.in(TopicConfig.CLEANUP_POLICY_DELETE, TopicConfig.CLEANUP_POLICY_COMPACT),
                    MEDIUM,
                    TopicConfig.CLEANUP_POLICY_DOC)
            .define(
                    TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG,
                    LONG,
                    Long.MAX_VALUE,
                    atLeast(1),
                    MEDIUM,
                    TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC)
            .define(TopicConfig.FLUSH_MS_CONFIG, LONG, Long.MAX_VALUE, atLeast(0), MEDIUM, TopicConfig.FLUSH_MS_DOC)
            .define(
                    TopicConfig.FILE_DELETE_DELAY_MS_CONFIG,
                    LONG,
                    60000L,
                    atLeast(0),
                    MEDIUM,
                    TopicConfig.FILE_DELETE_DELAY_MS_DOC)
            .define(TopicConfig.PREALLOCATE_CONFIG, BOOLEAN, false, MEDIUM, TopicConfig.PREALLOCATE_DOC)
            .define(
                    TopicConfig.COMPRESSION_TYPE_CONFIG,
                    STRING,
                    "producer",
                    ValidString.in("producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"),
                    MEDIUM,
                    TopicConfig.COMPRESSION_TYPE_DOC)
            .define(
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    INT,
                    1,
                    atLeast(1),
                    MEDIUM,
                    TopicConfig.MIN_IN_SYNC_REPLICAS_DOC)
            .define(
                    TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG,
                    BOOLEAN,
                    false,
                    MEDIUM,
                    TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC)
            .define(
                    TopicConfig.DELETE_RETENTION_MS_CONFIG,
                    LONG,
                    86400000L,
                    atLeast(0),
                    MEDIUM,
                    TopicConfig.DELETE_RETENTION_MS_DOC)
            .define(
                    TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                    LONG,
                    0L,
                    atLeast(0),
                    MEDIUM,
                    TopicConfig.MIN_COMPACTION_LAG_MS_DOC)
            .define(
                    TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
                    LONG,
                    Long.MAX_VALUE,
                    atLeast(1),
                    MEDIUM,
                    TopicConfig.MAX_COMPACTION_LAG_MS_DOC)
            .define(
                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
                    DOUBLE,
                    0.5,
                    between(0, 1),
                    MEDIUM,
                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC)
            .define(
                    TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG,
                    INT,
                    -1,
                    between(-1, 9),
                    LOW,
                    TopicConfig.COMPRESSION_GZIP_LEVEL_DOC)
            .define(
                    TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG,
                    INT,
                    9,
                    between(1, 17),
                    LOW,
                    TopicConfig.COMPRESSION_LZ4_LEVEL_DOC)
            .define(
                    TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG,
                    INT,
                    3,
                    between(-131072, 22),
                    LOW,
                    TopicConfig.COMPRESSION_ZSTD_LEVEL_DOC);

    // Read once: the append path asks for several of these per append, and AbstractConfig's lookups hash the key
    // and record it as used each time (the timestamp type's parse also copies the enum values).
    private final TimestampType timestampType;
    private final int segmentBytes;
    private final long segmentMs;
    private final long segmentJitterMs;
    private final int segmentIndexBytes;
    private final int indexIntervalBytes;
    private final int maxMessageBytes;
    private final long timestampBeforeMaxMs;
    private final long timestampAfterMaxMs;
    private final long retentionMs;
    private final long retentionBytes;
    private final boolean deletePolicy;
    private final boolean compactPolicy;
    private final long flushMessages;
    private final long flushMs;
    private final long fileDeleteDelayMs;
    private final boolean preallocate;
    private final String compressionType;
    private final int minInSyncReplicas;

    private LogConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props, false);
        this.timestampType = TimestampType.forName(getString(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG));
        this.segmentBytes = getInt(TopicConfig.SEGMENT_BYTES_CONFIG);
        this.segmentMs = getLong(TopicConfig.SEGMENT_MS_CONFIG);
        this.segmentJitterMs = getLong(TopicConfig.SEGMENT_JITTER_MS_CONFIG);
        this.segmentIndexBytes = getInt(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG);
        this.indexIntervalBytes = getInt(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG);
        this.maxMessageBytes = getInt(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        this.timestampBeforeMaxMs = getLong(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG);
        this.timestampAfterMaxMs = getLong(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
        this.retentionMs = getLong(TopicConfig.RETENTION_MS_CONFIG);
        this.retentionBytes = getLong(TopicConfig.RETENTION_BYTES_CONFIG);
        this.deletePolicy = getList(TopicConfig.CLEANUP_POLICY_CONFIG).contains(TopicConfig.CLEANUP_POLICY_DELETE);
        this.compactPolicy = getList(TopicConfig.CLEANUP_POLICY_CONFIG).contains(TopicConfig.CLEANUP_POLICY_COMPACT);
        this.flushMessages = getLong(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG);
        this.flushMs = getLong(TopicConfig.FLUSH_MS_CONFIG);
        this.fileDeleteDelayMs = getLong(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG);
        this.preallocate = getBoolean(TopicConfig.PREALLOCATE_CONFIG);
        this.compressionType = getString(TopicConfig.COMPRESSION_TYPE_CONFIG);
        this.minInSyncReplicas = getInt(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    }

    /**
     * Builds a config from topic-level overrides on top of defaults (both in topic-level names).
     *
     * @throws org.apache.kafka.common.config.ConfigException naming the key, for an invalid or unknown value
     */
    public static LogConfig of(Map<String, ?> defaults, Map<String, ?> overrides) {
        var merged = new java.util.HashMap<String, Object>(defaults);
        merged.putAll(overrides);
        return new LogConfig(merged);
    }

    public static LogConfig of(Map<String, ?> overrides) {
        return of(Map.of(), overrides);
    }

    public static LogConfig defaults() {
        return of(Map.of(), Map.of());
    }

    /** The names of every topic-level config. */
    public static Set<String> names() {
        return CONFIG_DEF.names();
    }

    public int segmentBytes() {
        return segmentBytes;
    }

    public long segmentMs() {
        return segmentMs;
    }

    public long segmentJitterMs() {
        return segmentJitterMs;
    }

    public int segmentIndexBytes() {
        return segmentIndexBytes;
    }

    public int indexIntervalBytes() {
        return indexIntervalBytes;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public TimestampType timestampType() {
        return timestampType;
    }

    public long timestampBeforeMaxMs() {
        return timestampBeforeMaxMs;
    }

    public long timestampAfterMaxMs() {
        return timestampAfterMaxMs;
    }

    /** Retention by time in ms; -1 keeps records forever. */
    public long retentionMs() {
        return retentionMs;
    }

    /** Retention by size in bytes per partition; -1 for no size limit. */
    public long retentionBytes() {
        return retentionBytes;
    }

    public boolean deletePolicy() {
        return deletePolicy;
    }

    public boolean compactPolicy() {
        return compactPolicy;
    }

    public long flushMessages() {
        return flushMessages;
    }

    public long flushMs() {
        return flushMs;
    }

    public long fileDeleteDelayMs() {
        return fileDeleteDelayMs;
    }

    public boolean preallocate() {
        return preallocate;
    }

    /** {@code producer} keeps the producer's codec; otherwise the codec batches are stored with. */
    public String compressionType() {
        return compressionType;
    }

    public int minInSyncReplicas() {
        return minInSyncReplicas;
    }
}
