package io.shepherd.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A failure to (de)serialize through the schema registry. Subtypes say which failure it is; {@link #retriable()} says
 * whether trying again later can succeed (the registry was down) or the record itself is at fault (dead-letter it).
 */
public class SchemaRegistryException extends SerializationException {

    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the same call may succeed later: the record is fine, a service was not. */
    public boolean retriable() {
        return false;
    }

    /** A short machine-readable reason, used as the dead-letter reason. */
    public String reason() {
        return "UNDECODABLE";
    }

    /** The bytes do not start with the Confluent wire-format magic byte 0, or are too short to hold a schema id. */
    public static final class WrongMagicByte extends SchemaRegistryException {
        public WrongMagicByte(String message) {
            super(message);
        }

        @Override
        public String reason() {
            return "WRONG_MAGIC_BYTE";
        }
    }

    /** The schema id in the record is not known to the registry. */
    public static final class UnknownSchemaId extends SchemaRegistryException {
        private final int schemaId;

        public UnknownSchemaId(int schemaId, String registryMessage) {
            super("schema id " + schemaId + " is not known to the schema registry: " + registryMessage);
            this.schemaId = schemaId;
        }

        public int schemaId() {
            return schemaId;
        }

        @Override
        public String reason() {
            return "UNKNOWN_SCHEMA_ID";
        }
    }

    /** The registry could not be reached, or answered with a server error, after every retry. */
    public static final class RegistryUnavailable extends SchemaRegistryException {
        public RegistryUnavailable(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public boolean retriable() {
            return true;
        }

        @Override
        public String reason() {
            return "REGISTRY_UNAVAILABLE";
        }
    }

    /** The registry refused a schema because it breaks the subject's compatibility rule (HTTP 409). */
    public static final class IncompatibleSchema extends SchemaRegistryException {
        private final String subject;

        public IncompatibleSchema(String subject, String registryMessage) {
            super("schema is not compatible with the latest version of subject " + subject + ": " + registryMessage);
            this.subject = subject;
        }

        public String subject() {
            return subject;
        }

        @Override
        public String reason() {
            return "INCOMPATIBLE_SCHEMA";
        }
    }

    /** The schema is not registered under the subject and auto.register.schemas is off, or the subject does not exist. */
    public static final class NotRegistered extends SchemaRegistryException {
        public NotRegistered(String message) {
            super(message);
        }

        @Override
        public String reason() {
            return "SCHEMA_NOT_REGISTERED";
        }
    }

    /** The registry answered with a client error we did not expect (bad request, unauthorized). */
    public static final class Rejected extends SchemaRegistryException {
        private final int status;

        public Rejected(int status, String message) {
            super("schema registry answered HTTP " + status + ": " + message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The registry's schema (or one it references) cannot be parsed or resolved: the record cannot be read with it. */
    public static final class UnusableSchema extends SchemaRegistryException {

        public UnusableSchema(String what, String reason, Throwable cause) {
            super(what + " cannot be used: " + reason, cause);
        }

        @Override
        public String reason() {
            return "UNUSABLE_SCHEMA";
        }
    }
}
