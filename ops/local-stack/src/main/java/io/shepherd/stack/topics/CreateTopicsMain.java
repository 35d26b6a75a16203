package io.shepherd.stack.topics;

import java.io.FileInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.shepherd.contract.Topics;

/**
 * Creates Shepherd's topics on a real cluster: {@code ops/create-topics --bootstrap-server HOST:PORT [--partitions N |
 * --requests-per-second R --features F --models M [--utilization U]] [--replication-factor N] [--min-insync-replicas N]
 * [--retention P30D] [--command-config client.properties] [--dry-run]}. Existing topics are reported and left alone.
 * With a target load instead of a partition count, the partitions come from {@link PartitionSizing}.
 */
public final class CreateTopicsMain {

    static final String USAGE = "usage: ops/create-topics --bootstrap-server HOST:PORT\n"
            + "       [--partitions N | --requests-per-second R --features F --models M [--utilization 0.5]]\n"
            + "       [--replication-factor N (3)] [--min-insync-replicas N (2)] [--retention ISO-8601 e.g. P30D]\n"
            + "       [--command-config client.properties] [--dry-run]";

    private CreateTopicsMain() {
    }

    /** The parsed command line. */
    record Arguments(String bootstrap, TopicPlan plan, Optional<PartitionSizing> sizing, Optional<String> commandConfig, boolean dryRun) {

        static Arguments parse(List<String> args) {
            String bootstrap = null;
            Optional<Integer> partitions = Optional.empty();
            short replication = 3;
            Optional<Integer> minIsr = Optional.of(2);
            Optional<Duration> retention = Optional.empty();
            Optional<String> commandConfig = Optional.empty();
            boolean dryRun = false;
            Double requestsPerSecond = null;
            Integer features = null;
            Integer models = null;
            double utilization = 0.5;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--dry-run")) {
                    dryRun = true;
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--bootstrap-server" -> bootstrap = value;
                    case "--partitions" -> partitions = Optional.of(Integer.parseInt(value));
                    case "--replication-factor" -> replication = Short.parseShort(value);
                    case "--min-insync-replicas" -> minIsr = Optional.of(Integer.parseInt(value));
                    case "--retention" -> retention = Optional.of(Duration.parse(value));
                    case "--command-config" -> commandConfig = Optional.of(value);
                    case "--requests-per-second" -> requestsPerSecond = Double.parseDouble(value);
                    case "--features" -> features = Integer.parseInt(value);
                    case "--models" -> models = Integer.parseInt(value);
                    case "--utilization" -> utilization = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
                }
            }
            if (bootstrap == null && !dryRun) {
                throw new IllegalArgumentException("--bootstrap-server is required\n" + USAGE);
            }
            Optional<PartitionSizing> sizing = Optional.empty();
            if (requestsPerSecond != null || features != null || models != null) {
                if (requestsPerSecond == null || features == null || models == null) {
                    throw new IllegalArgumentException("sizing from a load needs --requests-per-second, --features and --models\n" + USAGE);
                }
                if (partitions.isPresent()) {
                    throw new IllegalArgumentException("give either --partitions or a load to size them from, not both\n" + USAGE);
                }
                sizing = Optional.of(new PartitionSizing(requestsPerSecond, features, models, utilization));
                partitions = Optional.of(sizing.get().partitions());
            }
            Optional<Integer> isr = minIsr.map(m -> Math.min(m, replicationOf(args)));
            return new Arguments(bootstrap, new TopicPlan(partitions, replication, isr, retention), sizing, commandConfig, dryRun);
        }

        /** min.insync.replicas defaults to 2 but never above the replication factor (1 on a one-broker test cluster). */
        private static short replicationOf(List<String> args) {
            int i = args.indexOf("--replication-factor");
            return i >= 0 && i + 1 < args.size() ? Short.parseShort(args.get(i + 1)) : 3;
        }
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments;
        try {
            arguments = Arguments.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("ops/create-topics: " + e.getMessage());
            System.exit(2);
            return;
        }
        arguments.sizing().ifPresent(sizing -> System.out.println(sizing.explain()));
        List<TopicPlan.Planned> planned = arguments.plan().plan(Topics.ALL);
        planned.forEach(p -> System.out.printf("%-30s partitions=%-3d replication=%d %s%n", p.name(), p.partitions(), p.replicationFactor(),
                p.configs()));
        if (arguments.dryRun()) {
            System.out.println("(dry run: nothing created)");
            return;
        }
        System.exit(create(arguments, planned));
    }

    private static int create(Arguments arguments, List<TopicPlan.Planned> planned) throws Exception {
        Properties props = new Properties();
        if (arguments.commandConfig().isPresent()) {
            try (InputStream in = new FileInputStream(arguments.commandConfig().get())) {
                props.load(in);
            }
        }
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, arguments.bootstrap());
        int failures = 0;
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicPlan.Planned p : planned) {
                if (existing.contains(p.name())) {
                    System.out.println("exists, left as it is: " + p.name());
                } else {
                    missing.add(new NewTopic(p.name(), p.partitions(), p.replicationFactor()).configs(p.configs()));
                }
            }
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get();
                    System.out.println("created: " + result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        System.err.println("FAILED: " + result.getKey() + ": " + e.getCause().getMessage());
                        failures++;
                    }
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
