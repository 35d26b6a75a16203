package io.shepherd.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a service's principal holds the ACLs of its {@link KafkaAcls.Plan}, asked before it starts, and what an
 * authorization failure at run time says is missing. A service without one of its ACLs fails at once, naming the
 * operation and the resource, instead of stalling with a consumer that polls nothing or a producer that retries.
 *
 * <p>The check asks the broker which operations the principal may perform on each topic the plan names literally
 * ({@code DescribeTopics} with authorized operations, Kafka's public admin API). Prefixed grants (Kafka Streams'
 * internal topics), groups and transactional ids cannot be asked before they exist: their failures are named by
 * {@link #authorizationFailure} when they happen.
 */
public final class KafkaAccessCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAccessCheck.class);

    /** The principal lacks ACLs its service needs. */
    public static final class MissingAclsException extends RuntimeException {
        private final List<String> missing;

        MissingAclsException(String principal, List<String> missing) {
            super(principal + " lacks " + String.join(", ", missing) + " (grant them as ops/kafka-acls.md shows)");
            this.missing = List.copyOf(missing);
        }

        /** Each missing grant, for example {@code Write on topic shepherd.drift-scores}. */
        public List<String> missing() {
            return missing;
        }
    }

    private KafkaAccessCheck() {
    }

    /** How long the start-up check waits for the cluster's answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * Asks with an admin client of these properties (the service's own cluster and security settings).
     *
     * @throws MissingAclsException naming every operation and topic the plan needs and the principal lacks
     */
    public static void require(Map<String, Object> adminProperties, KafkaAcls.Plan plan) {
        try (Admin admin = Admin.create(adminProperties)) {
            require(admin, plan, TIMEOUT);
        }
    }

    /** @throws MissingAclsException naming every operation and topic the plan needs and the principal lacks */
    public static void require(Admin admin, KafkaAcls.Plan plan, Duration timeout) {
        List<String> missing = missing(admin, plan, timeout);
        if (!missing.isEmpty()) {
            throw new MissingAclsException(plan.principal(), missing);
        }
    }

    /** What the plan needs on its literally named topics and the principal does not have, in the plan's order. */
    public static List<String> missing(Admin admin, KafkaAcls.Plan plan, Duration timeout) {
        Map<String, Set<AclOperation>> needed = new LinkedHashMap<>();
        for (KafkaAcls.Grant grant : plan.grants()) {
            if (grant.type() == ResourceType.TOPIC && !grant.prefixed()) {
                grant.names().forEach(t -> needed.computeIfAbsent(t, k -> new LinkedHashSet<>()).addAll(grant.operations()));
            }
        }
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(needed.keySet(),
                new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues();
        List<String> missing = new ArrayList<>();
        needed.forEach((topic, operations) -> {
            Set<AclOperation> held = held(described.get(topic), topic, timeout, missing);
            if (held != null) {
                operations.stream().filter(op -> !held.contains(op))
                        .forEach(op -> missing.add(KafkaAcls.operationName(op) + " on topic " + topic));
            }
        });
        return missing;
    }

    /** The operations held on the topic, or null when there is nothing to compare (recorded in missing if refused). */
    private static Set<AclOperation> held(KafkaFuture<TopicDescription> future, String topic, Duration timeout, List<String> missing) {
        try {
            Set<AclOperation> held = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS).authorizedOperations();
            // No answer (a broker that does not say): nothing to check here; a refusal later still names itself.
            return held == null || held.isEmpty() ? null : held;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                missing.add("Describe on topic " + topic);
            } else if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                LOG.warn("could not ask the cluster which ACLs are held on {}; not checked before starting: {}", topic, e.getCause().toString());
            }
            // A missing topic is not a missing ACL: the service reports it as it always has.
            return null;
        } catch (TimeoutException e) {
            LOG.warn("the cluster did not say within {} which ACLs are held on {}; not checked before starting", timeout, topic);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking ACLs", e);
        }
    }

    /**
     * If the failure (or one of its causes) is Kafka refusing an operation for want of an ACL, which operation on
     * which resource, for example {@code Write on topic shepherd.drift-scores}.
     */
    public static Optional<String> authorizationFailure(Throwable failure) {
        boolean sending = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            sending |= message.contains("sending record") || message.contains("send record");
            if (t instanceof TopicAuthorizationException e) {
                return Optional.of((sending ? "Write" : "Read or Describe") + " on topic " + String.join(", ", e.unauthorizedTopics()));
            }
            if (t instanceof GroupAuthorizationException e) {
                return Optional.of("Read on group " + (e.groupId() == null ? "(unnamed)" : e.groupId()));
            }
            if (t instanceof TransactionalIdAuthorizationException e) {
                return Optional.of("Write and Describe on the transactional id: " + e.getMessage());
            }
            if (t instanceof ClusterAuthorizationException e) {
                return Optional.of("an operation on the cluster (IdempotentWrite for an idempotent producer): " + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
