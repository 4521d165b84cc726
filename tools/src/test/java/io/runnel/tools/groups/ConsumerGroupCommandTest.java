package io.runnel.tools.groups;

import io.runnel.tools.cli.ToolRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerGroupCommandTest {

    private static ToolRun groups(String... args) {
        return ToolRun.of(new ConsumerGroupCommand(), args);
    }

    @Test
    void describeNeedsAGroupOrAllGroups() {
        ToolRun run = groups("--bootstrap-server", "b:1", "--describe");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("Error: Option --describe takes one of these options: --all-groups, --group");
    }

    @Test
    void resetNeedsExactlyOneScenario() {
        ToolRun run = groups("--bootstrap-server", "b:1", "--reset-offsets", "--group", "g", "--all-topics");

        assertThat(run.err()).startsWith("Error: Command must include exactly one action: --to-earliest");
    }

    @Test
    void resetNeedsAScope() {
        ToolRun run = groups("--bootstrap-server", "b:1", "--reset-offsets", "--group", "g", "--to-earliest");

        assertThat(run.errLines())
                .containsExactly("Error: One of the reset scopes should be defined: --all-topics, --topic.");
    }

    @Test
    void dryRunAndExecuteExcludeEachOther() {
        ToolRun run = groups(
                "--bootstrap-server",
                "b:1",
                "--reset-offsets",
                "--group",
                "g",
                "--topic",
                "t",
                "--to-latest",
                "--dry-run",
                "--execute");

        assertThat(run.errLines()).containsExactly("Error: Option --dry-run can't be used with option --execute");
    }

    @Test
    void scenarioFlagsBelongToReset() {
        ToolRun run = groups("--bootstrap-server", "b:1", "--describe", "--group", "g", "--to-earliest");

        assertThat(run.errLines()).containsExactly("Error: Option --to-earliest can't be used with option --describe");
    }

    @Test
    void membersAndStateExcludeEachOther() {
        ToolRun run = groups("--bootstrap-server", "b:1", "--describe", "--group", "g", "--members", "--state");

        assertThat(run.errLines()).containsExactly("Error: Option --members can't be used with option --state");
    }
}
