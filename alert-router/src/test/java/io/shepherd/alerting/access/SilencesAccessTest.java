package io.shepherd.alerting.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shepherd.alerting.access.SilencesAccess.Allowed;
import io.shepherd.alerting.access.SilencesAccess.Decision;
import io.shepherd.alerting.access.SilencesAccess.Forbidden;
import io.shepherd.alerting.access.SilencesAccess.Unauthorized;

class SilencesAccessTest {

    private static final List<String> NAMES = List.of("silences.tokens", "silences.read-tokens", "silences.users");
    private static final Credentials CONFIGURED = Credentials.parse(Optional.of("ops:tok-old, ops:tok-new,ci:tok-ci"),
            Optional.of("grafana:tok-read"), Optional.of("ana:pa:ss"), NAMES);
    private static final Map<String, SilencesAccess> SETTINGS = Map.of(
            "none", new SilencesAccess(Credentials.none(), false),
            "auth", new SilencesAccess(CONFIGURED, false),
            "auth+reads-open", new SilencesAccess(CONFIGURED, true),
            "tokens-only", new SilencesAccess(Credentials.parse(Optional.of("ops:tok-new"), Optional.empty(), Optional.empty(), NAMES), false));
    private static final Map<String, Optional<String>> HEADERS = Map.ofEntries(
            Map.entry("-", Optional.empty()),
            Map.entry("old-token", Optional.of("Bearer tok-old")),
            Map.entry("new-token", Optional.of("Bearer tok-new")),
            Map.entry("lowercase-scheme", Optional.of("bearer tok-ci")),
            Map.entry("wrong-token", Optional.of("Bearer tok-nope")),
            Map.entry("empty-bearer", Optional.of("Bearer ")),
            Map.entry("read-token", Optional.of("Bearer tok-read")),
            Map.entry("basic-ana", Optional.of(basic("ana:pa:ss"))),
            Map.entry("basic-ana-wrong", Optional.of(basic("ana:pass"))),
            Map.entry("basic-token-as-password", Optional.of(basic("ops:tok-old"))),
            Map.entry("basic-garbled", Optional.of("Basic !!not-base64")),
            Map.entry("other-scheme", Optional.of("Token tok-old")));

