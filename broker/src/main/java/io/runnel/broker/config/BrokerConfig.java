package io.runnel.broker.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.runnel.storage.LogConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.runnel.broker.config.ConfigUpdateMode.CLUSTER_WIDE;
import static io.runnel.broker.config.ConfigUpdateMode.PER_BROKER;
import static io.runnel.broker.config.ConfigUpdateMode.READ_ONLY;
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
import static org.apache.kafka.common.config.ConfigDef.Type.SHORT;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

/**
 * The broker's configuration: Kafka's {@code server.properties} names, defaults and validation (ZooKeeper mode),
 * for the configs Runnel supports. Immutable; a dynamic change ({@link #withOverrides}) builds a new instance.
 *
 * <p>Three layers make up the effective values, highest precedence first, as in Kafka: per-broker dynamic
 * overrides, cluster-wide dynamic defaults, then the static config (properties file plus {@code --override}).
 * Configs absent from all three take the default in {@link #CONFIG_DEF}.
 *
 * <p>Deliberate differences from Kafka, all Runnel-specific:
 *
 * <ul>
 *   <li>{@code log.dir} defaults to {@code /tmp/runnel-logs} (Kafka: {@code /tmp/kafka-logs}).
 *   <li>An unset {@code zookeeper.connect} starts an embedded ZooKeeper on {@code zookeeper.embedded.port}
 *       (Kafka requires {@code zookeeper.connect}).
 *   <li>Unknown keys are not fatal: each is logged at WARN and listed by {@link #unknownKeys()}.
 * </ul>
 *
 * <p>{@code broker.id} follows Kafka's ZooKeeper mode: an explicit id in [0, {@code reserved.broker.max.id}], or
 * -1 (the default) for the id stored in the log dirs' {@code meta.properties}, else one generated from a
 * ZooKeeper sequence above {@code reserved.broker.max.id}.
 */
public final class BrokerConfig extends AbstractConfig {

    private static final Logger log = LoggerFactory.getLogger(BrokerConfig.class);

    // General
    public static final String BROKER_ID = "broker.id";
    public static final String BROKER_ID_GENERATION_ENABLE = "broker.id.generation.enable";
    public static final String RESERVED_BROKER_MAX_ID = "reserved.broker.max.id";
    public static final String BROKER_RACK = "broker.rack";
    public static final String BACKGROUND_THREADS = "background.threads";
    public static final String NUM_IO_THREADS = "num.io.threads";
    public static final String QUEUED_MAX_REQUESTS = "queued.max.requests";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String DELETE_TOPIC_ENABLE = "delete.topic.enable";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
    public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String COMPRESSION_GZIP_LEVEL = "compression.gzip.level";
    public static final String COMPRESSION_LZ4_LEVEL = "compression.lz4.level";
    public static final String COMPRESSION_ZSTD_LEVEL = "compression.zstd.level";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS = "max.incremental.fetch.session.cache.slots";

    // Network
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    public static final String INTER_BROKER_LISTENER_NAME = "inter.broker.listener.name";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String SOCKET_SEND_BUFFER_BYTES = "socket.send.buffer.bytes";
    public static final String SOCKET_RECEIVE_BUFFER_BYTES = "socket.receive.buffer.bytes";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String SOCKET_LISTEN_BACKLOG_SIZE = "socket.listen.backlog.size";
    public static final String MAX_CONNECTIONS = "max.connections";
    public static final String MAX_CONNECTIONS_PER_IP = "max.connections.per.ip";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";

    // Log
    public static final String LOG_DIR = "log.dir";
    public static final String LOG_DIRS = "log.dirs";
    public static final String NUM_RECOVERY_THREADS_PER_DATA_DIR = "num.recovery.threads.per.data.dir";
    public static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    public static final String LOG_ROLL_MS = "log.roll.ms";
    public static final String LOG_ROLL_HOURS = "log.roll.hours";
    public static final String LOG_ROLL_JITTER_MS = "log.roll.jitter.ms";
    public static final String LOG_ROLL_JITTER_HOURS = "log.roll.jitter.hours";
    public static final String LOG_INDEX_SIZE_MAX_BYTES = "log.index.size.max.bytes";
    public static final String LOG_INDEX_INTERVAL_BYTES = "log.index.interval.bytes";
    public static final String LOG_RETENTION_MS = "log.retention.ms";
    public static final String LOG_RETENTION_MINUTES = "log.retention.minutes";
    public static final String LOG_RETENTION_HOURS = "log.retention.hours";
    public static final String LOG_RETENTION_BYTES = "log.retention.bytes";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String LOG_CLEANUP_POLICY = "log.cleanup.policy";
    public static final String LOG_FLUSH_INTERVAL_MESSAGES = "log.flush.interval.messages";
    public static final String LOG_FLUSH_INTERVAL_MS = "log.flush.interval.ms";
    public static final String LOG_FLUSH_SCHEDULER_INTERVAL_MS = "log.flush.scheduler.interval.ms";
    public static final String LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS = "log.flush.offset.checkpoint.interval.ms";
    public static final String LOG_FLUSH_START_OFFSET_CHECKPOINT_INTERVAL_MS =
            "log.flush.start.offset.checkpoint.interval.ms";
    public static final String LOG_SEGMENT_DELETE_DELAY_MS = "log.segment.delete.delay.ms";
    public static final String LOG_PREALLOCATE = "log.preallocate";
    public static final String LOG_MESSAGE_TIMESTAMP_TYPE = "log.message.timestamp.type";
    public static final String LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "log.message.timestamp.before.max.ms";
    public static final String LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS = "log.message.timestamp.after.max.ms";
    public static final String LOG_CLEANER_ENABLE = "log.cleaner.enable";
    public static final String LOG_CLEANER_THREADS = "log.cleaner.threads";
    public static final String LOG_CLEANER_BACKOFF_MS = "log.cleaner.backoff.ms";
    public static final String LOG_CLEANER_DEDUPE_BUFFER_SIZE = "log.cleaner.dedupe.buffer.size";
    public static final String LOG_CLEANER_DELETE_RETENTION_MS = "log.cleaner.delete.retention.ms";
    public static final String LOG_CLEANER_MIN_COMPACTION_LAG_MS = "log.cleaner.min.compaction.lag.ms";
    public static final String LOG_CLEANER_MAX_COMPACTION_LAG_MS = "log.cleaner.max.compaction.lag.ms";
    public static final String LOG_CLEANER_MIN_CLEANABLE_RATIO = "log.cleaner.min.cleanable.ratio";

