package io.runnel.broker.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Serializes a response with kafka-clients' generated message classes into a {@link ResponseFrame} without
 * copying record data: the fixed fields go into one heap buffer sized up front, while records fields become
 * separate parts, a {@link SegmentFileRegion} (sendfile) for file-backed records and a wrapping buffer for
 * in-memory ones. Byte fields are wrapped too, as they may be large.
 *
 * <p>Wire format: {@code int32 size} (header plus body, records included), the response header at the API's
 * response header version, the body at the request's API version.
 */
final class ResponseFrameBuilder implements Writable {

    private final List<Object> parts = new ArrayList<>();
    private final RecordsCapture recordsCapture;
    private final ByteBuf fixed;
    private int sealedUpTo;
    private long written;

    private ResponseFrameBuilder(int fixedBytes, NetworkMetrics metrics) {
        this.fixed = Unpooled.buffer(fixedBytes);
        this.recordsCapture = new RecordsCapture(parts, metrics);
    }

    static ResponseFrame build(ResponseHeader header, AbstractResponse body, short apiVersion, NetworkMetrics metrics) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ApiMessage headerData = header.data();
        ApiMessage bodyData = body.data();
        MessageSizeAccumulator headerSize = new MessageSizeAccumulator();
        headerData.addSize(headerSize, cache, header.headerVersion());
        MessageSizeAccumulator bodySize = new MessageSizeAccumulator();
        bodyData.addSize(bodySize, cache, apiVersion);
        int frameSize = headerSize.totalSize() + bodySize.totalSize();

        ResponseFrameBuilder builder =
                new ResponseFrameBuilder(4 + headerSize.totalSize() + bodySize.sizeExcludingZeroCopy(), metrics);
        try {
            builder.writeInt(frameSize);
            headerData.write(builder, cache, header.headerVersion());
            bodyData.write(builder, cache, apiVersion);
            builder.sealFixed();
            if (builder.written != 4L + frameSize) {
                throw new IllegalStateException("Serialized " + body.apiKey() + " v" + apiVersion + " response is "
                        + builder.written + " bytes but its size was computed as " + (4L + frameSize));
            }
            return new ResponseFrame(List.copyOf(builder.parts), builder.written);
        } catch (RuntimeException e) {
            builder.parts.forEach(ReferenceCountUtil::safeRelease);
            throw e;
        } finally {
            builder.fixed.release();
        }
    }

    /** Ends the current run of fixed fields, so the next part can follow it. */
    private void sealFixed() {
        int end = fixed.writerIndex();
        if (end > sealedUpTo) {
            parts.add(fixed.retainedSlice(sealedUpTo, end - sealedUpTo));
            sealedUpTo = end;
        }
    }

    @Override
    public void writeByte(byte val) {
        fixed.writeByte(val);
        written += 1;
    }

    @Override
    public void writeShort(short val) {
        fixed.writeShort(val);
        written += 2;
    }

    @Override
    public void writeInt(int val) {
        fixed.writeInt(val);
        written += 4;
    }

    @Override
    public void writeLong(long val) {
        fixed.writeLong(val);
        written += 8;
    }

    @Override
    public void writeDouble(double val) {
        fixed.writeDouble(val);
        written += 8;
    }

    @Override
    public void writeByteArray(byte[] arr) {
        fixed.writeBytes(arr);
        written += arr.length;
    }

    @Override
    public void writeUnsignedVarint(int i) {
        int value = i;
        while ((value & 0xFFFFFF80) != 0) {
            writeByte((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        writeByte((byte) value);
    }

    @Override
    public void writeVarint(int i) {
        writeUnsignedVarint((i << 1) ^ (i >> 31));
    }

    @Override
    public void writeVarlong(long i) {
        long value = (i << 1) ^ (i >> 63);
        while ((value & 0xFFFFFFFFFFFFFF80L) != 0L) {
            writeByte((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        writeByte((byte) value);
    }

    @Override
    public void writeUuid(Uuid uuid) {
        writeLong(uuid.getMostSignificantBits());
        writeLong(uuid.getLeastSignificantBits());
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        int bytes = buf.remaining();
        if (bytes > 0) {
            sealFixed();
            parts.add(Unpooled.wrappedBuffer(buf.slice()));
            written += bytes;
        }
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records == null || records.sizeInBytes() == 0) {
            return;
        }
        sealFixed();
        RecordsSend<? extends BaseRecords> send = records.toSend();
        try {
            while (!send.completed()) {
                written += send.writeTo(recordsCapture);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot send records " + records, e);
        }
    }
}
