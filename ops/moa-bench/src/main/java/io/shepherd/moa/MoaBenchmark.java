package io.shepherd.moa;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.policy.PolicyBook;

/**
 * Detection delay, false alarms and misses of Shepherd's escalations against MOA's ADWIN, Page-Hinkley and DDM on MOA's
 * concept-drift streams, every detector fed the same recorded stream. Prints markdown tables to stdout, progress to
 * stderr. Options: --seeds N (5) --length N (200000) --control-length N (1000000, the no-drift controls)
 * --drift-at N (100000) --width N (10000, gradual drifts)
 * --warmup N (10000) --window N (1000 events) --horizon N (25000).
 */
public final class MoaBenchmark {

    private final Map<String, Integer> options;

    private MoaBenchmark(Map<String, Integer> options) {
        this.options = options;
    }

    public static void main(String[] args) {
        new MoaBenchmark(parse(args)).run();
    }

    /** Shepherd's default policy with its windows counted in events: event t is at event time t ms, grace 0. */
    static ModelPolicy policy(int windowEvents) {
        String json = String.format(Locale.ROOT, "{\"defaults\": {\"windowSize\": \"%s\", \"gracePeriod\": \"PT0S\"}}",
                Duration.ofMillis(windowEvents));
        return PolicyBook.fromJson(json).defaults();
    }

    /** The policy with the label-by-label decision's settings replaced (a budget of 0 leaves windows alone). */
    static ModelPolicy withSequential(ModelPolicy policy, double falseAlarmBudget, boolean baselineFollows) {
        String json = String.format(Locale.ROOT, "{\"defaults\": {\"windowSize\": \"%s\", \"gracePeriod\": \"PT0S\", "
                        + "\"performance\": {\"falseAlarmBudget\": %s, \"baselineFollows\": %s}}}", policy.windowSize(),
                BigDecimal.valueOf(falseAlarmBudget).toPlainString(), baselineFollows);
        return PolicyBook.fromJson(json).defaults();
    }

    static List<Detector> detectors(ModelPolicy policy) {
        int reference = policy.reference().events().intValue();
        return List.of(new ShepherdPerformanceDetector(withSequential(policy, 0, false)),
                new ShepherdPerformanceDetector(withSequential(policy, policy.performance().falseAlarmBudget(), false)),
                new ShepherdPerformanceDetector(policy), MoaErrorDetector.ddm(), MoaErrorDetector.adwin(),
                MoaErrorDetector.pageHinkley(), new ShepherdDriftDetector(policy), MoaFeatureDetector.adwin(reference),
                MoaFeatureDetector.pageHinkley(reference));
    }

