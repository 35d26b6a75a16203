package io.shepherd.alerting.app;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.shepherd.alerting.mute.Silence;
import io.shepherd.alerting.mute.SilenceJson;
import io.shepherd.alerting.mute.Silences;

/**
 * The silences API as it was before Alertmanager's paths ({@link SilencesController}): deprecated, kept so that
 * scripts written for it go on working. It answers as it did: {@code {"silenceId"}} on a create, a new silence for an
 * {@code id} that names none, errors as {@code {"error"}}, the expired silence on a DELETE.
 */
@RestController
@RequestMapping(path = "/api/silences", produces = MediaType.APPLICATION_JSON_VALUE)
class LegacySilencesController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Silences silences;
    private final SilenceChanges changes;
    private final Clock clock;

    LegacySilencesController(Silences silences, SilenceChanges changes, Clock clock) {
        this.silences = silences;
        this.changes = changes;
        this.clock = clock;
    }

    @GetMapping
    String list() {
        Instant now = clock.instant();
        ArrayNode all = JSON.createArrayNode();
        silences.all().forEach(s -> all.add(SilenceJson.gettable(s, now)));
        return all.toString();
    }

    @GetMapping("/{id}")
    ResponseEntity<String> get(@PathVariable String id) {
        return silences.find(id).map(s -> ResponseEntity.ok(SilenceJson.gettable(s, clock.instant()).toString()))
                .orElseGet(() -> notFound(id));
    }

    /** A body with the {@code id} of an existing silence replaces it; otherwise a new silence gets a new id. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    String create(@RequestBody String body, @RequestAttribute(name = SilencesAuthFilter.AUTHOR, required = false) String author) {
        String given = SilenceJson.requestedId(body);
        boolean replaces = !given.isBlank() && silences.find(given).isPresent();
        Silence silence = changes.requested(body, replaces ? given : UUID.randomUUID().toString(), Optional.ofNullable(author));
        changes.save(silence, replaces, Optional.ofNullable(author));
        return JSON.createObjectNode().put("silenceId", silence.id()).toString();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<String> expire(@PathVariable String id, @RequestAttribute(name = SilencesAuthFilter.AUTHOR, required = false) String author) {
        return changes.expire(id, Optional.ofNullable(author))
                .map(expired -> ResponseEntity.ok(SilenceJson.gettable(expired, clock.instant()).toString()))
                .orElseGet(() -> notFound(id));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<String> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(JSON.createObjectNode().put("error", e.getMessage()).toString());
    }

    private static ResponseEntity<String> notFound(String id) {
        return ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON)
                .body(JSON.createObjectNode().put("error", "no silence " + id).toString());
    }
}
