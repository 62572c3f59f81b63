package io.iptvorigin.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Streaming settings (README lists each with its default). */
@ApplicationScoped
public class StreamSettings {
  @Inject
  @ConfigProperty(name = "iptv.hls.dir", defaultValue = "/var/lib/iptv-origin/hls")
  String hlsDir;

  @Inject
  @ConfigProperty(name = "iptv.stream.log-dir", defaultValue = "/var/lib/iptv-origin/ffmpeg-logs")
  String logDir;

  @Inject
  @ConfigProperty(name = "iptv.ffmpeg.path", defaultValue = "ffmpeg")
  String ffmpegPath;

  @Inject
  @ConfigProperty(name = "iptv.stream.start-timeout", defaultValue = "15")
  int startTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "iptv.stream.copy-timeout", defaultValue = "8")
  int copyTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "iptv.stream.idle-timeout", defaultValue = "300")
  int idleTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "iptv.stream.segment-seconds", defaultValue = "4")
  int segmentSeconds;

  @Inject
  @ConfigProperty(name = "iptv.stream.first-segment-seconds", defaultValue = "1")
  double firstSegmentSeconds;

  @Inject
  @ConfigProperty(name = "iptv.stream.playlist-size", defaultValue = "6")
  int playlistSize;

  @Inject
  @ConfigProperty(name = "iptv.stream.stop-grace", defaultValue = "5")
  int stopGraceSeconds;

  @Inject
  @ConfigProperty(name = "iptv.stream.max-failures", defaultValue = "5")
  int maxFailures;

  @Inject
  @ConfigProperty(name = "iptv.stream.failure-cooldown", defaultValue = "60")
  int failureCooldownSeconds;

  @Inject
  @ConfigProperty(name = "iptv.stream.stall-timeout", defaultValue = "6")
  int stallTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "iptv.stream.slow-period", defaultValue = "20")
  int slowPeriodSeconds;

  @Inject
  @ConfigProperty(name = "iptv.stream.min-speed", defaultValue = "0.95")
  double minSpeed;

  @Inject
  @ConfigProperty(name = "iptv.stream.primary-retry", defaultValue = "600")
  int primaryRetrySeconds;

  @Inject
  @ConfigProperty(name = "iptv.stream.native-remux", defaultValue = "true")
  boolean nativeRemux;

  @Inject
  @ConfigProperty(name = "iptv.node.id")
  Optional<String> nodeId;

  public Path hlsDir() {
    return Path.of(hlsDir).toAbsolutePath();
  }

  public Path logDir() {
    return Path.of(logDir).toAbsolutePath();
  }

  public String ffmpegPath() {
    return ffmpegPath;
  }

  public Duration startTimeout() {
    return Duration.ofSeconds(startTimeoutSeconds);
  }

  public Duration copyTimeout() {
    return Duration.ofSeconds(copyTimeoutSeconds);
  }

  public Duration idleTimeout() {
    return Duration.ofSeconds(idleTimeoutSeconds);
  }

  public Duration stopGrace() {
    return Duration.ofSeconds(stopGraceSeconds);
  }

  public int maxFailures() {
    return maxFailures;
  }

  public Duration failureCooldown() {
    return Duration.ofSeconds(failureCooldownSeconds);
  }

  /** A running source that delivers nothing this long is failed over. */
  public Duration stallTimeout() {
    return Duration.ofSeconds(stallTimeoutSeconds);
  }

  /** How long a source may stay below {@link #minSpeed} before it is failed over. */
  public Duration slowPeriod() {
    return Duration.ofSeconds(slowPeriodSeconds);
  }

  /**
   * Media seconds per second under which a source counts as slow. A little under 1.0: a live source
   * measured over seconds jitters around real time.
   */
  public double minSpeed() {
    return minSpeed;
  }

  /** How long a channel plays from a backup before the first source is tried again. */
  public Duration primaryRetry() {
    return Duration.ofSeconds(primaryRetrySeconds);
  }

  /**
   * Whether channels set to {@code remux: auto} try the native remuxer first (FFmpeg takes over
   * when it finds what it does not carry); {@code remux: native} channels use it either way.
   */
  public boolean nativeRemux() {
    return nativeRemux;
  }

  public HlsOptions hls() {
    return new HlsOptions(segmentSeconds, firstSegmentSeconds, playlistSize);
  }

  /** This node's name in stream ownership leases: configured, or the host name. */
  public String nodeId() {
    return nodeId.filter(s -> !s.isBlank()).orElseGet(StreamSettings::hostName);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** HLS muxer settings: segment length, first segment length, segments in the playlist. */
  public record HlsOptions(int segmentSeconds, double firstSegmentSeconds, int playlistSize) {}
}
