package io.runnel.tools.groups;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupTablesTest {

    private static String print(Consumer<PrintStream> printer) {
        var bytes = new ByteArrayOutputStream();
        printer.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void offsetsTableMatchesKafkasLayout() {
        var rows = List.of(
                new PartitionOffsetRow(
                        "my-group",
                        "quickstart-events",
                        0,
                        OptionalLong.of(3),
                        OptionalLong.of(5),
                        Optional.of("console-consumer-1a2b"),
                        Optional.of("/127.0.0.1"),
                        Optional.of("console")),
                new PartitionOffsetRow(
                        "my-group",
                        "quickstart-events",
                        1,
                        OptionalLong.empty(),
                        OptionalLong.of(2),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));

        String out = print(o -> GroupTables.printOffsets(rows, o));

        assertThat(out)
                .isEqualTo(
                        "\n"
                                + "GROUP           TOPIC             PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID           HOST            CLIENT-ID\n"
                                + "my-group        quickstart-events 0          3               5               2               console-consumer-1a2b /127.0.0.1      console\n"
                                + "my-group        quickstart-events 1          -               2               -               -                     -               -\n");
    }

    @Test
    void lagIsUnknownWithoutACommittedOffset() {
        var row = new PartitionOffsetRow(
                "g",
                "t",
                0,
                OptionalLong.empty(),
                OptionalLong.of(9),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        assertThat(row.lag()).isEmpty();
    }

    @Test
    void membersTableCountsPartitionsAndShowsAssignmentsWhenVerbose() {
        var rows = List.of(new MemberRow(
                "g",
                "consumer-1",
                Optional.empty(),
                "/10.0.0.1",
                "client-1",
                List.of(new TopicPartition("b", 2), new TopicPartition("a", 1), new TopicPartition("a", 0))));

        String out = print(o -> GroupTables.printMembers(rows, true, o));

        assertThat(out)
                .isEqualTo(
                        "\n"
                                + "GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     ASSIGNMENT\n"
                                + "g               consumer-1      /10.0.0.1       client-1        3               a(0,1), b(2)\n");
    }

    @Test
    void stateTableNamesTheCoordinator() {
        var row = new GroupStateRow("g", new Node(1, "localhost", 9092), "range", "Stable", 2);

        String out = print(o -> GroupTables.printState(row, o));

        assertThat(out)
                .isEqualTo(
                        "\n"
                                + "GROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS\n"
                                + "g                         localhost:9092  (1)       range                Stable          2\n");
    }

    @Test
    void resetPlanListsEachPartitionsNewOffsetInOrder() {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> plan = Map.of(
                "g",
                Map.of(
                        new TopicPartition("t", 1),
                        new OffsetAndMetadata(7),
                        new TopicPartition("t", 0),
                        new OffsetAndMetadata(0)));

        String out = print(o -> GroupTables.printResetPlan(plan, o));

        assertThat(out.lines().toList())
                .containsExactly(
                        "",
                        "GROUP                          TOPIC                          PARTITION  NEW-OFFSET     ",
                        "g                              t                              0          0              ",
                        "g                              t                              1          7              ");
    }
}