    // ZooKeeper
    public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";
    public static final String ZOOKEEPER_CONNECTION_TIMEOUT_MS = "zookeeper.connection.timeout.ms";
    public static final String ZOOKEEPER_SESSION_TIMEOUT_MS = "zookeeper.session.timeout.ms";
    public static final String ZOOKEEPER_MAX_IN_FLIGHT_REQUESTS = "zookeeper.max.in.flight.requests";
    public static final String ZOOKEEPER_EMBEDDED_PORT = "zookeeper.embedded.port";
    public static final String ZOOKEEPER_EMBEDDED_DATA_DIR = "zookeeper.embedded.data.dir";

    // Replication and controller
    public static final String REPLICA_LAG_TIME_MAX_MS = "replica.lag.time.max.ms";
    public static final String REPLICA_FETCH_MAX_BYTES = "replica.fetch.max.bytes";
    public static final String REPLICA_FETCH_MIN_BYTES = "replica.fetch.min.bytes";
    public static final String REPLICA_FETCH_WAIT_MAX_MS = "replica.fetch.wait.max.ms";
    public static final String REPLICA_FETCH_RESPONSE_MAX_BYTES = "replica.fetch.response.max.bytes";
    public static final String REPLICA_FETCH_BACKOFF_MS = "replica.fetch.backoff.ms";
    public static final String REPLICA_SOCKET_TIMEOUT_MS = "replica.socket.timeout.ms";
    public static final String REPLICA_SOCKET_RECEIVE_BUFFER_BYTES = "replica.socket.receive.buffer.bytes";
    public static final String NUM_REPLICA_FETCHERS = "num.replica.fetchers";
    public static final String REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS =
            "replica.high.watermark.checkpoint.interval.ms";
    public static final String CONTROLLER_SOCKET_TIMEOUT_MS = "controller.socket.timeout.ms";
    public static final String CONTROLLED_SHUTDOWN_ENABLE = "controlled.shutdown.enable";
    public static final String CONTROLLED_SHUTDOWN_MAX_RETRIES = "controlled.shutdown.max.retries";
    public static final String CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS = "controlled.shutdown.retry.backoff.ms";
    public static final String AUTO_LEADER_REBALANCE_ENABLE = "auto.leader.rebalance.enable";
    public static final String LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS = "leader.imbalance.check.interval.seconds";
    public static final String LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = "leader.imbalance.per.broker.percentage";

    // Group coordinator and offsets
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String OFFSETS_TOPIC_SEGMENT_BYTES = "offsets.topic.segment.bytes";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String OFFSETS_COMMIT_TIMEOUT_MS = "offsets.commit.timeout.ms";
    public static final String OFFSETS_LOAD_BUFFER_SIZE = "offsets.load.buffer.size";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String GROUP_COORDINATOR_THREADS = "group.coordinator.threads";
    public static final String GROUP_CONSUMER_SESSION_TIMEOUT_MS = "group.consumer.session.timeout.ms";
    public static final String GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS = "group.consumer.heartbeat.interval.ms";
    public static final String GROUP_CONSUMER_MAX_SIZE = "group.consumer.max.size";
    public static final String GROUP_CONSUMER_ASSIGNORS = "group.consumer.assignors";

    // Transactions and idempotence
    public static final String TRANSACTION_STATE_LOG_NUM_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String TRANSACTION_STATE_LOG_REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    public static final String TRANSACTION_STATE_LOG_MIN_ISR = "transaction.state.log.min.isr";
    public static final String TRANSACTION_STATE_LOG_SEGMENT_BYTES = "transaction.state.log.segment.bytes";
    public static final String TRANSACTION_STATE_LOG_LOAD_BUFFER_SIZE = "transaction.state.log.load.buffer.size";
    public static final String TRANSACTIONAL_ID_EXPIRATION_MS = "transactional.id.expiration.ms";
    public static final String TRANSACTION_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String TRANSACTION_ABORT_TIMED_OUT_CLEANUP_INTERVAL_MS =
            "transaction.abort.timed.out.transaction.cleanup.interval.ms";
    public static final String TRANSACTION_REMOVE_EXPIRED_CLEANUP_INTERVAL_MS =
            "transaction.remove.expired.transaction.cleanup.interval.ms";
    public static final String PRODUCER_ID_EXPIRATION_MS = "producer.id.expiration.ms";
    public static final String PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = "producer.id.expiration.check.interval.ms";

    /** Runnel's default {@code log.dir}; Kafka's is {@code /tmp/kafka-logs}. */
    public static final String DEFAULT_LOG_DIR = "/tmp/runnel-logs";

    private static final long ONE_MIB = 1024 * 1024;
    private static final long SEVEN_DAYS_MS = 7L * 24 * 60 * 60 * 1000;

    /** Every broker config Runnel supports; also the source of docs/configuration.md. */
    public static final ConfigDef CONFIG_DEF;

    private static final Map<String, ConfigUpdateMode> UPDATE_MODES;

