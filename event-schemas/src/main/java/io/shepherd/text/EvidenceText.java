package io.shepherd.text;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.HealthLevel;

/**
 * The words for a health cause, shared by the streams app (evidence summaries), the alert router (Slack, PagerDuty,
 * investigations) and the demo: each statement names the metric or statistic, the measured value, what it was
 * compared with, the change and the limit, the sample size and the window, with the model and version once.
 * For example {@code fraud-scorer v2 CRITICAL: accuracy 0.851 (95 % CI 0.820-0.877) vs baseline 0.920, -7.5 %
 * (limit -5 %), 589 labels, 12:43:00-12:43:10Z}. Pure; an item written before the structured fields existed still
 * reads, with what it has.
 */
public final class EvidenceText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Map<String, String> STATISTICS = Map.ofEntries(
            Map.entry("psi", "PSI"), Map.entry("ks", "KS"), Map.entry("wasserstein", "Wasserstein distance (sd)"),
            Map.entry("js", "Jensen-Shannon distance"), Map.entry("jensen_shannon", "Jensen-Shannon distance"),
            Map.entry("chi2", "chi-square"), Map.entry("chi_square", "chi-square"), Map.entry("linf", "largest category share change"),
            Map.entry("centroid_cosine", "centroid cosine distance"), Map.entry("distance_ks", "KS of distances to the centroid"),
            Map.entry("distance_psi", "PSI of distances to the centroid"),
            Map.entry("distance_wasserstein", "Wasserstein of distances to the centroid"));

    private static final Map<String, String> TESTS = Map.of(
            "two_proportion_z", "two-proportion z-test", "chi_square_2x2", "chi-square test", "welch_t", "Welch's t-test",
            "mann_whitney_u", "Mann-Whitney U test");

    private EvidenceText() {
    }

    /**
     * One line for one cause of a model version: {@code <model> <version> <LEVEL>: <fact>[, and N more <subjects>], <window>}.
     * The fact is the most significant item of that cause in the evidence; without one, the evidence's own summary.
     */
    public static String headline(String modelId, String version, HealthLevel level, String cause, Evidence evidence) {
        return modelId + " " + version + " " + level + ": " + statement(cause, evidence);
    }

    /** {@code <fact>[, and N more <subjects>], <window>} for one cause, without model, version or level. */
    public static String statement(String cause, Evidence evidence) {
        if (evidence == null) {
            return label(cause);
        }
        List<EvidenceItem> items = itemsOf(cause, evidence);
        StringBuilder text = new StringBuilder(items.isEmpty() ? fallback(cause, evidence) : fact(cause, items.get(0)));
        if (items.size() > 1) {
            text.append(", and ").append(items.size() - 1).append(" more ").append(items.size() == 2 ? noun(cause) : plural(cause));
        }
        String window = window(evidence.getWindowStart(), evidence.getWindowEnd());
        if (!window.isEmpty() && !cause.equals("NO_DATA") && !cause.equals("STALE")) {
            text.append(", ").append(window);
        }
        return text.toString();
    }

    /** The items of one cause, most significant first as the evidence lists them. */
    public static List<EvidenceItem> itemsOf(String cause, Evidence evidence) {
        return evidence.getItems().stream().filter(i -> cause.equals(i.getKind())).toList();
    }

    /** One measured fact of one cause, for example {@code drift in amount, PSI 1.99 (limit 0.20), 1,194 values vs 600 in the reference}. */
    public static String fact(String cause, EvidenceItem item) {
        return switch (cause) {
            case "DRIFT" -> drift(item);
            case "DATA_QUALITY" -> dataQuality(item);
            case "PERFORMANCE_DROP" -> performance(item, "baseline", "labels");
            case "ESTIMATED_DROP" -> estimated(item);
            case "LATENCY_SLA" -> latency(item);
            case "ERROR_RATE" -> errorRate(item);
            case "NO_DATA" -> noData(item);
            case "STALE" -> stale(item);
            case "CANARY_WORSE" -> canary(item);
            default -> label(cause) + " " + item.getSubject() + " " + Numbers.value(item.getValue()) + limit(item.getThreshold(), Numbers::value);
        };
    }

    /** {@code 12:43:00-12:43:10Z} within a day, {@code 2026-11-25 12:00-2026-11-26 12:00Z} across days; empty when unknown. */
    public static String window(Instant start, Instant end) {
        if (start == null || end == null) {
            return "";
        }
        if (DAY.format(start).equals(DAY.format(end.minusMillis(1)))) {
            return TIME.format(start) + "-" + TIME.format(end) + "Z";
        }
        return DAY_TIME.format(start) + "-" + DAY_TIME.format(end) + "Z";
    }

    /** A cause as words: {@code PERFORMANCE_DROP} is {@code performance drop}. */
    public static String label(String cause) {
        return cause.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String drift(EvidenceItem i) {
        String statistic = i.getStatistic() == null ? "score" : STATISTICS.getOrDefault(i.getStatistic(), i.getStatistic());
        return "drift in " + i.getSubject() + ", " + statistic + " " + Numbers.value(i.getValue()) + limit(i.getThreshold(), Numbers::value)
                + sizes(i, "values", "in the reference");
    }

    private static String dataQuality(EvidenceItem i) {
        String rate = i.getStatistic() == null ? i.getDetail() : i.getStatistic();
        String what = switch (rate == null ? "" : rate) {
            case "missing_rate_jump" -> "missing values up " + points(i.getValue()) + " over the reference";
            case "nan_rate" -> "NaN or infinite values " + Numbers.percent(i.getValue());
            case "out_of_range_rate" -> "values outside the reference range " + Numbers.percent(i.getValue());
            case "unseen_rate" -> "categories unseen in the reference " + Numbers.percent(i.getValue());
            default -> (rate == null ? "rate" : label(rate)) + " " + Numbers.percent(i.getValue());
        };
        String limit = "missing_rate_jump".equals(rate) ? limit(i.getThreshold(), EvidenceText::points) : limit(i.getThreshold(), Numbers::percent);
        return "data quality of " + i.getSubject() + ": " + what + limit + sizes(i, "values", "in the reference");
    }

    private static String performance(EvidenceItem i, String versus, String unit) {
        if (i.getMeasured() == null) {
            return i.getSubject() + " dropped " + Numbers.percent(i.getValue()) + limit(i.getThreshold(), Numbers::percent) + sizes(i, unit, "");
        }
        boolean higherIsBetter = !Boolean.FALSE.equals(i.getHigherIsBetter());
        StringBuilder text = new StringBuilder(i.getSubject()).append(' ').append(Numbers.metric(i.getMeasured()));
        if (i.getLower() != null && i.getUpper() != null && Double.isFinite(i.getLower()) && Double.isFinite(i.getUpper())) {
            String level = i.getConfidence() == null ? "" : Numbers.percent(i.getConfidence()) + " ";
            text.append(" (").append(level).append("CI ").append(Numbers.metric(i.getLower())).append('-').append(Numbers.metric(i.getUpper())).append(')');
        }
        if (i.getReference() != null) {
            text.append(" vs ").append(versus).append(' ').append(Numbers.metric(i.getReference()));
        }
        double worse = higherIsBetter ? -1 : 1;
        text.append(", ").append(Numbers.signedPercent(worse * i.getValue()));
        if (i.getThreshold() != null) {
            text.append(" (limit ").append(Numbers.signedPercent(worse * i.getThreshold())).append(')');
        }
        return text + sizes(i, unit, "");
    }

    private static String estimated(EvidenceItem i) {
        return "estimated " + performance(i, "in the reference", "predictions without labels yet");
    }

    private static String latency(EvidenceItem i) {
        String subject = i.getStatistic() != null ? i.getStatistic() : i.getSubject();
        String percentile = subject.matches("latency_p\\d+(_ms)?") ? subject.replaceAll("latency_(p\\d+).*", "$1") + " latency" : label(subject);
        return percentile + " " + Numbers.value(i.getValue()) + " ms" + limit(i.getThreshold(), v -> Numbers.value(v) + " ms")
                + sizes(i, "requests", "");
    }

    private static String errorRate(EvidenceItem i) {
        String errors = i.getSampleSize() == null ? ""
                : ", " + Numbers.count(Math.round(i.getValue() * i.getSampleSize())) + " errors in " + Numbers.count(i.getSampleSize()) + " requests";
        return "error rate " + Numbers.percent(i.getValue()) + limit(i.getThreshold(), Numbers::percent) + errors;
    }

    private static String noData(EvidenceItem i) {
        String since = i.getSince() == null ? "" : " since " + TIME.format(i.getSince()) + "Z";
        return "no predictions" + since + ", silent " + Numbers.millis(i.getValue()) + limit(i.getThreshold(), Numbers::millis);
    }

    private static String stale(EvidenceItem i) {
        String deployed = i.getSince() == null ? "" : ", deployed " + DAY.format(i.getSince());
        return "version " + Numbers.millis(i.getValue()) + " old" + limit(i.getThreshold(), Numbers::millis) + deployed;
    }

    private static String canary(EvidenceItem i) {
        StringBuilder text = new StringBuilder("worse than the champion on ").append(i.getSubject());
        if (i.getMeasured() != null && i.getReference() != null) {
            text.append(", ").append(Numbers.metric(i.getMeasured())).append(" vs ").append(Numbers.metric(i.getReference()));
        }
        text.append(", effect ").append(Numbers.value(i.getValue()));
        if (i.getPValue() != null) {
            String test = i.getStatistic() == null ? "test" : TESTS.getOrDefault(i.getStatistic(), i.getStatistic());
            text.append(", ").append(test).append(" p = ").append(Numbers.pValue(i.getPValue()));
        }
        if (i.getSampleSize() != null && i.getReferenceSize() != null) {
            text.append(" (n = ").append(Numbers.count(i.getSampleSize())).append(" vs ").append(Numbers.count(i.getReferenceSize())).append(')');
        }
        return text.toString();
    }

    private static String fallback(String cause, Evidence evidence) {
        String summary = evidence.getSummary();
        return summary == null || summary.isBlank() ? label(cause) : summary;
    }

    private static String limit(Double threshold, java.util.function.DoubleFunction<String> format) {
        return threshold == null || !Double.isFinite(threshold) ? "" : " (limit " + format.apply(threshold) + ")";
    }

    private static String sizes(EvidenceItem i, String unit, String referenceWords) {
        if (i.getSampleSize() == null) {
            return "";
        }
        String reference = i.getReferenceSize() == null || referenceWords.isEmpty() ? ""
                : " vs " + Numbers.count(i.getReferenceSize()) + " " + referenceWords;
        return ", " + Numbers.count(i.getSampleSize()) + " " + unit + reference;
    }

    private static String points(double share) {
        return Numbers.value(share * 100) + " points";
    }

    private static String noun(String cause) {
        return switch (cause) {
            case "DRIFT", "DATA_QUALITY" -> "feature";
            case "LATENCY_SLA" -> "percentile";
            default -> "metric";
        };
    }

    private static String plural(String cause) {
        return noun(cause).equals("feature") ? "features" : noun(cause) + "s";
    }

    /** How long a cause has held, for resolve messages: {@code 5 min 12 s}. */
    public static String lasted(Instant from, Instant to) {
        return Numbers.duration(Duration.between(from, to));
    }
}
