package io.shepherd.projections.elastic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import io.shepherd.projections.document.ProjectionIndex;

/**
 * Puts the index template of every index (explicit, strict mappings from {@code templates/<index>.json}); putting a
 * template is idempotent, so this runs at every start. Indices are created from them on the first write.
 */
public final class IndexTemplates {

    private static final Logger log = LoggerFactory.getLogger(IndexTemplates.class);

    private IndexTemplates() {
    }

    public static void putAll(ElasticsearchClient client) throws IOException {
        for (ProjectionIndex index : ProjectionIndex.values()) {
            put(client, index);
        }
        log.info("index templates of {} indices in place", ProjectionIndex.values().length);
    }

    public static void put(ElasticsearchClient client, ProjectionIndex index) throws IOException {
        try (InputStream json = open(index)) {
            client.indices().putIndexTemplate(t -> t.name(index.indexName()).withJson(json));
        }
    }

    /** Deletes the index (if it exists) and creates it again, empty, from its template. */
    public static void recreate(ElasticsearchClient client, ProjectionIndex index) throws IOException {
        put(client, index);
        if (client.indices().exists(e -> e.index(index.indexName())).value()) {
            client.indices().delete(d -> d.index(index.indexName()));
        }
        client.indices().create(c -> c.index(index.indexName()));
    }

    public static InputStream open(ProjectionIndex index) {
        InputStream in = IndexTemplates.class.getResourceAsStream(index.templateResource());
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing template resource " + index.templateResource()));
        }
        return in;
    }
}
