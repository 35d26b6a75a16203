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
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.alerting.investigation.InvestigationNotifier;
import io.shepherd.alerting.mute.SilenceJson;
import io.shepherd.alerting.mute.Silences;
import io.shepherd.alerting.nflog.NotificationEntryJson;
import io.shepherd.alerting.nflog.NotificationLog;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.notify.RetryPolicy;
import io.shepherd.alerting.notify.http.JsonPoster;
import io.shepherd.alerting.notify.pagerduty.PagerDutyEvent;
import io.shepherd.alerting.notify.pagerduty.PagerDutyNotifier;
import io.shepherd.alerting.notify.slack.SlackNotifier;
import io.shepherd.alerting.pipeline.EventSink;
import io.shepherd.alerting.pipeline.Fanout;
import io.shepherd.alerting.pipeline.IntegrationStatus;
import io.shepherd.alerting.pipeline.LaneKey;
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

    /** Receiver name under which the pages about refused rollbacks are reported. */
    static final String REFUSALS = "rollback-refusals";
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
    SilenceChanges.Topic silencesTopic(KafkaTemplate<String, String> jsonTemplate) {
        return silence -> KafkaEventSink.await(jsonTemplate.send(Topics.SILENCES, silence.id(), SilenceJson.write(silence)), Topics.SILENCES);
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

    /** Runs notification attempts: a cached pool, so a hanging receiver holds one thread of its own lane; lanes bound the threads. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService notifyExecutor() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "alert-notify-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    Fanout fanout(AlertRouterConfig config, ExecutorService notifyExecutor, Clock clock, RouterMetrics metrics) {
        return new Fanout(notifyExecutor, RetryPolicy.DEFAULT.atMost(config.notifyMaxRetryWait()), clock, metrics);
    }

    @Bean
    Router router(AlertRouterConfig config, RoutingConfig routing, Fleet fleet, Silences silences, NotificationLog nflog, EventSink sink,
                  RouterMetrics metrics, Fanout fanout, MeterRegistry registry, Clock clock) {
        JsonPoster poster = new JsonPoster(new JdkHttpTransport());
        Map<String, Notifier> notifiers = new HashMap<>();
        config.slackWebhookUrl().ifPresent(url -> notifiers.put("slack", new SlackNotifier(URI.create(url), config.kibanaUrl(), poster)));
        Optional<PagerDutyNotifier> pagerDuty = config.pagerDutyRoutingKey()
                .map(key -> new PagerDutyNotifier(URI.create(config.pagerDutyEventsUrl()), key, config.kibanaUrl(), poster));
        pagerDuty.ifPresent(pd -> notifiers.put("pagerduty", pd));
        InvestigationNotifier investigations = new InvestigationNotifier(sink, pagerDuty.isPresent(),
                (receiver, level) -> routing.receiver(receiver).integrations().stream()
                        .anyMatch(i -> i.type().equals("rollback") && i.levels().contains(level)));
        notifiers.put("investigation", investigations);
        Optional<RollbackSigner> signer = config.rollbackHmacKey().map(key -> new RollbackSigner(key, config.rollbackHmacKeyId()));
        notifiers.put("rollback", new RollbackNotifier(fleet, signer, new GuardrailPolicy(true, config.rollbackCooldown(),
                config.rollbackMaxPerDay(), config.rollbackDryRun()), sink, refusals(investigations, pagerDuty, fanout), metrics));
        warnAboutMissing(routing, notifiers);
        Router router = new Router(routing, List.of(silences, fleet), nflog, notifiers, sink, metrics, fleet::stoppedServing, fanout);
        Gauge.builder("shepherd.alerts.firing", router, r -> r.firing().size()).register(registry);
        routing.receivers().forEach(r -> r.integrations().forEach(i -> registerGauges(registry, router, clock, r.name(), i.type())));
        pagerDuty.ifPresent(pd -> registerGauges(registry, router, clock, REFUSALS, "pagerduty"));
        return router;
    }

    /** A refused rollback opens an investigation and pages a human; the page has a lane of its own, retried until PagerDuty takes it. */
    private static RollbackNotifier.Refusals refusals(InvestigationNotifier investigations, Optional<PagerDutyNotifier> pagerDuty, Fanout fanout) {
        return (alert, reason) -> {
            log.warn("automatic rollback of {} {} refused: {}", alert.modelId(), alert.modelVersion(), reason);
            investigations.rollbackRefused(alert, reason);
            pagerDuty.ifPresent(pd -> {
                String dedupKey = "shepherd:rollback-refused:" + alert.modelId() + ":" + alert.modelVersion();
                fanout.request(new LaneKey(REFUSALS, "pagerduty", dedupKey), Set.of(), (owed, now) -> Optional.of(pd.page(dedupKey,
                        "Automatic rollback of " + alert.modelId() + " " + alert.modelVersion() + " refused: " + reason,
                        "shepherd/" + alert.modelId() + "/" + alert.modelVersion(), PagerDutyEvent.object().put("reason", reason)
                                .put("alert_id", alert.id()))));
            });
        };
    }

    /** How long each receiver's integration has been failing (0 when it is not) and how many notifications it has pending. */
    private static void registerGauges(MeterRegistry registry, Router router, Clock clock, String receiver, String integration) {
        Gauge.builder("shepherd.notifications.failing", router, r -> status(r, receiver, integration)
                        .map(s -> s.failingFor(clock.instant()).toMillis() / 1000.0).orElse(0.0))
                .baseUnit("seconds").description("how long notifications to this integration have been failing; 0 when they are not")
                .tags("receiver", receiver, "integration", integration).register(registry);
        Gauge.builder("shepherd.notifications.pending", router, r -> status(r, receiver, integration).map(IntegrationStatus::pending).orElse(0))
                .description("notifications of this integration not yet taken by the receiver, one per group")
                .tags("receiver", receiver, "integration", integration).register(registry);
    }

    private static Optional<IntegrationStatus> status(Router router, String receiver, String integration) {
        return router.notificationStatus().stream().filter(s -> s.receiver().equals(receiver) && s.integration().equals(integration)).findFirst();
    }

    @Bean(destroyMethod = "close")
    StateTopicsReader stateTopicsReader(AlertRouterConfig config, Fleet fleet, Silences silences, NotificationLog nflog, Router router,
                                        Clock clock, MeterRegistry registry) {
        return new StateTopicsReader(config, new StateRecords(config.serdeConfig(), fleet, silences, nflog, router), clock, registry);
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
