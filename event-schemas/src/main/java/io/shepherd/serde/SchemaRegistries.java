package io.shepherd.serde;

/** Picks the registry client a serde talks to: {@code mock://<scope>} for the in-memory registry of tests, HTTP otherwise. */
public final class SchemaRegistries {

    public static final String MOCK_SCHEME = "mock://";

    private SchemaRegistries() {
    }

    public static SchemaRegistryClient forConfig(AvroSerdeConfig config) {
        String first = config.registryUrls().get(0);
        if (first.startsWith(MOCK_SCHEME)) {
            return InMemorySchemaRegistry.scope(first.substring(MOCK_SCHEME.length()));
        }
        return new HttpSchemaRegistryClient(config);
    }
}
