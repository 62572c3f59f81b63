package io.iptvorigin.stream.slate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The slate settings (README lists each with its default). */
@ApplicationScoped
public class SlateSettings {
  @Inject
  @ConfigProperty(name = "iptv.stream.slate-dir", defaultValue = "/var/lib/iptv-origin/slates")
  String dir;

  @Inject
  @ConfigProperty(name = "iptv.ffprobe.path", defaultValue = "ffprobe")
  String ffprobePath;

  /** Where the made slates are kept, one file per profile, across restarts. */
  public Path dir() {
    return Path.of(dir).toAbsolutePath();
  }

  public String ffprobePath() {
    return ffprobePath;
  }
}
