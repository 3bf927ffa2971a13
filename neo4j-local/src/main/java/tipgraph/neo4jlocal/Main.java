package tipgraph.neo4jlocal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs an embedded Neo4j Community DBMS that serves Bolt on 127.0.0.1.
 *
 * <p>Why embedded: on machines without Docker this is the only way to get a real
 * Neo4j 5.26 from Maven Central alone. Usage:
 * {@code java -jar neo4j-local.jar HOME_DIR PORT [PAGECACHE]}.
 *
 * <p>It prints one line {@code READY <bolt-uri> <version>} once the default
 * database accepts transactions, so the Python side knows when to connect, and
 * shuts the DBMS down cleanly on SIGTERM so the store is never left dirty.
 */
public final class Main {
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: neo4j-local HOME_DIR PORT [PAGECACHE e.g. 256m] [--exit-with-parent]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCache = args.length > 2 ? parseBytes(args[2]) : ByteUnit.mebiBytes(256);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                // Loopback only, single user: authentication is off, as documented in the README.
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                // A transaction timeout is enforced when the monitor next looks (every 2 s by
                // default): look every 100 ms, so that a query stops close to its timeout.
                .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100))
                // Netty waits 5 s of quiet per Bolt connector before exiting; the databases are
                // already checkpointed and closed by then, so no wait is needed.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-local-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(STARTUP_TIMEOUT.toMillis())) {
            System.err.println("FAILED database did not become available within " + STARTUP_TIMEOUT);
            System.exit(1);
        }
        if (args.length > 3 && args[3].equals("--exit-with-parent")) {
            exitWhenStdinCloses();
        }
        String version = org.neo4j.kernel.internal.Version.getNeo4jVersion();
        System.out.println("READY bolt://127.0.0.1:" + port + " " + version);
        System.out.flush();
        stopped.await();
    }

    /**
     * A server started for one process (a test session, a benchmark) holds a pipe from it
     * on stdin. When that process dies, even by SIGKILL, the pipe closes and the server
     * shuts down cleanly instead of living on as an orphan holding gigabytes.
     */
    private static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is ever sent; only the end of the stream matters
                }
            } catch (java.io.IOException ignored) {
                // a broken pipe means the parent is gone, as does end of stream
            }
            System.exit(0);
        }, "neo4j-local-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static long parseBytes(String text) {
        String t = text.trim().toLowerCase();
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'k') unit = ByteUnit.kibiBytes(1);
        if (last == 'm') unit = ByteUnit.mebiBytes(1);
        if (last == 'g') unit = ByteUnit.gibiBytes(1);
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        return Long.parseLong(digits) * unit;
    }
}
