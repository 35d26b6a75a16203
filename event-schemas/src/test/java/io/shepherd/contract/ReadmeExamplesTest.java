package io.shepherd.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every event in EventSchemas has an example in README.md, and every example encodes with its schema. */
class ReadmeExamplesTest {

    private static final Pattern EXAMPLE = Pattern.compile("^### (\\w+).*?```json\\n(.*?)```", Pattern.MULTILINE | Pattern.DOTALL);

    @Test
    void everyEventHasAnExampleThatItsSchemaEncodes() throws Exception {
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher m = EXAMPLE.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            examples.put(m.group(1), m.group(2));
        }

        assertThat(examples.keySet()).containsExactlyInAnyOrderElementsOf(EventSchemas.ALL.stream().map(Schema::getName).toList());
        for (Schema schema : EventSchemas.ALL) {
            JsonNode json = new ObjectMapper().readTree(examples.get(schema.getName()));
            GenericRecord record = (GenericRecord) toAvro(json, schema, schema.getName());

            assertThat(roundTrip(record)).as(schema.getName()).isEqualTo(record);
        }
    }

    private static GenericRecord roundTrip(GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(record.getSchema()).read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    /** Plain JSON, as a Python or JavaScript producer would hand it to its serializer, to an Avro datum. */
    private static Object toAvro(JsonNode node, Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD -> {
                require(node.isObject(), path, "an object");
                GenericRecord record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    require(node.has(field.name()), path + "." + field.name(), "present");
                    record.put(field.name(), toAvro(node.get(field.name()), field.schema(), path + "." + field.name()));
                }
                for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                    String name = names.next();
                    require(schema.getField(name) != null, path + "." + name, "a field of " + schema.getName());
                }
                return record;
            }
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    try {
                        return toAvro(node, branch, path);
                    } catch (AvroTypeException e) {
                        // try the next branch
                    }
                }
                throw new AvroTypeException(path + " matches no branch of " + schema);
            }
            case NULL -> {
                require(node.isNull(), path, "null");
                return null;
            }
            case STRING -> {
                require(node.isTextual(), path, "a string");
                return node.asText();
            }
            case ENUM -> {
                require(node.isTextual() && schema.getEnumSymbols().contains(node.asText()), path, "one of " + schema.getEnumSymbols());
                return new GenericData.EnumSymbol(schema, node.asText());
            }
            case LONG, INT -> {
                require(node.isIntegralNumber(), path, "a whole number");
                return schema.getType() == Schema.Type.INT ? (Object) node.intValue() : (Object) node.longValue();
            }
            case DOUBLE, FLOAT -> {
                require(node.isNumber(), path, "a number");
                return schema.getType() == Schema.Type.FLOAT ? (Object) node.floatValue() : (Object) node.doubleValue();
            }
            case BOOLEAN -> {
                require(node.isBoolean(), path, "true or false");
                return node.booleanValue();
            }
            case BYTES -> {
                require(node.isTextual(), path, "a string of bytes");
                return ByteBuffer.wrap(node.asText().getBytes(StandardCharsets.ISO_8859_1));
            }
            case ARRAY -> {
                require(node.isArray(), path, "an array");
                List<Object> items = new ArrayList<>();
                node.forEach(item -> items.add(toAvro(item, schema.getElementType(), path + "[]")));
                return items;
            }
            case MAP -> {
                require(node.isObject(), path, "an object");
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), toAvro(e.getValue(), schema.getValueType(), path + "." + e.getKey())));
                return map;
            }
            default -> throw new AvroTypeException(path + ": unsupported type " + schema.getType());
        }
    }

    private static void require(boolean condition, String path, String what) {
        if (!condition) {
            throw new AvroTypeException(path + " must be " + what);
        }
    }
}
