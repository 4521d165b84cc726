package io.runnel.broker.network;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A blocking Kafka protocol client for tests: serializes requests with kafka-clients exactly as its
 * NetworkClient does ({@code serializeWithHeader} behind a size prefix) and parses responses the same way.
 */
final class WireClient implements AutoCloseable {

    static final int TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private int nextCorrelationId;

    WireClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    RequestHeader header(ApiKeys api, short version) {
        return new RequestHeader(api, version, "wire-client", nextCorrelationId++);
    }

    static byte[] frame(RequestHeader header, AbstractRequest request) {
        ByteBuffer payload = request.serializeWithHeader(header);
        ByteBuffer framed = ByteBuffer.allocate(4 + payload.remaining());
        framed.putInt(payload.remaining()).put(payload);
        return framed.array();
    }

    RequestHeader send(AbstractRequest request) throws IOException {
        RequestHeader header = header(request.apiKey(), request.version());
        sendRaw(frame(header, request));
        return header;
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    AbstractResponse receive(RequestHeader requestHeader) throws IOException {
        return AbstractResponse.parseResponse(ByteBuffer.wrap(receiveFrame()), requestHeader);
    }

    byte[] receiveFrame() throws IOException {
        int size = in.readInt();
        byte[] payload = new byte[size];
        in.readFully(payload);
        return payload;
    }

    <T extends AbstractResponse> T roundTrip(AbstractRequest request, Class<T> type) throws IOException {
        return type.cast(receive(send(request)));
    }

    ApiVersionsResponse apiVersions(short version) throws IOException {
        ApiVersionsRequestData data = new ApiVersionsRequestData()
                .setClientSoftwareName("runnel-test")
                .setClientSoftwareVersion("1.0");
        return roundTrip(new ApiVersionsRequest(data, version), ApiVersionsResponse.class);
    }

    /** Whether the server closes the connection (rather than answering) within the timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() != -1) {
                // drain anything answered before the close
            }
            return true;
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
