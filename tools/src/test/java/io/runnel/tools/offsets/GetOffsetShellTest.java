package io.runnel.tools.offsets;

import io.runnel.tools.cli.ToolException;
import io.runnel.tools.cli.ToolRun;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GetOffsetShellTest {

    @Test
    void timeAcceptsKafkasNumbersAndNames() {
        assertThat(GetOffsetShell.offsetSpec("-1")).isInstanceOf(OffsetSpec.LatestSpec.class);
        assertThat(GetOffsetShell.offsetSpec("latest")).isInstanceOf(OffsetSpec.LatestSpec.class);
        assertThat(GetOffsetShell.offsetSpec("-2")).isInstanceOf(OffsetSpec.EarliestSpec.class);
        assertThat(GetOffsetShell.offsetSpec("earliest")).isInstanceOf(OffsetSpec.EarliestSpec.class);
        assertThat(GetOffsetShell.offsetSpec("-3")).isInstanceOf(OffsetSpec.MaxTimestampSpec.class);
        assertThat(GetOffsetShell.offsetSpec("1700000000000")).isInstanceOf(OffsetSpec.TimestampSpec.class);
    }

    @Test
    void malformedTimeIsAUserError() {
        assertThatThrownBy(() -> GetOffsetShell.offsetSpec("-7"))
                .isInstanceOf(ToolException.class)
                .hasMessageStartingWith("Malformed time argument -7.");
    }

    @Test
    void requiresABootstrapServer() {
        ToolRun run = ToolRun.of(new GetOffsetShell(), "--topic", "t");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("Error: Missing required argument --bootstrap-server");
    }

    @Test
    void rejectsANonNumericPartition() {
        ToolRun run = ToolRun.of(new GetOffsetShell(), "--bootstrap-server", "b:1", "--partitions", "0,x");

        assertThat(run.errLines()).containsExactly("Error: Invalid partition id 'x' in --partitions");
    }
}
