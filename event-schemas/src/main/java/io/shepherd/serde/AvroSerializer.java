package io.shepherd.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (specific or generic) in the Confluent wire format, registering or looking up their schema
 * under the subject given by the configured strategy. Drop-in for Confluent's KafkaAvroSerializer configuration.
 */
public class AvroSerializer<T> implements Serializer<T> {

    private SchemaRegistryClient registry;
    private AvroSerdeConfig config;
    private boolean isKey;
    private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private final Map<String, SchemaRegistryClient.RegisteredSchema> latestBySubject = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient registry, AvroSerdeConfig config, boolean isKey) {
        this.registry = registry;
        this.config = config;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs);
        this.registry = SchemaRegistries.forConfig(config);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        if (!(data instanceof GenericContainer container)) {
            throw new SerializationException("AvroSerializer writes Avro records; got " + data.getClass().getName());
        }
        Schema schema = container.getSchema();
        String subject = config.subjectNameStrategy(isKey).subject(topic, isKey, schema);
        if (config.useLatestVersion()) {
            SchemaRegistryClient.RegisteredSchema latest = latestBySubject.computeIfAbsent(subject, registry::latest);
            Object datum = latest.schema().equals(schema) ? data : convert(data, schema, latest.schema());
            return frame(latest.id(), latest.schema(), datum);
        }
        int id = config.autoRegisterSchemas() ? registry.register(subject, schema) : registry.lookup(subject, schema);
        return frame(id, schema, data);
    }

    private byte[] frame(int schemaId, Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(ConfluentWireFormat.header(schemaId));
        encode(schema, datum, out);
        return out.toByteArray();
    }

    private void encode(Schema schema, Object datum, ByteArrayOutputStream out) {
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(schema, datum).write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("could not write " + schema.getFullName() + " as Avro: " + e.getMessage(), e);
        }
    }

    /** use.latest.version: the record is written with the subject's latest schema, resolved from its own. */
    private Object convert(T data, Schema own, Schema latest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        encode(own, data, out);
        try {
            return new GenericDatumReader<>(own, latest).read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("record of schema " + own.getFullName()
                    + " cannot be written with the subject's latest schema: " + e.getMessage(), e);
        }
    }

    /** Generated classes carry logical-type conversions (Instant for timestamps); generic records hold raw values. */
    private DatumWriter<Object> writerFor(Schema schema, Object datum) {
        return datum instanceof SpecificRecord
                ? specificWriters.computeIfAbsent(schema, SpecificDatumWriter::new)
                : genericWriters.computeIfAbsent(schema, GenericDatumWriter::new);
    }
}
