package io.shepherd.stack;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.indices.get_mapping.IndexMappingRecord;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real Elasticsearch node from the Maven Central jars, driven by the official Java client. */
class ElasticNodeIT {

    private static final String INDEX = "it-predictions";

    record Prediction(String model, String served_at, double score) {
    }

    @Test
    void startsServesIndexingAndTermsAggregationsAndStopsItsProcess() throws Exception {
        Optional<Path> jdk = ElasticNode.findJdk21();
        if (jdk.isEmpty()) {
            System.out.println("SKIPPED ElasticNodeIT: no JDK 21+ found; set SHEPHERD_ES_JAVA_HOME to run it");
        }
        assumeTrue(jdk.isPresent(), "Elasticsearch 9 needs a JDK 21+ and none was found (set SHEPHERD_ES_JAVA_HOME)");

        Path dataDir = Path.of("target/es-it");
        ElasticNode node = ElasticNode.start(jdk.get(), dataDir, 0);
        long pid = node.pid();
        try (Rest5Client rest = Rest5Client.builder(URI.create(node.httpUrl())).build()) {
            ElasticsearchClient es = new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));

            assertThat(es.info().version().number()).isEqualTo("9.5.3");
            assertThat(es.ping().value()).isTrue();

            createIndexWithExplicitMapping(es);
            assertThat(mappingOf(es).properties().get("score").isDouble()).isTrue();
            assertThat(mappingOf(es).properties().get("served_at").isDate()).isTrue();

            BulkResponse bulk = es.bulk(bulkOf(List.of(
                    new Prediction("fraud-v2", "2026-01-05T10:00:00Z", 0.91),
                    new Prediction("fraud-v2", "2026-01-05T10:01:00Z", 0.12),
                    new Prediction("churn-v1", "2026-01-05T10:02:00Z", 0.55))));
            assertThat(bulk.errors()).isFalse();
            es.indices().refresh(r -> r.index(INDEX));

            SearchResponse<Void> search = es.search(s -> s.index(INDEX).size(0)
                    .aggregations("by_model", a -> a.terms(t -> t.field("model"))), Void.class);
            assertThat(search.hits().total().value()).isEqualTo(3);
            Map<String, Long> countsByModel = search.aggregations().get("by_model").sterms().buckets().array()
                    .stream().collect(Collectors.toMap(b -> b.key().stringValue(), StringTermsBucket::docCount));
            assertThat(countsByModel).containsExactlyInAnyOrderEntriesOf(Map.of("fraud-v2", 2L, "churn-v1", 1L));
        } finally {
            node.close();
        }

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dataDir.resolve("elasticsearch.pid")).doesNotExist();
        node.close(); // idempotent
    }

    private static void createIndexWithExplicitMapping(ElasticsearchClient es) throws Exception {
        if (es.indices().exists(e -> e.index(INDEX)).value()) {
            es.indices().delete(d -> d.index(INDEX)); // left by an earlier run in the same target/
        }
        es.indices().create(c -> c.index(INDEX)
                .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                .mappings(m -> m.dynamic(DynamicMapping.Strict)
                        .properties("model", p -> p.keyword(k -> k))
                        .properties("served_at", p -> p.date(d -> d))
                        .properties("score", p -> p.double_(d -> d))));
    }

    private static TypeMapping mappingOf(ElasticsearchClient es) throws Exception {
        IndexMappingRecord record = es.indices().getMapping(g -> g.index(INDEX)).get(INDEX);
        return record.mappings();
    }

    private static BulkRequest bulkOf(List<Prediction> predictions) {
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (int i = 0; i < predictions.size(); i++) {
            String id = "prediction-" + (i + 1);
            Prediction doc = predictions.get(i);
            bulk.operations(op -> op.index(idx -> idx.index(INDEX).id(id).document(doc)));
        }
        return bulk.build();
    }
}
