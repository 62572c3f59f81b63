package io.iptvorigin.playlist;

import io.iptvorigin.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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

  /**
   * The token playlist's channel list: {@code /live/{token}/stream_{id}.m3u8}, or {@code .ts} for
   * the continuous TS.
   */
  static M3uPlaylist render(long revision, List<Channel> channels, OutputFormat format) {
    // Channel ids are [A-Za-z0-9_-]: safe in a path without encoding.
    return render(revision, channels, c -> "/stream_" + c.id() + format.extension());
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
              + M3uText.attribute(c.tvgId())
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
   * The full body with {@code prefix} (already URL-safe) before each entry's path, and the guide's
   * URL in the header ({@code x-tvg-url}, and {@code url-tvg} for older players) unless null.
   */
  public byte[] body(String prefix, String guideUrl) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length(prefix, guideUrl));
    try {
      writeTo(out, prefix, guideUrl);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The length in bytes of {@link #body(String, String)}. */
  public int length(String prefix, String guideUrl) {
    return fixedLength
        - HEADER.length
        + header(guideUrl).length
        + extinfs.length * prefix.getBytes(StandardCharsets.UTF_8).length;
  }

  private static byte[] header(String guideUrl) {
    if (guideUrl == null) {
      return HEADER;
    }
    String url = M3uText.attribute(guideUrl);
    return ("#EXTM3U x-tvg-url=\"" + url + "\" url-tvg=\"" + url + "\"\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes {@link #body(String, String)} to {@code out} in chunks of {@value #CHUNK_BYTES} bytes
   * assembled in a buffer the thread keeps: a 5,000-channel playlist is 1.4 MB, and allocating (and
   * zeroing, and collecting) that per request cost more than building it.
   */
  public void writeTo(OutputStream out, String prefix, String guideUrl) throws IOException {
    byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
    Chunks chunks = new Chunks(out, CHUNK.get());
    chunks.add(header(guideUrl));
    for (int i = 0; i < extinfs.length; i++) {
      chunks.add(extinfs[i]);
      chunks.add(head);
      chunks.add(suffixes[i]);
    }
    chunks.flush();
  }

  private static final int CHUNK_BYTES = 64 * 1024;
  private static final ThreadLocal<byte[]> CHUNK =
      ThreadLocal.withInitial(() -> new byte[CHUNK_BYTES]);

  /** Pieces copied into one buffer, written out whenever it is full. */
  private static final class Chunks {
    private final OutputStream out;
    private final byte[] buffer;
    private int used;

    Chunks(OutputStream out, byte[] buffer) {
      this.out = out;
      this.buffer = buffer;
    }

    void add(byte[] piece) throws IOException {
      if (piece.length > buffer.length - used) {
        flush();
        if (piece.length > buffer.length) {
          out.write(piece);
          return;
        }
      }
      System.arraycopy(piece, 0, buffer, used, piece.length);
      used += piece.length;
    }

    void flush() throws IOException {
      if (used > 0) {
        out.write(buffer, 0, used);
        used = 0;
      }
    }
  }
}
