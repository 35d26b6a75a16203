package io.shepherd.streams.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A state value as a format byte followed by a body in {@link DataOutputStream}'s formats: for records written at
 * every event, where JSON costs several times the work of the event itself. Reads its own format and hands any other
 * to the codec of the previous format ({@code older}), so a changelog written by the previous release still restores.
 */
public final class BinaryCodec<V> implements Codec<V> {

    /** Writes a value's body. */
    public interface Writer<V> {
        void write(V value, DataOutputStream out) throws IOException;
    }

    /** Reads what the writer wrote. */
    public interface Reader<V> {
        V read(DataInputStream in) throws IOException;
    }

    private final byte format;
    private final String type;
    private final Writer<V> writer;
    private final Reader<V> reader;
    private final Codec<V> older;

    /**
     * @param older the codec of the formats before this one (it must not write {@code format}), or null when there are none
     */
    public BinaryCodec(byte format, Class<V> type, Writer<V> writer, Reader<V> reader, Codec<V> older) {
        this.format = format;
        this.type = type.getSimpleName();
        this.writer = writer;
        this.reader = reader;
        this.older = older;
    }

    @Override
    public byte[] encode(V value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(format);
            writer.write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public V decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == format) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
                V value = reader.read(in);
                if (in.available() > 0) {
                    throw new IllegalArgumentException(type + " format " + format + " with " + in.available() + " bytes left over");
                }
                return value;
            } catch (IOException e) {
                throw new IllegalArgumentException(type + " format " + format + " truncated or corrupt", e);
            }
        }
        if (older == null || bytes.length == 0) {
            throw new IllegalArgumentException("unknown " + type + " format " + (bytes.length == 0 ? "(empty)" : bytes[0])
                    + ", expected " + format);
        }
        return older.decode(bytes);
    }
}
