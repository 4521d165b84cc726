package io.runnel.broker.zk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.runnel.broker.testing.RecordingReplicaListener;
import io.runnel.broker.testing.RecordingReplicaListener.BrokerConfigChanged;
import io.runnel.broker.testing.RecordingReplicaListener.Deleted;
import io.runnel.broker.testing.RecordingReplicaListener.StateChanged;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Closing the metadata view is a step of a broker's clean shutdown, right before the data plane and the log store
 * close. The view's listener deletes the log of every partition the view reports deleted, so a closing view must
 * never read its emptied caches as the deletion of every topic, and must be done delivering when it returns.
 */
class ZkMetadataCacheCloseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int BROKER_ID = 0;
    private static final String TOPIC = "events";

    @TempDir
    static Path dir;

    static EmbeddedZooKeeper zookeeper;

    ZkClient zk;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zookeeper = new EmbeddedZooKeeper(dir.resolve("zk"), 0).start();
        try (ZkClient setup = connect()) {
            setup.createPersistentPaths();
            setup.getOrCreateClusterId();
            createTopicLedLocally(setup);
        }
    }

    @AfterAll
    static void stopZooKeeper() {
        zookeeper.stop();
    }

    @BeforeEach
    void connectBroker() {
        zk = connect();
    }

    @AfterEach
    void disconnectBroker() {
        zk.close();
    }

    private static ZkClient connect() {
        return ZkClient.connect(zookeeper.connectString(), Duration.ofSeconds(10), Duration.ofSeconds(5), Time.SYSTEM);
    }

    /** A topic of two partitions, each with the local broker as its only replica and leader. */
    private static void createTopicLedLocally(ZkClient zk) throws Exception {
        ZkTestNodes.createTopicLedBy(zk, TOPIC, BROKER_ID, 2);
    }

    @Test
    void aRebuildResumingWhileTheViewClosesReportsNoPartitionDeleted() throws Exception {
        // given a view that delivered the local partitions, and a rebuild (for a change elsewhere) whose thread
        // gets the CPU back only once the view is being closed
        var listener = new RecordingReplicaListener();
        var rebuildThread = new ResumedOnShutdown();
        var view = new ZkMetadataCache(zk, BROKER_ID, listener, rebuildThread, new ManualRetryTimer());
        view.start(TIMEOUT);
        assertThat(listener.eventsOf(StateChanged.class)).hasSize(2);
        rebuildThread.pauseNextTask();
        zk.curator().create().orSetData().forPath(ZkPaths.CLUSTER + "/probe", new byte[0]);
        rebuildThread.awaitPaused();

        // when the view is closed (the broker shuts down cleanly)
        view.close();
        rebuildThread.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        // then the listener is not told the topic's partitions were deleted (it would delete their logs)
        assertThat(listener.eventsOf(Deleted.class)).isEmpty();
    }

    @Test
    void closeReturnsOnlyOnceTheDeliveryInProgressHasFinished() throws Exception {
        // given a view whose listener is busy with a delivery (as when it creates or deletes a partition's log)
        var inDelivery = new CountDownLatch(1);
        var finishDelivery = new CountDownLatch(1);
        var listener = new RecordingReplicaListener();
        var view = new ZkMetadataCache(zk, BROKER_ID, listener.withBrokerConfigsTo((defaults, perBroker) -> {
            if (!defaults.isEmpty()) {
                inDelivery.countDown();
                awaitUninterruptibly(finishDelivery);
            }
        }));
        view.start(TIMEOUT);
        String brokerDefaults = ZkTestNodes.createBrokerDefaults(zk, Map.of("log.retention.ms", "1000"));
        try {
            assertThat(inDelivery.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();

            // when the view is closed meanwhile
            var closing = CompletableFuture.runAsync(view::close);

            // then close() returns only after that delivery, so the log store closes after the listener is done
            assertThatThrownBy(() -> closing.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            finishDelivery.countDown();
            closing.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(listener.eventsOf(BrokerConfigChanged.class)).hasSize(2);
        } finally {
            finishDelivery.countDown();
            zk.curator().delete().forPath(brokerDefaults);
        }
    }

    @Test
    void aRetryPendingWhenTheViewClosesNeverRuns() throws Exception {
        // given a view whose delivery of a partition failed, with its retry scheduled
        var listener = new FailingReplicaListener(StateChanged.class::isInstance);
        var retryTimer = new ManualRetryTimer();
        var view = new ZkMetadataCache(zk, BROKER_ID, listener, Executors.newSingleThreadExecutor(), retryTimer);
        view.start(TIMEOUT);
        assertThat(retryTimer.delays()).hasSize(1);
        int callsBeforeClose = listener.calls();

        // when the view is closed, and the retry falls due afterwards
        view.close();
        retryTimer.fireAll();

        // then the listener, whose logs the broker closes next, hears nothing more
        assertThat(listener.calls()).isEqualTo(callsBeforeClose);
    }

    @Test
    void aDeliveryFailingWhileTheViewClosesSchedulesNoRetry() throws Exception {
        // given a view whose listener is applying a change (new broker defaults) when the view starts closing,
        // and then fails
        var rebuildThread = new ResumedOnShutdown();
        var inDelivery = new CountDownLatch(1);
        var listener = new FailingReplicaListener(event -> {
            if (event instanceof BrokerConfigChanged change
                    && !change.clusterDefaults().isEmpty()) {
                inDelivery.countDown();
                rebuildThread.awaitShutdown();
                return true;
            }
            return false;
        });
        var retryTimer = new ManualRetryTimer();
        var view = new ZkMetadataCache(zk, BROKER_ID, listener, rebuildThread, retryTimer);
        view.start(TIMEOUT);
        String brokerDefaults = ZkTestNodes.createBrokerDefaults(zk, Map.of("log.retention.ms", "1000"));
        try {
            assertThat(inDelivery.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();

            // when the view is closed
            view.close();

            // then the failed change is not retried: no retry is even scheduled
            listener.awaitFailure(TIMEOUT);
            assertThat(retryTimer.delays()).isEmpty();
        } finally {
            zk.curator().delete().forPath(brokerDefaults);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A single thread whose next task, once {@link #pauseNextTask() armed}, starts and then waits until the
     * executor is shut down: a rebuild under way whose thread was descheduled until the view's close() began.
     * A delivery can also {@link #awaitShutdown() wait} for the close() to begin.
     */
    private static final class ResumedOnShutdown extends AbstractExecutorService {

        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final CountDownLatch shutdownCalled = new CountDownLatch(1);
        private final CountDownLatch paused = new CountDownLatch(1);
        private volatile boolean pauseNext;

        void pauseNextTask() {
            pauseNext = true;
        }

        /** Blocks until {@link #shutdown()} is called: until the view's close() has begun. */
        void awaitShutdown() {
            awaitUninterruptibly(shutdownCalled);
        }

        void awaitPaused() throws InterruptedException {
            assertThat(paused.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("a rebuild started")
                    .isTrue();
        }

        @Override
        public void execute(Runnable task) {
            thread.execute(() -> {
                if (pauseNext) {
                    pauseNext = false;
                    paused.countDown();
                    awaitUninterruptibly(shutdownCalled);
                }
                task.run();
            });
        }

        @Override
        public void shutdown() {
            thread.shutdown();
            shutdownCalled.countDown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            List<Runnable> queued = thread.shutdownNow();
            shutdownCalled.countDown();
            return queued;
        }

        @Override
        public boolean isShutdown() {
            return thread.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return thread.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return thread.awaitTermination(timeout, unit);
        }
    }
}
