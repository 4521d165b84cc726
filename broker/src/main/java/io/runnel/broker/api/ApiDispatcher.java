package io.runnel.broker.api;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.runnel.broker.network.ClientConnection;
import io.runnel.broker.network.Reply;
import io.runnel.broker.network.RequestProcessor;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.concurrent.CompletableFuture.completedFuture;

/**
 * Routes decoded requests to the {@link ApiHandler} registered for their API key. Decoding and handler calls run
 * on the request-handler pool ({@code num.io.threads}), never on a network thread, so handlers may block. A
 * connection's requests reach their handlers one at a time, in the order received (see {@link
 * ClientConnection#inRequestOrder}); different connections' requests are handled in parallel.
 *
 * <p>Answers, matching Kafka's broker:
 *
 * <ul>
 *   <li>unknown API key or undecodable header or body: the connection is closed (Kafka's
 *       InvalidRequestException);
 *   <li>a version kafka-clients can decode but the handler does not serve, or a known API without a handler:
 *       the request's UNSUPPORTED_VERSION error response; the connection is closed if none can be built;
 *   <li>ApiVersions of any version goes to the built-in {@link ApiVersionsHandler} (KIP-511 fallback);
 *   <li>a failed handler future: {@code body.getErrorResponse(cause)}; a null response: nothing is sent, and a
 *       failed acks=0 Produce closes the connection, the only way to tell such a client.
 * </ul>
 */
public final class ApiDispatcher implements RequestProcessor, AutoCloseable {

    public static final int DEFAULT_NUM_IO_THREADS = 8;

    private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);

    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
    private final RequestDecoder decoder = new RequestDecoder();
    private final ExecutorService requestHandlers;

    /**
     * @param handlers one per API key, ApiVersions excluded (it is built in and advertises exactly these)
     * @param numIoThreads size of the request-handler pool ({@code num.io.threads})
     */
    public ApiDispatcher(Collection<? extends ApiHandler> handlers, int numIoThreads) {
        if (numIoThreads <= 0) {
            throw new IllegalArgumentException("num.io.threads must be positive, was " + numIoThreads);
        }
        for (ApiHandler handler : handlers) {
            register(handler);
        }
        register(new ApiVersionsHandler(handlers));
        requestHandlers = Executors.newFixedThreadPool(numIoThreads, new RequestHandlerThreads());
    }

    private void register(ApiHandler handler) {
        ApiKeys key = Objects.requireNonNull(handler.apiKey(), "apiKey of " + handler);
        if (handlers.containsKey(key)) {
            throw new IllegalArgumentException(
                    key == ApiKeys.API_VERSIONS
                            ? "ApiVersions is built in and must not be registered"
                            : "Two handlers for " + key + ": " + handlers.get(key) + " and " + handler);
        }
        short lowest = handler.lowestVersion();
        short highest = handler.highestVersion();
        if (lowest < key.oldestVersion() || highest > key.latestVersion() || lowest > highest) {
            throw new IllegalArgumentException("Handler " + handler + " declares " + key + " versions " + lowest
                    + ".." + highest + ", outside kafka-clients' " + key.oldestVersion() + ".."
                    + key.latestVersion());
        }
        handlers.put(key, handler);
    }

    /** The handler serving an API, or null. */
    public ApiHandler handler(ApiKeys key) {
        return handlers.get(key);
    }

    @Override
    public CompletableFuture<Reply> process(ClientConnection connection, ByteBuffer frame, long receivedTimeMs) {
        // One connection's requests are decoded and handed to their handlers one after another, in arrival order
        // (handlers append, commit offsets, etc. before returning their future); only the waiting for their
        // responses (acks=all, long-poll fetches) overlaps.
        return connection
                .inRequestOrder(requestHandlers, () -> dispatch(connection, frame, receivedTimeMs))
                .thenCompose(reply -> reply);
    }

    private CompletableFuture<Reply> dispatch(ClientConnection connection, ByteBuffer frame, long receivedTimeMs) {
        RequestHeader header;
        try {
            header = decoder.decodeHeader(frame);
        } catch (InvalidRequestException e) {
            log.warn("Closing connection {}: {}", connection, e.getMessage());
            return completedFuture(close(e.getMessage()));
        }
        RequestContext context = decoder.context(header, connection);
        ApiRequest request;
        try {
            request = decoder.decodeBody(context, frame, receivedTimeMs);
        } catch (InvalidRequestException e) {
            log.warn("Closing connection {}: {}", connection, e.getMessage(), e.getCause());
            return completedFuture(close(e.getMessage()));
        }
        ApiHandler handler = handlers.get(header.apiKey());
        if (handler == null || !serves(handler, header)) {
            return completedFuture(errorResponse(
                    request,
                    new UnsupportedVersionException(
                            "This broker does not serve " + header.apiKey() + " version " + header.apiVersion())));
        }
        if (request.body() instanceof ApiVersionsRequest apiVersions && apiVersions.isValid()) {
            connection.clientInformation(new ClientInformation(
                    apiVersions.data().clientSoftwareName(), apiVersions.data().clientSoftwareVersion()));
        }
        CompletableFuture<AbstractResponse> response;
        try {
            response = Objects.requireNonNull(handler.handle(request), "handler returned no future");
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.handle((body, error) -> {
            if (error != null) {
                return errorResponse(request, unwrap(error));
            }
            return body == null ? Reply.NO_RESPONSE : send(request, body);
        });
    }

    private static boolean serves(ApiHandler handler, RequestHeader header) {
        // Any ApiVersions version is handled: newer ones get the KIP-511 answer from the handler.
        return header.apiKey() == ApiKeys.API_VERSIONS
                || (header.apiVersion() >= handler.lowestVersion() && header.apiVersion() <= handler.highestVersion());
    }

    private static Reply errorResponse(ApiRequest request, Throwable error) {
        AbstractRequest body = request.body();
        if (body instanceof ProduceRequest produce && produce.acks() == 0) {
            log.info(
                    "Closing connection {}: acks=0 produce failed: {}",
                    request.context().connectionId(),
                    error.toString());
            return close("acks=0 produce failed: " + error);
        }
        try {
            return send(request, body.getErrorResponse(error));
        } catch (RuntimeException e) {
            log.warn(
                    "Closing connection {}: cannot build {} v{} error response for {}",
                    request.context().connectionId(),
                    body.apiKey(),
                    body.version(),
                    error.toString(),
                    e);
            return close("no error response for " + error);
        }
    }

    private static Reply send(ApiRequest request, AbstractResponse body) {
        RequestContext context = request.context();
        return new Reply.Send(context.header.toResponseHeader(), body, context.apiVersion());
    }

    private static Reply close(String reason) {
        return new Reply.Close(reason);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Stops the request-handler pool, after the network server has drained. */
    @Override
    public void close() {
        requestHandlers.shutdown();
        try {
            if (!requestHandlers.awaitTermination(10, TimeUnit.SECONDS)) {
                requestHandlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            requestHandlers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static final class RequestHandlerThreads implements ThreadFactory {
        private final AtomicInteger index = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "runnel-request-handler-" + index.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        }
    }
}
