package io.iptvorigin.playlist;

import io.iptvorigin.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The channel part of every subscriber's M3U, rendered once per channel revision: active channels
 * in playlist order, escaped, as bytes. Per request only the base URL and the token are spliced in,
 * so a 5,000-channel playlist costs one array copy per entry, not formatting work.
 */
public final class M3uPlaylist {
  private static final byte[] HEADER = "#EXTM3U\n".getBytes(StandardCharsets.UTF_8);

  private final long revision;
  private final byte[][] extinfs;
  private final byte[][] suffixes;
  private final int fixedLength;

  private M3uPlaylist(long revision, byte[][] extinfs, byte[][] suffixes) {
    this.revision = revision;
    this.extinfs = extinfs;
    this.suffixes = suffixes;
    int length = HEADER.length;
    for (int i = 0; i < extinfs.length; i++) {
      length += extinfs[i].length + suffixes[i].length;
    }
    this.fixedLength = length;
  }

  /** The token playlist's channel list: {@code /live/{token}/stream_{id}.m3u8}. */
  static M3uPlaylist render(long revision, List<Channel> channels) {
    // Channel ids are [A-Za-z0-9_-]: safe in a path without encoding.
    return render(revision, channels, c -> "/stream_" + c.id() + ".m3u8");
  }

  /**
   * A channel list whose entry URLs are the per-request prefix followed by {@code path(channel)}.
   */
  public static M3uPlaylist render(
      long revision, List<Channel> channels, Function<Channel, String> path) {
    List<Channel> active = entries(channels);
    byte[][] extinfs = new byte[active.size()][];
    byte[][] suffixes = new byte[active.size()][];
    for (int i = 0; i < active.size(); i++) {
      Channel c = active.get(i);
      String extinf =
          "#EXTINF:-1 tvg-id=\""
              + M3uText.attribute(c.id())
              + "\" tvg-name=\""
              + M3uText.attribute(c.name())
              + "\" tvg-logo=\""
              + M3uText.attribute(c.logo())
              + "\" group-title=\""
              + M3uText.attribute(c.category())
              + "\","
              + M3uText.title(c.name())
              + "\n";
      extinfs[i] = extinf.getBytes(StandardCharsets.UTF_8);
      suffixes[i] = (path.apply(c) + "\n").getBytes(StandardCharsets.UTF_8);
    }
    return new M3uPlaylist(revision, extinfs, suffixes);
  }

  /**
   * The channels a playlist lists, in its order: the active ones, by {@link
   * Channel#PLAYLIST_ORDER}.
   */
  public static List<Channel> entries(List<Channel> channels) {
    return channels.stream().filter(Channel::active).sorted(Channel.PLAYLIST_ORDER).toList();
  }

  long revision() {
    return revision;
  }

  int size() {
    return extinfs.length;
  }

  /**
   * The full body for one subscriber: {@code baseUrl} without a trailing slash, token URL-encoded.
   * Channel URLs carry the token in the path ({@code /live/{token}/stream_{id}.m3u8}), so the
   * segment names FFmpeg writes relative to the playlist resolve under the token too and every HLS
   * request a player makes can be authorised.
   */
  byte[] body(String baseUrl, String encodedToken) {
    return body(baseUrl + "/live/" + encodedToken);
  }

  /** The full body with {@code prefix} (already URL-safe) before each entry's path. */
  public byte[] body(String prefix) {
    byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[fixedLength + extinfs.length * head.length];
    int at = copy(HEADER, out, 0);
    for (int i = 0; i < extinfs.length; i++) {
      at = copy(extinfs[i], out, at);
      at = copy(head, out, at);
      at = copy(suffixes[i], out, at);
    }
    return out;
  }

  private static int copy(byte[] from, byte[] to, int at) {
    System.arraycopy(from, 0, to, at, from.length);
    return at + from.length;
  }
}
