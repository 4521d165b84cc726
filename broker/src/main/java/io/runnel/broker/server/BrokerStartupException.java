package io.runnel.broker.server;

/**
 * The broker cannot start. The message is one line an operator can act on (it names the config, file or dir at
 * fault); the launcher prints it without a stack trace.
 */
public final class BrokerStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerStartupException(String message) {
        super(message);
    }

    public BrokerStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
