package io.shepherd.stack.elastic.launcher;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginBundle;
import org.elasticsearch.plugins.PluginsLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one Elasticsearch node in this JVM: a stand-in for the real bootstrap, which refuses to run as root and
 * needs an entitlement agent that is not published on Maven Central.
 *
 * <p>Compiled and started by {@code io.shepherd.stack.ElasticNode} with a JDK 21+, the server jars on the module path
 * and this class on the class path. Paths come from system properties: {@code es.path.home} (the distribution, read
 * only), {@code es.path.conf} (the node's config dir) and {@code shepherd.es.extra.modules} (modules built per node).
 * Stops the node on SIGTERM, and exits when the JVM that started it is gone.
 */
public final class NodeLauncher {

    /** Printed before a failed start exits, so that whoever started the node can quote the cause. */
    static final String FAILURE_PREFIX = "NodeLauncher: Elasticsearch failed to start: ";

    private NodeLauncher() {
    }

    public static void main(String[] args) throws Exception {
        try {
            startNode();
        } catch (Throwable t) {
            t.printStackTrace();
            StringBuilder causes = new StringBuilder();
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                causes.append(causes.isEmpty() ? "" : " <- caused by ").append(c);
            }
            System.err.println(FAILURE_PREFIX + causes);
            System.exit(1);
        }
    }

    private static void startNode() throws Exception {
        Path home = Path.of(System.getProperty("es.path.home"));
        Path config = Path.of(System.getProperty("es.path.conf"));
        Path extraModules = Path.of(System.getProperty("shepherd.es.extra.modules"));

        LogConfigurator.registerErrorListener();
        LogConfigurator.configureESLogging();
        Settings input = Settings.builder().put(Environment.PATH_HOME_SETTING.getKey(), home.toString()).build();
        Environment env = InternalSettingsPreparer.prepareEnvironment(input, Map.of(), config, () -> "shepherd-es");
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(env.settings()));
        LogConfigurator.configure(env, true);

        // The boolean means "stateless": false loads the bundles for an ordinary (stateful) node.
        Set<PluginBundle> modules = new HashSet<>(PluginsLoader.loadModulesBundles(env.modulesDir(), false));
        modules.addAll(PluginsLoader.loadModulesBundles(extraModules, false));
        Set<PluginBundle> plugins = Files.isDirectory(env.pluginsDir())
                ? PluginsLoader.loadPluginsBundles(env.pluginsDir(), false)
                : Set.of();
        PluginsLoader pluginsLoader = PluginsLoader.createPluginsLoader(modules, plugins, Map.of());

        Node node = new Node(env, pluginsLoader);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, stopped), "shepherd-es-shutdown"));
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        node.start();
        // The node's threads are daemons: keep the JVM alive until the shutdown hook has closed the node.
        stopped.await();
    }

    private static void stop(Node node, CountDownLatch stopped) {
        try {
            node.prepareForClose();
            node.close();
            node.awaitClose(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            stopped.countDown();
        }
    }
}
