package io.shepherd.serde;

import java.util.Locale;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** Confluent's subject name strategies: which registry subject a topic's key or value schema is registered under. */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: one schema (and its evolution) per topic. Confluent's default. */
    TOPIC_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name: one schema per record type, across topics. */
    RECORD_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return schema.getFullName();
        }
    },
    /** {@code <topic>-<record full name>}: several record types in one topic. */
    TOPIC_RECORD_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + "-" + schema.getFullName();
        }
    };

    public abstract String subject(String topic, boolean isKey, Schema schema);

    /** Accepts Confluent's class names (io.confluent.kafka.serializers.subject.TopicNameStrategy), their simple names, or ours. */
    public static SubjectNameStrategy parse(String value) {
        String simple = value.substring(value.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT).replace("_", "");
        switch (simple) {
            case "topicnamestrategy", "topicname":
                return TOPIC_NAME;
            case "recordnamestrategy", "recordname":
                return RECORD_NAME;
            case "topicrecordnamestrategy", "topicrecordname":
                return TOPIC_RECORD_NAME;
            default:
                throw new ConfigException("unknown subject name strategy '" + value
                        + "': use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        }
    }
}
