package io.iptvorigin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real nginx in front of the test WildFly, rendered from nginx/ by scripts/nginx-local: the
 * same templates and the same script scripts/dev and (through Ansible's template module) production
 * use; or the front tier in front of origin nodes, from nginx/front/ ({@link #front}). Started and
 * stopped by PID through that script.
 */
public final class NginxProcess implements AutoCloseable {
  private final Path runDir;
  private final Map<String, String> settings;

  private NginxProcess(Path runDir, Map<String, String> settings) {
    this.runDir = runDir;
    this.settings = settings;
  }

  /** The settings of the nginx in front of the test WildFly, on it.nginx.port. */
  public static Map<String, String> defaultSettings() {
    return Map.of(
        "IPTV_HTTP_PORT", ItEnvironment.property("it.nginx.port"),
        "IPTV_APP_ADDR", "127.0.0.1:" + ItEnvironment.property("it.wildfly.http.port"),
        "IPTV_HLS_DIR", ItEnvironment.hlsDir().toString(),
        "IPTV_EPG_DIR", ItEnvironment.epgDir().toString());
  }

  /**
   * Another nginx from the same templates, in its own run directory, with other settings
   * (IPTV_HTTP_PORT, IPTV_APP_ADDR, IPTV_HLS_DIR, IPTV_AUTH_CACHE_SECONDS, ...).
   */
  public static NginxProcess start(String name, Map<String, String> settings) {
    return startIn(ItEnvironment.workDir().resolve(name), settings);
  }

  /** As {@link #start(String, Map)}, in the run directory {@code runDir}. */
  public static NginxProcess startIn(Path runDir, Map<String, String> settings) {
    NginxProcess nginx = new NginxProcess(runDir, Map.copyOf(settings));
    nginx.script("start");
    return nginx;
  }

  /**
   * A front tier (nginx/front/, scripts/nginx-local with IPTV_NGINX_TIER=front) in its own run
   * directory, on a free loopback port, in front of the origin nodes {@code origins} (host:port),
   * with more of scripts/nginx-local's settings (IPTV_FRONT_MAX_FAILS, IPTV_TRUSTED_PROXIES, ...).
   */
  public static NginxProcess front(
      String name, List<String> origins, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("IPTV_NGINX_TIER", "front");
    all.put("IPTV_HTTP_PORT", Integer.toString(ItEnvironment.freeLoopbackPort()));
    all.put("IPTV_FRONT_ORIGINS", String.join(" ", origins));
    return start(name, all);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + settings.get("IPTV_HTTP_PORT");
  }

  /** The lines of its access log so far. */
  public List<String> accessLog() {
    Path log = runDir.resolve("logs").resolve("access.log");
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    script("stop");
  }

  /**
   * {@code kill -9} of its master and workers, as a dying host; {@link #close()} is then a no-op.
   */
  public void kill() {
    try {
      long pid = Long.parseLong(Files.readString(runDir.resolve("nginx.pid")).strip());
      ProcessHandle.of(pid)
          .ifPresent(
              master -> {
                List<ProcessHandle> workers = master.children().toList();
                master.destroyForcibly();
                workers.forEach(ProcessHandle::destroyForcibly);
              });
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("no nginx PID in " + runDir, e);
    }
  }

  private void script(String command) {
    Path project = Path.of(ItEnvironment.property("it.project.dir"));
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    "bash",
                    project.resolve("scripts/nginx-local").toString(),
                    command,
                    runDir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(
                runDir
                    .getParent()
                    .resolve(runDir.getFileName() + "-local-" + command + ".log")
                    .toFile());
    Map<String, String> env = builder.environment();
    env.put("IPTV_PLAYLIST_RATE", "50r/s");
    env.put("IPTV_INTERNAL_SECRET", ItEnvironment.property("it.internal.secret"));
    env.putAll(settings);
    try {
      Files.createDirectories(runDir.getParent());
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "scripts/nginx-local "
                + command
                + " failed: "
                + Files.readString(
                    runDir
                        .getParent()
                        .resolve(runDir.getFileName() + "-local-" + command + ".log")));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
