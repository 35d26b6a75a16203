package io.shepherd.alerting.rollback;

import java.nio.charset.StandardCharsets;

import io.shepherd.contract.RollbackSignature;
import io.shepherd.events.RollbackRequested;

/**
 * Signs rollback commands with the router's key ({@link RollbackSignature}); a controller checks them with the same key
 * and rejects forgeries.
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
        return RollbackSignature.signedText(command);
    }

    public String sign(RollbackRequested command) {
        return RollbackSignature.sign(key, command);
    }

    /** Constant-time check of a received command's signature. */
    public boolean verify(RollbackRequested command) {
        return RollbackSignature.verify(key, command);
    }

    @Override
    public String toString() {
        return "RollbackSigner[keyId=" + keyId + "]";
    }
}
