package io.runnel.broker.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;
import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

/** ListOffsets and DeleteRecords through the Java Admin and consumer. */
class OffsetsTest {

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    /** Records at t0, t0+2000 (the largest timestamp, offset 1) and t0+1000 (offset 2), each its own batch. */
    private static TopicPartition topicWithTimestamps(long t0) throws Exception {
        String topic = uniqueTopic("timestamps");
        broker.createTopic(topic, 1, Map.of());
        try (var producer = broker.producer(Map.of())) {
            for (long timestamp : new long[] {t0, t0 + 2_000, t0 + 1_000}) {
                producer.send(new ProducerRecord<>(topic, 0, timestamp, null, new byte[] {1}))
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return new TopicPartition(topic, 0);
    }

    private static ListOffsetsResultInfo listOffset(Admin admin, TopicPartition tp, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void adminListsOffsetsByTimeEarliestLatestAndMaxTimestamp() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        TopicPartition tp = topicWithTimestamps(t0);

        try (Admin admin = broker.admin()) {
            assertThat(listOffset(admin, tp, OffsetSpec.earliest()).offset()).isZero();
            assertThat(listOffset(admin, tp, OffsetSpec.latest()).offset()).isEqualTo(3);
            assertThat(listOffset(admin, tp, OffsetSpec.forTimestamp(t0 + 500)).offset())
                    .isEqualTo(1);
            assertThat(listOffset(admin, tp, OffsetSpec.forTimestamp(t0 + 1_000))
                            .offset())
                    .isEqualTo(1);
            assertThat(listOffset(admin, tp, OffsetSpec.forTimestamp(t0 + 3_000))
                            .offset())
                    .isEqualTo(-1);
            ListOffsetsResultInfo max = listOffset(admin, tp, OffsetSpec.maxTimestamp());
            assertThat(max.offset()).isEqualTo(1);
            assertThat(max.timestamp()).isEqualTo(t0 + 2_000);
        }
    }

    @Test
    void consumerOffsetsForTimesFindsTheFirstRecordAtOrAfterEachTime() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        TopicPartition tp = topicWithTimestamps(t0);

        try (var consumer = broker.consumer(Map.of())) {
            var byTime = consumer.offsetsForTimes(Map.of(tp, t0 + 1), TIMEOUT);
            assertThat(byTime.get(tp).offset()).isEqualTo(1);
            assertThat(byTime.get(tp).timestamp()).isEqualTo(t0 + 2_000);

            assertThat(consumer.offsetsForTimes(Map.of(tp, t0 + 5_000), TIMEOUT).get(tp))
                    .isNull();
            assertThat(consumer.beginningOffsets(List.of(tp), TIMEOUT)).containsEntry(tp, 0L);
            assertThat(consumer.endOffsets(List.of(tp), TIMEOUT)).containsEntry(tp, 3L);
        }
    }

    @Test
    void deleteRecordsMovesTheLowWatermarkWhereConsumersStart() throws Exception {
        // given ten records
        String topic = uniqueTopic("delete-records");
        broker.createTopic(topic, 1, Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        try (var producer = broker.producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {(byte) i}));
            }
            producer.flush();
        }

        // when the records before offset 4 are deleted
        long lowWatermark;
        try (Admin admin = broker.admin()) {
            lowWatermark = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4)))
                    .lowWatermarks()
                    .get(tp)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .lowWatermark();
            // then the log starts there
            assertThat(listOffset(admin, tp, OffsetSpec.earliest()).offset()).isEqualTo(4);
        }
        assertThat(lowWatermark).isEqualTo(4);

        // and a consumer reading from the beginning starts there too
        try (var consumer = broker.consumer(Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThat(consumer.position(tp, TIMEOUT)).isEqualTo(4);
        }
        assertThat(broker.consume(tp, 4, 6).get(0).value()).containsExactly(4);
    }
}
