package io.iptvorigin.epg;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Throughput of the guide core, by hand (no test asserts a time): a generated guide of some 200 MB
 * is written to a temporary file, then read through {@link GuideDecompression}, {@link XmltvReader}
 * and {@link GuideCollector}; then the collected channels are written with {@link XmltvWriter} and
 * encoded with {@link ProgrammeCodec}. Prints MB/s, programmes/s and peak heap. Run with a small
 * heap to see that it stays small: {@code java -Xmx256m ... GuideThroughput [workDir] [channels]}.
 */
public final class GuideThroughput {
  private GuideThroughput() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : tmp(), "epg-bench-");
    int channels = args.length > 1 ? Integer.parseInt(args[1]) : 950;
    try {
      GuideGenerator warmUp = guide(60);
      Path small = generate(warmUp, work.resolve("warm.xml"));
      collect(warmUp, small, work, false);
      collect(warmUp, small, work, false);

      GuideGenerator guide = guide(channels);
      Path plain = generate(guide, work.resolve("guide.xml"));
      System.out.printf(
          "guide: %,d bytes, %,d channels x %,d programmes%n",
          Files.size(plain), channels, guide.programmesPerChannel());
      readOnly(plain);
      collect(guide, plain, work, true);
      Path gz = work.resolve("guide.xml.gz");
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
        Files.copy(plain, out);
      }
      System.out.printf("gzip: %,d bytes%n", Files.size(gz));
      collect(guide, gz, work, false);
      manyKept(work);
    } finally {
      try (var files = Files.list(work)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(work);
    }
  }

  private static Path tmp() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static GuideGenerator guide(int channels) {
    return GuideGenerator.builder().everything().channels(channels).days(7).build();
  }

  private static Path generate(GuideGenerator guide, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      guide.write(out);
    }
    return file;
  }

  /** The reader alone, the listener doing nothing. */
  private static void readOnly(Path file) throws IOException, GuideFormatException {
    resetPeaks();
    long begin = System.nanoTime();
    XmltvReader.Result result;
    try (InputStream in = GuideDecompression.open(Files.newInputStream(file))) {
      result = XmltvReader.read(in, (channel, programme) -> {});
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    System.out.printf(
        "read only:        %6.1f MB/s  %,10.0f programmes/s  peak heap %s%n",
        Files.size(file) / seconds / 1e6, result.programmes() / seconds, peakHeapMb());
  }

  private static void collect(GuideGenerator guide, Path file, Path work, boolean writeToo)
      throws IOException, GuideFormatException {
    long xmlBytes = file.toString().endsWith(".gz") ? 0 : Files.size(file);
    long from = guide.start(0);
    long to = guide.start(guide.programmesPerChannel());
    resetPeaks();
    long begin = System.nanoTime();
    try (GuideCollector collector =
            new GuideCollector(work, Set.copyOf(guide.channelIds()), from, to);
        InputStream raw = Files.newInputStream(file);
        CountingInput counted = new CountingInput(GuideDecompression.open(raw))) {
      XmltvReader.Result result = XmltvReader.read(counted, collector);
      double seconds = (System.nanoTime() - begin) / 1e9;
      String label = file.toString().endsWith(".gz") ? "read+collect gz: " : "read+collect:     ";
      if (xmlBytes == 0 || writeToo) {
        System.out.printf(
            "%s %6.1f MB/s  %,10.0f programmes/s  peak heap %s  kept %,d%n",
            label,
            counted.count / seconds / 1e6,
            result.programmes() / seconds,
            peakHeapMb(),
            collector.keptProgrammes());
      }
      if (writeToo) {
        writeAndEncode(collector);
      }
    }
  }

  private static void writeAndEncode(GuideCollector collector) throws IOException {
    resetPeaks();
    CountingOutput sink = new CountingOutput();
    long[] encoded = new long[3];
    long begin = System.nanoTime();
    try (XmltvWriter writer = new XmltvWriter(sink)) {
      writer.begin();
      collector.forEachChannel(
          (id, programmes) -> {
            try {
              for (Programme p : programmes) {
                writer.programme(id, p);
              }
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            long t = System.nanoTime();
            byte[] blob = ProgrammeCodec.encode(programmes);
            List<Programme> back = ProgrammeCodec.decode(blob);
            encoded[0] += System.nanoTime() - t;
            encoded[1] += blob.length;
            encoded[2] += back.size();
          });
      writer.end();
    }
    double seconds = (System.nanoTime() - begin - encoded[0]) / 1e9;
    System.out.printf(
        "read back+write:  %6.1f MB/s  %,10.0f programmes/s  peak heap %s  (%,d bytes)%n",
        sink.count / seconds / 1e6, encoded[2] / seconds, peakHeapMb(), sink.count);
    System.out.printf(
        "codec encode+decode: %,.0f programmes/s, %,d bytes for %,d programmes (%.1f B each)%n",
        encoded[2] / (encoded[0] / 1e9), encoded[1], encoded[2], (double) encoded[1] / encoded[2]);
  }

  /** Two million small programmes kept, straight into a collector: what its heap holds then. */
  private static void manyKept(Path work) {
    int count = 2_000_000;
    int channels = 2_000;
    Set<String> wanted = Set.copyOf(guide(channels).channelIds());
    System.gc();
    long before = usedHeap();
    try (GuideCollector collector = new GuideCollector(work, wanted, 0, Long.MAX_VALUE)) {
      List<ProgrammeText> texts = List.of(new ProgrammeText(TextKind.TITLE, null, "Title"));
      for (int i = 0; i < count; i++) {
        long start = 1_700_000_000L + (i / channels) * 600L;
        collector.programme(
            GuideGenerator.channelId(i % channels), new Programme(start, 0, texts, null));
      }
      System.gc();
      System.out.printf(
          "collector holding %,d kept programmes of %,d channels: %.1f MB retained heap%n",
          collector.keptProgrammes(), channels, (usedHeap() - before) / 1e6);
    }
  }

  /** The most heap found in use right after a collection since the last reset: live data. */
  private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();

  private static final Set<String> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toUnmodifiableSet());

  static {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    notification.getType())) {
                  GarbageCollectionNotificationInfo info =
                      GarbageCollectionNotificationInfo.from(
                          (CompositeData) notification.getUserData());
                  long after = 0;
                  for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    after += HEAP_POOLS.contains(pool.getKey()) ? pool.getValue().getUsed() : 0;
                  }
                  PEAK_AFTER_GC.accumulateAndGet(after, Math::max);
                }
              },
              null,
              null);
    }
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    PEAK_AFTER_GC.set(0);
  }

  /**
   * The peak heap since the reset: the sum of the heap pools' peaks (garbage included, so what the
   * heap had to hold at most), and the most found live after a collection (all memory pools but the
   * code cache and metaspace are counted there too).
   */
  private static String peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return String.format(
        "%5.1f MB (live after GC %5.1f MB)", peak / 1e6, PEAK_AFTER_GC.get() / 1e6);
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static final class CountingInput extends java.io.FilterInputStream {
    long count;

    CountingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(n, 0);
      return n;
    }
  }

  private static final class CountingOutput extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
