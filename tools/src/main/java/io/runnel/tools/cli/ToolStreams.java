package io.runnel.tools.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The standard streams a tool reads and writes; the process's own ones, or buffers in tests. */
public record ToolStreams(InputStream in, PrintStream out, PrintStream err) {

    public static ToolStreams system() {
        return new ToolStreams(System.in, System.out, System.err);
    }
}
