package io.runnel.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuickstartScriptTest {

    private static final Path QUICKSTART = Path.of(System.getProperty("basedir", "."))
            .resolve("../docs/quickstart.md")
            .normalize();

    private static QuickstartScript quickstart() throws IOException {
        return QuickstartScript.parse(Files.readString(QUICKSTART, StandardCharsets.UTF_8));
    }

    @Test
    void quickstartFollowsTheSeedTutorialsSteps() throws IOException {
        List<String> commands = quickstart().steps().stream()
                .map(QuickstartScript.Step::commands)
                .toList();
        String all = String.join("", commands);

        assertThat(all)
                .containsSubsequence(
                        "bin/zookeeper-server-start.sh -daemon config/zookeeper.properties",
                        "bin/runnel-server-start.sh -daemon config/server.properties",
                        "bin/runnel-topics.sh --create --topic quickstart-events --partitions 1 --replication-factor 1",
                        "bin/runnel-topics.sh --list",
                        "bin/runnel-console-producer.sh --topic quickstart-events",
                        "bin/runnel-console-consumer.sh --topic quickstart-events --from-beginning",
                        "bin/zookeeper-shell.sh localhost:2181 ls /brokers/ids",
                        "bin/zookeeper-shell.sh localhost:2181 get /controller",
                        "bin/runnel-dump-log.sh --files /tmp/runnel-logs/quickstart-events-0/00000000000000000000.log"
                                + " --print-data-log",
                        "bin/runnel-topics.sh --delete --topic quickstart-events",
                        "bin/runnel-server-stop.sh",
                        "bin/zookeeper-server-stop.sh");
    }

    @Test
    void everyOutputCheckBelongsToACommandBlock() throws IOException {
        var steps = quickstart().steps();

        assertThat(steps).isNotEmpty().allSatisfy(step -> assertThat(step.commands())
                .isNotBlank());
        assertThat(steps.stream().filter(step -> !step.expected().isEmpty())).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void parsesShBlocksWithTheTextBlockThatFollows() {
        var script = QuickstartScript.parse(
                "intro\n```sh\necho a\necho b\n```\nprose\n```text\na\n\nb\n```\n" + "```sh\ntrue\n```\n");

        assertThat(script.steps())
                .containsExactly(
                        new QuickstartScript.Step("echo a\necho b\n", List.of("a", "b")),
                        new QuickstartScript.Step("true\n", List.of()));
    }

    @Test
    void expectedLinesMustAppearInOrderWithWildcards() {
        String output = "Topic: t\tTopicId: abc\tPartitionCount: 1\nnoise\n| offset: 0 CreateTime: 17 payload: x\n";

        assertThat(QuickstartScript.firstMissing(
                        List.of("Topic: t\tTopicId: ...\tPartitionCount: 1", "| offset: 0 ... payload: x"), output))
                .isNull();
        assertThat(QuickstartScript.firstMissing(List.of("| offset: 0 ... payload: x", "Topic: t..."), output))
                .isEqualTo("Topic: t...");
        assertThat(QuickstartScript.firstMissing(List.of("payload: x"), output)).isEqualTo("payload: x");
    }
}
