package io.runnel.bench.groups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.runnel.broker.BrokerAssembly;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.server.Broker;
import io.runnel.broker.server.NetworkComponent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;

/**
 * Consumer-group figures against an in-process broker (the production wiring, embedded ZooKeeper, log dirs in a
 * temporary directory), for both group protocols:
 *
 * <ul>
 *   <li><b>join</b>: from 10 members subscribing at once until every partition of a 20-partition topic is assigned
 *       to exactly one of them (what a deployment of 10 consumers waits before consuming);
 *   <li><b>leave</b>: from one member's {@code close()} (LeaveGroup) until the 9 others own every partition again;
 *   <li><b>commit</b>: sequential {@code commitSync} of 1 and of 20 partitions by one member: commits per second
 *       (each one a round trip plus an acks=all append to {@code __consumer_offsets}).
 * </ul>
 *
 * Not run in CI. Usage: {@code java -cp bench/jmh/target/benchmarks.jar io.runnel.bench.groups.ConsumerGroupBench
 * [rounds] [commitSeconds]}. The broker uses {@code group.initial.rebalance.delay.ms=0}, as the bench measures the
 * protocol rather than Kafka's deliberate wait for more members.
 */
public final class ConsumerGroupBench {

    private static final int MEMBERS = 10;
    private static final int PARTITIONS = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrap;

    private ConsumerGroupBench(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int commitSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path root = Files.createTempDirectory("runnel-group-bench-");
        Map<String, String> props = new HashMap<>();
        props.put(BrokerConfig.BROKER_ID, "0");
        props.put(BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0");
        props.put(BrokerConfig.LOG_DIRS, root.resolve("logs").toString());
        props.put(BrokerConfig.ZOOKEEPER_EMBEDDED_PORT, "0");
        props.put(BrokerConfig.ZOOKEEPER_EMBEDDED_DATA_DIR, root.resolve("zk").toString());
        props.put(BrokerConfig.OFFSETS_TOPIC_REPLICATION_FACTOR, "1");
        props.put(BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, "0");
        var config = BrokerConfig.fromProps(props);
        var broker = new Broker(config, BrokerAssembly.forConfig(config), Time.SYSTEM);
        broker.start();
        try {
            var address = broker.component(NetworkComponent.class).orElseThrow().boundAddress("PLAINTEXT");
            var bench = new ConsumerGroupBench(address.getHostString() + ":" + address.getPort());
            System.out.printf("cores=%d load=%s%n", Runtime.getRuntime().availableProcessors(), loadAverage());
            for (GroupProtocol protocol : GroupProtocol.values()) {
                bench.rebalances(protocol, rounds);
                bench.commits(protocol, 1, commitSeconds);
                bench.commits(protocol, PARTITIONS, commitSeconds);
            }
            System.out.printf("load after=%s%n", loadAverage());
        } finally {
            broker.shutdown();
            deleteRecursively(root);
        }
    }

    private void rebalances(GroupProtocol protocol, int rounds) throws Exception {
        List<Long> joins = new ArrayList<>();
        List<Long> leaves = new ArrayList<>();
        for (int round = 0; round < rounds + 1; round++) {
            String topic = createTopic("rebalance-" + protocol + "-" + round, PARTITIONS);
            String group = "bench-" + protocol + "-" + round;
            List<Member> members = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < MEMBERS; i++) {
                members.add(new Member(bootstrap, group, topic, protocol));
            }
            await(() -> coversExactly(members, PARTITIONS));
            long joined = System.nanoTime() - start;
            Member leaving = members.remove(0);
            start = System.nanoTime();
            leaving.close();
            await(() -> coversExactly(members, PARTITIONS));
            long left = System.nanoTime() - start;
            for (Member m : members) {
                m.close();
            }
            if (round > 0) { // round 0 warms up the JIT, the clients and the offsets topic
                joins.add(joined);
                leaves.add(left);
            }
        }
        System.out.printf(
                "%-8s join of %d members: median %d ms (all %s ms); one leaves: median %d ms (all %s ms)%n",
                protocol, MEMBERS, median(joins), millis(joins), median(leaves), millis(leaves));
    }

    private void commits(GroupProtocol protocol, int partitions, int seconds) throws Exception {
        String topic = createTopic("commit-" + protocol + "-" + partitions, partitions);
        var member = new Member(bootstrap, "commit-" + protocol + "-" + partitions, topic, protocol);
        await(() -> member.assignment().size() == partitions);
        long commits = member.commitFor(Duration.ofSeconds(seconds));
        member.close();
        System.out.printf(
                "%-8s commitSync of %2d partition(s): %.0f commits/s (%.2f ms each)%n",
                protocol, partitions, commits / (double) seconds, seconds * 1000.0 / commits);
    }

    private String createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return name;
    }

    private static boolean coversExactly(List<Member> members, int partitions) {
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        for (Member m : members) {
            Set<TopicPartition> a = m.assignment();
            if (a.isEmpty()) {
                return false;
            }
            union.addAll(a);
            total += a.size();
        }
        return union.size() == partitions && total == partitions;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(1);
        }
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return TimeUnit.NANOSECONDS.toMillis(sorted.get(sorted.size() / 2));
    }

    private static List<Long> millis(List<Long> nanos) {
        return nanos.stream().map(TimeUnit.NANOSECONDS::toMillis).toList();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** A consumer polling on its own thread; its current assignment is visible to the bench thread. */
    private static final class Member {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Duration commitFor;
        private volatile long commits;

        Member(String bootstrap, String group, String topic, GroupProtocol protocol) {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.thread = new Thread(() -> run(topic), "member");
            thread.start();
        }

        private void run(String topic) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assignment.removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assignment.addAll(partitions);
                }
            });
            while (running) {
                consumer.poll(Duration.ofMillis(10));
                Duration duration = commitFor;
                if (duration != null) {
                    commits = commitLoop(duration);
                    commitFor = null;
                }
            }
            consumer.close();
        }

        private long commitLoop(Duration duration) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            long n = 0;
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                for (TopicPartition tp : assignment) {
                    offsets.put(tp, new OffsetAndMetadata(n));
                }
                consumer.commitSync(offsets);
                n++;
            }
            return n;
        }

        Set<TopicPartition> assignment() {
            return Set.copyOf(assignment);
        }

        long commitFor(Duration duration) throws InterruptedException {
            commits = -1;
            commitFor = duration;
            while (commitFor != null) {
                Thread.sleep(10);
            }
            return commits;
        }

        void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
