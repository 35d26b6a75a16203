package io.shepherd.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro records. With a target class (or {@code specific.avro.reader=true}) records are
 * resolved from the writer's schema to the generated class, so older and newer writers are both read; otherwise they
 * come back as {@link org.apache.avro.generic.GenericRecord}s in the writer's schema. Every failure is a
 * {@link SchemaRegistryException} saying why, so that callers can dead-letter the record.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private SchemaRegistryClient registry;
    private AvroSerdeConfig config;
    private final Schema targetSchema;
    private final Map<Integer, DatumReader<Object>> readersBySchemaId = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroDeserializer() {
        this.targetSchema = null;
    }

    /** Reads into the given generated class whatever compatible schema the writer used. */
    public AvroDeserializer(Class<T> targetType) {
        this.targetSchema = targetType == null ? null : SpecificData.get().getSchema(targetType);
    }

    public AvroDeserializer(SchemaRegistryClient registry, AvroSerdeConfig config, Class<T> targetType) {
        this(targetType);
        this.registry = registry;
        this.config = config;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs);
        this.registry = SchemaRegistries.forConfig(config);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        int schemaId = ConfluentWireFormat.schemaId(data);
        DatumReader<Object> reader = readersBySchemaId.computeIfAbsent(schemaId, this::readerFor);
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, ConfluentWireFormat.HEADER_SIZE,
                    data.length - ConfluentWireFormat.HEADER_SIZE, null);
            Object value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("trailing bytes after the record");
            }
            return (T) value;
        } catch (IOException | RuntimeException e) {
            throw new SchemaRegistryException("record of " + data.length + " bytes on topic " + topic + " with schema id "
                    + schemaId + " is not valid Avro for that schema: " + e, e);
        }
    }

    private DatumReader<Object> readerFor(int schemaId) {
        Schema writer = registry.schemaById(schemaId);
        Schema reader = targetSchema != null ? targetSchema : config.specificAvroReader() ? specificSchema(writer, schemaId) : null;
        if (reader == null) {
            return new GenericDatumReader<>(writer, writer);
        }
        if (reader.getType() == Schema.Type.RECORD && !reader.getFullName().equals(writer.getFullName())
                && !writer.getAliases().contains(reader.getFullName()) && !reader.getAliases().contains(writer.getFullName())) {
            throw new SchemaRegistryException("schema id " + schemaId + " is " + writer.getFullName() + ", expected " + reader.getFullName());
        }
        return new SpecificDatumReader<>(writer, reader);
    }

    private static Schema specificSchema(Schema writer, int schemaId) {
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new SchemaRegistryException("specific.avro.reader is set but no generated class " + writer.getFullName()
                    + " (schema id " + schemaId + ") is on the classpath");
        }
        return SpecificData.get().getSchema(type);
    }
}
