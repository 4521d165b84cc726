package io.runnel.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The tarball built by `mvn package`, unpacked and run: layout, the tools' launcher from libs/, ZooKeeper. */
class DistributionIT {

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
    void tarballHoldsScriptsConfigLibsAndLegalFiles() throws IOException {
        Path home = installation.home();

        assertThat(home.getFileName().toString()).isEqualTo("runnel-" + System.getProperty("runnel.dist.version"));
        assertThat(home.resolve("LICENSE")).content().contains("Apache License", "Version 2.0");
        assertThat(home.resolve("NOTICE")).exists();
        assertThat(home.resolve("config/zookeeper.properties")).exists();
        assertThat(home.resolve("config/server.properties")).exists();
        assertThat(home.resolve("docs/quickstart.md")).exists();
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/runnel-topics.sh")))
                .contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(home.resolve("bin/runnel-mvn")).doesNotExist();
        try (var libs = Files.list(home.resolve("libs"))) {
            assertThat(libs.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("runnel-broker-"))
                    .anyMatch(name -> name.startsWith("runnel-tools-"))
                    .anyMatch(name -> name.startsWith("kafka-clients-"))
                    .anyMatch(name -> name.startsWith("zookeeper-"))
                    .noneMatch(name -> name.startsWith("runnel-dist"));
        }
    }

    @Test
    void toolsRunFromLibsFromAnyDirectory() throws Exception {
        var result = installation.run("cd / && " + installation.home() + "/bin/runnel-topics.sh --help");

        assertThat(result.status()).as(result.both()).isZero();
        assertThat(result.out()).contains("--bootstrap-server", "--create");
        assertThat(result.err()).as("no build, no logging").isEmpty();
    }

    @Test
    void scriptsRunUnderPosixShFromTheBinDirectory() throws Exception {
        // As Kafka tutorials type it: `sh kafka-topics.sh ...` in bin/, where sh may be dash.
        var result = installation.run("cd bin && sh runnel-topics.sh --help");

        assertThat(result.status()).as(result.both()).isZero();
        assertThat(result.out()).contains("--bootstrap-server", "--create");
    }

    @Test
    void badFlagIsOneErrorLineAndNonZeroExit() throws Exception {
        var result = installation.run(
                "bin/runnel-console-consumer.sh --bootstrap-server localhost:1 --topc t || echo \"exit $?\"");

        assertThat(result.out()).isEqualTo("exit 1\n");
        assertThat(result.err()).isEqualTo("Error: topc is not a recognized option\n");
    }

    @Test
    void zooKeeperStartsAsDaemonAnswersTheShellAndStops() throws Exception {
        var start = installation.run(
                installation.localize("bin/zookeeper-server-start.sh -daemon config/zookeeper.properties"));
        assertThat(start.status()).as(start.both()).isZero();

        var ls = installation.run(installation.localize("bin/zookeeper-shell.sh localhost:2181 ls /"));
        assertThat(ls.status()).as(ls.both()).isZero();
        assertThat(ls.out()).contains("[zookeeper]");

        var stop = installation.run("bin/zookeeper-server-stop.sh");
        assertThat(stop.status()).as(stop.both()).isZero();
        assertThat(stop.out()).contains("runnel: stopped zookeeper");
    }

    @Test
    void dumpLogRunsThroughKafkasClassName() throws Exception {
        var result = installation.run("bin/runnel-run-class.sh kafka.tools.DumpLogSegments --help");

        assertThat(result.status()).as(result.both()).isZero();
        assertThat(result.out()).contains("--print-data-log", "--deep-iteration");
    }
}
