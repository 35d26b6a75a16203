package io.shepherd.streams.pending;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class HeldRecordTest {

    @Test
    void roundTripsKeyValueTimestampHeadersAndOrigin() {
        Record<byte[], byte[]> record = new Record<>("fraud".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1, 2}, 42L);
        record.headers().add("trace", "abc".getBytes(StandardCharsets.UTF_8)).add("empty", null);
        HeldRecord held = HeldRecord.of("fraud", "v2", new Origin.Source("shepherd.predictions", 3, 77),
                record);

        HeldRecord back = HeldRecord.fromBytes(held.toBytes());

        assertThat(back.versionKey()).isEqualTo(held.versionKey());
        assertThat(back.source()).isEqualTo(new Origin.Source("shepherd.predictions", 3, 77));
        Record<byte[], byte[]> released = back.released();
        assertThat(released.key()).isEqualTo(record.key());
        assertThat(released.value()).isEqualTo(record.value());
        assertThat(released.timestamp()).isEqualTo(42L);
        assertThat(released.headers().lastHeader("trace").value()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(released.headers().lastHeader("empty").value()).isNull();
        assertThat(new String(released.headers().lastHeader(Origin.HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("shepherd.predictions:3:77");
        assertThat(back.original().headers().lastHeader(Origin.HEADER)).isNull();
    }

    @Test
    void aNullKeyAndValueRoundTrip() {
        HeldRecord held = HeldRecord.of("m", "v", new Origin.Source("t", 0, 0), new Record<>(null, null, 1L));

        HeldRecord back = HeldRecord.fromBytes(held.toBytes());

        assertThat(back.key()).isNull();
        assertThat(back.value()).isNull();
    }
}
