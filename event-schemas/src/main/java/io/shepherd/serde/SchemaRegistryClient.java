package io.shepherd.serde;

import org.apache.avro.Schema;

/** The part of the Confluent schema registry API the serdes need. Implementations cache and are thread-safe. */
public interface SchemaRegistryClient {

    /** Registers the schema under the subject (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject, without registering it. */
    int lookup(String subject, Schema schema);

    /** The schema with this global id. */
    Schema schemaById(int id);

    /** The latest version registered under the subject. */
    RegisteredSchema latest(String subject);

    /** A schema as registered: its global id, its version within the subject, and the schema. */
    record RegisteredSchema(int id, int version, Schema schema) {
    }
}