    private void run() {
        ModelPolicy policy = policy(options.get("window"));
        List<Detector> detectors = detectors(policy);
        Map<String, Summary> summaries = new LinkedHashMap<>();
        List<String> accuracy = new ArrayList<>();
        boolean warm = false;
        for (Scenario.Concept concept : Scenario.Concept.values()) {
            for (Scenario.Shape shape : Scenario.Shape.values()) {
                double before = 0;
                double after = 0;
                int leadIn = 0;
                for (int seed = 1; seed <= options.get("seeds"); seed++) {
                    int length = shape == Scenario.Shape.NONE ? options.get("control-length") : options.get("length");
                    Scenario scenario = Scenario.of(concept, shape, seed, options.get("warmup"), length, options.get("drift-at"),
                            options.get("width"));
                    System.err.printf(Locale.ROOT, "%s %s seed %d: %s%n", concept, shape, seed, scenario.describe());
                    RecordedStream stream = Prequential.record(scenario);
                    if (!warm) {
                        detectors.forEach(d -> d.alarms(stream));
                        warm = true;
                    }
                    before += stream.accuracy(scenario.driftStart() - 10_000, scenario.driftStart());
                    after += stream.accuracy(scenario.driftStart(), scenario.driftStart() + 10_000);
                    leadIn += Math.max(0, scenario.driftStart() - stream.firstNewConcept());
                    for (Detector detector : detectors) {
                        measure(detector, scenario, stream, summaries);
                    }
                }
                int n = options.get("seeds");
                accuracy.add(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %s |", concept, shape, before / n, after / n,
                        shape == Scenario.Shape.GRADUAL ? String.format(Locale.ROOT, "%,d", leadIn / n) : "-"));
            }
        }
        print(policy, summaries, accuracy);
    }

    private void measure(Detector detector, Scenario scenario, RecordedStream stream, Map<String, Summary> summaries) {
        long start = System.nanoTime();
        int[] alarms = detector.alarms(stream);
        long nanos = System.nanoTime() - start;
        Outcome outcome = scenario.control() ? Outcome.control(alarms, stream.length())
                : Outcome.of(alarms, Math.min(stream.firstNewConcept(), scenario.driftStart()), scenario.driftStart(), options.get("horizon"));
        String key = detector.input() + "|" + scenario.concept() + "|" + scenario.shape() + "|" + detector.name();
        summaries.computeIfAbsent(key, k -> new Summary(scenario.concept().name(), scenario.shape().name().toLowerCase(Locale.ROOT),
                detector.name())).add(outcome, nanos, stream.length());
    }

    private void print(ModelPolicy policy, Map<String, Summary> summaries, List<String> accuracy) {
        System.out.printf(Locale.ROOT, "Settings: %s%n%n", options);
        System.out.printf(Locale.ROOT, "Shepherd policy: defaults, windows of %d events advancing by %d, reference = first %d events, "
                        + "hysteresis %d windows to escalate%n%n", policy.windowSize().toMillis(), policy.windowAdvance().toMillis(),
                policy.reference().events(), policy.hysteresis().windowsToEscalate());
        System.out.println("Hoeffding tree prequential accuracy, mean over seeds, 10,000 events before and after the drift start,"
                + " and the gradual drift's lead-in (events from the first new-concept event to the drift start):\n");
        System.out.println("| stream | drift | before | after | lead-in |\n|---|---|---:|---:|---:|");
        accuracy.forEach(System.out::println);
        for (Detector.Input input : Detector.Input.values()) {
            System.out.printf("%n%s%n%n%s%n", input == Detector.Input.ERRORS
                    ? "Performance drift: detectors fed the classifier's 0/1 error stream"
                    : "Distribution drift: detectors fed the numeric feature values", Summary.header());
            summaries.entrySet().stream().filter(e -> e.getKey().startsWith(input + "|"))
                    .forEach(e -> System.out.println(e.getValue().row()));
        }
        for (Detector.Input input : Detector.Input.values()) {
            System.out.printf("%n%s%n%n%s%n", input == Detector.Input.ERRORS
                    ? "Performance drift: Shepherd against the fastest MOA detector with no more false alarms and no more misses"
                    : "Distribution drift (streams whose feature distribution changes): Shepherd against the fastest MOA detector"
                    + " with no more false alarms and no more misses", Comparison.header());
            for (Scenario.Concept concept : Scenario.Concept.values()) {
                if (input == Detector.Input.FEATURES && !concept.featuresChange()) {
                    continue;
                }
                for (Scenario.Shape shape : List.of(Scenario.Shape.ABRUPT, Scenario.Shape.GRADUAL)) {
                    String prefix = input + "|" + concept + "|" + shape + "|";
                    List<Summary> row = summaries.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                            .toList();
                    List<Summary> moa = row.stream().filter(s -> !s.detector.startsWith("Shepherd")).toList();
                    row.stream().filter(s -> s.detector.startsWith("Shepherd")).forEach(s -> System.out.println(Comparison.row(s, moa)));
                }
            }
        }
    }

    private static Map<String, Integer> parse(String[] args) {
        Map<String, Integer> options = new LinkedHashMap<>();
        options.put("seeds", 5);
        options.put("length", 200_000);
        options.put("control-length", 1_000_000);
        options.put("drift-at", 100_000);
        options.put("width", 10_000);
        options.put("warmup", 10_000);
        options.put("window", 1_000);
        options.put("horizon", 25_000);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!options.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options: " + options.keySet());
            }
            options.put(name, Integer.parseInt(args[i + 1].replace("_", "").replace(",", "")));
        }
        return options;
    }
}
