package io.runnel.tools.cli;

/**
 * Runs a {@link Tool} as a process: any failure becomes exactly one line, {@code Error: <reason>}, on stderr and
 * exit status 1. Operators script these tools and read their output; a stack trace is noise to them, and the
 * logging that could print one is switched off by the launcher's logback configuration.
 */
public final class ToolLauncher {

    private ToolLauncher() {}

    /** Runs the tool on the process's streams and exits with its status. */
    public static void main(Tool tool, String[] args) {
        int status = execute(tool, args, ToolStreams.system());
        System.out.flush();
        System.exit(status);
    }

    /** Runs the tool, reporting a failure as one line on {@code io.err()}; returns the exit status. */
    public static int execute(Tool tool, String[] args, ToolStreams io) {
        try {
            return tool.run(args, io);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.err().println("Error: interrupted");
            return 1;
        } catch (Throwable t) {
            io.out().flush();
            io.err().println("Error: " + ErrorMessages.describe(t));
            return 1;
        }
    }
}
