package io.shepherd.systembench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.shepherd.contract.Topics;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.simulator.kafka.KafkaEventSink;

/**
 * Input of one cell of the cost-growth benchmark: {@code models} binary classifiers, each request with {@code features}
 * numeric features (normal, each its own mean), a prediction with probabilities and a label {@link #LABEL_DELAY} later.
 * Requests are spread evenly over {@link #SPAN} of event time ending now, round robin over the models, produced in
 * event-time order through the real serde and registry. Stable traffic: this measures the cost of watching, not of
 * alerting. Each model gets a policy whose windows hold enough requests to be scored at any model count.
 */
final class GrowthData {

    static final Duration SPAN = Duration.ofMinutes(10);
    static final int WINDOWS = 5;
    static final Duration LABEL_DELAY = Duration.ofSeconds(10);
    static final String VERSION = "v1";

    /** What one cell published. */
    record Cell(int features, int models, long requests, long records, double produceSeconds) {

        long featureValues() {
            return requests * features;
        }
    }

    private GrowthData() {
    }

    static List<String> models(String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int m = 0; m < count; m++) {
            ids.add(String.format(Locale.ROOT, "%s-m%03d", prefix, m));
        }
        return ids;
    }

    /**
     * The policy of a model that gets {@code perModel} requests over {@link #SPAN}: tumbling windows of a fifth of it,
     * a reference of the first sixth of its requests, and windows scored from a twelfth of them.
     */
    static String policy(long perModel) {
        long window = SPAN.toSeconds() / WINDOWS;
        long reference = Math.max(20, perModel / 6);
        long minSamples = Math.max(10, perModel / 12);
        return String.format(Locale.ROOT, "{\"windowSize\":\"PT%dS\",\"windowAdvance\":\"PT%dS\",\"gracePeriod\":\"PT1S\",\"minSamples\":%d,"
                        + "\"reference\":{\"kind\":\"FIRST_EVENTS\",\"events\":%d},"
                        + "\"performance\":{\"labelDelay\":\"PT1M\",\"minLabels\":%d}}",
                window, window, minSamples, reference, minSamples);
    }

    static String featureName(int i) {
        return String.format(Locale.ROOT, "x%04d", i);
    }

    /** Publishes the policies, the deployments and then the requests of one cell; fails if any send failed. */
    static Cell publish(String bootstrap, String registryUrl, String prefix, int features, int models, long requests, Instant end)
            throws Exception {
        long started = System.nanoTime();
        List<String> ids = models(prefix, models);
        long first = end.minus(SPAN).toEpochMilli();
        long records = 0;
        try (KafkaEventSink sink = new KafkaEventSink(bootstrap, registryUrl)) {
            String policy = policy(requests / models);
            for (String id : ids) {
                sink.publishPolicy(id, policy);
                ModelLifecycle deployed = ModelLifecycle.newBuilder().setEventId("deploy-" + id + "-" + VERSION).setModelId(id)
                        .setEventTime(Instant.ofEpochMilli(first - 60_000)).setType(LifecycleEventType.DEPLOYED).setToVersion(VERSION)
                        .setVariant(Variant.CHAMPION).setBaseline(Map.of("accuracy", 0.9)).setActor("growth-benchmark").build();
                sink.send(Topics.LIFECYCLE, id, deployed.getEventTime(), deployed);
            }
            SplittableRandom random = new SplittableRandom(prefix.hashCode());
            ArrayDeque<OutcomeObserved> due = new ArrayDeque<>();
            for (long i = 0; i < requests; i++) {
                String model = ids.get((int) (i % models));
                Instant at = Instant.ofEpochMilli(first + (long) ((double) i * SPAN.toMillis() / requests));
                while (!due.isEmpty() && !due.peek().getEventTime().isAfter(at)) {
                    OutcomeObserved outcome = due.poll();
                    sink.send(Topics.OUTCOMES, outcome.getRequestId(), outcome.getEventTime(), outcome);
                }
                String requestId = prefix + "-r" + i;
                boolean positive = random.nextDouble() < 0.3;
                double confidence = 0.8 + 0.2 * random.nextDouble();
                double pYes = positive ? confidence : 1 - confidence;
                PredictionServed served = PredictionServed.newBuilder().setEventId("p-" + requestId).setRequestId(requestId).setModelId(model)
                        .setModelVersion(VERSION).setVariant(Variant.CHAMPION).setEventTime(at).setStatus(ServingStatus.OK)
                        .setLatencyMs(20 * Math.exp(0.25 * random.nextGaussian()))
                        .setPrediction(Prediction.newBuilder().setLabel(positive ? "yes" : "no").setScore(pYes)
                                .setProbabilities(Map.of("yes", pYes, "no", 1 - pYes)).build())
                        .build();
                sink.send(Topics.PREDICTIONS, model, at, served);
                sink.send(Topics.FEATURES, model, at, FeaturesObserved.newBuilder().setEventId("f-" + requestId).setRequestId(requestId)
                        .setModelId(model).setModelVersion(VERSION).setEventTime(at).setFeatures(features(random, features)).build());
                boolean right = random.nextDouble() < confidence;
                due.add(OutcomeObserved.newBuilder().setEventId("o-" + requestId).setRequestId(requestId).setModelId(model)
                        .setEventTime(at.plus(LABEL_DELAY)).setGroundTruth(right == positive ? "yes" : "no").build());
                records += 2;
            }
            for (OutcomeObserved outcome : due) {
                sink.send(Topics.OUTCOMES, outcome.getRequestId(), outcome.getEventTime(), outcome);
            }
            records += requests;
            sink.flush();
            if (sink.failed() > 0) {
                throw new IllegalStateException(sink.failed() + " records of cell " + prefix + " could not be sent");
            }
        }
        return new Cell(features, models, requests, records, (System.nanoTime() - started) / 1e9);
    }

    /** Feature i is normal with mean i and standard deviation 1 + i % 7. */
    static Map<String, Object> features(SplittableRandom random, int count) {
        Map<String, Object> values = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            values.put(featureName(i), i + (1 + i % 7) * random.nextGaussian());
        }
        return values;
    }
}
