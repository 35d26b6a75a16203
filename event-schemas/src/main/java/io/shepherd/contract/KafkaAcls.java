package io.shepherd.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs each Shepherd service and each producer or consumer of its contract needs: the one source of
 * {@code ops/kafka-acls.md} (whose commands a test keeps equal to {@link #commands}), of the ACLs the secured-cluster
 * test grants, and of what a service checks it has before it starts ({@link KafkaAccessCheck}).
 */
public final class KafkaAcls {

    private KafkaAcls() {
    }

    /** Operations on one or more resources of one type, all literal names or all prefixes. */
    public record Grant(ResourceType type, List<String> names, boolean prefixed, List<AclOperation> operations) {

        public Grant {
            names = List.copyOf(names);
            operations = List.copyOf(operations);
        }

        static Grant topics(List<String> topics, AclOperation... operations) {
            return new Grant(ResourceType.TOPIC, topics, false, List.of(operations));
        }

        static Grant prefixed(ResourceType type, String prefix, AclOperation... operations) {
            return new Grant(type, List.of(prefix), true, List.of(operations));
        }

        static Grant literal(ResourceType type, String name, AclOperation... operations) {
            return new Grant(type, List.of(name), false, List.of(operations));
        }
    }

    /** What one principal needs. */
    public record Plan(String principal, List<Grant> grants) {

        public Plan {
            grants = List.copyOf(grants);
        }

        /** One ALLOW binding per resource and operation, from any host. */
        public List<AclBinding> bindings() {
            List<AclBinding> bindings = new ArrayList<>();
            for (Grant grant : grants) {
                for (String name : grant.names()) {
                    ResourcePattern pattern = new ResourcePattern(grant.type(), name, grant.prefixed() ? PatternType.PREFIXED : PatternType.LITERAL);
                    for (AclOperation operation : grant.operations()) {
                        bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
                    }
                }
            }
            return bindings;
        }

        /** The {@code kafka-acls.sh} commands ({@code $A} is the tool with its connection and {@code --add}). */
        public String commands() {
            StringBuilder out = new StringBuilder();
            for (Grant grant : grants) {
                List<String> words = new ArrayList<>(List.of("$A", "--allow-principal", principal));
                grant.operations().forEach(op -> words.addAll(List.of("--operation", operationName(op))));
                if (grant.prefixed()) {
                    words.addAll(List.of("--resource-pattern-type", "prefixed"));
                }
                for (String name : grant.names()) {
                    if (grant.type() == ResourceType.CLUSTER) {
                        words.add("--cluster");
                    } else {
                        words.addAll(List.of("--" + typeOption(grant.type()), name));
                    }
                }
                out.append(wrap(words)).append('\n');
            }
            return out.toString();
        }
    }

    public static final String CLUSTER = "kafka-cluster";

    static final List<String> INPUTS = List.of(Topics.PREDICTIONS, Topics.FEATURES, Topics.OUTCOMES, Topics.REFERENCE);
    static final List<String> STREAMS_OUTPUTS = List.of(Topics.DRIFT_SCORES, Topics.MODEL_HEALTH, Topics.PERFORMANCE, Topics.SERVING_HEALTH,
            Topics.CHALLENGER_VERDICTS, Topics.RETRAINING_REQUESTS, Topics.DEAD_LETTERS);

    /** The streams app: its inputs and global tables, its outputs, and under exactly-once its internal topics, group and transactional ids. */
    public static Plan streamsApp(String principal, String applicationId) {
        List<String> reads = new ArrayList<>(INPUTS);
        reads.addAll(List.of(Topics.LIFECYCLE, Topics.POLICIES));
        return new Plan(principal, List.of(
                Grant.topics(reads, AclOperation.READ, AclOperation.DESCRIBE_CONFIGS),
                Grant.topics(STREAMS_OUTPUTS, AclOperation.WRITE, AclOperation.DESCRIBE),
                Grant.prefixed(ResourceType.TOPIC, applicationId + "-", AclOperation.ALL),
                Grant.prefixed(ResourceType.GROUP, applicationId, AclOperation.ALL),
                Grant.prefixed(ResourceType.TRANSACTIONAL_ID, applicationId, AclOperation.WRITE, AclOperation.DESCRIBE),
                Grant.literal(ResourceType.CLUSTER, CLUSTER, AclOperation.IDEMPOTENT_WRITE)));
    }

    /** The alert router: health in its group, the state topics from their start, its outputs. */
    public static Plan alertRouter(String principal, String groupId) {
        return new Plan(principal, List.of(
                Grant.topics(List.of(Topics.MODEL_HEALTH, Topics.LIFECYCLE, Topics.POLICIES, Topics.SILENCES, Topics.NOTIFICATION_LOG,
                        Topics.ROLLBACK_COMMANDS), AclOperation.READ, AclOperation.DESCRIBE),
                Grant.topics(List.of(Topics.ALERTS, Topics.INVESTIGATIONS, Topics.ROLLBACK_COMMANDS, Topics.SILENCES, Topics.NOTIFICATION_LOG,
                        Topics.DEAD_LETTERS), AclOperation.WRITE, AclOperation.DESCRIBE),
                Grant.literal(ResourceType.GROUP, groupId, AclOperation.READ),
                Grant.literal(ResourceType.CLUSTER, CLUSTER, AclOperation.IDEMPOTENT_WRITE)));
    }

    /** The projections: read-only on every topic they index. */
    public static Plan projections(String principal, String groupId) {
        return new Plan(principal, List.of(
                Grant.topics(List.of(Topics.DRIFT_SCORES, Topics.MODEL_HEALTH, Topics.PERFORMANCE, Topics.SERVING_HEALTH,
                        Topics.CHALLENGER_VERDICTS, Topics.RETRAINING_REQUESTS, Topics.INVESTIGATIONS, Topics.ALERTS,
                        Topics.ROLLBACK_COMMANDS, Topics.DEAD_LETTERS), AclOperation.READ, AclOperation.DESCRIBE),
                Grant.literal(ResourceType.GROUP, groupId, AclOperation.READ)));
    }

    /** A serving system: writes the events of its models. */
    public static Plan servingSystem(String principal) {
        return new Plan(principal, List.of(Grant.topics(INPUTS, AclOperation.WRITE, AclOperation.DESCRIBE)));
    }

    /** A deployment pipeline: writes the lifecycle and the policies. */
    public static Plan deployPipeline(String principal) {
        return new Plan(principal, List.of(Grant.topics(List.of(Topics.LIFECYCLE, Topics.POLICIES), AclOperation.WRITE, AclOperation.DESCRIBE)));
    }

    /** A deployment controller: reads the rollback commands in its group, writes the ROLLED_BACK lifecycle event. */
    public static Plan deploymentController(String principal, String groupId) {
        return new Plan(principal, List.of(
                Grant.topics(List.of(Topics.ROLLBACK_COMMANDS), AclOperation.READ, AclOperation.DESCRIBE),
                Grant.literal(ResourceType.GROUP, groupId, AclOperation.READ),
                Grant.topics(List.of(Topics.LIFECYCLE), AclOperation.WRITE, AclOperation.DESCRIBE)));
    }

    /** {@code Read}, {@code IdempotentWrite}, {@code DescribeConfigs}: the names kafka-acls.sh takes. */
    public static String operationName(AclOperation operation) {
        StringBuilder out = new StringBuilder();
        for (String part : operation.name().toLowerCase(Locale.ROOT).split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    private static String typeOption(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactional-id";
            default -> throw new IllegalArgumentException("no kafka-acls.sh option for " + type);
        };
    }

    /** Words joined by spaces, lines continued with a backslash before 120 characters. */
    private static String wrap(List<String> words) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            boolean option = word.startsWith("--");
            int pairLength = word.length() + (option && i + 1 < words.size() && !words.get(i + 1).startsWith("--") ? 1 + words.get(i + 1).length() : 0);
            if (i > 0 && option && out.length() - lineStart + 1 + pairLength > 116) {
                out.append(" \\\n  ");
                lineStart = out.length() - 2;
            }
            if (i > 0) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }
}
