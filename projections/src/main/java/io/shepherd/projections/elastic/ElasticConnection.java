package io.shepherd.projections.elastic;

/**
 * How to reach Elasticsearch: its URL, which certificate to trust, and how to authenticate. One value, so the bulk client
 * and the health probe can never disagree; it prints without secrets.
 */
public record ElasticConnection(String url, ElasticTrust trust, ElasticAuth auth) {

    /** The URL without authentication, trusting the JDK's CAs (a local node over plain http). */
    public static ElasticConnection plain(String url) {
        return new ElasticConnection(url, ElasticTrust.jdkDefault(), ElasticAuth.none());
    }
}
