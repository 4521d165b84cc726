package io.runnel.tools.cli;

/**
 * A user error: a bad or missing flag, an unknown topic or group, a broker that does not answer. Its message is
 * the whole report the user sees, after {@code Error: }, so it must stand on its own in one line.
 */
public final class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
