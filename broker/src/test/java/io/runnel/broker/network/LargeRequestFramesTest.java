package io.runnel.broker.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over a real socket and the server's own transport (epoll where available), request frames of every size, mixed
 * and split at arbitrary points, reach the processor intact and in order; the large ones are read in place.
 */
class LargeRequestFramesTest {

    private static final int[] SIZES = {300 * 1024, 100, 1024 * 1024, 40 * 1024, 5, 64 * 1024, 33 * 1024};

    private final List<byte[]> received = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<Reply>> held = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean holdReplies;
    private NetworkServer server;

    @AfterEach
    void stop() {
        holdReplies = false;
        synchronized (held) {
            held.forEach(reply -> reply.complete(Reply.NO_RESPONSE));
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(int maxInFlight) {
        server = new NetworkServer(
                NetworkConfig.defaults(Listener.plaintext("127.0.0.1", 0))
                        .withNumNetworkThreads(1)
                        .withMaxInFlightRequestsPerConnection(maxInFlight)
                        .withShutdownTimeout(Duration.ofSeconds(5)),
                (connection, frame, receivedTimeMs) -> {
                    byte[] bytes = new byte[frame.remaining()];
                    frame.duplicate().get(bytes);
                    received.add(bytes);
                    if (!holdReplies) {
                        return CompletableFuture.completedFuture(Reply.NO_RESPONSE);
                    }
                    CompletableFuture<Reply> reply = new CompletableFuture<>();
                    held.add(reply);
                    return reply;
                },
                Time.SYSTEM);
        server.start();
    }

    private static List<byte[]> payloads() {
        Random random = new Random(42);
        List<byte[]> payloads = new ArrayList<>();
        for (int size : SIZES) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            payloads.add(payload);
        }
        return payloads;
    }

    private static byte[] stream(List<byte[]> payloads) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            stream.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
            stream.writeBytes(payload);
        }
        return stream.toByteArray();
    }

    private void send(byte[] stream, int writeBytes) throws IOException, InterruptedException {
        try (Socket socket = new Socket("127.0.0.1", server.boundPort())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            for (int at = 0; at < stream.length; at += writeBytes) {
                out.write(stream, at, Math.min(writeBytes, stream.length - at));
                out.flush();
            }
            Await.until("every frame is received", () -> received.size() == SIZES.length);
        }
    }

    @Test
    void framesWrittenAllAtOnceArriveIntactAndInOrder() throws Exception {
        start(5);
        List<byte[]> payloads = payloads();

        send(stream(payloads), Integer.MAX_VALUE);

        assertThat(received).containsExactlyElementsOf(payloads);
        assertThat(server.metrics().inPlaceFrames()).isPositive();
        assertThat(server.metrics().bytesReceivedInPlace()).isPositive();
    }

    @Test
    void framesWrittenInOddPiecesArriveIntactAndInOrder() throws Exception {
        start(5);
        List<byte[]> payloads = payloads();

        send(stream(payloads), 7001);

        assertThat(received).containsExactlyElementsOf(payloads);
        assertThat(server.metrics().bytesReceivedInPlace()).isPositive();
    }

    @Test
    void framesReceivedWhileTheConnectionIsPausedArriveIntactAndInOrderAsRepliesGo() throws Exception {
        start(1);
        holdReplies = true;
        List<byte[]> payloads = payloads();

        try (Socket socket = new Socket("127.0.0.1", server.boundPort())) {
            // Written from another thread: a paused server stops reading, so the write may block until it resumes.
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(stream(payloads));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (int answered = 0; answered < SIZES.length; answered++) {
                int expected = answered + 1;
                Await.until("request " + expected + " is received", () -> received.size() == expected);
                assertThat(received).as("one request in flight at a time").hasSize(expected);
                held.get(answered).complete(Reply.NO_RESPONSE);
            }
            written.join();
        }

        assertThat(received).containsExactlyElementsOf(payloads);
    }
}
