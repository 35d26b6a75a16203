package io.shepherd.alerting.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.shepherd.alerting.support.Events;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.RollbackRequested;

class RollbackSignerTest {

    private static RollbackRequested command(String toVersion) {
        Instant at = Instant.ofEpochMilli(1764068400000L);
        return RollbackRequested.newBuilder().setIdempotencyKey("rollback:fraud-scorer:v7:1764068400000").setModelId("fraud-scorer")
                .setFromVersion("v7").setToVersion(toVersion).setReason("r").setRequestedAt(at).setDryRun(false)
                .setEvidence(Events.evidence(HealthLevel.EMERGENCY, at)).setSignatureKeyId("k1").setSignature("").build();
    }

    @Test
    void signsTheDocumentedFieldsJoinedByNewlinesWithHmacSha256() {
        // Expected value from Python: hmac.new(b"test-key", "\n".join([...]).encode(), hashlib.sha256).hexdigest()
        assertThat(new RollbackSigner("test-key", "k1").sign(command("v6")))
                .isEqualTo("688b799a9a3b8c909011227087230c00604a0406500788ef80b838deb905302f");
    }

    @Test
    void aTamperedCommandOrAnotherKeyFailsVerification() {
        RollbackSigner signer = new RollbackSigner("test-key", "k1");
        RollbackRequested signed = command("v6");
        signed.setSignature(signer.sign(signed));
        RollbackRequested tampered = RollbackRequested.newBuilder(signed).setToVersion("v1").build();

        assertThat(signer.verify(signed)).isTrue();
        assertThat(signer.verify(tampered)).isFalse();
        assertThat(new RollbackSigner("other-key", "k2").verify(signed)).isFalse();
        assertThat(signer.toString()).doesNotContain("test-key");
    }
}
