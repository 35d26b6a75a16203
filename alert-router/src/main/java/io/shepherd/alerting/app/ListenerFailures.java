package io.shepherd.alerting.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.stereotype.Component;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.contract.Topics;

/**
 * A health listener that Kafka refused (a missing ACL: Spring Kafka stops the container for good) does not come back by
 * itself: the router says which ACL to grant and reports itself broken, so that its liveness probe fails
 * ({@code /actuator/health/liveness}, {@code /-/healthy}) and it is restarted, instead of routing nothing in silence.
 * The topic ACLs were checked at start ({@link KafkaWiring#checkAcls}); what is left to refuse is the group.
 */
@Component
class ListenerFailures {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerFailures.class);

    private final ApplicationContext context;
    private final AlertRouterConfig config;

    ListenerFailures(ApplicationContext context, AlertRouterConfig config) {
        this.context = context;
        this.config = config;
    }

    @EventListener
    void onStopped(ConsumerStoppedEvent event) {
        if (event.getReason() == ConsumerStoppedEvent.Reason.AUTH) {
            LOG.error("the health listener stopped: Kafka refused it. The alert router's principal lacks Read on group {} (or on topic"
                    + " {}); grant it as ops/kafka-acls.md shows. Reporting the router broken.", config.groupId(), Topics.MODEL_HEALTH);
            AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
        }
    }
}
