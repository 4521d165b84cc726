package io.runnel.broker.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A group member in a child JVM, so that a test can kill it without it leaving the group: its heartbeats simply
 * stop, as when a consumer's machine dies. It prints {@code MEMBER ASSIGNED <n>} after each assignment and {@code
 * MEMBER RECORD <value>} for each record it processed (before committing it).
 */
final class ChildGroupMember implements AutoCloseable {

    private static final String PREFIX = "MEMBER ";

    private final Process process;
    private final List<String> values = new CopyOnWriteArrayList<>();
    private volatile int assignedPartitions = -1;

    private ChildGroupMember(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "child-member-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildGroupMember start(String bootstrap, String topic, String group, GroupProtocol protocol)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChildGroupMember.class.getName(),
                        bootstrap,
                        topic,
                        group,
                        protocol.name())
                .redirectErrorStream(true)
                .start();
        return new ChildGroupMember(process);
    }

    private void readOutput() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(PREFIX + "RECORD ")) {
                    values.add(line.substring((PREFIX + "RECORD ").length()));
                } else if (line.startsWith(PREFIX + "ASSIGNED ")) {
                    assignedPartitions = Integer.parseInt(line.substring((PREFIX + "ASSIGNED ").length()));
                }
            }
        } catch (IOException e) {
            // the process was killed
        }
    }

    /** Values of the records the child processed. */
    List<String> values() {
        return List.copyOf(values);
    }

    /** Partitions in its last assignment, -1 before the first. */
    int assignedPartitions() {
        return assignedPartitions;
    }

    /** Kills the JVM at once (SIGKILL): no LeaveGroup, no further commit or heartbeat. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(RunnelBrokerExtension.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child member did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The child: args are bootstrap servers, topic, group and protocol. */
    public static void main(String[] args) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putAll(GroupMember.config(args[2], GroupProtocol.valueOf(args[3])));
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(args[1]), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    System.out.println(
                            PREFIX + "ASSIGNED " + consumer.assignment().size());
                }
            });
            while (true) {
                var records = consumer.poll(Duration.ofMillis(100));
                records.forEach(r -> System.out.println(PREFIX + "RECORD " + new String(r.value())));
                System.out.flush();
                if (!records.isEmpty()) {
                    consumer.commitSync(Duration.ofSeconds(10));
                }
            }
        }
    }
}
