package io.shepherd.simulator.deploy;

import io.shepherd.events.Variant;

/** A version serving a share of its model's traffic (the champion serves what its canaries leave). */
public record Serving(String version, Variant variant, double share) {
}
