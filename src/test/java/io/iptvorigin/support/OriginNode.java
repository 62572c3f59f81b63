package io.iptvorigin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One origin node of a cluster test, as a host runs it: its own WildFly (the unpacked and
 * configured {@code it.wildfly.home}, started with a server base directory of its own, the
 * production WAR in its deployment scanner's directory), its own nginx from the same templates, its
 * own HLS directory and egress proxy port, and node id and peer address of its own. Not
 * Arquillian's container: a node must be killable with {@code kill -9} while the others go on.
 */
public final class OriginNode implements AutoCloseable {
  private static final long BOOT_MILLIS = 240_000;

  private final String id;
  private final Path dir;
  private final int appPort = ItEnvironment.freeLoopbackPort();
  private final int managementPort = ItEnvironment.freeLoopbackPort();
  private final int nginxPort = ItEnvironment.freeLoopbackPort();
  private final int egressPort = ItEnvironment.freeLoopbackPort();
  private final Map<String, String> settings;
  private Process wildfly;
  private NginxProcess nginx;

  private OriginNode(String id, Path dir, Map<String, String> settings) {
    this.id = id;
    this.dir = dir;
    this.settings = settings;
  }

  /**
   * Starts WildFly and nginx of node {@code id} under {@code dir}; {@code settings} are the app's
   * (environment names: IPTV_REDIS_SENTINELS, ...) on top of the test defaults. Returns at once:
   * {@link #awaitReady()} waits for the app.
   */
  public static OriginNode start(String id, Path dir, Map<String, String> settings) {
    OriginNode node = new OriginNode(id, dir, Map.copyOf(settings));
    node.startWildfly();
    node.startNginx();
    return node;
  }

  public String id() {
    return id;
  }

  /** Where other nodes and the front reach its nginx: {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + nginxPort;
  }

  /** Its nginx, as a client bypassing the front reaches it. */
  public Edge edge() {
    return new Edge("http://" + address());
  }

  /** Its WildFly straight, with the admin token. */
  public AdminApi admin() {
    return new AdminApi(Http.of(appUrl()).withAdminToken());
  }

  public String appUrl() {
    return "http://127.0.0.1:" + appPort;
  }

  public Path hlsDir() {
    return dir.resolve("hls");
  }

  /** FFmpeg processes writing into its HLS directory now. */
  public long ffmpegCount() {
    String prefix = hlsDir().toString() + "/";
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .arguments()
                    .map(a -> Stream.of(a).anyMatch(arg -> arg.startsWith(prefix)))
                    .orElse(false))
        .count();
  }

  /** How many FFmpeg processes write channel {@code channel}'s playlist here. */
  public long ffmpegCountFor(String channel) {
    return ffmpegPidsFor(channel).size();
  }

  /** The PIDs of the FFmpeg processes writing channel {@code channel}'s playlist here. */
  public List<Long> ffmpegPidsFor(String channel) {
    return ItEnvironment.ffmpegPidsWriting(hlsDir(), channel);
  }

  /** Waits until its app answers /api/health through its nginx. */
  public void awaitReady() {
    long deadline = System.currentTimeMillis() + BOOT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!wildfly.isAlive()) {
        throw new IllegalStateException("WildFly of " + id + " exited: " + logTail());
      }
      try {
        HttpResponse<String> health = edge().http().get("/api/health");
        if (health.statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException e) {
        // Not listening yet.
      }
      Pause.sleep(500);
    }
    throw new IllegalStateException("node " + id + " not ready in time: " + logTail());
  }

  /**
   * The host dies: {@code kill -9} of its WildFly and of its nginx master and workers. Its FFmpeg
   * processes lose their upstream with the app's egress proxy and end by themselves.
   */
  public void kill() {
    wildflyJava().ifPresent(p -> p.destroyForcibly());
    wildfly.destroyForcibly();
    nginx.kill();
  }

  /**
   * A rolling upgrade's step on this node: the WAR copied into the deployment scanner's directory
   * again (a fresh modification time makes the scanner redeploy it, as scripts/wildfly-deploy
   * does); returns once the new deployment answers.
   */
  public void redeploy() {
    Path deployments = dir.resolve("standalone/deployments");
    Path war = deployments.resolve("iptv-origin.war");
    Path marker = deployments.resolve("iptv-origin.war.deployed");
    try {
      FileTime before = Files.getLastModifiedTime(marker);
      Path part = deployments.resolve("iptv-origin.war.part");
      Files.copy(
          Path.of(ItEnvironment.property("it.war")), part, StandardCopyOption.REPLACE_EXISTING);
      Files.move(part, war, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      long deadline = System.currentTimeMillis() + 120_000;
      while (!Files.exists(marker)
          || !Files.getLastModifiedTime(marker).toInstant().isAfter(before.toInstant())) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("node " + id + " did not redeploy: " + logTail());
        }
        Pause.sleep(200);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitReady();
  }

  /** {@code kill -9} of its WildFly alone: the application dies, its nginx goes on. */
  public void killApp() {
    wildflyJava().ifPresent(ProcessHandle::destroyForcibly);
    wildfly.destroyForcibly();
  }

  /** After {@link #killApp()}: WildFly starts again; returns once the app answers. */
  public void restartApp() {
    startWildfly();
    awaitReady();
  }

  /** After {@link #kill()}: the host is back, same ports and directories; returns once ready. */
  public void restart() {
    startWildfly();
    startNginx();
    awaitReady();
  }

  /** Whether its WildFly runs. */
  public boolean alive() {
    return wildfly.isAlive();
  }

  /** Stops WildFly (SIGTERM, as systemd does), then its nginx and any FFmpeg it left. */
  @Override
  public void close() {
    try {
      if (wildfly.isAlive()) {
        wildflyJava().ifPresent(ProcessHandle::destroy);
        try {
          if (!wildfly.waitFor(60, TimeUnit.SECONDS)) {
            wildflyJava().ifPresent(ProcessHandle::destroyForcibly);
            wildfly.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      try {
        nginx.close();
      } finally {
        stopFfmpeg();
      }
    }
  }

  private Optional<ProcessHandle> wildflyJava() {
    Path pidFile = dir.resolve("wildfly.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
          .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void stopFfmpeg() {
    Path project = Path.of(ItEnvironment.property("it.project.dir"));
    MediaTools.run(List.of(project.resolve("scripts/stop-ffmpeg").toString(), hlsDir().toString()));
  }

  private void startWildfly() {
    Path home = Path.of(ItEnvironment.property("it.wildfly.home"));
    Path base = dir.resolve("standalone");
    try {
      copyConfiguration(home.resolve("standalone/configuration"), base.resolve("configuration"));
      Files.createDirectories(base.resolve("deployments"));
      Files.copy(
          Path.of(ItEnvironment.property("it.war")),
          base.resolve("deployments/iptv-origin.war"),
          StandardCopyOption.REPLACE_EXISTING);
      for (String d : List.of("hls", "epg", "ffmpeg-logs", "slates")) {
        Files.createDirectories(dir.resolve(d));
      }
      List<String> command =
          List.of(
              home.resolve("bin/standalone.sh").toString(),
              "-Djboss.server.base.dir=" + base,
              "-Djboss.http.port=" + appPort,
              "-Djboss.management.http.port=" + managementPort);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("wildfly.log").toFile()));
      Map<String, String> env = builder.environment();
      env.put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
      env.put("JBOSS_PIDFILE", dir.resolve("wildfly.pid").toString());
      env.put(
          "JAVA_OPTS",
          "-Xms128m -Xmx640m -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true"
              + " -Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true");
      env.putAll(appSettings());
      wildfly = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The app's settings, as environment variables (MicroProfile Config reads them so). */
  private Map<String, String> appSettings() {
    Map<String, String> env = new HashMap<>();
    env.put("IPTV_ADMIN_TOKEN", ItEnvironment.adminToken());
    env.put("IPTV_INTERNAL_SECRET", ItEnvironment.property("it.internal.secret"));
    env.put("IPTV_NODE_ID", id);
    env.put("IPTV_NODE_PEER_ADDRESS", address());
    env.put("IPTV_UPSTREAM_EGRESS_PORT", Integer.toString(egressPort));
    env.put("IPTV_UPSTREAM_ALLOWED_PRIVATE_RANGES", LiveUpstream.ADDRESS + "/32");
    env.put("IPTV_CHANNELS_FILE", dir.resolve("channels.txt").toString());
    env.put("IPTV_HLS_DIR", hlsDir().toString());
    env.put("IPTV_EPG_DIR", dir.resolve("epg").toString());
    env.put("IPTV_STREAM_LOG_DIR", dir.resolve("ffmpeg-logs").toString());
    env.put("IPTV_STREAM_SLATE_DIR", dir.resolve("slates").toString());
    env.put("IPTV_STREAM_IDLE_TIMEOUT", "60");
    env.put("IPTV_STREAM_START_TIMEOUT", "12");
    env.put("IPTV_STREAM_COPY_TIMEOUT", "6");
    env.put("IPTV_VIEWER_SESSION_WINDOW", "10");
    // As the cluster inventory sets it (group_vars/origins).
    env.put("IPTV_VIEWER_AUTH_STALE_SECONDS", "3");
    env.put("IPTV_VIEWER_COLD_STARTS_PER_MINUTE", "1000");
    env.put("IPTV_USER_PASSWORD_HASH_ITERATIONS", "10000");
    env.putAll(settings);
    return env;
  }

  private void startNginx() {
    nginx =
        NginxProcess.startIn(
            dir.resolve("nginx"),
            Map.of(
                "IPTV_HTTP_PORT", Integer.toString(nginxPort),
                "IPTV_APP_ADDR", "127.0.0.1:" + appPort,
                "IPTV_HLS_DIR", hlsDir().toString(),
                "IPTV_EPG_DIR", dir.resolve("epg").toString()));
  }

  /** The server's configuration, without the history WildFly keeps beside it. */
  private static void copyConfiguration(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("wildfly.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public String toString() {
    return "node " + id + " (app " + appPort + ", nginx " + nginxPort + ", " + dir + ")";
  }
}
