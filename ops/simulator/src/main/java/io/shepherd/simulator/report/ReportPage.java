package io.shepherd.simulator.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders a run as one self-contained HTML page: the rows as a JSON block, and inline script that draws them as SVG
 * charts (escalation levels, drift scores, performance against the baseline, alerts) and a table of events. No
 * network: it opens from a file, mailed or archived.
 */
public final class ReportPage {

    public static final String DATA_ELEMENT_ID = "shepherd-report-data";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportPage() {
    }

    public static String render(RunData.Snapshot run, String title, Instant generatedAt) {
        String json = toJson(run).replace("</", "<\\/");
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n<style>\n"
                + resource("report.css") + "</style></head>\n<body>\n"
                + "<h1>" + escape(title) + "</h1>\n<div class=\"sub\">Generated " + generatedAt + " from Shepherd's output topics. "
                + summary(run) + "</div>\n"
                + "<h2>Escalation level per model version</h2><div class=\"chart\" id=\"levels\"></div>\n"
                + "<h2>Drift scores (deciding score per feature, as a multiple of its threshold)</h2><div class=\"chart\" id=\"drift\"></div>\n"
                + "<h2>Performance vs baseline (labelled windows, latest revision)</h2><div class=\"chart\" id=\"performance\"></div>\n"
                + "<h2>Alerts over time (filled: fired or changed level, hollow: resolved)</h2><div class=\"chart\" id=\"alerts\"></div>\n"
                + "<h2>Events</h2><table id=\"events\"><thead><tr><th>UTC</th><th>run time</th><th>kind</th><th>model</th><th>what</th></tr></thead>"
                + "<tbody></tbody></table>\n"
                + "<script type=\"application/json\" id=\"" + DATA_ELEMENT_ID + "\">" + json + "</script>\n"
                + "<script>\n" + resource("report.js") + "</script>\n</body></html>\n";
    }

    /** The JSON the charts are drawn from: the rows plus the time range. */
    static String toJson(RunData.Snapshot run) {
        Map<String, Object> data = new LinkedHashMap<>();
        long[] times = times(run).toArray();
        data.put("start", LongStream.of(times).min().orElse(0));
        data.put("end", LongStream.of(times).max().orElse(0));
        data.put("drift", run.drift());
        data.put("levels", run.levels());
        data.put("performance", run.performance());
        data.put("alerts", run.alerts());
        data.put("rollbacks", run.rollbacks());
        data.put("lifecycle", run.lifecycle());
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report data cannot be written as JSON", e);
        }
    }

    private static LongStream times(RunData.Snapshot run) {
        return Stream.of(run.drift().stream().mapToLong(RunData.Drift::t), run.levels().stream().mapToLong(RunData.Level::t),
                run.performance().stream().mapToLong(RunData.Performance::t), run.alerts().stream().mapToLong(RunData.AlertChange::t),
                run.rollbacks().stream().mapToLong(RunData.Rollback::t), run.lifecycle().stream().mapToLong(RunData.Lifecycle::t))
                .flatMapToLong(s -> s);
    }

    private static String summary(RunData.Snapshot run) {
        return run.drift().size() + " drift scores, " + run.levels().size() + " level changes, " + run.performance().size()
                + " performance statements, " + run.alerts().size() + " alert changes, " + run.rollbacks().size() + " rollback commands.";
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream("/io/shepherd/simulator/report/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
