package io.iptvorigin.stream.ffmpeg;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.Source;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.upstream.AddressPolicy;
import io.iptvorigin.upstream.EgressProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The FFmpeg command of one run of a channel, with this node's settings, HLS paths and the proxy
 * every connection of FFmpeg goes through: the channel's own, pinned to its checked address, or the
 * egress proxy, which refuses loopback and private destinations. {@link FfmpegCommand} holds the
 * argument rules.
 */
@ApplicationScoped
public class FfmpegCommands {
  private final StreamSettings settings;
  private final HlsPaths paths;
  private final EgressProxy egress;
  private final AddressPolicy addresses;

  @Inject
  public FfmpegCommands(
      StreamSettings settings, HlsPaths paths, EgressProxy egress, AddressPolicy addresses) {
    this.settings = settings;
    this.paths = paths;
    this.egress = egress;
    this.addresses = addresses;
  }

  /** For CDI's client proxy only. */
  protected FfmpegCommands() {
    this(null, null, null, null);
  }

  /** The argument list for a run of {@code channel} reading {@code source} at {@code inputUrl}. */
  public List<String> forRun(
      Channel channel, Source source, String inputUrl, StreamMode mode, String runId) {
    return FfmpegCommand.build(
        settings.ffmpegPath(),
        channel,
        source,
        inputUrl,
        mode,
        paths,
        runId,
        settings.hls(),
        proxyFor(source));
  }

  private String proxyFor(Source source) {
    return source.httpProxy() != null
        ? addresses.pinnedProxy(source.httpProxy())
        : egress.proxyUrl();
  }
}
