package io.shepherd.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A schema registry held in memory, for unit tests, with the semantics of the real one: global ids shared by equal
 * schemas across subjects, versions per subject, and BACKWARD compatibility against the latest version (HTTP 409 there).
 * Serdes configured with {@code schema.registry.url=mock://<scope>} share the instance of that scope.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, Integer> idBySchemaText = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    /** The shared registry of a scope, as named by a {@code mock://scope} URL. */
    public static InMemorySchemaRegistry scope(String name) {
        return SCOPES.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope, so the next test starts from an empty registry. */
    public static void dropScope(String name) {
        SCOPES.remove(name);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        int id = idFor(schema);
        if (versions.contains(id)) {
            return id;
        }
        if (!versions.isEmpty()) {
            Schema latest = byId.get(versions.get(versions.size() - 1));
            var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getResult();
            if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new SchemaRegistryException.IncompatibleSchema(subject, String.valueOf(result.getIncompatibilities()));
            }
        }
        versions.add(id);
        return id;
    }

    @Override
    public synchronized int lookup(String subject, Schema schema) {
        Integer id = idBySchemaText.get(schema.toString());
        if (id == null || !versionsBySubject.getOrDefault(subject, List.of()).contains(id)) {
            throw new SchemaRegistryException.NotRegistered("schema " + schema.getFullName() + " is not registered under subject " + subject);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException.UnknownSchemaId(id, "no such id in the in-memory registry");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException.NotRegistered("subject " + subject + " has no versions");
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(id, versions.size(), byId.get(id));
    }

    private int idFor(Schema schema) {
        return idBySchemaText.computeIfAbsent(schema.toString(), fp -> {
            int id = byId.size() + 1;
            byId.put(id, schema);
            return id;
        });
    }
}
