package io.iptvorigin.epg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Collects, from one guide, the programmes of the wanted channels that overlap a time window, in
 * whatever order the guide lists them. Each programme kept goes to a spill file in the work
 * directory; the heap holds only its offset (8 bytes, 16 at most while an index array grows), so
 * two million programmes need 16 to 32 MB whatever their texts. Not thread-safe.
 *
 * <p>A single channel keeps at most {@value #MAX_PER_CHANNEL} programmes and {@value
 * #MAX_BYTES_PER_CHANNEL} bytes, and the spill at most {@value #MAX_SPILL_BYTES} bytes, since
 * {@link #forEachChannel} holds one channel's programmes at a time: a guide past these is broken or
 * hostile, and what does not fit is dropped and counted.
 */
public final class GuideCollector implements XmltvReader.Listener, AutoCloseable {
  static final int MAX_PER_CHANNEL = 50_000;
  static final long MAX_BYTES_PER_CHANNEL = 16L * 1024 * 1024;
  static final long MAX_SPILL_BYTES = 2L * 1024 * 1024 * 1024;
  static final int MAX_SEEN_CHANNELS = 100_000;

  private static final Logger LOG = Logger.getLogger(GuideCollector.class.getName());
  private static final Comparator<Programme> BY_START = Comparator.comparingLong(Programme::start);

  private final Set<String> wanted;
  private final long from;
  private final long to;
  private final GuideSpill spill;
  private final Map<String, Offsets> kept = new HashMap<>();
  private final Set<String> seen = new HashSet<>();
  private long keptProgrammes;
  private long droppedProgrammes;
  private boolean closed;

  /**
   * A collector of the programmes of {@code wanted} (XMLTV channel ids) overlapping [{@code
   * fromEpoch}, {@code toEpoch}) in epoch seconds; a programme whose stop is unknown is kept if it
   * starts in that window. Creates its spill file in {@code workDir}.
   *
   * @throws UncheckedIOException if the spill file cannot be created
   */
  public GuideCollector(Path workDir, Set<String> wanted, long fromEpoch, long toEpoch) {
    if (fromEpoch > toEpoch) {
      throw new IllegalArgumentException("window from " + fromEpoch + " after to " + toEpoch);
    }
    this.wanted = Set.copyOf(wanted);
    this.from = fromEpoch;
    this.to = toEpoch;
    try {
      this.spill = new GuideSpill(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException("guide spill file not created in " + workDir, e);
    }
  }

  @Override
  public void channel(String id) {
    see(id);
  }

  /**
   * Keeps the programme if it is wanted.
   *
   * @throws UncheckedIOException if the spill file cannot be written
   */
  @Override
  public void programme(String channel, Programme programme) {
    if (closed) {
      throw new IllegalStateException("collector closed");
    }
    see(channel);
    if (!wanted.contains(channel) || !inWindow(programme)) {
      return;
    }
    Offsets offsets = kept.computeIfAbsent(channel, id -> new Offsets());
    if (offsets.size >= MAX_PER_CHANNEL
        || offsets.bytes >= MAX_BYTES_PER_CHANNEL
        || spill.size() >= MAX_SPILL_BYTES) {
      droppedProgrammes++;
      return;
    }
    try {
      offsets.add(spill.append(programme), spill.lastRecordBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("guide spill file not written", e);
    }
    keptProgrammes++;
  }

  private boolean inWindow(Programme p) {
    if (p.start() >= to) {
      return false;
    }
    return p.stop() == 0 ? p.start() >= from : p.stop() > from;
  }

  private void see(String id) {
    if (seen.size() < MAX_SEEN_CHANNELS) {
      seen.add(id);
    }
  }

  /**
   * Hands over, channel by channel (ordered by id), the programmes kept for each wanted channel
   * that has any: sorted by start, a programme starting when an earlier-listed one of the same
   * channel does dropped, and every unknown stop but the last one's set to the next start. The
   * lists are unmodifiable; only one channel's is in memory at a time.
   */
  public void forEachChannel(BiConsumer<String, List<Programme>> consumer) throws IOException {
    if (closed) {
      throw new IllegalStateException("collector closed");
    }
    spill.flush();
    List<String> channels = new ArrayList<>(kept.keySet());
    Collections.sort(channels);
    for (String channel : channels) {
      Offsets offsets = kept.get(channel);
      List<Programme> programmes = new ArrayList<>(offsets.size);
      for (int i = 0; i < offsets.size; i++) {
        long next = i + 1 < offsets.size ? offsets.offsets[i + 1] : -1;
        programmes.add(spill.read(offsets.offsets[i], next));
      }
      consumer.accept(channel, Collections.unmodifiableList(tidy(programmes)));
    }
  }

  /** In start order, same starts once (the first listed), unknown stops filled from the next. */
  static List<Programme> tidy(List<Programme> listed) {
    List<Programme> sorted = new ArrayList<>(listed);
    sorted.sort(BY_START); // stable: of equal starts, the first listed stays first
    List<Programme> tidy = new ArrayList<>(sorted.size());
    for (Programme p : sorted) {
      if (!tidy.isEmpty() && tidy.get(tidy.size() - 1).start() == p.start()) {
        continue;
      }
      tidy.add(p);
    }
    for (int i = 0; i + 1 < tidy.size(); i++) {
      if (tidy.get(i).stop() == 0) {
        tidy.set(i, tidy.get(i).withStop(tidy.get(i + 1).start()));
      }
    }
    return tidy;
  }

  /** The programmes kept so far. */
  public long keptProgrammes() {
    return keptProgrammes;
  }

  /** Wanted programmes in the window left out because a limit was reached. */
  public long droppedProgrammes() {
    return droppedProgrammes;
  }

  /**
   * Every channel id the guide named, in {@code <channel>} elements or programmes, wanted or not
   * (at most {@value #MAX_SEEN_CHANNELS}): what a channel could be mapped to.
   */
  public Set<String> seenChannels() {
    return Collections.unmodifiableSet(seen);
  }

  Path spillFile() {
    return spill.file();
  }

  /** Deletes the spill file; a failure to is logged, not thrown, as nothing else can be done. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      spill.close();
    } catch (IOException e) {
      LOG.warning("guide spill file not deleted file=" + spill.file() + " reason=\"" + e + "\"");
    }
  }

  /** One channel's record offsets in the order the guide listed them, and their bytes. */
  private static final class Offsets {
    long[] offsets = new long[8];
    int size;
    long bytes;

    void add(long offset, int recordBytes) {
      if (size == offsets.length) {
        offsets = Arrays.copyOf(offsets, size * 2);
      }
      offsets[size++] = offset;
      bytes += recordBytes;
    }
  }
}
