package io.runnel.tools.cli;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolLauncherTest {

    @Test
    void reportsAUserErrorAsOneLineAndExitsOne() {
        ToolRun run = ToolRun.of((args, io) -> {
            throw new ToolException("Topic 'x' does not exist as expected");
        });

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("Error: Topic 'x' does not exist as expected");
    }

    @Test
    void reportsAnUnexpectedFailureWithoutStackTrace() {
        ToolRun run = ToolRun.of((args, io) -> {
            throw new IllegalStateException("boom\n\tat somewhere");
        });

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("Error: boom at somewhere");
    }

    @Test
    void unwrapsFuturesToTheBrokerError() {
        var failure = new ExecutionException(new UnknownTopicOrPartitionException("This server does not host"));

        assertThat(ErrorMessages.describe(failure)).isEqualTo("This server does not host");
    }

    @Test
    void explainsATimeOutAsAnUnreachableBroker() {
        var failure = new KafkaException(new TimeoutException("Timed out waiting for a node assignment."));

        assertThat(ErrorMessages.describe(failure))
                .startsWith("Timed out waiting for a node assignment.")
                .contains("--bootstrap-server");
    }

    @Test
    void namesTheExceptionWhenItHasNoMessage() {
        assertThat(ErrorMessages.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void passesTheToolsExitStatusThrough() {
        assertThat(ToolRun.of((args, io) -> 3).status()).isEqualTo(3);
    }
}
