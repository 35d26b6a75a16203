package io.shepherd.alerting.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.alerting.investigation.InvestigationNotifier;
import io.shepherd.alerting.mute.Silences;
import io.shepherd.alerting.nflog.NotificationEntryJson;
import io.shepherd.alerting.nflog.NotificationLog;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.notify.Retrier;
import io.shepherd.alerting.notify.RetryPolicy;
import io.shepherd.alerting.notify.http.JsonPoster;
import io.shepherd.alerting.notify.pagerduty.PagerDutyEvent;
import io.shepherd.alerting.notify.pagerduty.PagerDutyNotifier;
import io.shepherd.alerting.notify.slack.SlackNotifier;
import io.shepherd.alerting.pipeline.EventSink;
import io.shepherd.alerting.pipeline.Router;
import io.shepherd.alerting.pipeline.RouterMetrics;
import io.shepherd.alerting.rollback.Fleet;
import io.shepherd.alerting.rollback.GuardrailPolicy;
import io.shepherd.alerting.rollback.RollbackNotifier;
import io.shepherd.alerting.rollback.RollbackSigner;
import io.shepherd.alerting.route.RoutingConfig;
import io.shepherd.alerting.route.RoutingYaml;
import io.shepherd.contract.Topics;

/** Builds the plain-Java pipeline from the configuration and hands it its Kafka and HTTP edges. */
@Configuration
class RouterWiring {

    private static final Logger log = LoggerFactory.getLogger(RouterWiring.class);

    @Bean
    RoutingConfig routingConfig(AlertRouterConfig config) {
        log.info("alert router configuration: {}", config);
        try {
            String yaml = config.routingFile().isPresent() ? Files.readString(config.routingFile().get())
                    : bundledRouting();
            return RoutingYaml.parse(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the routing file " + config.routingFile().orElseThrow(), e);
        }
    }

    @Bean
    Fleet fleet() {
        return new Fleet();
    }

    @Bean
    Silences silences() {
        return new Silences();
    }

    @Bean
    EventSink eventSink(KafkaTemplate<String, Object> avroTemplate) {
        return new KafkaEventSink(avroTemplate);
    }

    @Bean
    NotificationLog notificationLog(KafkaTemplate<String, String> jsonTemplate) {
        return new NotificationLog(entry -> KafkaEventSink.await(
                jsonTemplate.send(Topics.NOTIFICATION_LOG, entry.key(), NotificationEntryJson.write(entry)), Topics.NOTIFICATION_LOG));
    }

    @Bean
    RouterMetrics routerMetrics(MeterRegistry registry) {
        return new MicrometerRouterMetrics(registry);
    }

    @Bean
    DeadLetters deadLetters(EventSink sink, MeterRegistry registry) {
        return new DeadLetters(sink, registry);
    }

    @Bean
    Router router(AlertRouterConfig config, RoutingConfig routing, Fleet fleet, Silences silences, NotificationLog nflog, EventSink sink,
                  RouterMetrics metrics, MeterRegistry registry) {
        JsonPoster poster = new JsonPoster(new JdkHttpTransport(), new Retrier(RetryPolicy.DEFAULT, d -> Thread.sleep(d.toMillis()),
                (attempt, failure, wait) -> {
                    log.warn("attempt {} failed, retrying in {}: {}", attempt, wait, failure.reason());
                    metrics.retried(failure.reason().split(" ", 2)[0]);
                }));
        Map<String, Notifier> notifiers = new HashMap<>();
        config.slackWebhookUrl().ifPresent(url -> notifiers.put("slack", new SlackNotifier(URI.create(url), config.kibanaUrl(), poster)));
        Optional<PagerDutyNotifier> pagerDuty = config.pagerDutyRoutingKey()
                .map(key -> new PagerDutyNotifier(URI.create(config.pagerDutyEventsUrl()), key, config.kibanaUrl(), poster));
        pagerDuty.ifPresent(pd -> notifiers.put("pagerduty", pd));
        InvestigationNotifier investigations = new InvestigationNotifier(sink, pagerDuty.isPresent(),
                (receiver, level) -> routing.receiver(receiver).integrations().stream()
                        .anyMatch(i -> i.type().equals("rollback") && i.levels().contains(level)));
        notifiers.put("investigation", investigations);
        RollbackNotifier.Refusals refusals = (alert, reason) -> {
            log.warn("automatic rollback of {} {} refused: {}", alert.modelId(), alert.modelVersion(), reason);
            investigations.rollbackRefused(alert, reason);
            pagerDuty.ifPresent(pd -> pd.page("shepherd:rollback-refused:" + alert.modelId() + ":" + alert.modelVersion(),
                    "Automatic rollback of " + alert.modelId() + " " + alert.modelVersion() + " refused: " + reason,
                    "shepherd/" + alert.modelId() + "/" + alert.modelVersion(), PagerDutyEvent.object().put("reason", reason)
                            .put("alert_id", alert.id())));
        };
        Optional<RollbackSigner> signer = config.rollbackHmacKey().map(key -> new RollbackSigner(key, config.rollbackHmacKeyId()));
        notifiers.put("rollback", new RollbackNotifier(fleet, signer, new GuardrailPolicy(true, config.rollbackCooldown(),
                config.rollbackMaxPerDay(), config.rollbackDryRun()), sink, refusals, metrics));
        warnAboutMissing(routing, notifiers);
        Router router = new Router(routing, List.of(silences, fleet), nflog, notifiers, sink, metrics, fleet::stoppedServing);
        Gauge.builder("shepherd.alerts.firing", router, r -> r.firing().size()).register(registry);
        return router;
    }

    @Bean(destroyMethod = "close")
    StateTopicsReader stateTopicsReader(AlertRouterConfig config, Fleet fleet, Silences silences, NotificationLog nflog, Router router,
                                        Clock clock, MeterRegistry registry) {
        return new StateTopicsReader(config, new StateRecords(config.schemaRegistryUrl(), fleet, silences, nflog, router), clock, registry);
    }

    private static void warnAboutMissing(RoutingConfig routing, Map<String, Notifier> notifiers) {
        routing.receivers().forEach(r -> r.integrations().stream().filter(i -> !notifiers.containsKey(i.type())).forEach(i ->
                log.error("receiver {} uses {} but it is not configured (set its URL or key in the environment); its notifications are reported as failed",
                        r.name(), i.type())));
    }

    private static String bundledRouting() throws IOException {
        try (InputStream in = RouterWiring.class.getResourceAsStream("/io/shepherd/alerting/default-routing.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
