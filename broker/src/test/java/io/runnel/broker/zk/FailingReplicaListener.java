package io.runnel.broker.zk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.runnel.broker.metadata.LocalReplicaListener;
import io.runnel.broker.metadata.PartitionState;
import io.runnel.broker.testing.RecordingReplicaListener;
import io.runnel.broker.testing.RecordingReplicaListener.BrokerConfigChanged;
import io.runnel.broker.testing.RecordingReplicaListener.Deleted;
import io.runnel.broker.testing.RecordingReplicaListener.Event;
import io.runnel.broker.testing.RecordingReplicaListener.StateChanged;
import io.runnel.broker.testing.RecordingReplicaListener.TopicConfigChanged;
import org.apache.kafka.common.TopicIdPartition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data plane that cannot apply some changes (as when creating a partition's log hits an I/O error): the calls
 * matching a predicate throw until the test {@link #heal() heals} it; the other calls, and every call once healed,
 * succeed and are recorded.
 */
final class FailingReplicaListener implements LocalReplicaListener {

    private final Predicate<Event> failingCalls;
    private final RecordingReplicaListener delivered = new RecordingReplicaListener();
    private final BlockingQueue<Event> failures = new LinkedBlockingQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean failing = true;

    FailingReplicaListener(Predicate<Event> failingCalls) {
        this.failingCalls = failingCalls;
    }

    /** The calls that fail: those about {@code partition} (its state changes or deletion). */
    static Predicate<Event> about(TopicIdPartition partition) {
        return event -> (event instanceof StateChanged s && s.partition().equals(partition))
                || (event instanceof Deleted d && d.partition().equals(partition));
    }

    /** From now on, every call succeeds. */
    void heal() {
        failing = false;
    }

    /** From now on, the calls matching the predicate fail again; the failures not yet awaited are forgotten. */
    void breakAgain() {
        failures.clear();
        failing = true;
    }

    /** Waits for the next call that failed, of those not yet awaited. */
    Event awaitFailure(Duration timeout) throws InterruptedException {
        Event failed = failures.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(failed).as("a listener call failed").isNotNull();
        return failed;
    }

    /** The calls that succeeded, in order. */
    List<Event> delivered() {
        return List.copyOf(delivered.events);
    }

    <T extends Event> List<T> deliveredOf(Class<T> type) {
        return delivered.eventsOf(type);
    }

    /** How many calls were made, failed or not. */
    int calls() {
        return calls.get();
    }

    @Override
    public void onPartitionStateChanged(
            TopicIdPartition partition, List<Integer> replicas, PartitionState state, Map<String, String> config) {
        call(new StateChanged(partition, replicas, state, config));
    }

    @Override
    public void onPartitionDeleted(TopicIdPartition partition) {
        call(new Deleted(partition));
    }

    @Override
    public void onTopicConfigChanged(String topic, Map<String, String> overrides) {
        call(new TopicConfigChanged(topic, overrides));
    }

    @Override
    public void onBrokerConfigChanged(Map<String, String> clusterDefaults, Map<String, String> perBroker) {
        call(new BrokerConfigChanged(clusterDefaults, perBroker));
    }

    private void call(Event event) {
        calls.incrementAndGet();
        if (failing && failingCalls.test(event)) {
            failures.add(event);
            throw new UncheckedIOException(new IOException("No space left on device (injected: " + event + ")"));
        }
        delivered.events.add(event);
    }
}
