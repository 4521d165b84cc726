package io.runnel.tools.cli;

/**
 * A command-line tool. It reads its arguments and streams from a {@link ToolStreams} so that tests can drive it
 * in-process; {@link ToolLauncher} turns it into a process with Kafka's exit conventions.
 */
@FunctionalInterface
public interface Tool {

    /**
     * Runs the tool to completion.
     *
     * @return the process exit status (0 for success)
     * @throws ToolException for a user error (bad flag, unknown topic, ...), reported as one line
     * @throws Exception for anything else, also reported as one line by {@link ToolLauncher}
     */
    int run(String[] args, ToolStreams io) throws Exception;
}
