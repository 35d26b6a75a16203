package io.shepherd.streams.drift;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import io.shepherd.events.FeaturesObserved;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.ConfluentWireFormat;
import io.shepherd.serde.SchemaRegistryClient;

/**
 * Reads FeaturesObserved records (Confluent wire format) into {@link Observation}s. Records whose writer schema has
 * the generated class's binary layout (the same parsing canonical form: every producer of this schema version) are
 * read straight from their bytes: ids, feature names and categories come from {@link StringPool}s, and no
 * intermediate record is built. Avro's resolving reader was a fifth of the drift processor's time, most of it
 * building a new String for every feature name of every event.
 *
 * <p>Records of any other writer schema, and every record this reader finds malformed, are read by the
 * {@link AvroDeserializer}: schema resolution, and the errors (and so the dead-letter reasons) of bad records, stay
 * the deserializer's. For a well-formed record both ways give equal observations (FeaturesReaderTest).
 */
final class FeaturesReader {

    private static final List<String> FIELDS = List.of("eventId", "requestId", "modelId", "modelVersion", "eventTime", "features");
    private static final long LAYOUT = layoutOf(FeaturesObserved.getClassSchema());

    private final AvroDeserializer<FeaturesObserved> deserializer;
    private final SchemaRegistryClient registry;
    private final Map<Integer, Boolean> sameLayout = new HashMap<>();
    private final StringPool names = new StringPool(4096);
    private final StringPool categories = new StringPool(8192);
    private long readDirectly;

    /** @param deserializer reads through the same registry, for the records this reader does not read itself */
    FeaturesReader(SchemaRegistryClient registry, AvroDeserializer<FeaturesObserved> deserializer) {
        this.registry = registry;
        this.deserializer = deserializer;
    }

    /** @throws io.shepherd.serde.SchemaRegistryException as the deserializer throws it */
    Observation read(String topic, byte[] framed) {
        int schemaId = ConfluentWireFormat.schemaId(framed);
        if (sameLayout.computeIfAbsent(schemaId, id -> LAYOUT != 0 && layoutOf(registry.schemaById(id)) == LAYOUT)) {
            Observation observation = new Cursor(framed).observation();
            if (observation != null) {
                readDirectly++;
                return observation;
            }
        }
        return Observation.of(deserializer.deserialize(topic, framed));
    }

    /** Records read from their bytes, not by the deserializer. */
    long readDirectly() {
        return readDirectly;
    }

    /** The fingerprint of the binary layout, or 0 for a schema other than the one this reader knows. */
    private static long layoutOf(Schema schema) {
        boolean known = schema.getType() == Schema.Type.RECORD
                && schema.getFields().stream().map(Schema.Field::name).toList().equals(FIELDS);
        return known ? SchemaNormalization.parsingFingerprint64(schema) : 0;
    }

    /** One record's bytes, read in the writer schema's order; null from {@link #observation} on anything malformed. */
    private final class Cursor {
        private final byte[] bytes;
        private int pos = ConfluentWireFormat.HEADER_SIZE;
        private boolean malformed;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        Observation observation() {
            String eventId = string(null);
            skipString();
            String modelId = string(names);
            String modelVersion = string(names);
            long eventTime = readLong();
            Map<String, Object> features = features();
            return malformed || pos != bytes.length ? null : new Observation(eventId, modelId, modelVersion, eventTime, features);
        }

        private Map<String, Object> features() {
            // as Avro builds it (same capacity, same order of puts), so iteration order is the same too
            Map<String, Object> features = new HashMap<>();
            for (long block = blockCount(); block > 0 && !malformed; block = blockCount()) {
                for (long i = 0; i < block && !malformed; i++) {
                    String name = string(names);
                    features.put(name, value());
                }
            }
            return features;
        }

        private Object value() {
            long branch = readLong();
            if (branch == 0) {
                return null;
            }
            if (branch == 1) {
                return readDouble();
            }
            if (branch == 2) {
                return string(categories);
            }
            if (branch == 3) {
                return floats();
            }
            malformed = true;
            return null;
        }

        private List<Float> floats() {
            List<Float> vector = new ArrayList<>();
            for (long block = blockCount(); block > 0 && !malformed; block = blockCount()) {
                if (block > (bytes.length - pos) / 4) {
                    malformed = true;
                    return vector;
                }
                for (long i = 0; i < block; i++) {
                    vector.add(Float.intBitsToFloat(littleEndian(4)));
                }
            }
            return vector;
        }

        /** Items in the next block of an array or map; a negative count is followed by the block's size in bytes. */
        private long blockCount() {
            long count = readLong();
            if (count < 0) {
                readLong();
                return -count;
            }
            return count;
        }

        private String string(StringPool pool) {
            int length = stringLength();
            if (malformed) {
                return null;
            }
            String s = pool == null ? new String(bytes, pos, length, StandardCharsets.UTF_8) : pool.get(bytes, pos, length);
            pos += length;
            return s;
        }

        private void skipString() {
            int length = stringLength();
            pos += length;
        }

        private int stringLength() {
            long length = readLong();
            if (length < 0 || length > bytes.length - pos) {
                malformed = true;
                return 0;
            }
            return (int) length;
        }

        private double readDouble() {
            if (bytes.length - pos < 8) {
                malformed = true;
                return 0;
            }
            long lo = littleEndian(4) & 0xFFFFFFFFL;
            long hi = littleEndian(4) & 0xFFFFFFFFL;
            return Double.longBitsToDouble(hi << 32 | lo);
        }

        private int littleEndian(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v |= (bytes[pos++] & 0xFF) << (8 * i);
            }
            return v;
        }

        /** Avro's zig-zag varint long. */
        private long readLong() {
            long raw = 0;
            for (int shift = 0; shift < 64 && pos < bytes.length; shift += 7) {
                byte b = bytes[pos++];
                raw |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            malformed = true;
            return 0;
        }
    }
}
