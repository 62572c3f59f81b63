package io.iptvorigin.stream.hls;

import io.iptvorigin.stream.slate.SlateCopies;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/** One slate period of a channel: a run of its own, its copies once the slate is ready. */
final class SlatePeriod {
  /** What FFmpeg writes ({@code 2026-12-02T07:55:01.806+0000}); the slate's dates match it. */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

  final String run;
  SlateCopies copies;
  double seconds;
  Instant start;
  ScheduledFuture<?> task;

  SlatePeriod(String run) {
    this.run = run;
  }

  /** Starts the period's clock: now, but never before the end of the last listed segment. */
  void begin(SlateCopies ready, ChannelPlaylist playlist, Instant now) {
    copies = ready;
    seconds = ready.slate().seconds();
    start = now;
    List<ChannelPlaylist.Entry> entries = playlist.entries();
    ChannelPlaylist.Entry last = entries.get(entries.size() - 1);
    if (last.programDateTime() != null) {
      try {
        Instant end =
            OffsetDateTime.parse(last.programDateTime(), DATE)
                .toInstant()
                .plusNanos(Math.round(last.seconds() * 1e9));
        start = end.isAfter(now) ? end : now;
      } catch (DateTimeParseException e) {
        // An unreadable date: the slate's clock starts now.
      }
    }
  }

  /** The program date-time of copy number {@code copy} of the period. */
  String dateOf(long copy) {
    Instant date = start.plusNanos(Math.round(copy * seconds * 1e9));
    return DATE.format(date.atOffset(ZoneOffset.UTC));
  }
}