    static {
        var d = new Definitions();
        // General
        d.define(
                BROKER_ID,
                INT,
                -1,
                null,
                HIGH,
                READ_ONLY,
                "The broker's id, unique in the cluster. -1 takes the id stored in the log dirs' meta.properties, or"
                        + " else generates one from a ZooKeeper sequence (above reserved.broker.max.id). An explicit"
                        + " id must be in [0, reserved.broker.max.id] and match any stored id.");
        d.define(
                BROKER_ID_GENERATION_ENABLE,
                BOOLEAN,
                true,
                null,
                MEDIUM,
                READ_ONLY,
                "Whether broker.id=-1 generates an id. When false, broker.id must be set.");
        d.define(
                RESERVED_BROKER_MAX_ID,
                INT,
                1000,
                atLeast(0),
                MEDIUM,
                READ_ONLY,
                "The highest id that may be configured explicitly; generated ids start above it.");
        d.define(
                BROKER_RACK,
                STRING,
                null,
                null,
                MEDIUM,
                READ_ONLY,
                "The rack of the broker, used for rack-aware replica assignment.");
        d.define(
                BACKGROUND_THREADS,
                INT,
                10,
                atLeast(1),
                HIGH,
                CLUSTER_WIDE,
                "Threads for background work such as retention and deleting files.");
        d.define(
                NUM_IO_THREADS,
                INT,
                8,
                atLeast(1),
                HIGH,
                CLUSTER_WIDE,
                "Threads that process requests, including disk I/O.");
        d.define(
                QUEUED_MAX_REQUESTS,
                INT,
                500,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "Requests queued for the I/O threads before the network threads stop reading more.");
        d.define(
                AUTO_CREATE_TOPICS_ENABLE,
                BOOLEAN,
                true,
                null,
                HIGH,
                READ_ONLY,
                "Whether metadata requests for an unknown topic create it with the default settings.");
        d.define(
                DELETE_TOPIC_ENABLE,
                BOOLEAN,
                true,
                null,
                HIGH,
                READ_ONLY,
                "Whether topics may be deleted; when false DeleteTopics is refused.");
        d.define(
                NUM_PARTITIONS,
                INT,
                1,
                atLeast(1),
                MEDIUM,
                READ_ONLY,
                "The number of partitions of an automatically created topic or a CreateTopics without one.");
        d.define(
                DEFAULT_REPLICATION_FACTOR,
                INT,
                1,
                atLeast(1),
                MEDIUM,
                READ_ONLY,
                "The replication factor of an automatically created topic or a CreateTopics without one.");
        d.define(MIN_INSYNC_REPLICAS, INT, 1, atLeast(1), HIGH, CLUSTER_WIDE, TopicConfig.MIN_IN_SYNC_REPLICAS_DOC);
        d.define(
                UNCLEAN_LEADER_ELECTION_ENABLE,
                BOOLEAN,
                false,
                null,
                HIGH,
                CLUSTER_WIDE,
                TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC);
        d.define(
                MESSAGE_MAX_BYTES,
                INT,
                LogConfig.DEFAULT_MAX_MESSAGE_BYTES,
                atLeast(0),
                HIGH,
                CLUSTER_WIDE,
                "The largest record batch size accepted, after compression; the default for max.message.bytes.");
        d.define(
                COMPRESSION_TYPE,
                STRING,
                "producer",
                ValidString.in("producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"),
                HIGH,
                CLUSTER_WIDE,
                TopicConfig.COMPRESSION_TYPE_DOC);
        d.define(
                COMPRESSION_GZIP_LEVEL,
                INT,
                -1,
                between(-1, 9),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.COMPRESSION_GZIP_LEVEL_DOC);
        d.define(
                COMPRESSION_LZ4_LEVEL,
                INT,
                9,
                between(1, 17),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.COMPRESSION_LZ4_LEVEL_DOC);
        d.define(
                COMPRESSION_ZSTD_LEVEL,
                INT,
                3,
                between(-131072, 22),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.COMPRESSION_ZSTD_LEVEL_DOC);
        d.define(
                FETCH_MAX_BYTES,
                INT,
                55 * 1024 * 1024,
                atLeast(1024),
                MEDIUM,
                READ_ONLY,
                "The most bytes a fetch response returns; larger client fetch.max.bytes are capped to it.");
        d.define(
                MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS,
                INT,
                1000,
                atLeast(0),
                MEDIUM,
                READ_ONLY,
                "The number of incremental fetch sessions the broker keeps.");

        // Network
        d.define(
                LISTENERS,
                STRING,
                "PLAINTEXT://:9092",
                null,
                HIGH,
                PER_BROKER,
                "Comma-separated NAME://host:port the broker binds. An empty host binds every interface; port 0"
                        + " binds a free port. Each NAME must be in listener.security.protocol.map.");
        d.define(
                ADVERTISED_LISTENERS,
                STRING,
                null,
                null,
                HIGH,
                PER_BROKER,
                "The NAME://host:port clients are told to connect to, if different from listeners. Defaults to"
                        + " listeners; may not advertise 0.0.0.0.");
        d.define(
                LISTENER_SECURITY_PROTOCOL_MAP,
                STRING,
                "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
                null,
                LOW,
                PER_BROKER,
                "Maps listener names to security protocols, NAME:PROTOCOL,...");
        d.define(
                INTER_BROKER_LISTENER_NAME,
                STRING,
                null,
                null,
                MEDIUM,
                READ_ONLY,
                "The listener brokers use to talk to each other. Defaults to the first listener.");
        d.define(
                NUM_NETWORK_THREADS,
                INT,
                3,
                atLeast(1),
                HIGH,
                CLUSTER_WIDE,
                "Threads that read requests from and write responses to the network.");
        d.define(
                SOCKET_SEND_BUFFER_BYTES,
                INT,
                100 * 1024,
                null,
                HIGH,
                READ_ONLY,
                "SO_SNDBUF of the broker's sockets; -1 uses the operating system's default.");
        d.define(
                SOCKET_RECEIVE_BUFFER_BYTES,
                INT,
                100 * 1024,
                null,
                HIGH,
                READ_ONLY,
                "SO_RCVBUF of the broker's sockets; -1 uses the operating system's default.");
        d.define(
                SOCKET_REQUEST_MAX_BYTES,
                INT,
                100 * 1024 * 1024,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "The largest request accepted; a larger size prefix closes the connection.");
        d.define(
                SOCKET_LISTEN_BACKLOG_SIZE,
                INT,
                50,
                atLeast(1),
                MEDIUM,
                READ_ONLY,
                "The accept backlog of each listening socket.");
        d.define(
                MAX_CONNECTIONS,
                INT,
                Integer.MAX_VALUE,
                atLeast(0),
                MEDIUM,
                CLUSTER_WIDE,
                "The most connections the broker accepts at once.");
        d.define(
                MAX_CONNECTIONS_PER_IP,
                INT,
                Integer.MAX_VALUE,
                atLeast(0),
                MEDIUM,
                CLUSTER_WIDE,
                "The most connections accepted from one IP address.");
        d.define(
                CONNECTIONS_MAX_IDLE_MS,
                LONG,
                10 * 60 * 1000L,
                null,
                MEDIUM,
                READ_ONLY,
                "Connections idle longer than this are closed.");

        // Log
        d.define(
                LOG_DIR,
                STRING,
                DEFAULT_LOG_DIR,
                null,
                HIGH,
                READ_ONLY,
                "The directory log data is kept in, when log.dirs is not set.");
        d.define(
                LOG_DIRS,
                LIST,
                null,
                null,
                HIGH,
                READ_ONLY,
                "Comma-separated directories log data is kept in; overrides log.dir.");
        d.define(
                NUM_RECOVERY_THREADS_PER_DATA_DIR,
                INT,
                2,
                atLeast(1),
                HIGH,
                CLUSTER_WIDE,
                "Threads per log dir that recover logs at start-up and flush them at shutdown.");
        d.define(
                LOG_SEGMENT_BYTES,
                INT,
                1024 * 1024 * 1024,
                atLeast(14),
                HIGH,
                CLUSTER_WIDE,
                TopicConfig.SEGMENT_BYTES_DOC);
        // Kafka makes only the first synonym of a topic config dynamic (log.roll.ms, not log.roll.hours); a dynamic
        // value of it beats the static ones below it anyway.
        d.define(
                LOG_ROLL_MS,
                LONG,
                null,
                atLeastOrNull(1),
                HIGH,
                CLUSTER_WIDE,
                "Rolls a new segment after this long; overrides log.roll.hours.");
        d.define(
                LOG_ROLL_HOURS,
                INT,
                24 * 7,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "Rolls a new segment after this many hours, unless log.roll.ms is set.");
        d.define(
                LOG_ROLL_JITTER_MS,
                LONG,
                null,
                atLeastOrNull(0),
                HIGH,
                CLUSTER_WIDE,
                "The most jitter subtracted from the roll time; overrides log.roll.jitter.hours.");
        d.define(
                LOG_ROLL_JITTER_HOURS,
                INT,
                0,
                atLeast(0),
                HIGH,
                READ_ONLY,
                "The most jitter subtracted from the roll time, in hours, unless log.roll.jitter.ms is set.");
        d.define(
                LOG_INDEX_SIZE_MAX_BYTES,
                INT,
                10 * 1024 * 1024,
                atLeast(4),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.SEGMENT_INDEX_BYTES_DOC);
        d.define(
                LOG_INDEX_INTERVAL_BYTES,
                INT,
                4096,
                atLeast(0),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.INDEX_INTERVAL_BYTES_DOC);
        d.define(
                LOG_RETENTION_MS,
                LONG,
                null,
                null,
                HIGH,
                CLUSTER_WIDE,
                "Deletes segments older than this; -1 keeps them forever. Overrides log.retention.minutes and"
                        + " log.retention.hours.");
        d.define(
                LOG_RETENTION_MINUTES,
                INT,
                null,
                null,
                HIGH,
                READ_ONLY,
                "Retention in minutes, unless log.retention.ms is set; overrides log.retention.hours.");
        d.define(
                LOG_RETENTION_HOURS,
                INT,
                24 * 7,
                null,
                HIGH,
                READ_ONLY,
                "Retention in hours, unless log.retention.ms or log.retention.minutes is set.");
        d.define(LOG_RETENTION_BYTES, LONG, -1L, null, HIGH, CLUSTER_WIDE, TopicConfig.RETENTION_BYTES_DOC);
        d.define(
                LOG_RETENTION_CHECK_INTERVAL_MS,
                LONG,
                5 * 60 * 1000L,
                atLeast(1),
                MEDIUM,
                READ_ONLY,
                "How often segments are checked for deletion by retention.");
        d.define(
                LOG_CLEANUP_POLICY,
                LIST,
                TopicConfig.CLEANUP_POLICY_DELETE,
                ValidList.in(TopicConfig.CLEANUP_POLICY_DELETE, TopicConfig.CLEANUP_POLICY_COMPACT),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.CLEANUP_POLICY_DOC);
        d.define(
                LOG_FLUSH_INTERVAL_MESSAGES,
                LONG,
                Long.MAX_VALUE,
                atLeast(1),
                HIGH,
                CLUSTER_WIDE,
                TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC);
        d.define(
                LOG_FLUSH_INTERVAL_MS,
                LONG,
                null,
                atLeastOrNull(0),
                HIGH,
                CLUSTER_WIDE,
                "Flushes a log whose unflushed data is older than this; unset uses"
                        + " log.flush.scheduler.interval.ms.");
        d.define(
                LOG_FLUSH_SCHEDULER_INTERVAL_MS,
                LONG,
                Long.MAX_VALUE,
                atLeast(0),
                HIGH,
                READ_ONLY,
                "How often logs are checked for a time-based flush.");
        d.define(
                LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS,
                INT,
                60000,
                atLeast(0),
                HIGH,
                READ_ONLY,
                "How often the recovery-point checkpoint is written.");
        d.define(
                LOG_FLUSH_START_OFFSET_CHECKPOINT_INTERVAL_MS,
                INT,
                60000,
                atLeast(0),
                HIGH,
                READ_ONLY,
                "How often the log-start-offset checkpoint is written.");
        d.define(
                LOG_SEGMENT_DELETE_DELAY_MS,
                LONG,
                60000L,
                atLeast(0),
                HIGH,
                CLUSTER_WIDE,
                TopicConfig.FILE_DELETE_DELAY_MS_DOC);
        d.define(LOG_PREALLOCATE, BOOLEAN, false, null, MEDIUM, CLUSTER_WIDE, TopicConfig.PREALLOCATE_DOC);
        d.define(
                LOG_MESSAGE_TIMESTAMP_TYPE,
                STRING,
                TimestampType.CREATE_TIME.name,
                ValidString.in(TimestampType.CREATE_TIME.name, TimestampType.LOG_APPEND_TIME.name),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC);
        d.define(
                LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS,
                LONG,
                Long.MAX_VALUE,
                atLeast(0),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC);
        // Kafka 4.0 (KIP-1030) lowered this default from Long.MAX_VALUE to one hour.
        d.define(
                LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS,
                LONG,
                60 * 60 * 1000L,
                atLeast(0),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC);
        d.define(
                LOG_CLEANER_ENABLE,
                BOOLEAN,
                true,
                null,
                MEDIUM,
                READ_ONLY,
                "Whether the log cleaner runs; compacted topics need it.");
        d.define(LOG_CLEANER_THREADS, INT, 1, atLeast(0), MEDIUM, CLUSTER_WIDE, "Threads of the log cleaner.");
        d.define(
                LOG_CLEANER_BACKOFF_MS,
                LONG,
                15000L,
                atLeast(0),
                MEDIUM,
                CLUSTER_WIDE,
                "How long the log cleaner sleeps when no log needs cleaning.");
        d.define(
                LOG_CLEANER_DEDUPE_BUFFER_SIZE,
                LONG,
                128 * ONE_MIB,
                null,
                MEDIUM,
                CLUSTER_WIDE,
                "Memory for the log cleaner's key deduplication, across its threads.");
        d.define(
                LOG_CLEANER_DELETE_RETENTION_MS,
                LONG,
                24 * 60 * 60 * 1000L,
                atLeast(0),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.DELETE_RETENTION_MS_DOC);
        d.define(
                LOG_CLEANER_MIN_COMPACTION_LAG_MS,
                LONG,
                0L,
                atLeast(0),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.MIN_COMPACTION_LAG_MS_DOC);
        d.define(
                LOG_CLEANER_MAX_COMPACTION_LAG_MS,
                LONG,
                Long.MAX_VALUE,
                atLeast(1),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.MAX_COMPACTION_LAG_MS_DOC);
        d.define(
                LOG_CLEANER_MIN_CLEANABLE_RATIO,
                DOUBLE,
                0.5,
                between(0, 1),
                MEDIUM,
                CLUSTER_WIDE,
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC);

        // ZooKeeper
        d.define(
                ZOOKEEPER_CONNECT,
                STRING,
                null,
                null,
                HIGH,
                READ_ONLY,
                "The ZooKeeper connect string host:port[,host:port...][/chroot]. Unset: the broker runs an embedded"
                        + " ZooKeeper on zookeeper.embedded.port (Runnel only; a single-node convenience).");
        d.define(
                ZOOKEEPER_CONNECTION_TIMEOUT_MS,
                INT,
                null,
                atLeastOrNull(1),
                HIGH,
                READ_ONLY,
                "How long to wait for a ZooKeeper connection; unset uses zookeeper.session.timeout.ms.");
        d.define(
                ZOOKEEPER_SESSION_TIMEOUT_MS,
                INT,
                18000,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "The ZooKeeper session timeout.");
        d.define(
                ZOOKEEPER_MAX_IN_FLIGHT_REQUESTS,
                INT,
                10,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "Unacknowledged requests the broker sends to ZooKeeper before blocking.");
        d.define(
                ZOOKEEPER_EMBEDDED_PORT,
                INT,
                2181,
                between(0, 65535),
                MEDIUM,
                READ_ONLY,
                "Runnel only: the client port of the embedded ZooKeeper started when zookeeper.connect is unset;"
                        + " 0 picks a free port.");
        d.define(
                ZOOKEEPER_EMBEDDED_DATA_DIR,
                STRING,
                null,
                null,
                LOW,
                READ_ONLY,
                "Runnel only: the embedded ZooKeeper's data directory. Unset: the first log dir's path with"
                        + " '-zookeeper' appended (beside it, so it is never mistaken for a partition directory).");

        // Replication and controller
        d.define(
                REPLICA_LAG_TIME_MAX_MS,
                LONG,
                30000L,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "A follower that has not caught up with the leader for this long leaves the ISR.");
        d.define(
                REPLICA_FETCH_MAX_BYTES,
                INT,
                (int) ONE_MIB,
                atLeast(0),
                MEDIUM,
                READ_ONLY,
                "Bytes a follower fetches per partition per request.");
        d.define(
                REPLICA_FETCH_MIN_BYTES, INT, 1, null, HIGH, READ_ONLY, "The least data a follower's fetch waits for.");
        d.define(
                REPLICA_FETCH_WAIT_MAX_MS,
                INT,
                500,
                null,
                MEDIUM,
                READ_ONLY,
                "The longest a follower's fetch waits for replica.fetch.min.bytes; below replica.lag.time.max.ms.");
        d.define(
                REPLICA_FETCH_RESPONSE_MAX_BYTES,
                INT,
                10 * (int) ONE_MIB,
                atLeast(0),
                MEDIUM,
                READ_ONLY,
                "Bytes a follower fetches per request.");
        d.define(
                REPLICA_FETCH_BACKOFF_MS,
                INT,
                1000,
                atLeast(0),
                MEDIUM,
                READ_ONLY,
                "How long a follower waits after a fetch error.");
        d.define(
                REPLICA_SOCKET_TIMEOUT_MS,
                INT,
                30000,
                null,
                HIGH,
                READ_ONLY,
                "The socket timeout of follower fetches.");
        d.define(
                REPLICA_SOCKET_RECEIVE_BUFFER_BYTES,
                INT,
                64 * 1024,
                null,
                HIGH,
                READ_ONLY,
                "SO_RCVBUF of follower fetch connections.");
        d.define(NUM_REPLICA_FETCHERS, INT, 1, atLeast(1), HIGH, CLUSTER_WIDE, "Fetcher threads per source broker.");
        d.define(
                REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS,
                LONG,
                5000L,
                null,
                HIGH,
                READ_ONLY,
                "How often high watermarks are checkpointed to disk.");
        d.define(
                CONTROLLER_SOCKET_TIMEOUT_MS,
                INT,
                30000,
                null,
                MEDIUM,
                READ_ONLY,
                "The socket timeout of controller-to-broker requests.");
        d.define(
                CONTROLLED_SHUTDOWN_ENABLE,
                BOOLEAN,
                true,
                null,
                MEDIUM,
                READ_ONLY,
                "Whether the broker moves its leaderships away through the controller before stopping.");
        d.define(
                CONTROLLED_SHUTDOWN_MAX_RETRIES,
                INT,
                3,
                null,
                MEDIUM,
                READ_ONLY,
                "Attempts at a controlled shutdown before an unclean one.");
        d.define(
                CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS,
                LONG,
                5000L,
                null,
                MEDIUM,
                READ_ONLY,
                "The wait between controlled shutdown attempts.");
        d.define(
                AUTO_LEADER_REBALANCE_ENABLE,
                BOOLEAN,
                true,
                null,
                HIGH,
                READ_ONLY,
                "Whether the controller moves leadership back to preferred replicas when imbalanced.");
        d.define(
                LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS,
                LONG,
                300L,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "How often the controller checks leader imbalance.");
        d.define(
                LEADER_IMBALANCE_PER_BROKER_PERCENTAGE,
                INT,
                10,
                null,
                HIGH,
                READ_ONLY,
                "The imbalance per broker, in percent, that triggers a leader rebalance.");

        // Group coordinator and offsets
        d.define(
                GROUP_INITIAL_REBALANCE_DELAY_MS,
                INT,
                3000,
                null,
                MEDIUM,
                READ_ONLY,
                "How long the first rebalance of an empty group waits for more members to join.");
        d.define(
                GROUP_MIN_SESSION_TIMEOUT_MS,
                INT,
                6000,
                null,
                MEDIUM,
                READ_ONLY,
                "The shortest session timeout a group member may ask for.");
        d.define(
                GROUP_MAX_SESSION_TIMEOUT_MS,
                INT,
                1800000,
                null,
                MEDIUM,
                READ_ONLY,
                "The longest session timeout a group member may ask for.");
        d.define(
                GROUP_MAX_SIZE,
                INT,
                Integer.MAX_VALUE,
                atLeast(1),
                MEDIUM,
                READ_ONLY,
                "The most members one consumer group may have.");
        d.define(
                OFFSETS_TOPIC_NUM_PARTITIONS,
                INT,
                50,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "Partitions of __consumer_offsets; fixed once the topic exists.");
        d.define(
                OFFSETS_TOPIC_REPLICATION_FACTOR,
                SHORT,
                (short) 3,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "Replication factor of __consumer_offsets. Its creation waits until this many brokers are up.");
        d.define(
                OFFSETS_TOPIC_SEGMENT_BYTES,
                INT,
                100 * (int) ONE_MIB,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "Segment size of __consumer_offsets.");
        d.define(
                OFFSETS_RETENTION_MINUTES,
                INT,
                7 * 24 * 60,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "How long committed offsets of an empty group are kept.");
        d.define(
                OFFSETS_RETENTION_CHECK_INTERVAL_MS,
                LONG,
                600000L,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "How often expired offsets are removed.");
        d.define(
                OFFSETS_COMMIT_TIMEOUT_MS,
                INT,
                5000,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "How long an offset commit waits for replication to __consumer_offsets.");
        d.define(
                OFFSETS_LOAD_BUFFER_SIZE,
                INT,
                5 * (int) ONE_MIB,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "Read buffer size when loading offsets from __consumer_offsets.");
        d.define(
                OFFSET_METADATA_MAX_BYTES,
                INT,
                4096,
                null,
                HIGH,
                READ_ONLY,
                "The longest metadata string an offset commit may carry.");
        d.define(
                GROUP_COORDINATOR_THREADS,
                INT,
                4,
                atLeast(1),
                MEDIUM,
                READ_ONLY,
                "Threads that run the group coordinator's work (each offsets partition's groups run on one at a time).");
        d.define(
                GROUP_CONSUMER_SESSION_TIMEOUT_MS,
                INT,
                45000,
                atLeast(1),
                MEDIUM,
                READ_ONLY,
                "Session timeout of members of consumer-protocol (KIP-848) groups: a member that does not heartbeat"
                        + " for this long is removed.");
        d.define(
                GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS,
                INT,
                5000,
                atLeast(1),
                MEDIUM,
                READ_ONLY,
                "Heartbeat interval the coordinator asks members of consumer-protocol (KIP-848) groups to keep.");
        d.define(
                GROUP_CONSUMER_MAX_SIZE,
                INT,
                Integer.MAX_VALUE,
                atLeast(1),
                MEDIUM,
                READ_ONLY,
                "The most members one consumer-protocol (KIP-848) group may have.");
        d.define(
                GROUP_CONSUMER_ASSIGNORS,
                LIST,
                "uniform,range",
                null,
                MEDIUM,
                READ_ONLY,
                "Server-side assignors of consumer-protocol (KIP-848) groups, by name; the first is the default.");

        // Transactions and idempotence
        d.define(
                TRANSACTION_STATE_LOG_NUM_PARTITIONS,
                INT,
                50,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "Partitions of __transaction_state; fixed once the topic exists.");
        d.define(
                TRANSACTION_STATE_LOG_REPLICATION_FACTOR,
                SHORT,
                (short) 3,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "Replication factor of __transaction_state. Its creation waits until this many brokers are up.");
        d.define(
                TRANSACTION_STATE_LOG_MIN_ISR,
                INT,
                2,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "min.insync.replicas of __transaction_state.");
        d.define(
                TRANSACTION_STATE_LOG_SEGMENT_BYTES,
                INT,
                100 * (int) ONE_MIB,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "Segment size of __transaction_state.");
        d.define(
                TRANSACTION_STATE_LOG_LOAD_BUFFER_SIZE,
                INT,
                5 * (int) ONE_MIB,
                atLeast(1),
                LOW,
                READ_ONLY,
                "Read buffer size when loading __transaction_state.");
        d.define(
                TRANSACTIONAL_ID_EXPIRATION_MS,
                INT,
                (int) SEVEN_DAYS_MS,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "A transactional id without transaction activity for this long expires.");
        d.define(
                TRANSACTION_MAX_TIMEOUT_MS,
                INT,
                900000,
                atLeast(1),
                HIGH,
                READ_ONLY,
                "The longest transaction timeout a producer may ask for.");
        d.define(
                TRANSACTION_ABORT_TIMED_OUT_CLEANUP_INTERVAL_MS,
                INT,
                10000,
                atLeast(1),
                LOW,
                READ_ONLY,
                "How often timed-out transactions are aborted.");
        d.define(
                TRANSACTION_REMOVE_EXPIRED_CLEANUP_INTERVAL_MS,
                INT,
                3600000,
                atLeast(1),
                LOW,
                READ_ONLY,
                "How often expired transactional ids are removed.");
        d.define(
                PRODUCER_ID_EXPIRATION_MS,
                INT,
                86400000,
                atLeast(1),
                LOW,
                CLUSTER_WIDE,
                "A producer id without writes to a partition for this long is forgotten by that partition.");
        d.define(
                PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS,
                INT,
                600000,
                atLeast(1),
                LOW,
                READ_ONLY,
                "How often expired producer ids are removed.");

        CONFIG_DEF = d.configDef;
        UPDATE_MODES = Map.copyOf(d.updateModes);
    }

