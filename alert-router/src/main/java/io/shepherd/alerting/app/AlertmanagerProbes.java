package io.shepherd.alerting.app;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Alertmanager's probe paths, for operators and checks written for it: {@code /-/healthy} answers as the liveness
 * group, {@code /-/ready} as the readiness group (503 while the health topic is replayed or notifications fail).
 * Spring Boot's additional health paths take one segment only, so these forward.
 */
@Controller
class AlertmanagerProbes {

    @GetMapping("/-/healthy")
    String healthy() {
        return "forward:/actuator/health/liveness";
    }

    @GetMapping("/-/ready")
    String ready() {
        return "forward:/actuator/health/readiness";
    }
}
