package io.shepherd.streams.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The monitoring policies of all models: defaults plus per-model overrides, each override listing only the fields it
 * changes and merged field by field over the defaults. Immutable: {@link #withModel} returns a new book, so a bad
 * record on the policy topic leaves the current book in force.
 *
 * <p>A book document reads {@code {"defaults": {...}, "models": {"fraud-scorer": {"windowSize": "PT10M"}}}}. Its
 * {@code defaults} are themselves merged over the bundled {@code shepherd-default-policy.json}, so a file states only
 * what it changes. Durations are ISO-8601 strings. Unknown fields, wrong types and invalid values are refused with a
 * {@link PolicyException} naming the model and the field, when the book is built rather than when a window closes.
 */
public final class PolicyBook {

    private static final String DEFAULTS = "policy defaults";

    private final ObjectNode defaultsDocument;
    private final ModelPolicy defaults;
    private final Map<String, ObjectNode> overrides;
    private final Map<String, ModelPolicy> policies;

    private PolicyBook(ObjectNode defaultsDocument, ModelPolicy defaults, Map<String, ObjectNode> overrides,
                       Map<String, ModelPolicy> policies) {
        this.defaultsDocument = defaultsDocument;
        this.defaults = defaults;
        this.overrides = overrides;
        this.policies = policies;
    }

    /** The bundled defaults for every model. */
    public static PolicyBook withDefaultsOnly() {
        ObjectNode document = PolicyJson.bundledDefaults();
        return new PolicyBook(document, PolicyJson.bind(document, DEFAULTS), Map.of(), Map.of());
    }

    /** A book document: optional {@code defaults} over the bundled ones, optional {@code models} over those. */
    public static PolicyBook fromJson(String json) {
        ObjectNode root = PolicyJson.object(PolicyJson.parse(json, "policy book"), "policy book");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("defaults") && !field.equals("models")) {
                throw new PolicyException("policy book", "unknown top-level field '" + field
                        + "'; a policy book has only 'defaults' and 'models'");
            }
        }
        PolicyBook book = withDefaultsOnly();
        if (root.hasNonNull("defaults")) {
            ObjectNode document = PolicyJson.merge(book.defaultsDocument,
                    PolicyJson.object(root.get("defaults"), DEFAULTS), DEFAULTS);
            book = new PolicyBook(document, PolicyJson.bind(document, DEFAULTS), Map.of(), Map.of());
        }
        JsonNode models = root.path("models");
        if (!models.isMissingNode() && !models.isNull()) {
            for (Map.Entry<String, JsonNode> model : PolicyJson.object(models, "policy book 'models'").properties()) {
                book = book.withOverride(model.getKey(), model.getValue());
            }
        }
        return book;
    }

    /** Reads a book document from a file; errors name the file as well as the model and field. */
    public static PolicyBook load(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy file " + file, e);
        }
        try {
            return fromJson(json);
        } catch (PolicyException e) {
            throw new PolicyException(file + ": " + e.owner(), e.problem());
        }
    }

    /**
     * This book with one model's override replaced: the value of a record on the compacted policy topic, keyed by
     * model id. A null, blank or JSON {@code null} value (a tombstone) removes the override.
     *
     * @throws PolicyException if the override is not valid; this book is unchanged
     */
    public PolicyBook withModel(String modelId, String policyJson) {
        requireModelId(modelId);
        if (policyJson == null || policyJson.isBlank()) {
            return without(modelId);
        }
        return withOverride(modelId, PolicyJson.parse(policyJson, owner(modelId)));
    }

    /** The policy of a model: its override merged over the defaults, or the defaults when it has none. */
    public ModelPolicy forModel(String modelId) {
        return policies.getOrDefault(modelId, defaults);
    }

    public ModelPolicy defaults() {
        return defaults;
    }

    /** The models that have an override, sorted. */
    public Set<String> modelsWithOverrides() {
        return Collections.unmodifiableSet(new TreeSet<>(overrides.keySet()));
    }

    private PolicyBook withOverride(String modelId, JsonNode override) {
        requireModelId(modelId);
        if (override.isNull()) {
            return without(modelId);
        }
        String owner = owner(modelId);
        ObjectNode changes = PolicyJson.object(override, owner).deepCopy();
        ModelPolicy policy = PolicyJson.bind(PolicyJson.merge(defaultsDocument, changes, owner), owner);
        Map<String, ObjectNode> newOverrides = new TreeMap<>(overrides);
        newOverrides.put(modelId, changes);
        Map<String, ModelPolicy> newPolicies = new TreeMap<>(policies);
        newPolicies.put(modelId, policy);
        return new PolicyBook(defaultsDocument, defaults, Collections.unmodifiableMap(newOverrides),
                Collections.unmodifiableMap(newPolicies));
    }

    private PolicyBook without(String modelId) {
        if (!overrides.containsKey(modelId)) {
            return this;
        }
        Map<String, ObjectNode> newOverrides = new TreeMap<>(overrides);
        newOverrides.remove(modelId);
        Map<String, ModelPolicy> newPolicies = new TreeMap<>(policies);
        newPolicies.remove(modelId);
        return new PolicyBook(defaultsDocument, defaults, Collections.unmodifiableMap(newOverrides),
                Collections.unmodifiableMap(newPolicies));
    }

    private static String owner(String modelId) {
        return "model '" + modelId + "'";
    }

    private static void requireModelId(String modelId) {
        if (modelId == null || modelId.isBlank()) {
            throw new PolicyException("policy book", "a model id must not be blank");
        }
    }
}
