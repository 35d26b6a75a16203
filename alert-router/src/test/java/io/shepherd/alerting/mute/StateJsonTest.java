package io.shepherd.alerting.mute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shepherd.alerting.nflog.NotificationEntry;
import io.shepherd.alerting.nflog.NotificationEntryJson;
import io.shepherd.alerting.route.Matcher;

class StateJsonTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void silencesAndLogEntriesRoundTrip() {
        Silence silence = new Silence("s1", List.of(Matcher.parse("modelId=\"fraud\""), Matcher.parse("cause!~\"DRIFT|STALE\"")),
                T0, T0.plusSeconds(3600), "ana", "retraining in progress", T0.plusSeconds(5));
        NotificationEntry entry = new NotificationEntry("team/slack/root:{}", Map.of("m:v1:DRIFT", "WARNING"), T0, "delivered");

        assertThat(SilenceJson.read(SilenceJson.write(silence))).isEqualTo(silence);
        assertThat(NotificationEntryJson.read(NotificationEntryJson.write(entry))).isEqualTo(entry);
    }

    @Test
    void aSilenceWrittenBeforeUpdatedAtWasKeptCountsAsUpdatedWhenItStarted() {
        Silence old = SilenceJson.read("""
                {"id": "s1", "matchers": [{"name": "a", "value": "b", "isRegex": false, "isEqual": true}],
                 "startsAt": "2026-11-25T08:00:00Z", "endsAt": "2026-11-25T09:00:00Z", "createdBy": "ana", "comment": "c"}""");

        assertThat(old.updatedAt()).isEqualTo(T0);
    }

    @Test
    void aSilenceReadFromTheApiCanBePostedBackAndOnlyItsUpdateTimeChanges() {
        Silence silence = new Silence("s1", List.of(Matcher.parse("modelId=\"fraud\""), Matcher.parse("cause!~\"DRIFT|STALE\"")),
                T0, T0.plusSeconds(3600), "ana", "retraining", T0);
        ObjectNode read = SilenceJson.toJson(silence);
        read.putObject("status").put("state", "active");

        Silence posted = SilenceJson.fromRequest(read.toString(), "s1", T0.plusSeconds(60));

        assertThat(posted).isEqualTo(new Silence("s1", silence.matchers(), T0, T0.plusSeconds(3600), "ana", "retraining", T0.plusSeconds(60)));
        assertThat(read.path("updatedAt").asText()).isEqualTo("2026-11-25T08:00:00Z");
    }

    @Test
    void aSilenceRequestNeedsMatchersAnEndAnAuthorAndAComment() {
        assertThat(SilenceJson.fromRequest("""
                {"matchers": ["modelId=\\"fraud\\""], "endsAt": "2026-11-25T09:00:00Z", "createdBy": "ana", "comment": "deploy"}""", "id1", T0)
                .startsAt()).isEqualTo(T0);
        assertThatThrownBy(() -> SilenceJson.fromRequest("{\"matchers\": [], \"endsAt\": \"2026-11-25T09:00:00Z\", \"createdBy\": \"a\", \"comment\": \"c\"}", "x", T0))
                .hasMessageContaining("at least one matcher");
        assertThatThrownBy(() -> SilenceJson.fromRequest("{\"matchers\": [\"a=b\"], \"createdBy\": \"a\", \"comment\": \"c\"}", "x", T0))
                .hasMessageContaining("endsAt is required");
        assertThatThrownBy(() -> SilenceJson.fromRequest("{\"matchers\": [\"a=b\"], \"endsAt\": \"2026-11-25T09:00:00Z\", \"comment\": \"c\"}", "x", T0))
                .hasMessageContaining("createdBy");
    }

    @Test
    void anAuthenticatedAuthorIsTheCreatorAndANameTheBodyClaimsIsKeptBesideIt() {
        String body = """
                {"matchers": ["a=b"], "endsAt": "2026-11-25T09:00:00Z", %s "comment": "deploy"}""";

        assertThat(SilenceJson.fromRequest(body.formatted(""), "x", T0, "ops").createdBy()).isEqualTo("ops");
        assertThat(SilenceJson.fromRequest(body.formatted("\"createdBy\": \"ops\","), "x", T0, "ops").createdBy()).isEqualTo("ops");
        assertThat(SilenceJson.fromRequest(body.formatted("\"createdBy\": \"ana\","), "x", T0, "ci").createdBy()).isEqualTo("ci for ana");
        assertThat(SilenceJson.fromRequest(body.formatted("\"createdBy\": \"ci for ana\","), "x", T0, "ci").createdBy())
                .as("posted back by its author").isEqualTo("ci for ana");
        assertThat(SilenceJson.fromRequest(body.formatted("\"createdBy\": \"ci for ana\","), "x", T0, "ops").createdBy())
                .as("changed by someone else").isEqualTo("ops for ci for ana");
    }

    @Test
    void expiringEndsASilenceNowAndItsStateFollowsTheClock() {
        Silence silence = new Silence("s1", List.of(Matcher.parse("a=b")), T0, T0.plusSeconds(3600), "ana", "why", T0);

        assertThat(silence.state(T0.minusSeconds(1))).isEqualTo("pending");
        assertThat(silence.state(T0)).isEqualTo("active");
        Silence expired = silence.expiredAt(T0.plusSeconds(60));
        assertThat(expired.endsAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(expired.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(expired.state(T0.plusSeconds(60))).isEqualTo("expired");
    }

    @Test
    void aSilenceExpiredBeforeOrAsItBeginsNeverMutesAndIsExpiredAtOnce() {
        Silence silence = new Silence("s1", List.of(Matcher.parse("a=b")), T0, T0.plusSeconds(3600), "ana", "why", T0.minusSeconds(600));

        Silence beforeItBegins = silence.expiredAt(T0.minusSeconds(60));
        Silence asItBegins = silence.expiredAt(T0);

        assertThat(beforeItBegins.state(T0.minusSeconds(60))).isEqualTo("expired");
        assertThat(List.of(beforeItBegins.startsAt(), beforeItBegins.endsAt())).containsOnly(T0.minusSeconds(60));
        assertThat(List.of(T0.minusSeconds(60), T0, T0.plusSeconds(1))).noneMatch(beforeItBegins::activeAt);
        assertThat(asItBegins.state(T0)).isEqualTo("expired");
        assertThat(asItBegins.activeAt(T0)).isFalse();
        assertThat(SilenceJson.read(SilenceJson.write(beforeItBegins))).isEqualTo(beforeItBegins);
        assertThatThrownBy(() -> SilenceJson.fromRequest("""
                {"matchers": ["a=b"], "startsAt": "2026-11-25T08:00:00Z", "endsAt": "2026-11-25T08:00:00Z", "createdBy": "a", "comment": "c"}""",
                "x", T0)).hasMessageContaining("must end after it starts");
    }
}
