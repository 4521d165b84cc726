package io.runnel.broker.network;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.FakeHandler;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Records read from a segment file leave through sendfile, byte-identical, and the segment stays open. */
class ZeroCopyFetchTest {

    private static final short FETCH_VERSION = 12;

    @TempDir
    Path dir;

    private FileRecords segment;
    private FileRecords slice;
    private TestBroker broker;

    @BeforeEach
    void writeSegment() throws Exception {
        segment = FileRecords.open(new File(dir.toFile(), "00000000000000000000.log"));
        segment.append(MemoryRecords.withRecords(0L, Compression.NONE, record("first")));
        int secondBatch = segment.sizeInBytes();
        segment.append(MemoryRecords.withRecords(1L, Compression.NONE, record("second"), record("third")));
        segment.flush();
        // A slice not starting at the file's beginning, as a fetch from offset 1 reads it.
        slice = segment.slice(secondBatch, segment.sizeInBytes() - secondBatch);
        broker = new TestBroker(List.of(new FakeHandler(
                ApiKeys.FETCH,
                request -> CompletableFuture.completedFuture((AbstractResponse) FetchResponse.of(new FetchResponseData()
                        .setResponses(List.of(new FetchResponseData.FetchableTopicResponse()
                                .setTopic("events")
                                .setPartitions(List.of(new FetchResponseData.PartitionData()
                                        .setPartitionIndex(0)
                                        .setHighWatermark(3)
                                        .setRecords(slice))))))))));
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
        segment.close();
    }

    private static SimpleRecord record(String value) {
        return new SimpleRecord(value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsFileRecordsThroughAFileRegionAndTheClientReadsTheSameBytes() throws Exception {
        try (WireClient client = broker.connect()) {
            FetchResponse response = client.roundTrip(fetch(), FetchResponse.class);

            MemoryRecords received = (MemoryRecords) FetchResponse.recordsOrFail(
                    response.data().responses().get(0).partitions().get(0));
            assertThat(received.buffer()).isEqualTo(bytesOf(slice));
            assertThat(received.records())
                    .extracting(r -> StandardCharsets.UTF_8.decode(r.value()).toString())
                    .containsExactly("second", "third");
        }
        assertThat(broker.server.metrics().zeroCopyRegions()).isEqualTo(1);
        assertThat(broker.server.metrics().zeroCopyBytes()).isEqualTo(slice.sizeInBytes());
    }

    @Test
    void leavesTheSegmentChannelOpenAfterTheResponseIsSent() throws Exception {
        try (WireClient client = broker.connect()) {
            client.roundTrip(fetch(), FetchResponse.class);
            Await.until(
                    "the transport released the file region",
                    () -> broker.server.metrics().zeroCopyRegionsReleased() == 1);

            assertThat(segment.channel().isOpen()).isTrue();
            FetchResponse again = client.roundTrip(fetch(), FetchResponse.class);
            assertThat(FetchResponse.recordsSize(
                            again.data().responses().get(0).partitions().get(0)))
                    .as("the same segment serves the next fetch")
                    .isEqualTo(slice.sizeInBytes());
        }
    }

    private static FetchRequest fetch() {
        return new FetchRequest(
                new FetchRequestData()
                        .setReplicaId(-1)
                        .setMaxBytes(1 << 20)
                        .setTopics(List.of(new FetchRequestData.FetchTopic()
                                .setTopic("events")
                                .setPartitions(List.of(new FetchRequestData.FetchPartition()
                                        .setPartition(0)
                                        .setFetchOffset(1)
                                        .setPartitionMaxBytes(1 << 20))))),
                FETCH_VERSION);
    }

    private static ByteBuffer bytesOf(FileRecords records) throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(records.sizeInBytes());
        records.readInto(bytes, 0);
        return bytes; // readInto flips
    }
}
