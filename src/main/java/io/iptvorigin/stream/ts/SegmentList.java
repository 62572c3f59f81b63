package io.iptvorigin.stream.ts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segments a channel playlist lists, oldest first, and what a TS viewer who has sent one of
 * them gets next. FFmpeg's HLS muxer cuts segments at video keyframes, so each begins with one and
 * its first bytes decode: a viewer starts with the newest and then follows in order.
 */
record SegmentList(List<Segment> segments) {
  /** {@code stream_{id}_{run}_{sequence}.ts}, lasting {@code seconds}. */
  record Segment(String name, String run, long sequence, double seconds) {}

  /** What follows a sent segment. */
  sealed interface Step {}

  /** Send this one next. */
  record Next(Segment segment) implements Step {}

  /** Nothing newer yet: wait for FFmpeg's next segment. */
  record Wait() implements Step {}

  /** The viewer is too far behind (or the segments it needs are gone): cut it. */
  record Behind(double seconds) implements Step {}

  static final SegmentList EMPTY = new SegmentList(List.of());

  private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9]+(?:\\.[0-9]+)?)\\b.*");

  /** The segments of {@code playlist}, a channel playlist FFmpeg wrote for {@code channelId}. */
  static SegmentList parse(String channelId, String playlist) {
    Pattern name =
        Pattern.compile("stream_" + Pattern.quote(channelId) + "_([0-9a-f]{8})_([0-9]{1,18})\\.ts");
    List<Segment> segments = new ArrayList<>();
    double seconds = 0;
    for (String line : playlist.split("\n")) {
      String entry = line.strip();
      Matcher extinf = EXTINF.matcher(entry);
      if (extinf.matches()) {
        seconds = Double.parseDouble(extinf.group(1));
        continue;
      }
      Matcher segment = name.matcher(entry);
      if (segment.matches()) {
        segments.add(
            new Segment(entry, segment.group(1), Long.parseLong(segment.group(2)), seconds));
        seconds = 0;
      }
    }
    return new SegmentList(List.copyOf(segments));
  }

  /** Where a new viewer starts: the newest segment, the one closest to live. */
  Optional<Segment> newest() {
    return segments.isEmpty() ? Optional.empty() : Optional.of(segments.get(segments.size() - 1));
  }

  /**
   * The step after {@code sent} for a viewer allowed to lag at most {@code maxBehindSeconds} of
   * media behind the newest segment. No gaps, no repeats: within a run the next is sequence + 1,
   * and a new run (FFmpeg restarted) continues with its first listed segment.
   */
  Step after(Segment sent, double maxBehindSeconds) {
    int next = -1;
    boolean newerOfTheSameRun = false;
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.run().equals(sent.run())) {
        if (s.sequence() == sent.sequence() + 1) {
          next = i;
          break;
        }
        newerOfTheSameRun |= s.sequence() > sent.sequence();
      }
    }
    if (next < 0 && newerOfTheSameRun) {
      // The one it needs has already been deleted.
      return new Behind(secondsFrom(0));
    }
    if (next < 0) {
      next = firstOfAnotherRun(sent.run());
    }
    if (next < 0) {
      return new Wait();
    }
    double behind = secondsFrom(next + 1);
    return behind > maxBehindSeconds ? new Behind(behind) : new Next(segments.get(next));
  }

  /** The first segment after the last one of {@code run}, if it is of another run. */
  private int firstOfAnotherRun(String run) {
    int lastOfRun = -1;
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).run().equals(run)) {
        lastOfRun = i;
      }
    }
    int candidate = lastOfRun + 1;
    return candidate < segments.size() ? candidate : -1;
  }

  private double secondsFrom(int index) {
    double total = 0;
    for (int i = index; i < segments.size(); i++) {
      total += segments.get(i).seconds();
    }
    return total;
  }
}
