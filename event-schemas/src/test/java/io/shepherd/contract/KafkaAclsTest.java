package io.shepherd.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * {@code ops/kafka-acls.md} shows exactly the ACLs of {@link KafkaAcls}: the document an operator follows and the
 * ACLs the secured-cluster test grants cannot drift apart. With {@code SHEPHERD_WRITE_ACLS_DOC=true} the test writes
 * the commands into the document instead.
 */
class KafkaAclsTest {

    static final Path DOC = Path.of("..", "ops", "kafka-acls.md");

    /** The document's code blocks, in order. */
    static List<KafkaAcls.Plan[]> blocks() {
        return List.of(
                new KafkaAcls.Plan[] {KafkaAcls.streamsApp("User:shepherd-streams", "shepherd-streams")},
                new KafkaAcls.Plan[] {KafkaAcls.alertRouter("User:shepherd-alert-router", "shepherd-alert-router")},
                new KafkaAcls.Plan[] {KafkaAcls.projections("User:shepherd-projections", "shepherd-projections")},
                new KafkaAcls.Plan[] {KafkaAcls.servingSystem("User:fraud-serving"), KafkaAcls.deployPipeline("User:deploy-pipeline")},
                new KafkaAcls.Plan[] {KafkaAcls.deploymentController("User:deploy-controller", "deploy-controller")});
    }

    @Test
    void theDocumentsCommandsAreThoseOfThePlans() throws IOException {
        String doc = Files.readString(DOC);
        String expected = withBlocks(doc);
        if ("true".equals(System.getenv("SHEPHERD_WRITE_ACLS_DOC"))) {
            Files.writeString(DOC, expected);
        }
        assertThat(doc).isEqualTo(expected);
    }

    @Test
    void aPlanBecomesOneAllowBindingPerResourceAndOperation() {
        var bindings = KafkaAcls.streamsApp("User:s", "app").bindings();

        assertThat(bindings).hasSize(6 * 2 + 7 * 2 + 1 + 1 + 2 + 1);
        assertThat(bindings).anySatisfy(b -> {
            assertThat(b.pattern().resourceType()).isEqualTo(ResourceType.TRANSACTIONAL_ID);
            assertThat(b.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
            assertThat(b.pattern().name()).isEqualTo("app");
            assertThat(b.entry().operation()).isEqualTo(AclOperation.WRITE);
            assertThat(b.entry().principal()).isEqualTo("User:s");
            assertThat(b.entry().host()).isEqualTo("*");
        });
        assertThat(KafkaAcls.operationName(AclOperation.IDEMPOTENT_WRITE)).isEqualTo("IdempotentWrite");
        assertThat(KafkaAcls.deploymentController("User:c", "g").commands()).isEqualTo("""
                $A --allow-principal User:c --operation Read --operation Describe --topic shepherd.rollback-commands
                $A --allow-principal User:c --operation Read --group g
                $A --allow-principal User:c --operation Write --operation Describe --topic shepherd.lifecycle
                """);
    }

    private static String withBlocks(String doc) {
        Matcher block = Pattern.compile("(?s)```\\n(.*?)```").matcher(doc);
        StringBuilder out = new StringBuilder();
        List<KafkaAcls.Plan[]> plans = blocks();
        int i = 0;
        while (block.find()) {
            assertThat(i).as("code blocks in %s", DOC).isLessThan(plans.size());
            StringBuilder commands = new StringBuilder();
            for (KafkaAcls.Plan plan : plans.get(i++)) {
                commands.append(plan.commands());
            }
            block.appendReplacement(out, Matcher.quoteReplacement("```\n" + commands + "```"));
        }
        block.appendTail(out);
        assertThat(i).as("code blocks in %s", DOC).isEqualTo(plans.size());
        return out.toString();
    }
}