    private final Map<String, Object> staticProps;
    private final Map<String, Object> clusterDefaults;
    private final Map<String, Object> perBroker;
    private final List<String> unknownKeys;
    private final List<Endpoint> listeners;
    private final List<Endpoint> advertisedListeners;
    private final LogConfig topicDefaults;

    private BrokerConfig(
            Map<String, Object> staticProps, Map<String, Object> clusterDefaults, Map<String, Object> perBroker) {
        super(CONFIG_DEF, layered(staticProps, clusterDefaults, perBroker), false);
        this.staticProps = Collections.unmodifiableMap(new LinkedHashMap<>(staticProps));
        this.clusterDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(clusterDefaults));
        this.perBroker = Collections.unmodifiableMap(new LinkedHashMap<>(perBroker));
        var unknown = new TreeSet<>(staticProps.keySet());
        unknown.removeAll(CONFIG_DEF.names());
        this.unknownKeys = List.copyOf(unknown);
        validateBrokerId();
        validateLogDirs();
        Map<String, SecurityProtocol> protocols = Endpoint.parseSecurityProtocolMap(
                LISTENER_SECURITY_PROTOCOL_MAP, getString(LISTENER_SECURITY_PROTOCOL_MAP));
        this.listeners = Endpoint.parseList(LISTENERS, getString(LISTENERS), protocols);
        if (listeners.isEmpty()) {
            throw new ConfigException(LISTENERS, getString(LISTENERS), "at least one listener is required");
        }
        String advertised = getString(ADVERTISED_LISTENERS);
        this.advertisedListeners =
                advertised == null ? listeners : Endpoint.parseList(ADVERTISED_LISTENERS, advertised, protocols);
        for (Endpoint e : advertisedListeners) {
            if (advertised != null && e.host().equals("0.0.0.0")) {
                throw new ConfigException(ADVERTISED_LISTENERS, advertised, "0.0.0.0 cannot be advertised");
            }
        }
        this.topicDefaults = LogConfig.of(topicDefaultValues(), Map.of());
    }

    private static Map<String, Object> layered(
            Map<String, Object> staticProps, Map<String, Object> clusterDefaults, Map<String, Object> perBroker) {
        var merged = new HashMap<String, Object>(staticProps);
        merged.putAll(clusterDefaults);
        merged.putAll(perBroker);
        return merged;
    }

    /**
     * Builds the static config from properties (the file plus {@code --override}s), logging a WARN line for each
     * key Runnel does not know.
     *
     * @throws ConfigException naming the key and value, for an invalid value
     */
    public static BrokerConfig fromProps(Map<String, ?> props) {
        var config = new BrokerConfig(new LinkedHashMap<>(props), Map.of(), Map.of());
        for (String key : config.unknownKeys) {
            log.warn("Ignoring unknown configuration {}={}", key, props.get(key));
        }
        return config;
    }

    /**
     * Loads a properties file and applies {@code overrides} over it, as Kafka's {@code --override}.
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException if it cannot be read
     * @throws ConfigException naming the key and value, for an invalid value
     */
    public static BrokerConfig load(Path file, Map<String, String> overrides) throws IOException {
        var props = new Properties();
        // Properties.load(InputStream) reads ISO-8859-1 with \\u escapes, exactly as Kafka reads server.properties.
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        var map = new LinkedHashMap<String, Object>();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name).trim());
        }
        map.putAll(overrides);
        return fromProps(map);
    }

    // ---- dynamic configuration -------------------------------------------------------------------------------

    /** Whether and where a broker config may change at runtime; unknown names are read-only. */
    public static ConfigUpdateMode updateMode(String name) {
        return UPDATE_MODES.getOrDefault(name, READ_ONLY);
    }

    /** Whether a broker config may change without a restart (per broker or cluster-wide). */
    public static boolean isDynamic(String name) {
        return updateMode(name) != READ_ONLY;
    }

    /**
     * This config with {@code perBrokerOverrides} as its complete per-broker dynamic layer (replacing the previous
     * one) and the current cluster-wide defaults. An empty map reverts every per-broker override.
     *
     * @throws ConfigException naming the key, for an unknown or read-only config or an invalid value
     */
    public BrokerConfig withOverrides(Map<String, ?> perBrokerOverrides) {
        return withDynamicConfig(clusterDefaults, perBrokerOverrides);
    }

    /**
     * This config's static layer under new dynamic layers, as stored for the cluster (Kafka's {@code <default>}
     * broker entity) and for this broker.
     *
     * @throws ConfigException naming the key, for an unknown or read-only config, a per-broker-only config among
     *     the cluster defaults, or an invalid value
     */
    public BrokerConfig withDynamicConfig(Map<String, ?> newClusterDefaults, Map<String, ?> newPerBroker) {
        checkDynamic(newClusterDefaults, true);
        checkDynamic(newPerBroker, false);
        return new BrokerConfig(
                staticProps, new LinkedHashMap<>(newClusterDefaults), new LinkedHashMap<>(newPerBroker));
    }

    private static void checkDynamic(Map<String, ?> overrides, boolean clusterWide) {
        for (var entry : overrides.entrySet()) {
            if (!CONFIG_DEF.names().contains(entry.getKey())) {
                throw new ConfigException(entry.getKey(), entry.getValue(), "Unknown broker configuration");
            }
        }
        checkUpdatable(overrides.keySet(), clusterWide);
    }

    /**
     * Checks that configs may be set dynamically, as Kafka's AlterConfigs does before validating values: none is
     * read-only and, for the cluster-wide default, none is per-broker only. Names Runnel does not define pass:
     * Kafka stores such custom configs for plugins.
     *
     * @throws ConfigException listing every offending name, with Kafka's wording
     */
    public static void checkUpdatable(Collection<String> names, boolean clusterWide) {
        Set<String> readOnly = new TreeSet<>();
        Set<String> perBrokerOnly = new TreeSet<>();
        for (String name : names) {
            if (!CONFIG_DEF.names().contains(name)) {
                continue;
            }
            ConfigUpdateMode mode = updateMode(name);
            if (mode == READ_ONLY) {
                readOnly.add(name);
            } else if (clusterWide && mode == PER_BROKER) {
                perBrokerOnly.add(name);
            }
        }
        if (!readOnly.isEmpty()) {
            throw new ConfigException("Cannot update these configs dynamically, they are read-only: " + readOnly);
        }
        if (!perBrokerOnly.isEmpty()) {
            throw new ConfigException(
                    "Cannot update these configs at default cluster level, broker id must be specified: "
                            + perBrokerOnly);
        }
    }

    /** Where a config's effective value comes from, as DescribeConfigs reports it. */
    public ConfigSource source(String name) {
        if (perBroker.containsKey(name)) {
            return ConfigSource.DYNAMIC_BROKER_CONFIG;
        }
        if (clusterDefaults.containsKey(name)) {
            return ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
        }
        if (staticProps.containsKey(name)) {
            return ConfigSource.STATIC_BROKER_CONFIG;
        }
        return ConfigSource.DEFAULT_CONFIG;
    }

    /** The static layer: the properties file with {@code --override}s applied, including unknown keys. */
    public Map<String, Object> staticProps() {
        return staticProps;
    }

    /** The cluster-wide dynamic defaults in effect. */
    public Map<String, Object> dynamicClusterDefaults() {
        return clusterDefaults;
    }

    /** The per-broker dynamic overrides in effect. */
    public Map<String, Object> dynamicPerBroker() {
        return perBroker;
    }

    /** Keys of the static config Runnel does not know, sorted; each was logged at WARN by {@link #fromProps}. */
    public List<String> unknownKeys() {
        return unknownKeys;
    }

    // ---- topic defaults --------------------------------------------------------------------------------------

    /**
     * The topic-level log config a topic without overrides gets: each topic config takes the value of its first
     * broker synonym that has one ({@link TopicConfigSynonyms}), so {@code log.retention.ms} beats {@code
     * log.retention.minutes} beats {@code log.retention.hours}, and a negative retention time means "forever" (-1).
     */
    public LogConfig topicDefaults() {
        return topicDefaults;
    }

    private Map<String, Object> topicDefaultValues() {
        Map<String, Object> values = TopicConfigSynonyms.topicDefaults(values());
        // Kafka treats any negative retention time as unlimited and reports it as -1.
        if (((Long) values.get(TopicConfig.RETENTION_MS_CONFIG)) < 0) {
            values.put(TopicConfig.RETENTION_MS_CONFIG, -1L);
        }
        return values;
    }

    // ---- cross-config validation -----------------------------------------------------------------------------

    private void validateBrokerId() {
        int id = getInt(BROKER_ID);
        int maxReserved = getInt(RESERVED_BROKER_MAX_ID);
        if (getBoolean(BROKER_ID_GENERATION_ENABLE)) {
            if (id < -1 || id > maxReserved) {
                throw new ConfigException(
                        BROKER_ID,
                        id,
                        "Value must be -1 (generated) or in [0, " + maxReserved + "] (" + RESERVED_BROKER_MAX_ID + ")");
            }
        } else if (id < 0) {
            throw new ConfigException(
                    BROKER_ID, id, "Value must be at least 0 when " + BROKER_ID_GENERATION_ENABLE + " is false");
        }
    }

    private void validateLogDirs() {
        List<String> dirs = getList(LOG_DIRS);
        if (dirs != null && dirs.stream().allMatch(String::isBlank)) {
            throw new ConfigException(LOG_DIRS, getList(LOG_DIRS), "at least one directory is required");
        }
        if (dirs == null && getString(LOG_DIR).isBlank()) {
            throw new ConfigException(LOG_DIR, getString(LOG_DIR), "a directory is required");
        }
    }

    // ---- typed accessors -------------------------------------------------------------------------------------

    /** The effective, parsed value of a config (null for an unset config without default), for DescribeConfigs. */
    @Override
    public Object get(String name) {
        return super.get(name);
    }

    /** The configured id; -1 asks for the stored or a generated one. */
    public int brokerId() {
        return getInt(BROKER_ID);
    }

    public boolean brokerIdGenerationEnabled() {
        return getBoolean(BROKER_ID_GENERATION_ENABLE);
    }

    public int reservedBrokerMaxId() {
        return getInt(RESERVED_BROKER_MAX_ID);
    }

    public List<Endpoint> listeners() {
        return listeners;
    }

    /** {@code advertised.listeners}, or {@code listeners} when it is unset. */
    public List<Endpoint> advertisedListeners() {
        return advertisedListeners;
    }

    /** {@code log.dirs} if set, else {@code log.dir}; absolute and normalized, in configured order. */
    public List<Path> logDirs() {
        List<String> dirs = getList(LOG_DIRS);
        List<String> names = dirs != null ? dirs : List.of(getString(LOG_DIR));
        return names.stream()
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s.trim()).toAbsolutePath().normalize())
                .distinct()
                .toList();
    }

    /** {@code broker.rack}, for rack-aware replica assignment and the broker's registration. */
    public Optional<String> rack() {
        return Optional.ofNullable(getString(BROKER_RACK)).filter(s -> !s.isBlank());
    }

    public int numPartitions() {
        return getInt(NUM_PARTITIONS);
    }

    public int defaultReplicationFactor() {
        return getInt(DEFAULT_REPLICATION_FACTOR);
    }

    public boolean autoCreateTopicsEnable() {
        return getBoolean(AUTO_CREATE_TOPICS_ENABLE);
    }

    public boolean deleteTopicEnable() {
        return getBoolean(DELETE_TOPIC_ENABLE);
    }

    public int numNetworkThreads() {
        return getInt(NUM_NETWORK_THREADS);
    }

    public int numIoThreads() {
        return getInt(NUM_IO_THREADS);
    }

    public int numRecoveryThreadsPerDataDir() {
        return getInt(NUM_RECOVERY_THREADS_PER_DATA_DIR);
    }

    public int socketRequestMaxBytes() {
        return getInt(SOCKET_REQUEST_MAX_BYTES);
    }

    public int queuedMaxRequests() {
        return getInt(QUEUED_MAX_REQUESTS);
    }

    public long logRetentionCheckIntervalMs() {
        return getLong(LOG_RETENTION_CHECK_INTERVAL_MS);
    }

    /** {@code zookeeper.connect}; empty means "run an embedded ZooKeeper". */
    public Optional<String> zookeeperConnect() {
        return Optional.ofNullable(getString(ZOOKEEPER_CONNECT)).filter(s -> !s.isBlank());
    }

    public int zookeeperSessionTimeoutMs() {
        return getInt(ZOOKEEPER_SESSION_TIMEOUT_MS);
    }

    /** {@code zookeeper.connection.timeout.ms}, or the session timeout when unset (Kafka's fallback). */
    public int zookeeperConnectionTimeoutMs() {
        Integer timeout = getInt(ZOOKEEPER_CONNECTION_TIMEOUT_MS);
        return timeout != null ? timeout : zookeeperSessionTimeoutMs();
    }

    public int embeddedZooKeeperPort() {
        return getInt(ZOOKEEPER_EMBEDDED_PORT);
    }

    /** The embedded ZooKeeper's data dir: as configured, else beside the first log dir. */
    public Path embeddedZooKeeperDataDir() {
        String configured = getString(ZOOKEEPER_EMBEDDED_DATA_DIR);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path first = logDirs().getFirst();
        return first.resolveSibling(first.getFileName() + "-zookeeper");
    }

    public boolean controlledShutdownEnable() {
        return getBoolean(CONTROLLED_SHUTDOWN_ENABLE);
    }

    /** Every supported config name. */
    public static Set<String> names() {
        return CONFIG_DEF.names();
    }

    /** Collects a definition together with its update mode, so the two cannot drift apart. */
    private static final class Definitions {
        final ConfigDef configDef = new ConfigDef();
        final Map<String, ConfigUpdateMode> updateModes = new HashMap<>();

        void define(
                String name,
                Type type,
                Object defaultValue,
                Validator validator,
                Importance importance,
                ConfigUpdateMode mode,
                String doc) {
            configDef.define(name, type, defaultValue, validator, importance, doc);
            updateModes.put(name, mode);
        }
    }

    /** A range check that lets an unset (null) value through, for configs whose null means "fall back". */
    private static Validator atLeastOrNull(long min) {
        ConfigDef.Range range = atLeast(min);
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null) {
                    range.ensureValid(name, value);
                }
            }

            @Override
            public String toString() {
                return range + " or unset";
            }
        };
    }
}
