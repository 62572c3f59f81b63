package io.iptvorigin.epg;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The guide settings (README, "Programme guide"). */
@ApplicationScoped
public class EpgSettings {
  private static final long DAY = 86_400;

  @Inject
  @ConfigProperty(name = "iptv.epg.dir", defaultValue = "/var/lib/iptv-origin/epg")
  String dir;

  @Inject
  @ConfigProperty(name = "iptv.epg.past-days", defaultValue = "7")
  int pastDays;

  @Inject
  @ConfigProperty(name = "iptv.epg.future-days", defaultValue = "14")
  int futureDays;

  @Inject
  @ConfigProperty(name = "iptv.epg.max-download-bytes", defaultValue = "1073741824")
  long maxDownloadBytes;

  @Inject
  @ConfigProperty(name = "iptv.epg.max-xml-bytes", defaultValue = "4294967296")
  long maxXmlBytes;

  @Inject
  @ConfigProperty(name = "iptv.epg.connect-timeout", defaultValue = "10")
  int connectTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "iptv.epg.read-timeout", defaultValue = "60")
  int readTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "iptv.epg.fetch-timeout", defaultValue = "1800")
  int fetchTimeoutSeconds;

  /** Where the rendered guides are written (nginx serves them) and downloads are spilled. */
  public Path dir() {
    return Path.of(dir);
  }

  /** The oldest end a kept programme may have, for a guide read at {@code now} (epoch seconds). */
  public long windowStart(long now) {
    return now - pastDays * DAY;
  }

  /** The latest start a kept programme may have. */
  public long windowEnd(long now) {
    return now + futureDays * DAY;
  }

  long maxDownloadBytes() {
    return maxDownloadBytes;
  }

  long maxXmlBytes() {
    return maxXmlBytes;
  }

  Duration connectTimeout() {
    return Duration.ofSeconds(connectTimeoutSeconds);
  }

  Duration readTimeout() {
    return Duration.ofSeconds(readTimeoutSeconds);
  }

  Duration fetchTimeout() {
    return Duration.ofSeconds(fetchTimeoutSeconds);
  }
}
