package io.runnel.broker.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.runnel.broker.e2e.GroupMember.await;
import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;
import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumer groups through librdkafka (kcat {@code -G}, the classic protocol), a client that shares no code with
 * the broker's kafka-clients library. kcat is installed by {@code .ci/install-test-tools}.
 */
class KcatGroupTest {

    private static final int PARTITIONS = 6;

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    @BeforeAll
    static void kcatIsInstalled() {
        // As KcatRoundTripTest: the wire-compatibility tests need kcat, so its absence fails rather than skips.
        assertThat(kcatAvailable())
                .as("kcat is not installed (run .ci/install-test-tools)")
                .isTrue();
    }

    @Test
    void twoKcatMembersSplitATopicAndConsumeEveryRecordOnce() throws Exception {
        // given two kcat members of one group on a 6-partition topic
        String topic = uniqueTopic("kcat-group");
        broker.createTopic(topic, PARTITIONS, Map.of());
        String group = uniqueTopic("kcat");
        try (var a = KcatMember.start(group, topic);
                var b = KcatMember.start(group, topic)) {
            await("both kcat members have partitions", () -> a.assigned() && b.assigned());

            // when records arrive in every partition
            List<String> produced = new ArrayList<>();
            try (var producer = broker.producer(Map.of())) {
                for (int i = 0; i < 120; i++) {
                    producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, ("r" + i).getBytes()));
                    produced.add("r" + i);
                }
                producer.flush();
            }

            // then the group consumes each exactly once, both members taking a share
            await(
                    "kcat consumed every record",
                    () -> a.values().size() + b.values().size() >= produced.size());
            List<String> consumed = new ArrayList<>(a.values());
            consumed.addAll(b.values());
            assertThat(consumed).containsExactlyInAnyOrderElementsOf(produced);
            assertThat(a.values()).isNotEmpty();
            assertThat(b.values()).isNotEmpty();
        }
    }

    private static boolean kcatAvailable() {
        try {
            Process p =
                    new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A {@code kcat -G} process: one record value per stdout line; its rebalances are reported on stderr. */
    private static final class KcatMember implements AutoCloseable {

        private final Process process;
        private final List<String> values = new CopyOnWriteArrayList<>();
        private volatile boolean assigned;

        private KcatMember(Process process) {
            this.process = process;
            lines(process.getInputStream(), values::add);
            // librdkafka's rebalance callback: "% Group <g> rebalanced (memberid ...): assigned: <topic> [p], ..."
            lines(process.getErrorStream(), line -> {
                if (line.contains("rebalanced") && line.contains("assigned:")) {
                    assigned = true;
                } else if (line.contains("rebalanced") && line.contains("revoked:")) {
                    assigned = false;
                }
            });
        }

        static KcatMember start(String group, String topic) throws IOException {
            return new KcatMember(new ProcessBuilder(
                            "kcat",
                            "-b",
                            broker.bootstrapServers(),
                            "-G",
                            group,
                            "-u", // unbuffered: stdout is a pipe
                            "-f",
                            "%s\\n",
                            "-X",
                            "auto.offset.reset=earliest",
                            "-X",
                            "session.timeout.ms=6000",
                            "-X",
                            "heartbeat.interval.ms=500",
                            topic)
                    .start());
        }

        private static void lines(InputStream stream, Consumer<String> sink) {
            Thread reader = new Thread(
                    () -> {
                        try (var in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                sink.accept(line);
                            }
                        } catch (IOException e) {
                            // the process ended
                        }
                    },
                    "kcat-output");
            reader.setDaemon(true);
            reader.start();
        }

        boolean assigned() {
            return assigned;
        }

        List<String> values() {
            return List.copyOf(values);
        }

        /** SIGTERM: kcat closes its consumer, leaving the group. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
