package io.runnel.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.storage.LogConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

class ConfigurationReferenceTest {

    private static final Path COMMITTED = Path.of(System.getProperty("basedir", "."))
            .resolve("..")
            .resolve(ConfigurationReference.PATH)
            .normalize();

    @Test
    void committedReferenceMatchesTheConfigDefinitions() throws IOException {
        String expected = ConfigurationReference.render();
        if (Boolean.getBoolean("runnel.docs.regenerate")) {
            Files.writeString(COMMITTED, expected, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        if (!committed.equals(expected)) {
            fail(ConfigurationReference.PATH + " is stale (it differs from BrokerConfig.CONFIG_DEF and"
                    + " LogConfig.CONFIG_DEF). Regenerate it with:\n  " + ConfigurationReference.regenerateCommand());
        }
    }

    @Test
    void referenceListsEveryBrokerAndTopicConfigWithItsDefault() {
        String reference = ConfigurationReference.render();

        assertThat(BrokerConfig.CONFIG_DEF.names())
                .allSatisfy(name -> assertThat(reference).contains("| `" + name + "` |"));
        assertThat(LogConfig.CONFIG_DEF.names())
                .allSatisfy(name -> assertThat(reference).contains("| `" + name + "` |"));
        assertThat(reference).containsPattern("\\| `log\\.dir` \\|[^\\n]*\\| `/tmp/runnel-logs` \\|");
        assertThat(reference).containsPattern("\\| `segment\\.bytes` \\|[^\\n]*\\| `1073741824` \\|");
    }

    @Test
    void eachConfigIsOneTableRow() {
        String reference = ConfigurationReference.render();

        long rows = reference.lines().filter(line -> line.startsWith("| `")).count();

        assertThat(rows)
                .isEqualTo(BrokerConfig.CONFIG_DEF.names().size()
                        + LogConfig.CONFIG_DEF.names().size());
    }
}
