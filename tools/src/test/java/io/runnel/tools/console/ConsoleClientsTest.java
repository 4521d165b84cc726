package io.runnel.tools.console;

import java.nio.file.Path;

import io.runnel.tools.cli.Brokers;
import io.runnel.tools.cli.ToolRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleClientsTest {

    @TempDir
    Path dir;

    @Test
    void producerAcceptsTheLegacyBrokerListAndLayersItsConfigs() {
        var options = new ConsoleProducer.Options(new String[] {
            "--broker-list",
            "b:1",
            "--topic",
            "t",
            "--compression-codec",
            "--request-required-acks",
            "1",
            "--producer-property",
            "linger.ms=7",
            "--producer-property",
            "acks=all"
        });
        options.check();

        var config = options.producerConfig();

        assertThat(config)
                .containsEntry("bootstrap.servers", "b:1")
                .containsEntry("compression.type", "gzip")
                .containsEntry("linger.ms", "7")
                .containsEntry("acks", "all");
    }

    @Test
    void producerRequiresATopic() {
        ToolRun run = ToolRun.of(new ConsoleProducer(), "--bootstrap-server", "b:1");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("Error: Missing required argument --topic");
    }

    @Test
    void producerRejectsAnUnknownCodec() {
        ToolRun run = ToolRun.of(
                new ConsoleProducer(), "--bootstrap-server", "b:1", "--topic", "t", "--compression-codec", "brotli");

        assertThat(run.errLines())
                .containsExactly(
                        "Error: Unknown --compression-codec 'brotli': expected one of [none, gzip, snappy, lz4, zstd]");
    }

    @Test
    void producerToAnUnreachableBrokerFailsWithOneLine() {
        ToolRun run = ToolRun.withInput(
                new ConsoleProducer(),
                "hello\n",
                "--bootstrap-server",
                Brokers.unreachable(),
                "--topic",
                "t",
                "--max-block-ms",
                "1000",
                "--request-timeout-ms",
                "1000");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("Error: ").contains("not present in metadata");
    }

    @Test
    void consumerOffsetRequiresAPartition() {
        ToolRun run = ToolRun.of(new ConsoleConsumer(), "--bootstrap-server", "b:1", "--topic", "t", "--offset", "5");

        assertThat(run.errLines()).containsExactly("Error: The partition is required when offset is specified.");
    }

    @Test
    void consumerRefusesFromBeginningWithAnOffset() {
        ToolRun run = ToolRun.of(
                new ConsoleConsumer(),
                "--bootstrap-server",
                "b:1",
                "--topic",
                "t",
                "--partition",
                "0",
                "--offset",
                "5",
                "--from-beginning");

        assertThat(run.errLines())
                .containsExactly("Error: Options from-beginning and offset cannot be specified together.");
    }

    @Test
    void consumerRejectsAMalformedOffset() {
        ToolRun run = ToolRun.of(
                new ConsoleConsumer(),
                "--bootstrap-server",
                "b:1",
                "--topic",
                "t",
                "--partition",
                "0",
                "--offset",
                "-5");

        assertThat(run.err()).startsWith("Error: The provided offset value '-5' is incorrect.");
    }

    @Test
    void consumerWithoutGroupUsesAThrowawayGroupThatCommitsNothing() {
        var options = new ConsoleConsumer.Options(new String[] {"--bootstrap-server", "b:1", "--topic", "t"});

        var config = options.consumerConfig();

        assertThat((String) config.get("group.id")).startsWith("console-consumer-");
        assertThat(config).containsEntry("enable.auto.commit", "false").containsEntry("auto.offset.reset", "latest");
    }

    @Test
    void consumerFromBeginningWithGroupStartsAtTheEarliestOffset() {
        var options = new ConsoleConsumer.Options(new String[] {
            "--bootstrap-server",
            "b:1",
            "--topic",
            "t",
            "--group",
            "g",
            "--from-beginning",
            "--isolation-level",
            "read_committed"
        });

        var config = options.consumerConfig();

        assertThat(config)
                .containsEntry("group.id", "g")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("isolation.level", "read_committed")
                .doesNotContainKey("enable.auto.commit");
    }

    @Test
    void consumerOfAnUnreachableBrokerFailsInsteadOfWaitingForever() {
        Path config = Brokers.shortTimeouts(dir);

        ToolRun run = ToolRun.of(
                new ConsoleConsumer(),
                "--bootstrap-server",
                Brokers.unreachable(),
                "--topic",
                "t",
                "--consumer.config",
                config.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("Error: ").contains("--bootstrap-server");
    }
}
