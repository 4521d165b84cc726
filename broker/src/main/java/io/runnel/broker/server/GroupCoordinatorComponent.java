package io.runnel.broker.server;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.group.CoordinatorLog;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.GroupCoordinatorConfig;
import io.runnel.broker.group.ScheduledExecutorCoordinatorScheduler;
import io.runnel.broker.group.TopicMetadataLookup;
import org.apache.kafka.common.utils.Time;

/**
 * The group coordinator with its threads: a pool of {@code group.coordinator.threads} that runs the offsets
 * partitions' work (each partition's tasks one at a time) and one timer thread for session, rebalance and
 * retention timeouts. Threads start on first use; the coordinator serves once the metadata view reports this
 * broker leading {@code __consumer_offsets} partitions, so it comes before the metadata view in the start order.
 * On shutdown it resigns every partition it leads (parked requests answer NOT_COORDINATOR) and stops its threads.
 */
public final class GroupCoordinatorComponent implements BrokerComponent {

    private static final long SHUTDOWN_WAIT_MS = 5_000;

    private final GroupCoordinator coordinator;
    private final ScheduledExecutorCoordinatorScheduler scheduler = new ScheduledExecutorCoordinatorScheduler();
    private final ExecutorService pool;

    public GroupCoordinatorComponent(BrokerConfig config, Time time, CoordinatorLog log, TopicMetadataLookup topics) {
        var threadIds = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool((Integer) config.get(BrokerConfig.GROUP_COORDINATOR_THREADS), r -> {
            Thread t = new Thread(r, "group-coordinator-" + threadIds.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        this.coordinator = new GroupCoordinator(coordinatorConfig(config), time, scheduler, pool, log, topics);
    }

    /** The group coordinator settings among the broker's configs, with Kafka's names and units. */
    static GroupCoordinatorConfig coordinatorConfig(BrokerConfig config) {
        return new GroupCoordinatorConfig(
                (Integer) config.get(BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS),
                (Short) config.get(BrokerConfig.OFFSETS_TOPIC_REPLICATION_FACTOR),
                TimeUnit.MINUTES.toMillis((Integer) config.get(BrokerConfig.OFFSETS_RETENTION_MINUTES)),
                (Long) config.get(BrokerConfig.OFFSETS_RETENTION_CHECK_INTERVAL_MS),
                (Integer) config.get(BrokerConfig.OFFSET_METADATA_MAX_BYTES),
                (Integer) config.get(BrokerConfig.GROUP_MIN_SESSION_TIMEOUT_MS),
                (Integer) config.get(BrokerConfig.GROUP_MAX_SESSION_TIMEOUT_MS),
                (Integer) config.get(BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS),
                (Integer) config.get(BrokerConfig.GROUP_MAX_SIZE),
                (Integer) config.get(BrokerConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS),
                (Integer) config.get(BrokerConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS),
                (Integer) config.get(BrokerConfig.GROUP_CONSUMER_MAX_SIZE),
                listOf(config.get(BrokerConfig.GROUP_CONSUMER_ASSIGNORS)));
    }

    @SuppressWarnings("unchecked")
    private static List<String> listOf(Object value) {
        return ((List<String>) value).stream().map(String::trim).toList();
    }

    public GroupCoordinator coordinator() {
        return coordinator;
    }

    @Override
    public String name() {
        return "group coordinator";
    }

    @Override
    public void startup() {}

    @Override
    public void shutdown() throws InterruptedException {
        coordinator.ownedPartitions().forEach(coordinator::onResign);
        // Resigning queues each shard's unload on the pool; let those run before stopping it.
        pool.shutdown();
        pool.awaitTermination(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
        scheduler.close();
    }
}
