package io.runnel.dist;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/quickstart.md, run: every {@code sh} block in order against the unpacked distribution (ZooKeeper and a broker
 * on free ports, log dirs in a temporary directory), each block's output checked against the {@code text} block
 * after it. Whatever happens, the broker and ZooKeeper of this installation are stopped afterwards.
 *
 * <p>Runs in {@code mvn verify} (dist module, integration-test phase; about 30 s), or alone with
 * {@code bin/runnel-mvn -B -pl dist -am verify -Dit.test=QuickstartTutorialIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class QuickstartTutorialIT {

    @TempDir
    Path dir;

    private Installation installation;

    @BeforeEach
    void unpack() throws Exception {
        installation = Installation.unpack(dir);
    }

    @AfterEach
    void stop() throws Exception {
        installation.stopEverything();
    }

    @Test
    void quickstartRunsStepByStep() throws Exception {
        // The copy inside the distribution, so that the tarball's docs are what is tested.
        var script = QuickstartScript.parse(
                Files.readString(installation.home().resolve("docs/quickstart.md"), StandardCharsets.UTF_8));
        int number = 0;
        for (QuickstartScript.Step step : script.steps()) {
            number++;
            String commands = installation.localize(step.commands());
            var result = installation.run(commands);
            if (result.status() != 0) {
                fail("Step " + number + " failed with status " + result.status() + ":\n" + commands + result.both()
                        + logs());
            }
            String missing = QuickstartScript.firstMissing(
                    step.expected().stream().map(installation::localize).toList(), result.out());
            if (missing != null) {
                fail("Step " + number + " did not print '" + missing + "':\n" + commands + result.both() + logs());
            }
        }
    }

    private String logs() throws Exception {
        var text = new StringBuilder();
        Path logs = installation.home().resolve("logs");
        for (String name : new String[] {"runnel-server.out", "server.log", "zookeeper.out"}) {
            Path file = logs.resolve(name);
            if (Files.exists(file)) {
                var lines = Files.readAllLines(file);
                text.append("--- ").append(name).append(" (last 40 lines) ---\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(line -> text.append(line).append('\n'));
            }
        }
        return text.toString();
    }
}
