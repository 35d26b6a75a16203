package io.shepherd.serde;

import java.nio.ByteBuffer;

/** Confluent's framing of a serialized record: magic byte 0, the schema id as a 4-byte big-endian int, then the payload. */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /** The schema id of a framed record; a clear error when the bytes are not in the wire format. */
    public static int schemaId(byte[] framed) {
        if (framed.length < HEADER_SIZE) {
            throw new SchemaRegistryException.WrongMagicByte("record of " + framed.length
                    + " bytes is too short for the Confluent wire format (magic byte + 4-byte schema id)");
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new SchemaRegistryException.WrongMagicByte(String.format(
                    "record starts with byte 0x%02x, not the Confluent wire-format magic byte 0x00: it was not written by a schema-registry serializer",
                    framed[0]));
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }
}
