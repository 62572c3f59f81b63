package io.iptvorigin.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real nginx in front of the test WildFly, rendered from nginx/ by scripts/nginx-local: the
 * same templates and the same script scripts/dev and (through Ansible's template module) production
 * use. Started and stopped by PID through that script.
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
    NginxProcess nginx =
        new NginxProcess(ItEnvironment.workDir().resolve(name), Map.copyOf(settings));
    nginx.script("start");
    return nginx;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + settings.get("IPTV_HTTP_PORT");
  }

  @Override
  public void close() {
    script("stop");
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
