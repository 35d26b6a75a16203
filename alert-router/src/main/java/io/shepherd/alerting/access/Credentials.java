package io.shepherd.alerting.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may use the silences API: named bearer tokens (several per name, for rotation), read-only tokens and basic-auth
 * users, each written {@code name:secret} and separated by commas. Secrets are kept only as SHA-256 digests and
 * compared in constant time; nothing here ever prints one.
 */
public final class Credentials {

    /** One configured secret: the name it records writes under, whether it may write, the digest of the secret. */
    record Entry(String name, boolean canWrite, byte[] digest) {
    }

    private final List<Entry> tokens;
    private final List<Entry> users;

    private Credentials(List<Entry> tokens, List<Entry> users) {
        this.tokens = List.copyOf(tokens);
        this.users = List.copyOf(users);
    }

    public static Credentials none() {
        return new Credentials(List.of(), List.of());
    }

    /**
     * Parses the three settings' values; {@code settingNames} name them in errors, which never quote a secret.
     *
     * @throws IllegalArgumentException when an entry has no name or no secret
     */
    public static Credentials parse(Optional<String> tokens, Optional<String> readTokens, Optional<String> users,
            List<String> settingNames) {
        List<Entry> bearer = new ArrayList<>(entries(tokens, true, settingNames.get(0)));
        bearer.addAll(entries(readTokens, false, settingNames.get(1)));
        return new Credentials(bearer, entries(users, true, settingNames.get(2)));
    }

    /** Some credential is configured, so the API asks for one. */
    public boolean enabled() {
        return !tokens.isEmpty() || !users.isEmpty();
    }

    boolean hasTokens() {
        return !tokens.isEmpty();
    }

    boolean hasUsers() {
        return !users.isEmpty();
    }

    /** The entry whose token this is; every entry is compared, so the time taken does not say which one matched. */
    Optional<Entry> token(String presented) {
        return match(tokens, null, presented);
    }

    Optional<Entry> user(String name, String password) {
        return match(users, name, password);
    }

    /** Names only, for the startup printout: {@code tokens[ops, ci] read-tokens[grafana] users[ana]}. */
    public String describe() {
        if (!enabled()) {
            return "none";
        }
        return "tokens" + names(tokens, true) + " read-tokens" + names(tokens, false) + " users" + names(users, true);
    }

    @Override
    public String toString() {
        return "Credentials[" + describe() + "]";
    }

    private static Optional<Entry> match(List<Entry> entries, String name, String secret) {
        byte[] digest = sha256(secret);
        Entry found = null;
        for (Entry e : entries) {
            boolean same = MessageDigest.isEqual(e.digest(), digest) & (name == null || e.name().equals(name));
            if (same && found == null) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    private static List<Entry> entries(Optional<String> value, boolean canWrite, String setting) {
        List<Entry> entries = new ArrayList<>();
        String[] items = value.orElse("").split(",");
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.indexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                throw new IllegalArgumentException(setting + ": entry " + (i + 1) + " must be name:secret (the name is"
                        + " what writes are recorded under)");
            }
            entries.add(new Entry(item.substring(0, colon).strip(), canWrite, sha256(item.substring(colon + 1))));
        }
        return entries;
    }

    private static String names(List<Entry> entries, boolean canWrite) {
        return entries.stream().filter(e -> e.canWrite() == canWrite).map(Entry::name).distinct().toList().toString();
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
