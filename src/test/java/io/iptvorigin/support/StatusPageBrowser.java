package io.iptvorigin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An operator's browser on the status page: {@code test-player/status-page.mjs} in headless
 * Chromium signs in with the login form, reads the page, waits for its own refresh, stores a
 * screenshot and signs out, then again with JavaScript off. The admin token goes to the script in a
 * file readable by the owner only, never as an argument.
 */
public final class StatusPageBrowser {
  private StatusPageBrowser() {}

  /** What the script saw: {@code withScript} and {@code withoutScript}, see status-page.mjs. */
  public static JsonNode visit(String url, String adminToken, Path screenshot) {
    Path tokenFile = null;
    Path stdout = null;
    Path stderr = null;
    try {
      tokenFile =
          Files.createTempFile(
              "status-token",
              ".txt",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tokenFile, adminToken);
      stdout = Files.createTempFile("status-page", ".json");
      stderr = Files.createTempFile("status-page", ".log");
      Files.createDirectories(screenshot.getParent());
      List<String> command = new ArrayList<>();
      command.add(System.getProperty("it.node", "node"));
      command.add(HlsJsPlayer.testPlayerScript("status-page.mjs").toString());
      command.addAll(List.of(url, tokenFile.toString(), screenshot.toString()));
      Process process = HlsJsPlayer.runNode(command, stdout, stderr);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException("status-page.mjs did not finish in 120 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "status-page.mjs failed (exit "
                + process.exitValue()
                + "): "
                + Files.readString(stderr, StandardCharsets.UTF_8));
      }
      return new ObjectMapper().readTree(Files.readString(stdout, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      for (Path p : new Path[] {tokenFile, stdout, stderr}) {
        if (p != null) {
          p.toFile().delete();
        }
      }
    }
  }
}
