package io.runnel.tools.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a tool in-process as {@link ToolLauncher} would, capturing its exit status, stdout and stderr. */
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

    /** The stderr lines. */
    public java.util.List<String> errLines() {
        return err.lines().toList();
    }
}
