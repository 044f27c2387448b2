// Runs Neo4j Community embedded with Bolt on 127.0.0.1, for local development and tests.
//
//   java -cp 'lib/*' Launcher.java --data DIR --port PORT [--plugins DIR] [--pagecache 512m]
//
// Prints "SUPPORTWEB-NEO4J READY bolt://127.0.0.1:PORT" once the database answers, then
// runs until it gets SIGTERM/SIGINT (the shutdown hook stops the database cleanly, so the
// store is consistent on the next start) or until its standard input closes when started
// with --stdin-watch (so a test run that dies does not leave an orphan JVM).
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path data = Path.of(require(opts, "--data")).toAbsolutePath();
        int port = Integer.parseInt(opts.getOrDefault("--port", "7687"));
        Files.createDirectories(data);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(data)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // A local, loopback-only database for development and tests: it reports
                // nothing to the outside.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // The Bolt server stops after the databases (checkpointed and closed by
                // then), then waits 5 s for its thread pool and 5 s for its connections by
                // default: ten seconds of a stopped database holding the port. One is enough.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.parse(opts.getOrDefault("--pagecache", "512m")))
                // A runaway query in development should not hang the machine.
                .setConfig(GraphDatabaseSettings.transaction_timeout,
                        Duration.ofSeconds(Long.parseLong(opts.getOrDefault("--tx-timeout", "300"))));
        String plugins = opts.get("--plugins");
        if (plugins != null) {
            // APOC loads embedded only when its jar is on the classpath and its folder is plugin_dir.
            builder.setConfig(GraphDatabaseSettings.plugin_dir, Path.of(plugins).toAbsolutePath())
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                    .setConfig(GraphDatabaseSettings.procedure_allowlist, List.of("apoc.*", "db.*", "dbms.*"));
        }

        DatabaseManagementService service = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }, "supportweb-neo4j-shutdown"));

        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(2).toMillis())) {
            System.err.println("SUPPORTWEB-NEO4J FAILED database did not become available");
            System.exit(3);
        }
        System.out.println("SUPPORTWEB-NEO4J READY bolt://127.0.0.1:" + port);
        System.out.flush();

        if (opts.containsKey("--stdin-watch")) {
            watchStdin();
        }
        stopped.await();
    }

    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // Drain: only end-of-file matters.
                }
            } catch (IOException ignored) {
                // A broken pipe means the parent is gone, exactly like end-of-file.
            }
            System.exit(0); // runs the shutdown hook
        }, "supportweb-neo4j-stdin");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--stdin-watch")) {
                opts.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                opts.put(a, args[++i]);
            } else {
                System.err.println("SUPPORTWEB-NEO4J FAILED unknown argument " + a);
                System.exit(2);
            }
        }
        return opts;
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            System.err.println("SUPPORTWEB-NEO4J FAILED missing " + key);
            System.exit(2);
        }
        return v;
    }
}
