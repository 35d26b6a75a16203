package io.shepherd.alerting.access;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether one HTTP request to the alert router may go on: reads of health and metrics (also on Alertmanager's
 * {@code /-/healthy} and {@code /-/ready}) are always open;
 * everything else (the silences API) asks for a bearer token or a basic-auth user once any credential is configured,
 * reads only when {@code readsOpen} is off. Without credentials every request is let through: the router then binds loopback only
 * (see {@code AlertRouterConfig}). Answers as Alertmanager behind its web config and RFC 6750 do: 401 with a
 * {@code WWW-Authenticate} challenge when the credential is missing or wrong, 403 when a read-only token writes.
 */
public record SilencesAccess(Credentials credentials, boolean readsOpen) {

    static final String REALM = "shepherd-alert-router";
    private static final List<String> OPEN = List.of("/actuator/health", "/actuator/metrics", "/actuator/prometheus", "/actuator/info",
            "/-/healthy", "/-/ready");

    /** What was decided. */
    public sealed interface Decision {
    }

    /** Go on; {@code author} is who the writes are recorded under, empty when no credential was asked for. */
    public record Allowed(Optional<String> author) implements Decision {
    }

    /** 401: each challenge is one {@code WWW-Authenticate} header. */
    public record Unauthorized(List<String> challenges) implements Decision {
    }

    /** 403: {@code who} is known but may only read; {@code challenge} is the {@code WWW-Authenticate} header. */
    public record Forbidden(String who, String challenge) implements Decision {
    }

    /**
     * @param method        the HTTP method
     * @param path          the decoded, normalised path (no query, no path parameters)
     * @param authorization the {@code Authorization} header, if any
     */
    public Decision decide(String method, String path, Optional<String> authorization) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if ((read && open(path)) || !credentials.enabled() || (read && readsOpen)) {
            return new Allowed(Optional.empty());
        }
        Optional<String> scheme = authorization.map(SilencesAccess::scheme);
        Optional<Credentials.Entry> who = authorization.flatMap(this::authenticate);
        if (who.isEmpty()) {
            return new Unauthorized(challenges(scheme.isPresent()));
        }
        if (!read && !who.get().canWrite()) {
            return new Forbidden(who.get().name(), bearer("insufficient_scope"));
        }
        return new Allowed(Optional.of(who.get().name()));
    }

    static boolean open(String path) {
        return OPEN.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    private Optional<Credentials.Entry> authenticate(String header) {
        String scheme = scheme(header);
        String value = header.strip().substring(scheme.length()).strip();
        if (scheme.equals("bearer") && !value.isEmpty()) {
            return credentials.token(value);
        }
        if (scheme.equals("basic")) {
            return basic(value);
        }
        return Optional.empty();
    }

    private Optional<Credentials.Entry> basic(String encoded) {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = pair.indexOf(':');
        return colon < 0 ? Optional.empty() : credentials.user(pair.substring(0, colon), pair.substring(colon + 1));
    }

    private List<String> challenges(boolean presented) {
        List<String> challenges = new ArrayList<>();
        if (credentials.hasTokens()) {
            challenges.add(presented ? bearer("invalid_token") : "Bearer realm=\"" + REALM + "\"");
        }
        if (credentials.hasUsers()) {
            challenges.add("Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        return challenges;
    }

    private static String bearer(String error) {
        return "Bearer realm=\"" + REALM + "\", error=\"" + error + "\"";
    }

    private static String scheme(String header) {
        String stripped = header.strip();
        int space = stripped.indexOf(' ');
        return (space < 0 ? stripped : stripped.substring(0, space)).toLowerCase(Locale.ROOT);
    }
}
