package io.runnel.broker.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker process killed with SIGKILL in the middle of an acks=1 produce load loses no acknowledged record: after
 * a restart on the same log dirs (and embedded ZooKeeper data) every acknowledged record is served once, at the
 * offset it was acknowledged with, in send order per partition, and nothing else but well-formed records of the
 * load is served. acks=1 acknowledges a write to the leader's log in the page cache, which a process crash does
 * not lose.
 */
class CrashRecoveryTest {

    private static final String TOPIC = "crash-load";
    private static final int PARTITIONS = 4;
    private static final int ACKS_BEFORE_KILL = 4_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    /** One acknowledged send. */
    private record Acked(long offset, String value) {}

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyAcknowledgedRecordSurvivesAKillExactlyOnceAndInOrder() throws Exception {
        // a short session timeout bounds how long the dead broker's registration lingers after the restart
        try (var broker = new ChildBroker(root, Map.of("zookeeper.session.timeout.ms", "6000"))) {
            // given a broker process with a topic under an acks=1 load, each value carrying its partition's sequence
            broker.start(START_TIMEOUT);
            createTopic(broker);
            ConcurrentMap<Integer, List<Acked>> acked = new ConcurrentHashMap<>();
            IntStream.range(0, PARTITIONS).forEach(p -> acked.put(p, new ArrayList<>()));
            var failedSends = new AtomicInteger();
            var load = new Load(broker.bootstrapServers(), acked, failedSends);
            load.start();
            try {
                awaitUntil(() -> load.ackedCount() >= ACKS_BEFORE_KILL, "acknowledged sends before the kill", broker);

                // when the broker is killed mid-load and restarted on the same data
                broker.kill();
                awaitUntil(() -> failedSends.get() > 0, "a send failing after the kill", broker);
            } finally {
                load.stop();
            }
            broker.start(START_TIMEOUT);

            // then
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> served = consumeAll(broker);
            for (int p = 0; p < PARTITIONS; p++) {
                List<ConsumerRecord<byte[], byte[]>> records = served.get(p);
                assertServedOnlyLoadRecordsOnceInSendOrder(p, records);
                Map<Long, String> valueAt = new HashMap<>();
                records.forEach(r -> valueAt.put(r.offset(), value(r)));
                List<Acked> partitionAcks;
                synchronized (acked.get(p)) {
                    partitionAcks = List.copyOf(acked.get(p));
                }
                assertThat(partitionAcks).as("acks of partition %d", p).isNotEmpty();
                for (Acked ack : partitionAcks) {
                    assertThat(valueAt.get(ack.offset()))
                            .as("partition %d offset %d, acknowledged with %s", p, ack.offset(), ack.value())
                            .isEqualTo(ack.value());
                }
            }
        }
    }

    /** Offsets 0, 1, 2, ... holding this partition's load values with strictly increasing sequence numbers. */
    private static void assertServedOnlyLoadRecordsOnceInSendOrder(
            int partition, List<ConsumerRecord<byte[], byte[]>> records) {
        long previousSequence = -1;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            assertThat(record.offset())
                    .as("offset of record %d of partition %d", i, partition)
                    .isEqualTo(i);
            String value = value(record);
            assertThat(value).as("value at %s", record.offset()).matches("p" + partition + "-\\d{9}");
            long sequence = Long.parseLong(value.substring(value.indexOf('-') + 1));
            assertThat(sequence)
                    .as("sequence at partition %d offset %d", partition, record.offset())
                    .isGreaterThan(previousSequence);
            previousSequence = sequence;
        }
    }

    private static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> consumeAll(ChildBroker broker) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, true);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(TOPIC, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> served = new HashMap<>();
            partitions.forEach(tp -> served.put(tp.partition(), new ArrayList<>()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "did not read up to the end offsets " + ends + " within " + WAIT + broker.outputTail());
                }
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> served.get(r.partition()).add(r));
            }
            return served;
        }
    }

    private static void createTopic(ChildBroker broker) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
                    .all()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, String what, ChildBroker broker) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + WAIT + broker.outputTail());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    /**
     * An acks=1, non-idempotent producer sending round-robin over the partitions from its own thread, recording
     * every acknowledged send. No retries: a retried send whose first attempt was written would be a duplicate
     * made by the client, which this test must not blame on the broker.
     */
    private static final class Load {

        private final KafkaProducer<byte[], byte[]> producer;
        private final ConcurrentMap<Integer, List<Acked>> acked;
        private final AtomicInteger failedSends;
        private final AtomicInteger ackedCount = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::run, "crash-load");

        Load(String bootstrapServers, ConcurrentMap<Integer, List<Acked>> acked, AtomicInteger failedSends) {
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "1");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            props.put(ProducerConfig.RETRIES_CONFIG, 0);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, 4_096);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
            this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            this.acked = acked;
            this.failedSends = failedSends;
        }

        void start() {
            thread.start();
        }

        int ackedCount() {
            return ackedCount.get();
        }

        private void run() {
            long[] sequences = new long[PARTITIONS];
            for (long n = 0; running.get(); n++) {
                int partition = (int) (n % PARTITIONS);
                String value = String.format("p%d-%09d", partition, sequences[partition]++);
                try {
                    producer.send(
                            new ProducerRecord<>(TOPIC, partition, null, value.getBytes(StandardCharsets.UTF_8)),
                            (metadata, error) -> {
                                if (error != null) {
                                    failedSends.incrementAndGet();
                                    return;
                                }
                                List<Acked> partitionAcks = acked.get(partition);
                                synchronized (partitionAcks) {
                                    partitionAcks.add(new Acked(metadata.offset(), value));
                                }
                                ackedCount.incrementAndGet();
                            });
                } catch (RuntimeException e) {
                    failedSends.incrementAndGet();
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            producer.close(Duration.ofSeconds(5));
        }
    }
}
