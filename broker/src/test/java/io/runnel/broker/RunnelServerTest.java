package io.runnel.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.runnel.broker.server.BrokerComponents;
import io.runnel.broker.server.BrokerStartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunnelServerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private int run(String... args) {
        return RunnelServer.run(args, err, config -> BrokerComponents.logDirsOnly());
    }

    private String errOutput() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void missingConfigFileExitsOneWithOneLine() {
        Path absent = dir.resolve("absent.properties");

        int status = run(absent.toString());

        assertThat(status).isEqualTo(1);
        assertThat(errOutput()).isEqualTo("runnel: config file " + absent + " does not exist" + System.lineSeparator());
    }

    @Test
    void badOverrideExitsOneWithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("s.properties"), "broker.id=0\n");

        int status = run(file.toString(), "--override", "num.partitions");

        assertThat(status).isEqualTo(1);
        assertThat(errOutput())
                .isEqualTo("runnel: invalid --override 'num.partitions': expected property=value"
                        + System.lineSeparator());
    }

    @Test
    void invalidValueExitsOneNamingKeyAndValue() throws Exception {
        Path file = Files.writeString(dir.resolve("s.properties"), "num.partitions=-5\n");

        int status = run(file.toString());

        assertThat(status).isEqualTo(1);
        assertThat(errOutput())
                .isEqualTo("runnel: invalid value -5 for configuration num.partitions: Value must be at least 1"
                        + System.lineSeparator());
    }

    @Test
    void invalidOverrideValueIsReportedLikeAFileValue() throws Exception {
        Path file = Files.writeString(dir.resolve("s.properties"), "num.partitions=2\n");

        assertThatThrownBy(() -> RunnelServer.loadConfig(
                        ServerArguments.parse(file.toString(), "--override", "num.io.threads=0")))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessage("invalid value 0 for configuration num.io.threads: Value must be at least 1");
    }

    @Test
    void overridesApplyOverTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("s.properties"), "num.partitions=2\n");

        var config = RunnelServer.loadConfig(ServerArguments.parse(file.toString(), "--override", "num.partitions=6"));

        assertThat(config.numPartitions()).isEqualTo(6);
    }
}
