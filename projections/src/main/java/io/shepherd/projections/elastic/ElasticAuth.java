package io.shepherd.projections.elastic;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code Authorization} header of every request to Elasticsearch: none, basic auth, or an API key. Printed without
 * its secret.
 */
public final class ElasticAuth {

    private static final ElasticAuth NONE = new ElasticAuth(Optional.empty(), "username=<none>, password=<unset>, apiKey=<unset>");

    private final Optional<String> header;
    private final String description;

    private ElasticAuth(Optional<String> header, String description) {
        this.header = header;
        this.description = description;
    }

    public static ElasticAuth none() {
        return NONE;
    }

    public static ElasticAuth basic(String username, Optional<String> password) {
        String token = Base64.getEncoder().encodeToString((username + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8));
        return new ElasticAuth(Optional.of("Basic " + token), "username=" + username + ", password="
                + (password.isPresent() ? "<set>" : "<unset>") + ", apiKey=<unset>");
    }

    /** An API key in the encoded form Elasticsearch returns when it creates one (the {@code encoded} field), used as is. */
    public static ElasticAuth apiKey(String encoded) {
        return new ElasticAuth(Optional.of("ApiKey " + encoded), "username=<none>, password=<unset>, apiKey=<set>");
    }

    public Optional<String> header() {
        return header;
    }

    @Override
    public String toString() {
        return description;
    }
}
