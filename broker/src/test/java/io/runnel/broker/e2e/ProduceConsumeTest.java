package io.runnel.broker.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;
import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records produced with the Java producer come back from the Java consumer exactly as sent. */
class ProduceConsumeTest {

    private static final int MESSAGE_MAX_BYTES = 100_000;

    @RegisterExtension
    static final RunnelBrokerExtension broker =
            new RunnelBrokerExtension(Map.of("message.max.bytes", Integer.toString(MESSAGE_MAX_BYTES)));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RecordMetadata await(Future<RecordMetadata> sent) throws Exception {
        return sent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void idempotentProducerRecordsAreConsumedOnceInOrder() throws Exception {
        // given a topic and the producer's defaults: enable.idempotence=true, acks=all
        String topic = uniqueTopic("idempotent");
        broker.createTopic(topic, 1, Map.of());
        var tp = new TopicPartition(topic, 0);
        int count = 500;

        // when
        try (var producer = broker.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5))) {
            var sends = new ArrayList<Future<RecordMetadata>>();
            for (int i = 0; i < count; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, 0, bytes("k" + i), bytes("v" + i))));
            }
            for (int i = 0; i < count; i++) {
                assertThat(await(sends.get(i)).offset()).isEqualTo(i);
            }
        }

        // then
        var records = broker.consume(tp, 0, count);
        assertThat(records).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(records.get(i).offset()).isEqualTo(i);
            assertThat(records.get(i).key()).isEqualTo(bytes("k" + i));
            assertThat(records.get(i).value()).isEqualTo(bytes("v" + i));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void compressedBatchesRoundTrip(String codec) throws Exception {
        String topic = uniqueTopic("codec-" + codec);
        broker.createTopic(topic, 1, Map.of());
        var tp = new TopicPartition(topic, 0);
        int count = 200;

        try (var producer = broker.producer(
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.LINGER_MS_CONFIG, 20))) {
            var sends = new ArrayList<Future<RecordMetadata>>();
            for (int i = 0; i < count; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, 0, bytes("key-" + i), bytes("value-" + i))));
            }
            for (var send : sends) {
                await(send);
            }
        }

        var records = broker.consume(tp, 0, count);
        assertThat(records)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, count)
                        .mapToObj(i -> "value-" + i)
                        .toList());
    }

    @Test
    void headersRoundTrip() throws Exception {
        String topic = uniqueTopic("headers");
        broker.createTopic(topic, 1, Map.of());
        var record = new ProducerRecord<>(topic, 0, bytes("k"), bytes("v"));
        record.headers().add(new RecordHeader("trace", bytes("abc")));
        record.headers().add(new RecordHeader("trace", bytes("def")));
        record.headers().add(new RecordHeader("empty", null));

        try (var producer = broker.producer(Map.of())) {
            await(producer.send(record));
        }

        ConsumerRecord<byte[], byte[]> consumed =
                broker.consume(new TopicPartition(topic, 0), 0, 1).get(0);
        assertThat(consumed.headers().toArray())
                .extracting(h -> h.key(), h -> h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("trace", "abc"),
                        org.assertj.core.groups.Tuple.tuple("trace", "def"),
                        org.assertj.core.groups.Tuple.tuple("empty", null));
    }

    @Test
    void nullKeysAndNullValuesRoundTrip() throws Exception {
        String topic = uniqueTopic("nulls");
        broker.createTopic(topic, 1, Map.of());

        try (var producer = broker.producer(Map.of())) {
            await(producer.send(new ProducerRecord<>(topic, 0, null, bytes("no key"))));
            await(producer.send(new ProducerRecord<>(topic, 0, bytes("no value"), null)));
            await(producer.send(new ProducerRecord<byte[], byte[]>(topic, 0, null, null)));
        }

        var records = broker.consume(new TopicPartition(topic, 0), 0, 3);
        assertThat(records.get(0).key()).isNull();
        assertThat(records.get(0).value()).isEqualTo(bytes("no key"));
        assertThat(records.get(1).key()).isEqualTo(bytes("no value"));
        assertThat(records.get(1).value()).isNull();
        assertThat(records.get(2).key()).isNull();
        assertThat(records.get(2).value()).isNull();
    }

    @Test
    void oneMegabyteRecordRoundTrips() throws Exception {
        // given a topic whose max.message.bytes allows it, above the broker's message.max.bytes
        String topic = uniqueTopic("large");
        broker.createTopic(topic, 1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2000000"));
        byte[] value = new byte[1024 * 1024];
        new java.util.Random(7).nextBytes(value);

        try (var producer = broker.producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000))) {
            assertThat(await(producer.send(new ProducerRecord<>(topic, 0, null, value)))
                            .offset())
                    .isZero();
        }

        var records = broker.consume(
                new TopicPartition(topic, 0), 0, 1, Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024));
        assertThat(records.get(0).value()).isEqualTo(value);
    }

    @Test
    void recordOverMessageMaxBytesIsRejectedWhileTheRestOfTheRequestIsStored() throws Exception {
        // given two partitions of a topic with the broker's message.max.bytes
        String topic = uniqueTopic("too-large");
        broker.createTopic(topic, 2, Map.of());
        byte[] tooLarge = new byte[MESSAGE_MAX_BYTES + 1];
        Arrays.fill(tooLarge, (byte) 'x');

        // when both batches linger into one produce request (one producer, one broker, no acks from the first)
        Future<RecordMetadata> small;
        Future<RecordMetadata> large;
        try (var producer = broker.producer(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 200,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000,
                ProducerConfig.BATCH_SIZE_CONFIG, 16_384,
                // no retries: the rejected batch must fail at once
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.RETRIES_CONFIG, 0))) {
            // warm up the metadata so both sends go into the accumulator before the linger expires
            producer.partitionsFor(topic);
            small = producer.send(new ProducerRecord<>(topic, 0, null, bytes("fits")));
            large = producer.send(new ProducerRecord<>(topic, 1, null, tooLarge));
            producer.flush();
        }

        // then the small record is stored and the large one rejected
        assertThat(await(small).offset()).isZero();
        assertThatThrownBy(() -> await(large))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RecordTooLargeException.class);
        assertThat(broker.consume(new TopicPartition(topic, 0), 0, 1).get(0).value())
                .isEqualTo(bytes("fits"));
    }
}
