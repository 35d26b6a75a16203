package io.shepherd.stack.junit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

import io.shepherd.config.KafkaClientSettings;
import io.shepherd.contract.Topics;
import io.shepherd.stack.KafkaNode;

/**
 * A secured Kafka cluster for a test, as production runs one: a real broker taking SASL_SSL (SCRAM-SHA-512, a
 * certificate made for the test) with the StandardAuthorizer ({@link KafkaNode#startSecured}), the contract's topics,
 * SCRAM users with random passwords, and the ACLs a test grants (applied by the broker before {@link #grant} returns).
 */
public final class SecuredCluster implements AutoCloseable {

    public static final String ADMIN = "admin";

    private final TestCertificates certs;
    private final KafkaNode broker;
    private final Map<String, String> passwords = new LinkedHashMap<>();

    private SecuredCluster(TestCertificates certs, KafkaNode broker, String adminPassword) {
        this.certs = certs;
        this.broker = broker;
        passwords.put(ADMIN, adminPassword);
    }

    /** Starts the broker, creates the users and the contract's topics. */
    public static SecuredCluster start(Path dir, List<String> users) throws IOException {
        TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
        String adminPassword = secret();
        KafkaNode broker = KafkaNode.startSecured(dir.resolve("kafka"), new KafkaNode.Security(certs.serverKeyStore(), certs.password(),
                ADMIN, adminPassword));
        SecuredCluster cluster = new SecuredCluster(certs, broker, adminPassword);
        try (Admin admin = cluster.admin()) {
            List<UserScramCredentialAlteration> created = new ArrayList<>();
            for (String user : users) {
                cluster.passwords.put(user, secret());
                created.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                        cluster.passwords.get(user)));
            }
            admin.alterUserScramCredentials(created).all().get(30, TimeUnit.SECONDS);
            admin.createTopics(Topics.ALL.stream().map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs())).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            cluster.close();
            throw new IOException("preparing the secured cluster failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cluster.close();
            throw new IOException("interrupted", e);
        }
        return cluster;
    }

    /** Grants the ACLs and waits until the broker authorizes with them. */
    public void grant(List<AclBinding> acls) throws Exception {
        try (Admin admin = admin()) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).containsAll(acls)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not apply the ACLs within 30 s");
                }
                Thread.sleep(100);
            }
        }
    }

    /** An admin client as the super user. */
    public Admin admin() {
        return Admin.create(client(ADMIN));
    }

    /** A Kafka client's properties as {@code user}: SASL_SSL, SCRAM-SHA-512, the test's CA. */
    public Map<String, Object> client(String user) {
        Map<String, Object> props = new HashMap<>();
        serviceEnv(user).forEach((name, value) -> props.put(KafkaClientSettings.propertyOfEnv(name), value));
        return props;
    }

    /** The same as a Shepherd service's environment: {@code SHEPHERD_KAFKA_*}, secrets included (as the environment gives them). */
    public Map<String, String> serviceEnv(String user) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("SHEPHERD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("SHEPHERD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("SHEPHERD_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password(user) + "\";");
        env.put("SHEPHERD_KAFKA_SSL_TRUSTSTORE_LOCATION", certs.trustStore().toString());
        env.put("SHEPHERD_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("SHEPHERD_KAFKA_SSL_TRUSTSTORE_PASSWORD", certs.password());
        return env;
    }

    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no user " + user);
        }
        return password;
    }

    /** Every password of the cluster: its users' and its key and trust stores'. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(passwords.values());
        secrets.add(certs.password());
        return secrets;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        broker.close();
    }

    private static String secret() {
        return "pw-" + UUID.randomUUID();
    }
}
