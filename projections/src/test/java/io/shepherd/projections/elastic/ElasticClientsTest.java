package io.shepherd.projections.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

class ElasticClientsTest {

    @Test
    void aRequestThatIsNeverAnsweredFailsAfterTheResponseTimeoutInsteadOfWaitingForever() throws Exception {
        // A server on loopback that takes the connection and the request and never answers.
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread swallow = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        accepted.add(s);
                        InputStream in = s.getInputStream();
                        new Thread(() -> {
                            try {
                                in.transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (java.io.IOException e) {
                                // closed at the end of the test
                            }
                        }).start();
                    }
                } catch (java.io.IOException e) {
                    // the server socket was closed
                }
            }, "black-hole");
            swallow.setDaemon(true);
            swallow.start();
            ElasticsearchClient client = ElasticClients.create(ElasticConnection.plain("http://127.0.0.1:" + server.getLocalPort()),
                    Duration.ofSeconds(1));

            long started = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(client::info).hasStackTraceContaining("imeout"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(accepted).isNotEmpty();
            for (Socket s : accepted) {
                s.close();
            }
        }
        assertThat(ElasticClients.RESPONSE_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
    }
}
