package io.iptvorigin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * XMLTV validation by the tool operators and players' authors use: xmltv-util's {@code
 * tv_validate_file}, against the XMLTV DTD Debian ships (no network). The test command installs it.
 */
public final class XmltvValidation {
  public static final Path TV_VALIDATE_FILE = Path.of("/usr/bin/tv_validate_file");
  public static final Path XMLTV_DTD = Path.of("/usr/share/xmltv/xmltv.dtd");

  private XmltvValidation() {}

  public static boolean available() {
    return Files.isExecutable(TV_VALIDATE_FILE) && Files.exists(XMLTV_DTD);
  }

  /** Fails with the tool's findings unless {@code file} is valid XMLTV. */
  public static void assertValid(Path file) throws IOException, InterruptedException {
    ProcessBuilder command =
        new ProcessBuilder(
                TV_VALIDATE_FILE.toString(), "--dtd-file", XMLTV_DTD.toString(), file.toString())
            .redirectErrorStream(true);
    command.environment().put("XMLTV_SUPPLEMENT", XMLTV_DTD.getParent().toString());
    Process process = command.start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "tv_validate_file still running");
    assertEquals(0, process.exitValue(), file.getFileName() + ": " + output);
  }
}
