package io.iptvorigin.stream.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A channel's public HLS playlist across FFmpeg runs: one sliding window whose media sequence only
 * grows, whatever restarts, source switches or mode changes happen under it. Each run's segments
 * are appended as FFmpeg lists them; the first segment of a run that follows another is marked
 * {@code #EXT-X-DISCONTINUITY} (new timestamps, maybe new codec parameters), and {@code
 * #EXT-X-DISCONTINUITY-SEQUENCE} counts the marks that have left the window, as RFC 8216 §6.2.2
 * requires, so ExoPlayer and hls.js keep their place. Segment names carry the run, so none repeats.
 *
 * <p>Pure: {@link PlaylistKeeper} reads FFmpeg's playlists and writes this one.
 */
public final class ChannelPlaylist {
  /** What a media playlist lists of a segment; {@code programDateTime} formatted, or null. */
  public interface Listed {
    String uri();

    double seconds();

    String programDateTime();

    boolean discontinuity();
  }

  /** One listed segment. {@code programDateTime} as FFmpeg wrote it, or null. */
  public record Entry(
      String uri, String run, double seconds, String programDateTime, boolean discontinuity)
      implements Listed {}

  /**
   * A segment as one run's own playlist lists it. {@code discontinuity}: the run itself marked it
   * (the native remuxer does where its upstream's timestamps jump; FFmpeg never does).
   */
  public record RunSegment(
      String uri, double seconds, String programDateTime, boolean discontinuity) {
    /** A segment continuing the run's timeline. */
    public RunSegment(String uri, double seconds, String programDateTime) {
      this(uri, seconds, programDateTime, false);
    }
  }

  private final List<Entry> entries;
  private long mediaSequence;
  private long discontinuitySequence;
  private int targetDuration;

  private ChannelPlaylist(
      List<Entry> entries, long mediaSequence, long discontinuitySequence, int targetDuration) {
    this.entries = new ArrayList<>(entries);
    this.mediaSequence = mediaSequence;
    this.discontinuitySequence = discontinuitySequence;
    this.targetDuration = targetDuration;
  }

  /** An empty playlist whose first segment will be number {@code firstSequence}. */
  public static ChannelPlaylist empty(long firstSequence, int targetDuration) {
    return new ChannelPlaylist(List.of(), firstSequence, 0, targetDuration);
  }

  /**
   * The playlist as written on disk (by this class, or by FFmpeg itself before the app kept
   * playlists), to go on from it after a redeploy.
   */
  public static ChannelPlaylist parse(String text, int targetDuration) {
    List<Entry> entries = new ArrayList<>();
    long sequence = 0;
    long discontinuities = 0;
    int target = targetDuration;
    double seconds = -1;
    String date = null;
    boolean discontinuity = false;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        sequence = number(line, sequence);
      } else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
        discontinuities = number(line, discontinuities);
      } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
        target = (int) Math.max(target, number(line, target));
      } else if (line.equals("#EXT-X-DISCONTINUITY")) {
        discontinuity = true;
      } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
        date = line.substring("#EXT-X-PROGRAM-DATE-TIME:".length());
      } else if (line.startsWith("#EXTINF:")) {
        seconds = duration(line);
      } else if (!line.isEmpty() && !line.startsWith("#") && seconds >= 0) {
        entries.add(new Entry(line, runOf(line), seconds, date, discontinuity));
        seconds = -1;
        date = null;
        discontinuity = false;
      }
    }
    return new ChannelPlaylist(entries, sequence, discontinuities, target);
  }

  /** The segments of one run's own playlist, oldest first. */
  public static List<RunSegment> runSegments(String text) {
    List<RunSegment> segments = new ArrayList<>();
    double seconds = -1;
    String date = null;
    boolean discontinuity = false;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
        date = line.substring("#EXT-X-PROGRAM-DATE-TIME:".length());
      } else if (line.equals("#EXT-X-DISCONTINUITY")) {
        discontinuity = true;
      } else if (line.startsWith("#EXTINF:")) {
        seconds = duration(line);
      } else if (!line.isEmpty() && !line.startsWith("#") && seconds >= 0) {
        segments.add(new RunSegment(line, seconds, date, discontinuity));
        seconds = -1;
        date = null;
        discontinuity = false;
      }
    }
    return segments;
  }

  /**
   * Appends the segments of run {@code run} not listed yet, then slides the window to {@code size};
   * returns the entries that left it.
   */
  public List<Entry> append(String run, List<RunSegment> runSegments, int size) {
    Set<String> listed = entries.stream().map(Entry::uri).collect(Collectors.toSet());
    int lastOfRun = -1;
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).run().equals(run)) {
        lastOfRun = i;
      }
    }
    boolean runListed = lastOfRun >= 0;
    // Only segments after the last one listed: a run's playlist never goes back in time.
    int from = 0;
    if (runListed) {
      String last = entries.get(lastOfRun).uri();
      for (int i = 0; i < runSegments.size(); i++) {
        if (runSegments.get(i).uri().equals(last)) {
          from = i + 1;
        }
      }
    }
    for (int i = from; i < runSegments.size(); i++) {
      RunSegment segment = runSegments.get(i);
      if (listed.contains(segment.uri())) {
        continue;
      }
      // A run's first segment, or its first after another run's (a run the slate interrupted);
      // or where the run's own playlist says its timeline breaks.
      boolean first = !entries.isEmpty() && !entries.get(entries.size() - 1).run().equals(run);
      boolean discontinuity = first || (!entries.isEmpty() && segment.discontinuity());
      entries.add(
          new Entry(
              segment.uri(), run, segment.seconds(), segment.programDateTime(), discontinuity));
      targetDuration = Math.max(targetDuration, (int) Math.ceil(segment.seconds() - 0.001));
    }
    List<Entry> gone = new ArrayList<>();
    while (entries.size() > size) {
      Entry left = entries.remove(0);
      mediaSequence++;
      if (left.discontinuity()) {
        discontinuitySequence++;
      }
      gone.add(left);
    }
    return gone;
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  public long mediaSequence() {
    return mediaSequence;
  }

  /** The media sequence the next appended segment gets. */
  public long nextSequence() {
    return mediaSequence + entries.size();
  }

  public long discontinuitySequence() {
    return discontinuitySequence;
  }

  /** The playlist text. */
  public String render() {
    return text(targetDuration, mediaSequence, discontinuitySequence, entries);
  }

  /**
   * A media playlist's text in the form FFmpeg's HLS muxer writes with this project's flags
   * (independent segments, program date-times): the channel playlist and a native run's own.
   */
  public static String text(
      long targetDuration,
      long mediaSequence,
      long discontinuitySequence,
      java.util.Collection<? extends Listed> entries) {
    StringBuilder out = new StringBuilder(160 + entries.size() * 120);
    out.append("#EXTM3U\n#EXT-X-VERSION:6\n");
    out.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
    out.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
    if (discontinuitySequence > 0) {
      out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
    }
    out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (Listed e : entries) {
      if (e.discontinuity()) {
        out.append("#EXT-X-DISCONTINUITY\n");
      }
      out.append("#EXTINF:");
      appendSeconds(out, e.seconds());
      out.append(",\n");
      if (e.programDateTime() != null) {
        out.append("#EXT-X-PROGRAM-DATE-TIME:").append(e.programDateTime()).append('\n');
      }
      out.append(e.uri()).append('\n');
    }
    return out.toString();
  }

  /**
   * Appends {@code seconds} with six decimals as {@code %.6f} writes them. Not with a Formatter: it
   * parses its pattern on every call, and every run segment of every channel rewrites two playlists
   * of several entries (String.format was a visible share of the origin's CPU in a profile at 500
   * channels).
   */
  static void appendSeconds(StringBuilder out, double seconds) {
    if (!(seconds >= 0 && seconds < 1e9)) {
      out.append(String.format(Locale.ROOT, "%.6f", seconds)); // NaN, negative, absurd: as ever
      return;
    }
    long micros = Math.round(seconds * 1_000_000);
    out.append(micros / 1_000_000).append('.');
    String fraction = Long.toString(micros % 1_000_000);
    out.append("000000", fraction.length(), 6).append(fraction);
  }

  /** The number of {@code stream_{id}_{run}_{n}.ts}, or -1. */
  static long numberOf(String uri) {
    int last = uri.lastIndexOf('_');
    int dot = uri.lastIndexOf('.');
    try {
      return last >= 0 && dot > last ? Long.parseLong(uri.substring(last + 1, dot)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The run of {@code stream_{id}_{run}_{n}.ts}: the part before the last {@code _}. */
  static String runOf(String uri) {
    int last = uri.lastIndexOf('_');
    int before = last > 0 ? uri.lastIndexOf('_', last - 1) : -1;
    return before >= 0 ? uri.substring(before + 1, last) : "";
  }

  private static long number(String line, long fallback) {
    try {
      return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static double duration(String line) {
    String value = line.substring("#EXTINF:".length());
    int comma = value.indexOf(',');
    try {
      return Double.parseDouble(comma >= 0 ? value.substring(0, comma) : value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
