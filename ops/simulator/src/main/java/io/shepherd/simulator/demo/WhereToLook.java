package io.shepherd.simulator.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The closing block of a run: where its data, logs, messages and report are, and how to look at them. */
final class WhereToLook {

    private WhereToLook() {
    }

    static String text(Path dataDir, List<String> indices, Optional<Path> report, Optional<Receiver> receiver, List<ChildService> children) {
        StringBuilder b = new StringBuilder("\n=== Where to look ===\n");
        b.append("  report page            ").append(report.map(p -> "file://" + p).orElse("(not written)")).append('\n');
        b.append("  Elasticsearch indices  ");
        if (indices.isEmpty()) {
            b.append("none (Elasticsearch or the projections did not run)\n");
        } else {
            b.append('\n');
            indices.forEach(i -> b.append("      ").append(i).append('\n'));
            b.append("    (kept in ").append(dataDir.resolve("elasticsearch")).append(" until the next run; `ops/run --keep-running` keeps them served)\n");
        }
        if (Files.isDirectory(Path.of("dashboards"))) {
            b.append("  Kibana dashboards      ops/kibana-import http://127.0.0.1:5601   (a Kibana 9.x pointed at that Elasticsearch)\n");
        }
        b.append("  report from topics     ops/report [file.html]   (against a running stack, e.g. with --keep-running)\n");
        receiver.ifPresent(r -> b.append("  Slack / PagerDuty      ").append(r.received().size()).append(" messages kept in ")
                .append(r.folder()).append("/{slack,pagerduty}.jsonl\n"));
        children.forEach(c -> b.append("  ").append(String.format("%-22s ", c.name() + " log")).append(c.log()).append('\n'));
        b.append("  demo log               ").append(Path.of(System.getProperty("shepherd.log.dir", ".shepherd/logs")).resolve("demo.log").toAbsolutePath()).append('\n');
        b.append("  runbooks               ops/runbooks/\n");
        return b.toString();
    }
}
