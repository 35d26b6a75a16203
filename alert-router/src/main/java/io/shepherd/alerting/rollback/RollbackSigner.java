package io.shepherd.alerting.rollback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.shepherd.events.RollbackRequested;

/**
 * Signs rollback commands: hex HMAC-SHA256 over idempotencyKey, modelId, fromVersion, toVersion, requestedAt (epoch
 * milliseconds) and dryRun, joined by newlines. A controller checks it with the same key and rejects forgeries.
 */
public final class RollbackSigner {

    private final byte[] key;
    private final String keyId;

    public RollbackSigner(String key, String keyId) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the rollback HMAC key is empty");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }

    public static String signedText(RollbackRequested command) {
        return String.join("\n", command.getIdempotencyKey(), command.getModelId(), command.getFromVersion(), command.getToVersion(),
                Long.toString(command.getRequestedAt().toEpochMilli()), Boolean.toString(command.getDryRun()));
    }

    public String sign(RollbackRequested command) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signedText(command).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time check of a received command's signature. */
    public boolean verify(RollbackRequested command) {
        return java.security.MessageDigest.isEqual(sign(command).getBytes(StandardCharsets.US_ASCII),
                command.getSignature().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "RollbackSigner[keyId=" + keyId + "]";
    }
}
