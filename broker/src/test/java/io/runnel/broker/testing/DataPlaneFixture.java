package io.runnel.broker.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.DataPlane;
import io.runnel.broker.api.TopicIds;
import io.runnel.broker.api.fetch.FetchSessionCache;
import io.runnel.broker.partition.LogStoreCatalog;
import io.runnel.broker.partition.Partition;
import io.runnel.storage.LogConfig;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.log.LogStore;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.utils.Utils;

/**
 * A broker's data plane on the real log store in a temporary directory, on a manual clock: topics are
 * "created" by declaring them to the metadata stand-ins (topic ids, partition counts) and making this broker
 * their leader. Requests go through the wire format at the version asked for.
 */
public final class DataPlaneFixture implements AutoCloseable {

    public static final int BROKER_ID = 1;

    public final ManualClock clock = new ManualClock();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final LogStore store;
    private final Map<String, Uuid> topicIds = new ConcurrentHashMap<>();
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
    private final AtomicLong producerIds = new AtomicLong(1000);
    private final DataPlane dataPlane;

    public DataPlaneFixture(Path dir) {
        this(dir, FetchSessionCache.DEFAULT_MAX_SLOTS);
    }

    public DataPlaneFixture(Path dir, int fetchSessionSlots) {
        this.store = LogStore.open(List.of(dir), LogConfig.defaults(), clock, scheduler, 1);
        this.dataPlane = new DataPlane(
                BROKER_ID,
                new LogStoreCatalog(store),
                tp -> partitionCounts.getOrDefault(tp.topic(), 0) > tp.partition(),
                new MapTopicIds(),
                producerIds::incrementAndGet,
                new FetchSessionCache(fetchSessionSlots, FetchSessionCache.DEFAULT_EVICTION_MS, clock),
                clock);
    }

    public DataPlane dataPlane() {
        return dataPlane;
    }

    /** A topic led by this broker alone (ISR = this broker) at leader epoch 0. */
    public List<TopicPartition> createTopic(String name, int partitions, Map<String, ?> configs) {
        declareTopic(name, partitions);
        var created = new ArrayList<TopicPartition>();
        for (int i = 0; i < partitions; i++) {
            var tp = new TopicPartition(name, i);
            dataPlane.partitions().becomeLeader(tp, 0, List.of(BROKER_ID), LogConfig.of(configs));
            created.add(tp);
        }
        return created;
    }

    public TopicPartition createTopic(String name) {
        return createTopic(name, 1, Map.of()).get(0);
    }

    /** A topic the cluster metadata knows, without local replicas. */
    public void declareTopic(String name, int partitions) {
        topicIds.putIfAbsent(name, Uuid.randomUuid());
        partitionCounts.put(name, partitions);
    }

    public Uuid topicId(String topic) {
        return topicIds.get(topic);
    }

    public Partition partition(TopicPartition tp) {
        return dataPlane.partitions().get(tp).orElseThrow();
    }

    public PartitionLog log(TopicPartition tp) {
        return store.get(tp).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    public <T extends ApiHandler> T handler(ApiKeys key) {
        return (T) dataPlane.handlers().stream()
                .filter(h -> h.apiKey() == key)
                .findFirst()
                .orElseThrow();
    }

    /** Sends a request at {@code version}; the future completes when the handler answers. */
    public CompletableFuture<AbstractResponse> send(AbstractRequest.Builder<?> builder, short version) {
        var request = ApiRequests.of(builder, version, clock.milliseconds());
        ApiHandler handler = handler(request.body().apiKey());
        return handler.handle(request);
    }

    /** Sends a request that must be answered at once. */
    @SuppressWarnings("unchecked")
    public <R extends AbstractResponse> R call(AbstractRequest.Builder<?> builder, short version) {
        var future = send(builder, version);
        if (!future.isDone()) {
            throw new AssertionError("Request was not answered at once: " + builder);
        }
        return (R) future.join();
    }

    /** Moves the clock and runs the delayed operations whose deadline passed. */
    public void advanceClock(long ms) {
        clock.advance(ms);
        dataPlane.timer().runDueTasks();
    }

    public SimpleRecord record(String value) {
        return new SimpleRecord(clock.milliseconds(), ("key-" + value).getBytes(), value.getBytes());
    }

    public MemoryRecords batch(String... values) {
        return MemoryRecords.withRecords(Compression.NONE, records(values));
    }

    public MemoryRecords idempotentBatch(long producerId, short epoch, int baseSequence, String... values) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, records(values));
    }

    private SimpleRecord[] records(String... values) {
        var records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = record(values[i]);
        }
        return records;
    }

    /** The values of every record in {@code records}, after checking each batch's CRC. */
    public static List<String> values(Records records) {
        var values = new ArrayList<String>();
        for (RecordBatch batch : records.batches()) {
            batch.ensureValid();
            for (Record record : batch) {
                values.add(new String(Utils.toArray(record.value())));
            }
        }
        return values;
    }

    @Override
    public void close() throws InterruptedException {
        dataPlane.close();
        store.close();
        scheduler.shutdownNow();
    }

    private final class MapTopicIds implements TopicIds {
        @Override
        public Optional<Uuid> idOf(String topic) {
            return Optional.ofNullable(topicIds.get(topic));
        }

        @Override
        public Optional<String> nameOf(Uuid topicId) {
            return topicIds.entrySet().stream()
                    .filter(e -> e.getValue().equals(topicId))
                    .map(Map.Entry::getKey)
                    .findFirst();
        }
    }
}
