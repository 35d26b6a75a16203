package io.shepherd.streams.serving;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import io.shepherd.events.ServingStatus;
import io.shepherd.streams.drift.stats.NumericSketch;
import io.shepherd.streams.state.Codec;

/** Requests, errors by kind and a latency digest of one model version in one tumbling window. Mutable, live in a store. */
final class ServingWindow {

    private static final byte FORMAT = 1;
    static final String UNKNOWN_ERROR = "UNKNOWN";

    private long requests;
    private long errors;
    private final Map<String, Long> errorsByKind;
    private final NumericSketch latency;

    ServingWindow() {
        this(0, 0, new TreeMap<>(), new NumericSketch().writtenOften());
    }

    private ServingWindow(long requests, long errors, Map<String, Long> errorsByKind, NumericSketch latency) {
        this.requests = requests;
        this.errors = errors;
        this.errorsByKind = errorsByKind;
        this.latency = latency;
    }

    void add(double latencyMs, ServingStatus status, String errorKind) {
        requests++;
        latency.add(latencyMs);
        if (status == ServingStatus.ERROR) {
            errors++;
            errorsByKind.merge(errorKind == null || errorKind.isBlank() ? UNKNOWN_ERROR : errorKind, 1L, Long::sum);
        }
    }

    long requests() {
        return requests;
    }

    long errors() {
        return errors;
    }

    double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    Map<String, Long> errorsByKind() {
        return Collections.unmodifiableMap(errorsByKind);
    }

    /** The latency quantile in ms; NaN without requests. */
    double latency(double q) {
        return latency.count() == 0 ? Double.NaN : latency.quantile(q);
    }

    double maxLatency() {
        return latency.count() == 0 ? Double.NaN : latency.max();
    }

    static final Codec<ServingWindow> CODEC = new Codec<>() {
        @Override
        public byte[] encode(ServingWindow w) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(FORMAT);
                out.writeLong(w.requests);
                out.writeLong(w.errors);
                out.writeInt(w.errorsByKind.size());
                for (Map.Entry<String, Long> e : w.errorsByKind.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue());
                }
                byte[] sketch = w.latency.toBytes();
                out.writeInt(sketch.length);
                out.write(sketch);
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public ServingWindow decode(byte[] bytes) {
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
                byte format = in.readByte();
                if (format != FORMAT) {
                    throw new IllegalArgumentException("unknown serving window format " + format + ", expected " + FORMAT);
                }
                long requests = in.readLong();
                long errors = in.readLong();
                int kinds = in.readInt();
                Map<String, Long> byKind = new TreeMap<>();
                for (int i = 0; i < kinds; i++) {
                    byKind.put(in.readUTF(), in.readLong());
                }
                byte[] sketch = new byte[in.readInt()];
                in.readFully(sketch);
                return new ServingWindow(requests, errors, byKind, NumericSketch.fromBytes(sketch).writtenOften());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
