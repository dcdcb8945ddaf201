package org.qnet.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * Runs a Neo4j Community DBMS (2026.x, or 5.26 LTS) in this JVM with only the Bolt connector open on 127.0.0.1.
 *
 * <p>Settings arrive as system properties from {@code qnet db start}; the password is read from
 * the QNET_NEO4J_PASSWORD environment variable so it never shows in the process list. The
 * neo4j user's password is (re)set from it at every start, so configuration is the one truth.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(required("qnet.home"));
        int port = Integer.parseInt(System.getProperty("qnet.bolt.port", "7687"));
        String host = System.getProperty("qnet.bolt.host", "127.0.0.1");
        long pageCacheMb = Long.parseLong(System.getProperty("qnet.pagecache.mb", "2048"));
        String password = System.getenv("QNET_NEO4J_PASSWORD");
        if (password == null || password.isBlank()) {
            fail("QNET_NEO4J_PASSWORD is not set");
        }
        if (password.equals("neo4j") || password.equals("password") || password.length() < 8) {
            fail("refusing to start: the Neo4j password is a well-known default or shorter than 8 characters");
        }
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                // A community's server tells no one outside about itself (Neo4j's anonymous usage report).
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt stops after the databases, so nothing is left for it to finish; its default graceful
                // waits (one for the thread pool, one for connections) only delayed every stop.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(100))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(100))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("qnet-neo4j: shutting down");
            dbms.shutdown();
            stopped.countDown();
        }, "qnet-neo4j-shutdown"));

        try {
            setPassword(dbms, password);
            // Wait for the default database so that "ready" also means "queries run".
            GraphDatabaseService neo4j = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            neo4j.executeTransactionally("RETURN 1");
        } catch (RuntimeException e) {
            e.printStackTrace();
            fail("start-up failed: " + e.getMessage());
        }
        System.out.println("qnet-neo4j: ready on bolt://" + host + ":" + port);
        stopped.await();
    }

    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // Already the configured password: nothing to change.
            if (!String.valueOf(rootMessage(e)).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            fail("system property " + name + " is required");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("qnet-neo4j: " + message);
        System.exit(2);
    }
}
