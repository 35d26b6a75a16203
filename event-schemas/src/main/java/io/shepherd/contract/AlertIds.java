package io.shepherd.contract;

/**
 * The id of an alert in {@code AlertFired} and {@code AlertResolved}: {@code <model>:<version>:<cause>}, one alert per
 * cause of a model version. Causes (DRIFT, PERFORMANCE_DROP, ...) contain no colon, so the cause is what follows the
 * last one, whatever the model id and version contain.
 */
public final class AlertIds {

    private AlertIds() {
    }

    public static String of(String modelId, String modelVersion, String cause) {
        return modelId + ":" + modelVersion + ":" + cause;
    }

    public static String causeOf(String alertId) {
        return alertId.substring(alertId.lastIndexOf(':') + 1);
    }
}
