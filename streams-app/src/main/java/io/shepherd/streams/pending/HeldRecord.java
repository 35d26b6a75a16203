package io.shepherd.streams.pending;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record of a version not announced yet, kept whole (key, value, timestamp, headers and where it was read from) so
 * that once released it is processed exactly as if it had just arrived, and dead-lettered as itself if it is not.
 */
record HeldRecord(String modelId, String version, Origin.Source source, long timestamp, byte[] key, byte[] value, Header[] headers) {

    private static final byte FORMAT = 1;

    /** A header read back from the store. */
    private record Field(String key, byte[] value) implements Header {
    }

    static HeldRecord of(String modelId, String version, Origin.Source source, Record<byte[], byte[]> record) {
        return new HeldRecord(modelId, version, source, record.timestamp(), record.key(), record.value(),
                record.headers().toArray());
    }

    String versionKey() {
        return modelId + "\u0000" + version;
    }

    /** The record as the processors behind the gate read it, marked with its origin. */
    Record<byte[], byte[]> released() {
        Record<byte[], byte[]> record = original();
        Origin.mark(record.headers(), source);
        return record;
    }

    /** The record as a dead letter holds it: as it was read. */
    Record<byte[], byte[]> original() {
        Record<byte[], byte[]> record = new Record<>(key, value, timestamp);
        for (Header header : headers) {
            record.headers().add(header);
        }
        return record;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(modelId);
            out.writeUTF(version);
            out.writeUTF(source.topic());
            out.writeInt(source.partition());
            out.writeLong(source.offset());
            out.writeLong(timestamp);
            writeBytes(out, key);
            writeBytes(out, value);
            out.writeInt(headers.length);
            for (Header header : headers) {
                out.writeUTF(header.key());
                writeBytes(out, header.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static HeldRecord fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("held record of unknown format " + format);
            }
            String modelId = in.readUTF();
            String version = in.readUTF();
            Origin.Source source = new Origin.Source(in.readUTF(), in.readInt(), in.readLong());
            long timestamp = in.readLong();
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            Header[] headers = new Header[in.readInt()];
            for (int i = 0; i < headers.length; i++) {
                headers[i] = new Field(in.readUTF(), readBytes(in));
            }
            return new HeldRecord(modelId, version, source, timestamp, key, value, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }
}
