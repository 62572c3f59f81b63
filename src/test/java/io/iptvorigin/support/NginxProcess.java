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

  private NginxProcess(Path runDir) {
    this.runDir = runDir;
  }

  public static NginxProcess start() {
    Path runDir = ItEnvironment.workDir().resolve("nginx");
    NginxProcess nginx = new NginxProcess(runDir);
    nginx.script("start");
    return nginx;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + ItEnvironment.property("it.nginx.port");
  }

  @Override
  public void close() {
    script("stop");
  }

  private void script(String command) {
    Path project = Path.of(ItEnvironment.property("it.project.dir"));
    ProcessBuilder builder =
        new ProcessBuilder(List.of("bash", project.resolve("scripts/nginx-local").toString(), command, runDir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(runDir.getParent().resolve("nginx-local-" + command + ".log").toFile());
    Map<String, String> env = builder.environment();
    env.put("IPTV_HTTP_PORT", ItEnvironment.property("it.nginx.port"));
    env.put("IPTV_APP_ADDR", "127.0.0.1:" + ItEnvironment.property("it.wildfly.http.port"));
    env.put("IPTV_HLS_DIR", ItEnvironment.hlsDir().toString());
    env.put("IPTV_PLAYLIST_RATE", "50r/s");
    try {
      Files.createDirectories(runDir.getParent());
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "scripts/nginx-local " + command + " failed: "
                + Files.readString(runDir.getParent().resolve("nginx-local-" + command + ".log")));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
