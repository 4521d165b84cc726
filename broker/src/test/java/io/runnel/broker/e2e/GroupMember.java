package io.runnel.broker.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;

/**
 * One member of a consumer group: a Java {@link KafkaConsumer} subscribed to a topic, polling on its own thread
 * (the consumer is single-threaded) and committing synchronously after each polled batch is "processed" (recorded),
 * so a record is delivered again only if its member died before committing it. The test thread observes the
 * records, the assignment, the generation (member epoch) and how often partitions were assigned.
 */
final class GroupMember implements AutoCloseable {

    /** The session timeout of classic members (consumer-protocol groups use the broker's setting). */
    static final int CLASSIC_SESSION_TIMEOUT_MS = 3000;

    private final String name;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
    private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
    private final AtomicInteger assignments = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger(-1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    private GroupMember(String name, KafkaConsumer<byte[], byte[]> consumer, String topic) {
        this.name = name;
        this.consumer = consumer;
        this.thread = new Thread(() -> run(topic), "member-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Config of a member of {@code group} speaking {@code protocol}, with short timeouts for tests. */
    static Map<String, Object> config(String group, GroupProtocol protocol) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        if (protocol == GroupProtocol.CLASSIC) {
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, CLASSIC_SESSION_TIMEOUT_MS);
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        }
        return config;
    }

    static GroupMember join(
            RunnelBrokerExtension broker, String name, String topic, String group, GroupProtocol protocol) {
        return join(broker, name, topic, config(group, protocol));
    }

    static GroupMember join(RunnelBrokerExtension broker, String name, String topic, Map<String, Object> config) {
        return new GroupMember(name, broker.consumer(config), topic);
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assignment.removeAll(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    assignment.removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assignment.addAll(partitions);
                    assignments.incrementAndGet();
                }
            });
            while (running) {
                var polled = consumer.poll(Duration.ofMillis(100));
                polled.forEach(records::add);
                generation.set(consumer.groupMetadata().generationId());
                if (!polled.isEmpty()) {
                    consumer.commitSync();
                }
            }
            consumer.close(Duration.ofMillis(TIMEOUT.toMillis()));
        } catch (Throwable e) {
            failure.set(e);
            consumer.close(Duration.ZERO);
        }
    }

    String name() {
        return name;
    }

    List<ConsumerRecord<byte[], byte[]>> records() {
        return List.copyOf(records);
    }

    Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
    }

    /** How many times partitions were assigned (each rebalance of a classic eager member counts once). */
    int assignmentCount() {
        return assignments.get();
    }

    /** The generation (classic) or member epoch (consumer protocol) after the last poll. */
    int generation() {
        return generation.get();
    }

    /** Stops polling and closes the consumer, which leaves the group (a dynamic member) and commits nothing more. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TIMEOUT.toMillis() + 5_000);
        Throwable e = failure.get();
        if (e != null) {
            throw new AssertionError("member " + name + " failed", e);
        }
    }

    /** Waits until {@code condition} holds, failing after {@link RunnelBrokerExtension#TIMEOUT}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The values of every record received by the members, in no particular order. */
    static List<String> values(Collection<GroupMember> members) {
        List<String> values = new ArrayList<>();
        members.forEach(m -> m.records().forEach(r -> values.add(new String(r.value()))));
        return values;
    }
}
