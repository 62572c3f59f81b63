package io.iptvorigin.stream.remux;

import io.iptvorigin.stream.hls.ChannelPlaylist;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sliding window of one native run's own playlist, rendered as FFmpeg's HLS muxer renders its
 * run playlist with the flags of {@code FfmpegCommand} ({@code independent_segments}, {@code
 * program_date_time}, {@code omit_endlist}), so {@code PlaylistKeeper} reads either the same way.
 * Pure: {@link RunPlaylistWriter} does the files.
 */
final class RunPlaylist {
  /** One listed segment; {@code programDateTime} already formatted. */
  record Entry(String uri, double seconds, String programDateTime, boolean discontinuity)
      implements ChannelPlaylist.Listed {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final int size;
  private long mediaSequence;
  private long discontinuitySequence;

  /**
   * @param firstSequence the media sequence of the first segment (its number in its name)
   * @param size segments listed at most ({@code -hls_list_size})
   */
  RunPlaylist(long firstSequence, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a playlist lists at least one segment");
    }
    this.mediaSequence = firstSequence;
    this.size = size;
  }

  /**
   * Appends {@code entry}; returns the names of the segments that left the window, oldest first.
   */
  List<String> add(Entry entry) {
    entries.addLast(entry);
    List<String> gone = new ArrayList<>(1);
    while (entries.size() > size) {
      Entry left = entries.removeFirst();
      mediaSequence++;
      if (left.discontinuity()) {
        discontinuitySequence++;
      }
      gone.add(left.uri());
    }
    return gone;
  }

  long mediaSequence() {
    return mediaSequence;
  }

  /**
   * The playlist text. The target duration is FFmpeg's: the longest listed segment rounded to the
   * nearest second, which is what RFC 8216 §4.3.3.1 bounds. {@code #EXT-X-DISCONTINUITY-SEQUENCE}
   * counts the marks that left the window (§6.2.2); FFmpeg never needs it in copy mode, as it never
   * marks a discontinuity inside a run.
   */
  String render() {
    long target = 1;
    for (Entry e : entries) {
      target = Math.max(target, Math.round(e.seconds()));
    }
    return ChannelPlaylist.text(target, mediaSequence, discontinuitySequence, entries);
  }
}
