package io.shepherd.alerting.app;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
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
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shepherd.alerting.mute.Silence;
import io.shepherd.alerting.mute.SilenceJson;
import io.shepherd.alerting.mute.Silences;
import io.shepherd.contract.Topics;

/**
 * Silences over HTTP: create (POST), list and read (GET), expire (DELETE). Each change is written to the compacted
 * silences topic before it is answered, so every instance sees it and it survives restarts. {@link SilencesAuthFilter}
 * has let the request in; each write is logged with its author, and a created silence carries it as {@code createdBy}.
 */
@RestController
@RequestMapping(path = "/api/silences", produces = MediaType.APPLICATION_JSON_VALUE)
class SilencesController {

    private static final Logger LOG = LoggerFactory.getLogger(SilencesController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Silences silences;
    private final KafkaTemplate<String, String> jsonTemplate;
    private final Clock clock;

    SilencesController(Silences silences, KafkaTemplate<String, String> jsonTemplate, Clock clock) {
        this.silences = silences;
        this.jsonTemplate = jsonTemplate;
        this.clock = clock;
    }

    @GetMapping
    String list() {
        Instant now = clock.instant();
        ArrayNode all = JSON.createArrayNode();
        silences.all().forEach(s -> all.add(withState(s, now)));
        return all.toString();
    }

    @GetMapping("/{id}")
    ResponseEntity<String> get(@PathVariable String id) {
        return silences.find(id).map(s -> ResponseEntity.ok(withState(s, clock.instant()).toString()))
                .orElseGet(() -> notFound(id));
    }

    /** A body with the {@code id} of an existing silence replaces it; otherwise a new silence gets a new id. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    String create(@RequestBody String body, @RequestAttribute(name = SilencesAuthFilter.AUTHOR, required = false) String authenticated)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        Optional<String> author = Optional.ofNullable(authenticated);
        String given = JSON.readTree(body).path("id").asText("");
        String id = !given.isBlank() && silences.find(given).isPresent() ? given : UUID.randomUUID().toString();
        Silence silence = author.isPresent() ? SilenceJson.fromRequest(body, id, clock.instant(), author.get())
                : SilenceJson.fromRequest(body, id, clock.instant());
        save(silence);
        LOG.info("silence {} {} by {} (createdBy {}) until {}: {}", id, id.equals(given) ? "replaced" : "created",
                who(author), printable(silence.createdBy()), silence.endsAt(), silence.matchers());
        return JSON.createObjectNode().put("silenceId", id).toString();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<String> expire(@PathVariable String id, @RequestAttribute(name = SilencesAuthFilter.AUTHOR, required = false) String authenticated) {
        Optional<String> author = Optional.ofNullable(authenticated);
        return silences.find(id).map(s -> {
            Silence expired = s.expiredAt(clock.instant());
            save(expired);
            LOG.info("silence {} expired by {} (createdBy {})", id, who(author), printable(s.createdBy()));
            return ResponseEntity.ok(withState(expired, clock.instant()).toString());
        }).orElseGet(() -> notFound(id));
    }

    @ExceptionHandler({IllegalArgumentException.class, com.fasterxml.jackson.core.JsonProcessingException.class})
    ResponseEntity<String> badRequest(Exception e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(JSON.createObjectNode().put("error", e.getMessage()).toString());
    }

    private void save(Silence silence) {
        KafkaEventSink.await(jsonTemplate.send(Topics.SILENCES, silence.id(), SilenceJson.write(silence)), Topics.SILENCES);
        silences.put(silence);
    }

    private static String who(Optional<String> author) {
        return author.map(SilencesController::printable).orElse("an unauthenticated caller (no silences credential is configured)");
    }

    /** Names come from request bodies when no credential is configured: no line breaks into the log. */
    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }

    private static ObjectNode withState(Silence silence, Instant now) {
        ObjectNode node = SilenceJson.toJson(silence);
        node.putObject("status").put("state", silence.state(now));
        return node;
    }

    private static ResponseEntity<String> notFound(String id) {
        return ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON)
                .body(JSON.createObjectNode().put("error", "no silence " + id).toString());
    }
}
