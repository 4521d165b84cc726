package io.runnel.tools.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs a tool in-process as {@link ToolLauncher} would, capturing its exit status, stdout and stderr. Shared with
 * the dist module's tests through this module's test-jar.
 */
public record ToolRun(int status, String out, String err) {

    public static ToolRun of(Tool tool, String... args) {
        return withInput(tool, "", args);
    }

    public static ToolRun withInput(Tool tool, String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var io = new ToolStreams(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = ToolLauncher.execute(tool, args, io);
        return new ToolRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The stdout lines. */
    public List<String> outLines() {
        return out.lines().toList();
    }

    /** The stderr lines. */
    public List<String> errLines() {
        return err.lines().toList();
    }
}
