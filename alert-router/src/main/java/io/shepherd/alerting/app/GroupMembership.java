package io.shepherd.alerting.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import io.shepherd.alerting.AlertRouterConfig;

/**
 * How the health listener belongs to the router's consumer group: as a static member (KIP-345, {@code
 * group.instance.id}). A router killed without closing (kill -9, out of memory, a lost node) keeps its member in the
 * group until the session times out (45 s); a dynamic member restarted meanwhile gets nothing until then. A static
 * member restarted with the same id takes the dead one's place and its partitions at once. The new consumer protocol
 * ({@code group.protocol=consumer}, KIP-848) was not chosen: it, too, keeps a dead member's partitions until its
 * session times out, and its static membership works the same way as the classic protocol's.
 *
 * <p>The id defaults to {@code <hostname>-<http port>}: two instances never share it, since two on one host cannot
 * bind the same port (a container's hostname is its own). Without a hostname, or with an ephemeral port (0), there is
 * no static membership. A graceful stop still leaves the group (KIP-1092 {@code LEAVE_GROUP}), so in a deployment of
 * several routers the others take over a stopped one's partitions at once rather than after the session timeout.
 */
final class GroupMembership {

    private GroupMembership() {
    }

    /** The configured id, or the derived default; empty for no static membership. */
    static Optional<String> instanceId(String configured, Optional<String> hostname, int httpPort) {
        if (AlertRouterConfig.NO_INSTANCE_ID.equalsIgnoreCase(configured.strip())) {
            return Optional.empty();
        }
        if (!configured.isBlank()) {
            return Optional.of(configured.strip());
        }
        return httpPort > 0 ? hostname.filter(h -> !h.isBlank()).map(h -> h + "-" + httpPort) : Optional.empty();
    }

    static Optional<String> instanceId(AlertRouterConfig config) {
        return instanceId(config.instanceId(), hostname(), config.httpPort());
    }

    /** Consumer properties of the group member, with its static id when it has one. */
    static Map<String, Object> memberProps(AlertRouterConfig config, Map<String, Object> consumerProps) {
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        instanceId(config).ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return props;
    }

    /** A consumer factory whose consumers leave the group when closed, static members included. */
    static <K, V> DefaultKafkaConsumerFactory<K, V> leavingOnClose(Map<String, Object> props, Deserializer<K> keys, Deserializer<V> values) {
        return new DefaultKafkaConsumerFactory<>(props, keys, values) {
            @Override
            protected Consumer<K, V> createRawConsumer(Map<String, Object> configProps) {
                return new LeavingConsumer<>(configProps, getKeyDeserializer(), getValueDeserializer());
            }
        };
    }

    private static Optional<String> hostname() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.strip());
        }
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Leaves the group when closed. Spring's listener container unsubscribes right before it closes; for a static
     * member that drops the member id without telling the coordinator, after which the close could not leave. So
     * unsubscribing waits for the close, which leaves the group and gives up every partition at once.
     */
    private static final class LeavingConsumer<K, V> extends KafkaConsumer<K, V> {

        LeavingConsumer(Map<String, Object> props, Deserializer<K> keys, Deserializer<V> values) {
            super(props, keys, values);
        }

        @Override
        public void unsubscribe() {
            // deferred to close()
        }

        @Override
        public void close() {
            close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }
}
