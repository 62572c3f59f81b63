package io.iptvorigin.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis as the cluster inventory provisions it, on loopback free ports: one master, one replica
 * ({@code replicaof}), three Sentinels (Debian's {@code redis-sentinel}) watching them as {@value
 * #MASTER_NAME} with quorum 2, AOF on with {@code appendfsync everysec}, passwords on the data
 * nodes and on the Sentinels. Failure detection is shortened to 1 s so a failover fits a test. Each
 * process runs in the foreground as this JVM's child with a config file of its own (Sentinel and a
 * failover rewrite theirs) and is stopped by its PID; {@link #killMaster()} is {@code kill -9}.
 */
public final class SentinelCluster implements AutoCloseable {
  public static final String MASTER_NAME = "iptv";
  private static final long READY_MILLIS = 20_000;

  private final Path dir;
  private final String password;
  private final String sentinelPassword;
  private final int masterPort;
  private final int replicaPort;
  private final List<Integer> sentinelPorts;
  private final Map<Integer, Process> processes = new LinkedHashMap<>();

  private SentinelCluster(Path dir, String password, String sentinelPassword, List<Integer> ports) {
    this.dir = dir;
    this.password = password;
    this.sentinelPassword = sentinelPassword;
    this.masterPort = ports.get(0);
    this.replicaPort = ports.get(1);
    this.sentinelPorts = List.copyOf(ports.subList(2, 5));
  }

  /** Starts the five processes under {@code dir} and returns once the Sentinels know them all. */
  public static SentinelCluster start(Path dir) {
    requireCommand("redis-server", "redis-server");
    requireCommand("redis-sentinel", "redis-sentinel");
    SentinelCluster cluster =
        new SentinelCluster(
            dir, ItEnvironment.newToken(), ItEnvironment.newToken(), freeLoopbackPorts(5));
    try {
      cluster.startAll();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  public String password() {
    return password;
  }

  public String sentinelPassword() {
    return sentinelPassword;
  }

  public int masterPort() {
    return masterPort;
  }

  public int replicaPort() {
    return replicaPort;
  }

  /** The value of {@code iptv.redis.sentinels}. */
  public String sentinelList() {
    return sentinelPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** A connection to the data node on {@code port}, authenticated. Close it. */
  public Jedis node(int port) {
    return new Jedis(new HostAndPort("127.0.0.1", port), config(password));
  }

  /** A connection to the Sentinel on {@code port}, authenticated. Close it. */
  public Jedis sentinel(int port) {
    return new Jedis(new HostAndPort("127.0.0.1", port), config(sentinelPassword));
  }

  public List<Integer> sentinelPorts() {
    return sentinelPorts;
  }

  /** {@code kill -9} of the first master, and waits until it is gone. */
  public void killMaster() {
    Process master = processes.get(masterPort);
    master.destroyForcibly();
    try {
      if (!master.waitFor(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server on " + masterPort + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void startAll() {
    startNode(masterPort, "");
    startNode(replicaPort, "replicaof 127.0.0.1 " + masterPort);
    awaitTrue(
        "replica on " + replicaPort + " in sync with " + masterPort,
        () -> info(replicaPort, "replication").contains("master_link_status:up"));
    for (int port : sentinelPorts) {
      startSentinel(port);
    }
    // Each Sentinel must know the replica and the two other Sentinels (they meet through the
    // master's hello channel every 2 s) before a failover can be voted and have a target.
    for (int port : sentinelPorts) {
      awaitTrue(
          "sentinel on " + port + " knowing the replica and 2 other sentinels",
          () -> {
            try (Jedis sentinel = sentinel(port)) {
              return sentinel.sentinelReplicas(MASTER_NAME).size() == 1
                  && sentinel.sentinelSentinels(MASTER_NAME).size() == 2;
            }
          });
    }
  }

  private void startNode(int port, String replication) {
    Path nodeDir = dir.resolve("redis-" + port);
    String conf =
        """
        bind 127.0.0.1
        port %d
        daemonize no
        dir "%s"
        logfile "%s"
        requirepass "%s"
        # A demoted master authenticates to the new one with it.
        masterauth "%s"
        appendonly yes
        appendfsync everysec
        save ""
        %s
        """
            .formatted(
                port, nodeDir, nodeDir.resolve("redis.log"), password, password, replication);
    processes.put(port, launch(nodeDir, conf, "redis-server"));
    awaitTrue("redis-server on " + port, () -> "PONG".equals(ping(port)));
  }

  private void startSentinel(int port) {
    Path sentinelDir = dir.resolve("sentinel-" + port);
    String conf =
        """
        bind 127.0.0.1
        port %1$d
        daemonize no
        dir "%2$s"
        logfile "%3$s"
        requirepass "%4$s"
        # Sentinels ask each other for votes with it.
        sentinel sentinel-pass "%4$s"
        sentinel monitor %5$s 127.0.0.1 %6$d 2
        sentinel auth-pass %5$s "%7$s"
        sentinel down-after-milliseconds %5$s 1000
        sentinel failover-timeout %5$s 10000
        sentinel parallel-syncs %5$s 1
        """
            .formatted(
                port,
                sentinelDir,
                sentinelDir.resolve("sentinel.log"),
                sentinelPassword,
                MASTER_NAME,
                masterPort,
                password);
    processes.put(port, launch(sentinelDir, conf, "redis-sentinel"));
    awaitTrue(
        "redis-sentinel on " + port,
        () -> {
          try (Jedis sentinel = sentinel(port)) {
            return "PONG".equals(sentinel.ping());
          } catch (JedisException e) {
            return false;
          }
        });
  }

  private static Process launch(Path processDir, String conf, String command) {
    try {
      Files.createDirectories(processDir);
      Path confFile = processDir.resolve(command + ".conf");
      Files.writeString(confFile, conf);
      return new ProcessBuilder(command, confFile.toString())
          .redirectErrorStream(true)
          .redirectOutput(processDir.resolve(command + ".out").toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command + " in " + processDir, e);
    }
  }

  private String ping(int port) {
    try (Jedis node = node(port)) {
      return node.ping();
    } catch (JedisException e) {
      return e.getMessage();
    }
  }

  private String info(int port, String section) {
    try (Jedis node = node(port)) {
      return node.info(section);
    } catch (JedisException e) {
      return "";
    }
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + READY_MILLIS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("not ready within " + READY_MILLIS + " ms: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static JedisClientConfig config(String password) {
    return DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(2000)
        .socketTimeoutMillis(2000)
        .password(password)
        .build();
  }

  /** Distinct ports, never handed out twice ({@link ItEnvironment#freeLoopbackPort()}). */
  private static List<Integer> freeLoopbackPorts(int count) {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ports.add(ItEnvironment.freeLoopbackPort());
    }
    return ports;
  }

  private static void requireCommand(String command, String debianPackage) {
    for (String path : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(path, command))) {
        return;
      }
    }
    throw new IllegalStateException(
        command
            + " is not installed: apt-get install "
            + debianPackage
            + " (scripts/dev test does)");
  }

  /** Stops every process still running, Sentinels first, each by its PID. */
  @Override
  public void close() {
    List<Process> order = new ArrayList<>(processes.values());
    Collections.reverse(order);
    for (Process process : order) {
      process.destroy();
    }
    for (Process process : order) {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
