package io.shepherd.streams.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.lifecycle.ModelHistory;

/** The model directory's value format: a version byte, then the history as JSON (small, and readable in a dump). */
public final class ModelHistoryCodec {

    private static final byte VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ModelHistoryCodec() {
    }

    public static byte[] encode(ModelHistory history) {
        try {
            byte[] json = JSON.writeValueAsBytes(history);
            byte[] bytes = new byte[json.length + 1];
            bytes[0] = VERSION;
            System.arraycopy(json, 0, bytes, 1, json.length);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelHistory decode(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new IllegalArgumentException("unknown model history format version " + (bytes.length == 0 ? "(empty)" : bytes[0]));
        }
        try {
            return JSON.readValue(Arrays.copyOfRange(bytes, 1, bytes.length), ModelHistory.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Serde<ModelHistory> serde() {
        Serializer<ModelHistory> serializer = (topic, history) -> history == null ? null : encode(history);
        Deserializer<ModelHistory> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
