package io.shepherd.alerting.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupMembershipTest {

    @ParameterizedTest(name = "instance.id ''{0}'' on host ''{1}'' port {2} -> ''{3}''")
    @CsvSource(value = {
            "'', router-7f9c, 8090, router-7f9c-8090",
            "'', router-7f9c, 8091, router-7f9c-8091",
            "router-a, router-7f9c, 8090, router-a",
            "none, router-7f9c, 8090, ''",
            "NONE, router-7f9c, 8090, ''",
            "'', '', 8090, ''",
            "'', router-7f9c, 0, ''"}, nullValues = "null")
    void theDefaultIdIsHostnameAndPortAndThereIsNoneWithoutAUniqueOne(String configured, String host, int port, String expected) {
        Optional<String> hostname = host.isEmpty() ? Optional.empty() : Optional.of(host);

        assertThat(GroupMembership.instanceId(configured, hostname, port).orElse("")).isEqualTo(expected);
    }
}
