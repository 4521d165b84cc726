package io.runnel.broker.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * librdkafka, through the {@code kcat} command line, produces to and consumes from the broker unchanged: keyed
 * messages with headers come back identical, once, in order within each partition, at contiguous offsets, whatever
 * the producer's compression codec; {@code kcat -L} lists the broker and the topic.
 */
class KcatRoundTripTest {

    private static final int PARTITIONS = 3;
    private static final int MESSAGES = 600;
    private static final String HEADERS = "source=kcat,trace=42";

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    @TempDir
    Path workDir;

    /** One consumed message as kcat prints it with {@link #CONSUME_FORMAT}. */
    private record Consumed(int partition, long offset, String key, String value, String headers) {}

    private static final String CONSUME_FORMAT = "%p\\t%o\\t%k\\t%s\\t%h\\n";

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void keyedMessagesComeBackIdenticalAndInOrderPerPartition(String codec) throws Exception {
        // given a topic and keyed messages whose values carry their send order
        String topic = uniqueTopic("kcat-" + codec);
        broker.createTopic(topic, PARTITIONS, Map.of());
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        var input = new StringBuilder();
        for (int i = 0; i < MESSAGES; i++) {
            keys.add("key-" + (i % 23));
            values.add(String.format("%05d-payload-%s", i, "x".repeat(i % 50)));
            input.append(keys.get(i)).append(':').append(values.get(i)).append('\n');
        }
        var kcat = new Kcat(workDir);

        // when kcat produces them (idempotently, so retries cannot reorder) and then consumes the topic
        kcat.run(
                input.toString(),
                "-b",
                broker.bootstrapServers(),
                "-P",
                "-t",
                topic,
                "-K:",
                "-z",
                codec,
                "-H",
                "source=kcat",
                "-H",
                "trace=42",
                "-X",
                "enable.idempotence=true");
        String output = kcat.run(
                        "",
                        "-b",
                        broker.bootstrapServers(),
                        "-C",
                        "-t",
                        topic,
                        "-o",
                        "beginning",
                        "-e",
                        "-q",
                        "-f",
                        CONSUME_FORMAT)
                .stdout();

        // then every message is back once, unchanged, with its headers
        List<Consumed> consumed = output.lines().map(KcatRoundTripTest::parse).toList();
        assertThat(consumed).hasSize(MESSAGES);
        assertThat(consumed).extracting(Consumed::headers).containsOnly(HEADERS);
        Map<String, String> sent = new HashMap<>();
        IntStream.range(0, MESSAGES).forEach(i -> sent.put(values.get(i), keys.get(i)));
        Map<String, String> received = new HashMap<>();
        consumed.forEach(c -> received.put(c.value(), c.key()));
        assertThat(received).isEqualTo(sent);

        // and each of the 3 partitions holds its messages in send order at offsets 0, 1, 2, ..., a key always in the
        // same one
        var byPartition = DeliveryOrder.assertInSendOrderPerPartitionByKey(consumed.stream()
                .map(c -> new DeliveryOrder.Delivery(c.partition(), c.offset(), c.key(), c.value()))
                .toList());
        assertThat(byPartition.keySet()).containsExactly(0, 1, 2);
    }

    @Test
    void metadataListsTheBrokerAndTheTopic() throws Exception {
        // given
        String topic = uniqueTopic("kcat-metadata");
        broker.createTopic(topic, PARTITIONS, Map.of());

        // when
        String metadata = new Kcat(workDir)
                .run("", "-b", broker.bootstrapServers(), "-L", "-t", topic)
                .stdout();

        // then
        assertThat(metadata)
                .contains(" 1 brokers:")
                .contains("broker 0 at " + broker.bootstrapServers())
                .contains("topic \"" + topic + "\" with " + PARTITIONS + " partitions:");
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(metadata).contains("partition " + p + ", leader 0, replicas: 0, isrs: 0");
        }
    }

    private static Consumed parse(String line) {
        String[] fields = line.split("\t", -1);
        assertThat(fields).as("kcat output line %s", line).hasSize(5);
        return new Consumed(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), fields[2], fields[3], fields[4]);
    }
}
