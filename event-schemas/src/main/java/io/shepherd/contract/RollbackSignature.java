package io.shepherd.contract;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.shepherd.events.RollbackRequested;

/**
 * The signature of a rollback command, shared by the router that signs and the deployment controllers that verify:
 * hex HMAC-SHA256 over idempotencyKey, modelId, fromVersion, toVersion, requestedAt (epoch milliseconds) and dryRun,
 * joined by newlines.
 */
public final class RollbackSignature {

    private RollbackSignature() {
    }

    public static String signedText(RollbackRequested command) {
        return String.join("\n", command.getIdempotencyKey(), command.getModelId(), command.getFromVersion(), command.getToVersion(),
                Long.toString(command.getRequestedAt().toEpochMilli()), Boolean.toString(command.getDryRun()));
    }

    public static String sign(byte[] key, RollbackRequested command) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("the rollback HMAC key is empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signedText(command).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time check of a received command's signature; a missing signature is a forgery. */
    public static boolean verify(byte[] key, RollbackRequested command) {
        String signature = command.getSignature() == null ? "" : command.getSignature();
        return MessageDigest.isEqual(sign(key, command).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }
}
