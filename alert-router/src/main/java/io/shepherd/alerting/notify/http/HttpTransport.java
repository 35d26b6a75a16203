package io.shepherd.alerting.notify.http;

import java.io.IOException;
import java.net.URI;

/** Posts a JSON body; the one piece of HTTP the notifiers need, so their rules stay testable without a network. */
public interface HttpTransport {

    HttpReply postJson(URI url, String body) throws IOException;
}
