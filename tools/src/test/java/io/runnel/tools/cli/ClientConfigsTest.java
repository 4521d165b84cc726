package io.runnel.tools.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientConfigsTest {

    @TempDir
    Path dir;

    @Test
    void adminConfigBoundsWaitsForAnUnreachableBroker() {
        Properties props = ClientConfigs.admin("localhost:9092", new Properties());

        assertThat(props)
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("default.api.timeout.ms", "15000")
                .containsEntry("request.timeout.ms", "10000");
    }

    @Test
    void commandConfigFileOverridesTheToolDefaults() throws IOException {
        Path file = dir.resolve("admin.properties");
        Files.writeString(file, "default.api.timeout.ms=60000\nsecurity.protocol=SSL\n");

        Properties props = ClientConfigs.admin("b:1", ClientConfigs.load(file, "--command-config"));

        assertThat(props).containsEntry("default.api.timeout.ms", "60000").containsEntry("security.protocol", "SSL");
    }

    @Test
    void missingConfigFileIsAUserError() {
        assertThatThrownBy(() -> ClientConfigs.load(dir.resolve("nope.properties"), "--command-config"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("--command-config does not exist");
    }
}
