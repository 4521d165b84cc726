package io.runnel.dist.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.runnel.broker.e2e.RunnelBrokerExtension;
import io.runnel.tools.cli.ToolRun;
import io.runnel.tools.configs.ConfigCommand;
import io.runnel.tools.console.ConsoleConsumer;
import io.runnel.tools.console.ConsoleProducer;
import io.runnel.tools.dumplog.DumpLogSegments;
import io.runnel.tools.groups.ConsumerGroupCommand;
import io.runnel.tools.offsets.GetOffsetShell;
import io.runnel.tools.topics.TopicCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator tools against a running broker, flag for flag as a user types them (Kafka's flags, Kafka's
 * output): the shipped broker in this JVM ({@link RunnelBrokerExtension}) and the shipped tools run in-process
 * exactly as their scripts run them ({@link ToolRun}). One broker serves the whole class; every test uses its own
 * topics and groups.
 */
@Timeout(90)
class ToolsAgainstBrokerTest {

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    /** The directory of a partition's log. */
    private static Path partitionDir(String topic, int partition) {
        return broker.logDir().resolve(topic + "-" + partition);
    }

    private static ToolRun topics(String... args) {
        return ToolRun.of(new TopicCommand(), withBootstrap(args));
    }

    private static ToolRun configs(String... args) {
        return ToolRun.of(new ConfigCommand(), withBootstrap(args));
    }

    private static ToolRun groups(String... args) {
        return ToolRun.of(new ConsumerGroupCommand(), withBootstrap(args));
    }

    private static ToolRun offsets(String... args) {
        return ToolRun.of(new GetOffsetShell(), withBootstrap(args));
    }

    private static ToolRun produce(String topic, String lines, String... args) {
        var all = Stream.concat(Stream.of("--topic", topic), Stream.of(args)).toArray(String[]::new);
        return ToolRun.withInput(new ConsoleProducer(), lines, withBootstrap(all));
    }

    private static ToolRun consume(String... args) {
        var all = Stream.concat(Stream.of(args), Stream.of("--timeout-ms", "20000"))
                .toArray(String[]::new);
        return ToolRun.of(new ConsoleConsumer(), withBootstrap(all));
    }

    private static String[] withBootstrap(String... args) {
        return Stream.concat(Stream.of("--bootstrap-server", broker.bootstrapServers()), Stream.of(args))
                .toArray(String[]::new);
    }

    private static void succeeds(ToolRun run) {
        assertThat(run.status())
                .as("stdout:\n%s\nstderr:\n%s", run.out(), run.err())
                .isZero();
    }

    private static void createTopic(String topic, int partitions, String... extra) {
        var args = Stream.concat(
                        Stream.of(
                                "--create",
                                "--topic",
                                topic,
                                "--partitions",
                                Integer.toString(partitions),
                                "--replication-factor",
                                "1"),
                        Stream.of(extra))
                .toArray(String[]::new);
        succeeds(topics(args));
    }

    @Test
    void topicsCreatesListsAndDescribesInKafkasFormat() {
        String topic = uniqueTopic("described");

        var create = topics(
                "--create",
                "--topic",
                topic,
                "--partitions",
                "2",
                "--replication-factor",
                "1",
                "--config",
                "retention.ms=123456");
        var list = topics("--list");
        var describe = topics("--describe", "--topic", topic);

        assertThat(create.out()).isEqualTo("Created topic " + topic + ".\n");
        assertThat(list.outLines()).contains(topic);
        succeeds(describe);
        assertThat(describe.outLines()).hasSize(3);
        assertThat(describe.outLines().get(0))
                .matches("Topic: " + topic + "\tTopicId: \\S{22}\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: .*")
                .contains("retention.ms=123456");
        assertThat(describe.outLines().get(1))
                .startsWith("\tTopic: " + topic + "\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0");
        assertThat(describe.outLines().get(2))
                .startsWith("\tTopic: " + topic + "\tPartition: 1\tLeader: 0\tReplicas: 0\tIsr: 0");
    }

    @Test
    void topicsAlterAddsPartitionsAndRefusesToRemoveThem() {
        String topic = uniqueTopic("grown");
        createTopic(topic, 1);

        var grow = topics("--alter", "--topic", topic, "--partitions", "3");
        var shrink = topics("--alter", "--topic", topic, "--partitions", "2");

        succeeds(grow);
        assertThat(topics("--describe", "--topic", topic).outLines().get(0)).contains("PartitionCount: 3");
        assertThat(partitionDir(topic, 2)).isDirectory();
        assertThat(shrink.status()).isEqualTo(1);
        assertThat(shrink.errLines())
                .containsExactly("Error: Topic currently has 3 partitions, 2 would not be an increase.");
    }

