package io.shepherd.alerting.alert;

/** How one alert changed because of one health change or lifecycle event. */
public record AlertChange(Alert alert, Kind kind) {

    public enum Kind { FIRING, ESCALATED, DE_ESCALATED, RESOLVED }
}