    @ParameterizedTest(name = "{0}: {1} {2} with {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # settings      | method | path                          | credential              | decision
            none            | GET    | /api/silences                 | -                       | allow
            none            | POST   | /api/silences                 | -                       | allow
            none            | POST   | /api/silences                 | wrong-token             | allow
            auth            | GET    | /api/silences                 | -                       | 401
            auth            | GET    | /api/silences/s1              | -                       | 401
            auth            | POST   | /api/silences                 | -                       | 401
            auth            | DELETE | /api/silences/s1              | -                       | 401
            auth            | POST   | /api/silences                 | old-token               | allow:ops
            auth            | POST   | /api/silences                 | new-token               | allow:ops
            auth            | DELETE | /api/silences/s1              | lowercase-scheme        | allow:ci
            auth            | POST   | /api/silences                 | wrong-token             | 401
            auth            | POST   | /api/silences                 | empty-bearer            | 401
            auth            | POST   | /api/silences                 | other-scheme            | 401
            auth            | GET    | /api/silences                 | read-token              | allow:grafana
            auth            | POST   | /api/silences                 | read-token              | 403
            auth            | DELETE | /api/silences/s1              | read-token              | 403
            auth            | POST   | /api/silences                 | basic-ana               | allow:ana
            auth            | POST   | /api/silences                 | basic-ana-wrong         | 401
            auth            | POST   | /api/silences                 | basic-token-as-password | 401
            auth            | GET    | /api/silences                 | basic-garbled           | 401
            auth            | GET    | /api/v2/silences              | -                       | 401
            auth            | GET    | /api/v2/silence/s1            | -                       | 401
            auth            | POST   | /api/v2/silences              | -                       | 401
            auth            | DELETE | /api/v2/silence/s1            | -                       | 401
            auth            | GET    | /api/v2/silences              | read-token              | allow:grafana
            auth            | POST   | /api/v2/silences              | read-token              | 403
            auth            | DELETE | /api/v2/silence/s1            | read-token              | 403
            auth            | POST   | /api/v2/silences              | new-token               | allow:ops
            auth            | DELETE | /api/v2/silence/s1            | basic-ana               | allow:ana
            auth            | GET    | /actuator/health              | -                       | allow
            auth            | GET    | /-/healthy                    | -                       | allow
            auth            | HEAD   | /-/ready                      | wrong-token             | allow
            auth            | POST   | /-/ready                      | -                       | 401
            auth            | GET    | /-/reload                     | -                       | 401
            auth            | GET    | /actuator/health/readiness    | wrong-token             | allow
            auth            | GET    | /actuator/prometheus          | -                       | allow
            auth            | GET    | /actuator/metrics/jvm.threads | -                       | allow
            auth            | POST   | /actuator/health              | -                       | 401
            auth            | GET    | /actuator/healthz             | -                       | 401
            auth            | GET    | /actuator/env                 | -                       | 401
            auth            | GET    | /                             | -                       | 401
            auth+reads-open | GET    | /api/silences                 | -                       | allow
            auth+reads-open | GET    | /api/silences/s1              | wrong-token             | allow
            auth+reads-open | POST   | /api/silences                 | -                       | 401
            auth+reads-open | GET    | /api/v2/silence/s1            | -                       | allow
            auth+reads-open | POST   | /api/v2/silences              | read-token              | 403
            auth+reads-open | DELETE | /api/silences/s1              | read-token              | 403
            auth+reads-open | DELETE | /api/silences/s1              | new-token               | allow:ops
            tokens-only     | POST   | /api/silences                 | basic-ana               | 401
            tokens-only     | POST   | /api/silences                 | new-token               | allow:ops
            """)
    void decidesByPathMethodCredentialAndSettings(String settings, String method, String path, String credential, String expected) {
        Decision decision = SETTINGS.get(settings).decide(method, path, HEADERS.get(credential));

        assertThat(summary(decision)).isEqualTo(expected);
    }

    @Test
    void aMissingCredentialIsChallengedForEverySchemeConfiguredAndAWrongTokenIsNamedInvalid() {
        SilencesAccess access = SETTINGS.get("auth");

        assertThat(((Unauthorized) access.decide("POST", "/api/silences", Optional.empty())).challenges()).containsExactly(
                "Bearer realm=\"shepherd-alert-router\"", "Basic realm=\"shepherd-alert-router\", charset=\"UTF-8\"");
        assertThat(((Unauthorized) access.decide("POST", "/api/silences", Optional.of("Bearer x"))).challenges()).first()
                .isEqualTo("Bearer realm=\"shepherd-alert-router\", error=\"invalid_token\"");
        assertThat(((Unauthorized) SETTINGS.get("tokens-only").decide("GET", "/api/silences", Optional.empty())).challenges())
                .containsExactly("Bearer realm=\"shepherd-alert-router\"");
        assertThat(((Forbidden) access.decide("DELETE", "/api/silences/s1", Optional.of("Bearer tok-read"))).challenge())
                .isEqualTo("Bearer realm=\"shepherd-alert-router\", error=\"insufficient_scope\"");
    }

    @Test
    void credentialsShowOnlyTheirNamesAndAMalformedEntryIsNamedWithoutItsSecret() {
        assertThat(CONFIGURED.describe()).isEqualTo("tokens[ops, ci] read-tokens[grafana] users[ana]")
                .doesNotContain("tok-old").doesNotContain("pa:ss");
        assertThat(Credentials.none().describe()).isEqualTo("none");
        assertThat(Credentials.none().enabled()).isFalse();
        assertThatThrownBy(() -> Credentials.parse(Optional.of("ops:tok-1,s3cr3t-without-name"), Optional.empty(), Optional.empty(), NAMES))
                .hasMessageContaining("silences.tokens: entry 2 must be name:secret").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> Credentials.parse(Optional.empty(), Optional.empty(), Optional.of("ana:"), NAMES))
                .hasMessageContaining("silences.users: entry 1");
    }

    private static String summary(Decision decision) {
        if (decision instanceof Allowed allowed) {
            return allowed.author().map(a -> "allow:" + a).orElse("allow");
        }
        return decision instanceof Forbidden ? "403" : "401";
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
