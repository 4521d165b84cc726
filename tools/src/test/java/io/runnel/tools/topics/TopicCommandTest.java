package io.runnel.tools.topics;

import java.nio.file.Path;

import io.runnel.tools.cli.Brokers;
import io.runnel.tools.cli.ToolRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TopicCommandTest {

    @TempDir
    Path dir;

    private static ToolRun topics(String... args) {
        return ToolRun.of(new TopicCommand(), args);
    }

    @Test
    void helpPrintsTheOptionsAndSucceeds() {
        ToolRun run = topics("--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("--bootstrap-server", "--replica-assignment", "--if-not-exists");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void requiresExactlyOneAction() {
        ToolRun run = topics("--bootstrap-server", "localhost:9092", "--list", "--describe");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly(
                        "Error: Command must include exactly one action: --list, --describe, --create, --alter or --delete");
    }

    @Test
    void rejectsAnUnknownFlagInOneLine() {
        ToolRun run = topics("--bootstrap-server", "localhost:9092", "--list", "--zookeper");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("Error: zookeper is not a recognized option");
    }

    @Test
    void pointsTheRemovedZooKeeperFlagToBootstrapServer() {
        ToolRun run = topics("--zookeeper", "localhost:2181", "--list");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("Error: zookeeper is not a recognized option: the tools talk to the brokers, use"
                        + " --bootstrap-server HOST:PORT (e.g. localhost:9092) instead");
    }

    @Test
    void createRequiresATopic() {
        ToolRun run = topics("--bootstrap-server", "localhost:9092", "--create", "--partitions", "1");

        assertThat(run.errLines()).containsExactly("Error: Missing required argument --topic");
    }

    @Test
    void replicaAssignmentExcludesPartitionsOnCreate() {
        ToolRun run = topics(
                "--bootstrap-server",
                "b:1",
                "--create",
                "--topic",
                "t",
                "--replica-assignment",
                "1:2",
                "--partitions",
                "1");

        assertThat(run.errLines())
                .containsExactly("Error: Option --replica-assignment can't be used with option --partitions");
    }

    @Test
    void rejectsANonPositivePartitionCount() {
        ToolRun run = topics("--bootstrap-server", "b:1", "--create", "--topic", "t", "--partitions", "0");

        assertThat(run.errLines()).containsExactly("Error: The partitions must be greater than 0");
    }

    @Test
    void rejectsAnInvalidTopicNameBeforeConnecting() {
        ToolRun run = topics("--bootstrap-server", "b:1", "--create", "--topic", "bad/name");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("Error: ")
                .contains("bad/name");
    }

    @Test
    void alterRequiresPartitions() {
        ToolRun run = topics("--bootstrap-server", "b:1", "--alter", "--topic", "t");

        assertThat(run.errLines()).containsExactly("Error: Missing required argument --partitions");
    }

    @Test
    void configIsOnlyForCreate() {
        ToolRun run = topics("--bootstrap-server", "b:1", "--describe", "--config", "retention.ms=1");

        assertThat(run.errLines()).containsExactly("Error: Option --config can't be used with option --describe");
    }

    @Test
    void unreachableBrokerEndsWithOneErrorLineWithinTheConfiguredTimeout() {
        long start = System.nanoTime();

        ToolRun run = topics(
                "--bootstrap-server",
                Brokers.unreachable(),
                "--list",
                "--command-config",
                Brokers.shortTimeouts(dir).toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("Error: Timed out").contains("--bootstrap-server");
        assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
    }

    @Test
    void topicExpressionTreatsCommasAsAlternatives() {
        var pattern = TopicCommand.topicPattern("orders.*, payments");

        assertThat(pattern.matcher("orders-eu").matches()).isTrue();
        assertThat(pattern.matcher("payments").matches()).isTrue();
        assertThat(pattern.matcher("payments-dlq").matches()).isFalse();
    }

    @Test
    void invalidTopicExpressionIsAUserError() {
        ToolRun run = topics(
                "--bootstrap-server",
                Brokers.unreachable(),
                "--describe",
                "--topic",
                "(",
                "--command-config",
                Brokers.shortTimeouts(dir).toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
    }
}
