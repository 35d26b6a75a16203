package io.shepherd.simulator.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.stack.LocalStack;
import io.shepherd.stack.LocalStackMain;

/**
 * The run command's entry point: the local stack, the services, the simulator and the timeline in one go (see
 * {@link DemoRun}). Ctrl-C or the end of the scenario stop everything it started and write the report page.
 *
 * <p>System properties: {@code shepherd.demo.classpath.<service>} (streams, alert-router, projections) name the files
 * holding each service's runtime classpath; {@code shepherd.demo.reports} is where report pages go.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        DemoOptions options;
        LocalStackMain.Settings stackSettings;
        try {
            options = DemoOptions.parse(List.of(args), System.getenv(), Path.of(System.getProperty("shepherd.demo.reports", ".shepherd/reports")),
                    services());
            LocalStack.wipe(LocalStackMain.Settings.dataDir(System.getenv()));
            stackSettings = LocalStackMain.Settings.from(System.getenv(), List.of());
        } catch (RuntimeException e) {
            System.err.println("ops/run: " + e.getMessage());
            System.exit(2);
            return;
        }
        DemoRun run = new DemoRun(options, stackSettings.options(), System.getenv(), System.out, DemoRun.Probe.NONE);
        Runtime.getRuntime().addShutdownHook(new Thread(run::stop, "stop-demo"));
        int code = run.run();
        // Stopped here, not only in the hook: on exit the stack's own hooks would run beside it.
        run.stop();
        System.exit(code);
    }

    private static Map<String, String> services() throws java.io.IOException {
        return ServiceSet.classpaths(name -> System.getProperty("shepherd.demo.classpath." + name));
    }
}
