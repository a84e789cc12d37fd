package org.elasticsearch.node;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.bytes.BytesArray;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.env.Environment;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.elasticsearch.xcontent.XContentBuilder;
import sun.misc.Signal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Starts a real single-node Elasticsearch (jars from Maven Central) for newsmon's tests and embedded default.
 *
 * <pre>
 * java [jvm.options] -cp 'es-node.jar:lib/*' org.elasticsearch.node.NewsmonNode --home DIR
 *      [--port N] [--url-file FILE] [--processors N] [-E key=value ...]
 * </pre>
 *
 * When HTTP serves and the cluster is at least yellow, prints {@code NEWSMON_ES_URL=http://127.0.0.1:PORT} on
 * stdout (the only stdout line) and writes the URL to --url-file atomically. SIGTERM/SIGINT close the node,
 * delete the url-file and exit 0. Startup failure: message on stderr, exit 1.
 *
 * <p>Why this class sits in package {@code org.elasticsearch.node}: the public {@code Node} constructor only
 * loads plugins from a distribution's modules/ and plugins/ directories. To load the Netty4 HTTP transport from
 * the classpath we must hand Node our own PluginsService, which is only possible through the package-private
 * {@code NodeConstruction.prepareConstruction(..., NodeServiceProvider, ...)} and {@code Node(NodeConstruction)}.
 * These signatures change between 8.x minors; they were checked with {@code javap -p} against 8.19.21.
 */
public final class NewsmonNode extends Node {
    private static final String URL_PREFIX = "NEWSMON_ES_URL=";
    private static PrintStream stderr = System.err;
    private static boolean stopping = false; // guarded by NewsmonNode.class
    private final NodeConstruction construction;

    private NewsmonNode(NodeConstruction construction) {
        super(construction);
        this.construction = construction;
    }

    static NewsmonNode create(Settings settings) {
        Environment environment = new Environment(settings, Path.of(settings.get("path.home"), "config"));
        NodeServiceProvider services = new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader loader) {
                // Netty4Plugin provides the HTTP and transport layers (the only ES module published on Central);
                // RootInfoPlugin stands in for the "rest-root" module (GET / and HEAD /), which is not.
                Map<String, Class<? extends Plugin>> modules = new LinkedHashMap<>();
                modules.put("transport-netty4", Netty4Plugin.class);
                modules.put("newsmon-rest-root", RootInfoPlugin.class);
                return new ClasspathPluginsService(env.settings(), env.configDir(), modules);
            }
        };
        PluginsLoader emptyLoader = PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false);
        return new NewsmonNode(NodeConstruction.prepareConstruction(environment, emptyLoader, services, true));
    }

    int httpPort() {
        return construction.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
    }

    public static void main(String[] args) {
        // Keep our own handles on the real stdout/stderr: LogConfigurator later replaces System.out/System.err
        // with streams that feed log4j (so stray prints of ES and its libraries end up in the log, not on stdout).
        // stdout carries only the URL line.
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            stderr.println("es-node: " + e.getMessage());
            stderr.println(
                "usage: NewsmonNode --home DIR [--port N] [--url-file FILE] [--processors N] [-E key=value ...]"
            );
            System.exit(2);
            return;
        }

        // The JVM's default SIGTERM/SIGINT handling exits with 143/130; the contract is exit 0. Installed first
        // thing, so a signal during startup also exits 0 (the shutdown hook closes whatever was started).
        for (String signal : List.of("TERM", "INT")) {
            Signal.handle(new Signal(signal), s -> System.exit(0));
        }

        NewsmonNode node = null;
        try {
            if (options.urlFile != null) Files.deleteIfExists(options.urlFile); // never leave a stale URL around
            Settings settings = options.settings();
            for (String dir : List.of("config", "data", "logs")) Files.createDirectories(options.home.resolve(dir));
            configureLogging(settings);

            node = create(settings);
            installShutdown(node, options.urlFile);
            node.start(); // returns once HTTP is bound and this node has elected itself master

            // Wait until existing indices' primaries are recovered (matters after a restart), so the first
            // request from the Python side does not hit a red index.
            var health = node.client().admin().cluster().prepareHealth(TimeValue.timeValueSeconds(60))
                .setWaitForYellowStatus().setTimeout(TimeValue.timeValueSeconds(60)).get();
            if (health.isTimedOut()) {
                stderr.println("es-node: WARNING cluster health is " + health.getStatus() + " after 60s");
            }

            String url = "http://127.0.0.1:" + node.httpPort();
            synchronized (NewsmonNode.class) { // no URL (file) once a shutdown has begun: it would be stale
                if (stopping == false) {
                    if (options.urlFile != null) writeAtomically(options.urlFile, url + "\n");
                    stdout.println(URL_PREFIX + url);
                    stdout.flush();
                }
            }
        } catch (Throwable t) {
            synchronized (NewsmonNode.class) {
                if (stopping) return; // a signal arrived during startup: the shutdown hook is closing the node
            }
            stderr.println("es-node: ERROR failed to start Elasticsearch: " + t);
            t.printStackTrace(stderr);
            // halt: the shutdown hook would try to close a half-built node; close it here best-effort instead.
            if (node != null) {
                try {
                    node.close();
                } catch (Throwable ignored) {}
            }
            Runtime.getRuntime().halt(1);
        }
        // ES threads are non-daemon anyway; park main so the process lives until a signal arrives.
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException ignored) {}
    }

    /** Runs when the JVM exits (System.exit from the signal handlers installed in main): close the node cleanly. */
    private static void installShutdown(NewsmonNode node, Path urlFile) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (NewsmonNode.class) {
                stopping = true;
                try {
                    if (urlFile != null) Files.deleteIfExists(urlFile);
                } catch (Throwable ignored) {}
            }
            try {
                node.close();
                if (node.awaitClose(30, TimeUnit.SECONDS) == false) stderr.println("es-node: node did not close in 30s");
            } catch (Throwable t) {
                stderr.println("es-node: error while closing: " + t);
            }
        }, "newsmon-es-shutdown"));
    }

    /** ES logs through log4j; it must be configured before the node is built. See newsmon-es-log4j2.properties. */
    private static void configureLogging(Settings settings) throws Exception {
        Path configDir = Path.of(settings.get("path.home"), "config");
        try (InputStream in = NewsmonNode.class.getResourceAsStream("/newsmon-es-log4j2.properties")) {
            Files.copy(in, configDir.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(settings.get("node.name"));
        LogConfigurator.setClusterName(settings.get("cluster.name"));
        LogConfigurator.configure(new Environment(settings, configDir), false);
    }

    private static void writeAtomically(Path file, String content) throws Exception {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Serves {@code GET /} and {@code HEAD /} like ES's rest-root module (absent from Central) does, because
     * clients use them: elasticsearch-py's info() and ping(), and anyone reading version.number.
     */
    public static final class RootInfoPlugin extends Plugin implements ActionPlugin {
        private volatile ClusterService clusterService;

        @Override
        public Collection<?> createComponents(PluginServices services) {
            clusterService = services.clusterService();
            return List.of();
        }

        @Override
        public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry namedWriteableRegistry,
            RestController restController, ClusterSettings clusterSettings, IndexScopedSettings indexScopedSettings,
            SettingsFilter settingsFilter, IndexNameExpressionResolver indexNameExpressionResolver,
            Supplier<DiscoveryNodes> nodesInCluster, Predicate<NodeFeature> clusterSupportsFeature) {
            return List.of(new BaseRestHandler() {
                @Override
                public String getName() {
                    return "newsmon_root_info";
                }

                @Override
                public List<Route> routes() {
                    return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
                }

                @Override
                protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
                    return channel -> {
                        if (request.method() == RestRequest.Method.HEAD) {
                            channel.sendResponse(new RestResponse(RestStatus.OK, "application/json", BytesArray.EMPTY));
                            return;
                        }
                        Build build = Build.current();
                        XContentBuilder b = channel.newBuilder().startObject()
                            .field("name", clusterService.localNode().getName())
                            .field("cluster_name", clusterService.getClusterName().value())
                            .field("cluster_uuid", clusterService.state().metadata().clusterUUID())
                            .startObject("version")
                            .field("number", build.qualifiedVersion())
                            .field("build_flavor", build.flavor())
                            .field("build_type", build.type().displayName())
                            .field("build_hash", build.hash())
                            .field("build_date", build.date())
                            .field("build_snapshot", build.isSnapshot())
                            .field("lucene_version", org.apache.lucene.util.Version.LATEST.toString())
                            .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
                            .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
                            .endObject()
                            .field("tagline", "You Know, for Search")
                            .endObject();
                        channel.sendResponse(new RestResponse(RestStatus.OK, b));
                    };
                }
            });
        }
    }

    /** Command-line options. */
    private record Options(Path home, int port, Path urlFile, int processors, Settings extra) {
        static Options parse(String[] args) {
            Path home = null;
            Path urlFile = null;
            int port = 0;
            int processors = 2;
            Settings.Builder extra = Settings.builder();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + arg);
                String value = args[++i];
                switch (arg) {
                    case "--home" -> home = Path.of(value).toAbsolutePath();
                    case "--port" -> port = parseInt(arg, value, 0, 65535);
                    case "--url-file" -> urlFile = Path.of(value).toAbsolutePath();
                    case "--processors" -> processors = parseInt(arg, value, 1, 1024);
                    case "-E" -> {
                        int eq = value.indexOf('=');
                        if (eq <= 0) throw new IllegalArgumentException("-E expects key=value, got " + value);
                        extra.put(value.substring(0, eq), value.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (home == null) throw new IllegalArgumentException("--home DIR is required");
            return new Options(home, port, urlFile, processors, extra.build());
        }

        private static int parseInt(String arg, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n < min || n > max) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(arg + " expects an integer in [" + min + ", " + max + "], got " + value);
            }
        }

        Settings settings() {
            return Settings.builder()
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("cluster.name", "newsmon")
                .put("node.name", "newsmon-es")
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1") // loopback only
                .put("http.port", Integer.toString(port)) // 0 = the OS picks a free port
                .put("transport.port", "0")
                .put("node.processors", processors)
                // The real-memory breaker measures the whole heap and trips spuriously with small heaps / SerialGC.
                .put("indices.breaker.total.use_real_memory", false)
                // A test/embedded node must not turn indices read-only because the disk of a CI box is >90% full.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put(extra)
                .build();
        }
    }
}