    @Test
    void topicsUserErrorsAreOneLineAndExitOne() {
        String topic = uniqueTopic("twice");
        createTopic(topic, 1);

        var again = topics("--create", "--topic", topic, "--partitions", "1");
        var missing = topics("--describe", "--topic", uniqueTopic("missing"));
        var tooManyReplicas = topics("--create", "--topic", uniqueTopic("rf3"), "--replication-factor", "3");

        for (var run : new ToolRun[] {again, missing, tooManyReplicas}) {
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.errLines()).hasSize(1);
            assertThat(run.err()).startsWith("Error: ");
        }
        assertThat(again.err()).contains("already exists");
        assertThat(tooManyReplicas.err()).contains("Replication factor: 3 larger than available brokers: 1");
    }

    @Test
    void topicsDeleteRemovesTheTopicAndItsDirectory() throws InterruptedException {
        String topic = uniqueTopic("deleted");
        createTopic(topic, 1);
        Path dir = partitionDir(topic, 0);
        assertThat(dir).isDirectory();

        succeeds(topics("--delete", "--topic", topic));

        assertThat(topics("--list").outLines()).doesNotContain(topic);
        // The controller deletes asynchronously: the directory is renamed to <topic>-0.<id>-delete, as Kafka does.
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (Files.exists(dir) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void configsAlterOfATopicAppliesToItsLogLive() throws IOException {
        String topic = uniqueTopic("small-segments");
        createTopic(topic, 1);

        var alter = configs(
                "--alter", "--entity-type", "topics", "--entity-name", topic, "--add-config", "segment.bytes=1048576");
        var line = "x".repeat(1_000) + "\n";
        succeeds(produce(topic, line.repeat(1_200)));

        assertThat(alter.out()).isEqualTo("Completed updating config for topic " + topic + ".\n");
        assertThat(configs("--describe", "--entity-type", "topics", "--entity-name", topic)
                        .outLines())
                .containsExactly(
                        "Dynamic configs for topic " + topic + " are:",
                        "  segment.bytes=1048576 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:segment.bytes=1048576,"
                                + " DEFAULT_CONFIG:log.segment.bytes=1073741824}");
        try (var files = Files.list(partitionDir(topic, 0))) {
            assertThat(files.filter(f -> f.toString().endsWith(".log"))).hasSizeGreaterThan(1);
        }
    }

    @Test
    void configsDeleteConfigRestoresTheDefault() {
        String topic = uniqueTopic("restored");
        createTopic(topic, 1, "--config", "cleanup.policy=compact");

        var delete = configs(
                "--alter", "--entity-type", "topics", "--entity-name", topic, "--delete-config", "cleanup.policy");

        succeeds(delete);
        assertThat(configs("--describe", "--entity-type", "topics", "--entity-name", topic)
                        .outLines())
                .containsExactly("Dynamic configs for topic " + topic + " are:");
    }

    @Test
    void configsAlterOfABrokerAppliesToItsTopicsLive() {
        String topic = uniqueTopic("broker-default");
        createTopic(topic, 1);
        try {
            var alter = configs(
                    "--alter",
                    "--entity-type",
                    "brokers",
                    "--entity-name",
                    "0",
                    "--add-config",
                    "log.retention.ms=3600000");

            assertThat(alter.out()).isEqualTo("Completed updating config for broker 0.\n");
            assertThat(configs("--describe", "--entity-type", "brokers", "--entity-name", "0")
                            .out())
                    .contains("log.retention.ms=3600000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:");
            assertThat(configs("--describe", "--entity-type", "topics", "--entity-name", topic, "--all")
                            .outLines())
                    .anyMatch(l -> l.startsWith("  retention.ms=3600000 sensitive=false"
                            + " synonyms={DYNAMIC_BROKER_CONFIG:log.retention.ms=3600000"));
        } finally {
            configs("--alter", "--entity-type", "brokers", "--entity-name", "0", "--delete-config", "log.retention.ms");
        }
    }

    @Test
    void configsRefuseAnUnknownOrReadOnlyConfigInOneLine() {
        String topic = uniqueTopic("refused");
        createTopic(topic, 1);

        var unknown = configs(
                "--alter", "--entity-type", "topics", "--entity-name", topic, "--add-config", "no.such.config=1");
        var readOnly =
                configs("--alter", "--entity-type", "brokers", "--entity-name", "0", "--add-config", "broker.id=5");

        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.errLines()).containsExactly("Error: Unknown topic config name: no.such.config");
        assertThat(readOnly.status()).isEqualTo(1);
        assertThat(readOnly.errLines()).singleElement().asString().contains("read-only", "broker.id");
    }

    @Test
    void getOffsetsPrintsTheLogEndAndStartOfEveryPartition() {
        String topic = uniqueTopic("offsets");
        createTopic(topic, 2);
        succeeds(produce(topic, "a:1\na:2\na:3\n", "--property", "parse.key=true", "--property", "key.separator=:"));

        var latest = offsets("--topic", topic);
        var earliest = offsets("--topic", topic, "--time", "-2", "--partitions", "0");

        succeeds(latest);
        // One key: all three records land in the same partition.
        assertThat(latest.outLines()).hasSize(2).anyMatch(l -> l.endsWith(":3")).anyMatch(l -> l.endsWith(":0"));
        assertThat(earliest.outLines()).containsExactly(topic + ":0:0");
    }

    @Test
    void consoleProducerParsesKeysAndHeadersThatTheConsumerPrints() {
        String topic = uniqueTopic("keyed");
        createTopic(topic, 1);
        succeeds(produce(
                topic,
                "h1:x,h2:y\tuser-1\tfirst\n\tuser-2\tsecond\n",
                "--property",
                "parse.key=true",
                "--property",
                "parse.headers=true"));

        var read = consume(
                "--topic",
                topic,
                "--from-beginning",
                "--max-messages",
                "2",
                "--property",
                "print.key=true",
                "--property",
                "print.offset=true",
                "--property",
                "print.partition=true",
                "--property",
                "print.timestamp=true",
                "--property",
                "print.headers=true");

        succeeds(read);
        assertThat(read.outLines())
                .satisfiesExactly(
                        first -> assertThat(first)
                                .matches("CreateTime:\\d+\tPartition:0\tOffset:0\th1:x,h2:y\tuser-1\tfirst"),
                        second -> assertThat(second)
                                .matches("CreateTime:\\d+\tPartition:0\tOffset:1\tNO_HEADERS\tuser-2\tsecond"));
        assertThat(read.err()).isEqualTo("Processed a total of 2 messages\n");
    }

    @Test
    void consoleConsumerReadsOnePartitionFromAnOffset() {
        String topic = uniqueTopic("assigned");
        createTopic(topic, 1);
        succeeds(produce(topic, "zero\none\ntwo\n"));

        var read = consume("--topic", topic, "--partition", "0", "--offset", "1", "--max-messages", "2");

        succeeds(read);
        assertThat(read.outLines()).containsExactly("one", "two");
    }

    @Test
    void consumerGroupsListDescribeResetAndDeleteAGroup() {
        String topic = uniqueTopic("grouped");
        String group = uniqueTopic("group");
        createTopic(topic, 1);
        succeeds(produce(topic, "a\nb\nc\n"));
        succeeds(consume("--topic", topic, "--group", group, "--from-beginning", "--max-messages", "3"));

        var list = groups("--list");
        var describe = groups("--describe", "--group", group);
        var reset = groups("--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute");
        var afterReset = groups("--describe", "--group", group);
        var delete = groups("--delete", "--group", group);

        assertThat(list.outLines()).contains(group);
        assertThat(describe.out()).containsPattern(group + "\\s+" + topic + "\\s+0\\s+3\\s+3\\s+0\\s");
        succeeds(reset);
        assertThat(reset.out()).containsPattern(group + "\\s+" + topic + "\\s+0\\s+0\\s");
        assertThat(afterReset.out()).containsPattern(group + "\\s+" + topic + "\\s+0\\s+0\\s+3\\s+3\\s");
        assertThat(delete.out()).isEqualTo("Deletion of requested consumer groups ('" + group + "') was successful.\n");
        assertThat(groups("--list").outLines()).doesNotContain(group);
        var gone = groups("--describe", "--group", group);
        assertThat(gone.status()).isEqualTo(1);
        assertThat(gone.errLines()).containsExactly("Error: Consumer group '" + group + "' does not exist.");
    }

    @Test
    void dumpLogPrintsTheRecordsOfTheBrokersSegment() {
        String topic = uniqueTopic("dumped");
        createTopic(topic, 1);
        succeeds(produce(topic, "first event\nsecond event\n"));
        Path segment = partitionDir(topic, 0).resolve("00000000000000000000.log");

        var dump = ToolRun.of(new DumpLogSegments(), "--files", segment.toString(), "--print-data-log");

        succeeds(dump);
        assertThat(dump.outLines())
                .contains("Dumping " + segment, "Log starting offset: 0")
                .anyMatch(l -> l.startsWith("| offset: 0 CreateTime: ") && l.endsWith(" payload: first event"))
                .anyMatch(l -> l.startsWith("| offset: 1 CreateTime: ") && l.endsWith(" payload: second event"));
        assertThat(partitionDir(topic, 0).resolve("00000000000000000000.index")).exists();
        assertThat(partitionDir(topic, 0).resolve("00000000000000000000.timeindex"))
                .exists();
    }
}
