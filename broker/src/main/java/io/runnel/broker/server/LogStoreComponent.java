package io.runnel.broker.server;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.partition.LogCatalog;
import io.runnel.storage.LogConfig;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.log.LogStore;
import org.apache.kafka.common.TopicPartition;

/**
 * The storage engine's {@link LogStore} over the broker's locked log dirs, with the scheduler of its periodic
 * tasks (retention, flush, checkpoints; {@code background.threads} threads, as Kafka's). It is the data plane's
 * {@link LogCatalog} from construction on, so the data plane can be built before the logs are opened; the catalog
 * is only used once the store has started, by the metadata events that follow it.
 */
public final class LogStoreComponent implements BrokerComponent, LogCatalog {

    private final BrokerContext context;
    private final BrokerConfig config;
    private ScheduledExecutorService scheduler;
    private volatile LogStore store;

    public LogStoreComponent(BrokerContext context) {
        this.context = context;
        this.config = context.config();
    }

    @Override
    public String name() {
        return "log store";
    }

    @Override
    public void startup() {
        scheduler = newScheduler((Integer) config.get(BrokerConfig.BACKGROUND_THREADS));
        var settings = new LogStore.Settings(
                config.logRetentionCheckIntervalMs(),
                LogStore.Settings.defaults().flushCheckIntervalMs(),
                ((Number) config.get(BrokerConfig.LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS)).longValue());
        // Loaded logs start with the static topic defaults; the metadata view's first round of partition states
        // then gives each its effective config (dynamic defaults and topic overrides).
        store = LogStore.open(
                context.logDirs(),
                config.topicDefaults(),
                context.time(),
                scheduler,
                config.numRecoveryThreadsPerDataDir() * context.logDirs().size(),
                settings,
                // The Broker holds the log dirs' locks from before meta.properties is read until after this closes.
                LogStore.DirLock.HELD_BY_CALLER);
    }

    private static ScheduledExecutorService newScheduler(int threads) {
        var index = new AtomicInteger();
        var executor = new ScheduledThreadPoolExecutor(threads, task -> {
            Thread thread = new Thread(task, "runnel-scheduler-" + index.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    @Override
    public PartitionLog getOrCreate(TopicPartition tp, LogConfig config) {
        return started().getOrCreate(tp, config);
    }

    @Override
    public void delete(TopicPartition tp) {
        started().delete(tp);
    }

    private LogStore started() {
        LogStore current = store;
        if (current == null) {
            throw new IllegalStateException("the log store is not open");
        }
        return current;
    }

    /** Flushes and checkpoints every log and writes the clean-shutdown marker. */
    @Override
    public void shutdown() throws InterruptedException {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            scheduler.shutdownNow();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
