package io.shepherd.alerting.app;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.shepherd.alerting.mute.Silence;
import io.shepherd.alerting.mute.SilenceJson;
import io.shepherd.alerting.mute.Silences;
import io.shepherd.alerting.route.Matcher;

/**
 * Silences on Alertmanager's API v2 paths, with its bodies and status codes ({@code api/v2/openapi.yaml}), so that
 * amtool and Grafana's Alertmanager data source can use them: list, create or update, read, expire. As there, a 400
 * and a POST's 404 carry the reason as a JSON string, a GET's or DELETE's 404 no body.
 */
@RestController
@RequestMapping(path = "/api/v2", produces = MediaType.APPLICATION_JSON_VALUE)
class SilencesController {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STATES = List.of("active", "pending", "expired");

    private final Silences silences;
    private final SilenceChanges changes;
    private final Clock clock;

    SilencesController(Silences silences, SilenceChanges changes, Clock clock) {
        this.silences = silences;
        this.changes = changes;
        this.clock = clock;
    }

    /**
     * {@code filter} (repeated) keeps the silences that have each of these matchers themselves; {@code active},
     * {@code pending} and {@code expired} (default true) say which states to list. The query is read as a map: a
     * single {@code filter} bound to a list would be split at its commas.
     */
    @GetMapping("/silences")
    String list(@RequestParam MultiValueMap<String, String> query) {
        List<Matcher> filter = query.getOrDefault("filter", List.of()).stream().map(Matcher::parse).toList();
        Set<String> states = new HashSet<>();
        STATES.stream().filter(state -> flag(query, state)).forEach(states::add);
        Instant now = clock.instant();
        ArrayNode listed = JSON.createArrayNode();
        silences.query(filter, states, now).forEach(s -> listed.add(SilenceJson.gettable(s, now)));
        return listed.toString();
    }

    /** Creates a silence, or updates the one the body's {@code id} names: 404 when it names none. */
    @PostMapping(path = "/silences", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> post(@RequestBody String body, @RequestAttribute(name = SilencesAuthFilter.AUTHOR, required = false) String author) {
        String given = SilenceJson.requestedId(body);
        boolean update = !given.isBlank();
        Silence silence = changes.requested(body, update ? given : UUID.randomUUID().toString(), Optional.ofNullable(author));
        if (silence.endsAt().isBefore(clock.instant())) {
            throw new IllegalArgumentException("endsAt " + silence.endsAt() + " is in the past");
        }
        if (update && silences.find(given).isEmpty()) {
            return ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON).body(TextNode.valueOf("no silence " + given).toString());
        }
        changes.save(silence, update, Optional.ofNullable(author));
        return ResponseEntity.ok(JSON.createObjectNode().put("silenceID", silence.id()).toString());
    }

    @GetMapping("/silence/{silenceID}")
    ResponseEntity<String> get(@PathVariable String silenceID) {
        return silences.find(silenceID).map(s -> ResponseEntity.ok(SilenceJson.gettable(s, clock.instant()).toString()))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** Expires the silence now; one that already ended stays as it is. */
    @DeleteMapping("/silence/{silenceID}")
    ResponseEntity<String> delete(@PathVariable String silenceID,
            @RequestAttribute(name = SilencesAuthFilter.AUTHOR, required = false) String author) {
        return changes.expire(silenceID, Optional.ofNullable(author)).map(s -> ResponseEntity.ok().<String>build())
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<String> badRequest(IllegalArgumentException e) {
        return badRequest(String.valueOf(e.getMessage()));
    }

    /** Spring's own message would name this method; the caller only needs to know that the body is missing. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<String> noBody(HttpMessageNotReadableException e) {
        return badRequest("a silence is required as the request body");
    }

    private static ResponseEntity<String> badRequest(String reason) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(TextNode.valueOf(reason).toString());
    }

    private static boolean flag(MultiValueMap<String, String> query, String name) {
        String value = query.getFirst(name);
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(name + " must be true or false, not " + value);
    }
}
