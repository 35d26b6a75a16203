package io.shepherd.streams.pending;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where a record came from. A record the {@link VersionGate} held is released from a punctuator, whose context names no
 * input topic, so the gate marks it with a header naming the topic, partition and offset it was read from; every
 * processor behind the gate asks here instead of the context.
 */
public final class Origin {

    public static final String HEADER = "shepherd.origin";

    private Origin() {
    }

    /** Where it was read from, as a record's metadata. */
    public record Source(String topic, int partition, long offset) implements RecordMetadata {

        String encode() {
            return topic + ":" + partition + ":" + offset;
        }

        static Source decode(String text) {
            int last = text.lastIndexOf(':');
            int before = text.lastIndexOf(':', last - 1);
            return new Source(text.substring(0, before), Integer.parseInt(text.substring(before + 1, last)),
                    Long.parseLong(text.substring(last + 1)));
        }
    }

    /** Empty only where the context has no record metadata either (a processor test's mock context). */
    public static Optional<RecordMetadata> of(ProcessorContext<?, ?> context, Record<?, ?> record) {
        Header marked = record.headers().lastHeader(HEADER);
        if (marked != null) {
            return Optional.of(Source.decode(new String(marked.value(), StandardCharsets.UTF_8)));
        }
        return context.recordMetadata();
    }

    static Headers mark(Headers headers, Source source) {
        return headers.remove(HEADER).add(HEADER, source.encode().getBytes(StandardCharsets.UTF_8));
    }
}
