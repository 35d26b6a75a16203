package io.shepherd.alerting.app;

import java.time.Clock;
import java.util.Map;

import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.config.Settings;

/**
 * The alert router service: Spring Boot hosts the Kafka listener, the silences API, health and metrics; the pipeline
 * itself is plain Java built in {@link RouterWiring}. Configuration comes from {@link AlertRouterConfig}, not from
 * Spring properties, so the service reads the same SHEPHERD_* settings as the rest of Shepherd.
 */
@SpringBootApplication(exclude = KafkaAutoConfiguration.class)
public class AlertRouterApplication {

    public static void main(String[] args) {
        run(AlertRouterConfig.from(Settings.fromEnvironment(AlertRouterConfig.SETTINGS)), Clock.systemUTC(), args);
    }

    /** Starts a router with this configuration and clock; closing the returned context stops it. */
    public static ConfigurableApplicationContext run(AlertRouterConfig config, Clock clock, String... args) {
        // the config's toString masks every secret: the silences credentials appear by name only
        LoggerFactory.getLogger(AlertRouterApplication.class).info("starting the alert router: {}", config);
        KafkaWiring.checkAcls(config);
        return new SpringApplicationBuilder(AlertRouterApplication.class)
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("alertRouterConfig", config);
                    context.getBeanFactory().registerSingleton("clock", clock);
                })
                .properties(properties(config))
                .run(args);
    }

    /** Spring Boot's properties: where the server listens, which actuator endpoints it serves, the health groups. */
    static Map<String, Object> properties(AlertRouterConfig config) {
        return Map.of(
                "server.port", String.valueOf(config.httpPort()),
                "server.address", config.httpAddress(),
                "spring.application.name", "shepherd-alert-router",
                "spring.main.banner-mode", "off",
                "management.endpoints.web.exposure.include", "health,info,metrics,prometheus",
                "management.endpoint.health.probes.enabled", "true",
                "management.endpoint.health.group.readiness.include", "readinessState,alertPipeline",
                "management.endpoint.health.group.readiness.show-details", "always",
                "management.endpoint.health.group.liveness.include", "livenessState");
    }
}
