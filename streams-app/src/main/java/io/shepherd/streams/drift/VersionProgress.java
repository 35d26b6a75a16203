package io.shepherd.streams.drift;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.state.Codec;

/**
 * How far the drift engine got with one model version: the end of the last window it scored, the latest event time
 * it saw (the task's stream time is the maximum over its versions), and the escalation state.
 */
public record VersionProgress(long lastScoredWindowEnd, long maxEventTime, HealthState health) {

    public static final long NONE = Long.MIN_VALUE;

    public static VersionProgress initial() {
        return new VersionProgress(NONE, NONE, HealthState.initial());
    }

    public VersionProgress scored(long windowEnd, HealthState newHealth) {
        return new VersionProgress(windowEnd, maxEventTime, newHealth);
    }

    public VersionProgress saw(long eventTime) {
        return eventTime <= maxEventTime ? this : new VersionProgress(lastScoredWindowEnd, eventTime, health);
    }

    /** A version byte, then JSON. */
    public static final Codec<VersionProgress> CODEC = new Codec<>() {
        private static final byte FORMAT = 1;
        private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        @Override
        public byte[] encode(VersionProgress value) {
            try {
                byte[] body = json.writeValueAsBytes(value);
                byte[] bytes = new byte[body.length + 1];
                bytes[0] = FORMAT;
                System.arraycopy(body, 0, bytes, 1, body.length);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public VersionProgress decode(byte[] bytes) {
            if (bytes.length == 0 || bytes[0] != FORMAT) {
                throw new IllegalArgumentException("unknown version progress format");
            }
            try {
                return json.readValue(Arrays.copyOfRange(bytes, 1, bytes.length), VersionProgress.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
