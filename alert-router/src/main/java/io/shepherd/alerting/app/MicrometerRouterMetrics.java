package io.shepherd.alerting.app;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shepherd.alerting.alert.AlertChange;
import io.shepherd.alerting.pipeline.RouterMetrics;

/** The router's counters in Micrometer, exported at /actuator/prometheus. */
final class MicrometerRouterMetrics implements RouterMetrics {

    private final MeterRegistry registry;
    private final Timer lag;

    MicrometerRouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder("shepherd.alert.lag").description("health change event time to the router taking it in")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @Override
    public void alertChanged(AlertChange.Kind kind) {
        registry.counter("shepherd.alerts", "state", kind.name().toLowerCase(Locale.ROOT)).increment();
    }

    @Override
    public void notification(String receiver, String integration, String outcome) {
        registry.counter("shepherd.notifications", "receiver", receiver, "integration", integration, "outcome", outcome).increment();
    }

    @Override
    public void failed(String receiver, String integration) {
        registry.counter("shepherd.notifications.failed", "receiver", receiver, "integration", integration).increment();
    }

    @Override
    public void retried(String receiver, String integration) {
        registry.counter("shepherd.notifications.retried", "receiver", receiver, "integration", integration).increment();
    }

    @Override
    public void rollback(String outcome) {
        registry.counter("shepherd.rollbacks", "outcome", outcome).increment();
    }

    @Override
    public void lag(Duration value) {
        lag.record(value.isNegative() ? Duration.ZERO : value);
    }
}
