package io.iptvorigin.stream.remux;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.Quality;
import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.ffmpeg.FfmpegCommand;
import io.iptvorigin.stream.hls.ChannelPlaylist;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.stream.remux.http.UpstreamEnd;
import io.iptvorigin.stream.remux.http.UpstreamListener;
import io.iptvorigin.stream.remux.http.UpstreamLoop;
import io.iptvorigin.stream.remux.http.UpstreamReader;
import io.iptvorigin.stream.remux.http.UpstreamRequest;
import io.iptvorigin.stream.remux.http.UpstreamTimeouts;
import io.iptvorigin.upstream.AddressPolicy;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/density's measuring side (issue 18): N copy-mode channels of one upstream at its real bit
 * rate, either remuxed natively in this JVM (one {@link UpstreamLoop} thread, a {@link TsRemuxer}
 * and a {@link RunPlaylistWriter} per channel) or by N FFmpeg processes with the command the
 * supervisor runs ({@link FfmpegCommand}, copy mode). After a warm-up it measures, over a window:
 * the CPU they use per channel, the memory per channel (native: this JVM's resident and heap growth
 * over its idle baseline; FFmpeg: each process' PSS and RSS), and the share of channels whose run
 * playlist advanced on time (at least the window's worth of segments but one). {@code start}
 * measures cold starts one at a time: from launch to the run playlist's first segment.
 *
 * <pre>
 *   DensityBench native|ffmpeg CHANNELS WARMUP_S WINDOW_S UPSTREAM_URL WORK_DIR
 *   DensityBench start native|ffmpeg TRIALS UPSTREAM_URL WORK_DIR
 * </pre>
 *
 * Prints one markdown table row on stdout.
 */
public final class DensityBench {
  private static final StreamSettings.HlsOptions HLS = new StreamSettings.HlsOptions(4, 1.0, 6);
  private static final Pattern MEDIA_SEQUENCE =
      Pattern.compile("(?m)^#EXT-X-MEDIA-SEQUENCE:(\\d+)$");

  // Linux's USER_HZ, the unit of utime and stime in /proc/PID/stat.
  private static final long NANOS_PER_TICK = 10_000_000L;

  private DensityBench() {}

  /** One running channel, whichever kind. */
  private interface Run extends AutoCloseable {
    @Override
    void close();
  }

  public static void main(String[] args) throws Exception {
    if (args[0].equals("start")) {
      coldStarts(args[1], Integer.parseInt(args[2]), args[3], Path.of(args[4]));
      return;
    }
    String mode = args[0];
    int channels = Integer.parseInt(args[1]);
    long warmup = Long.parseLong(args[2]);
    long window = Long.parseLong(args[3]);
    String upstream = args[4];
    Path work = Path.of(args[5]);
    HlsPaths paths = new HlsPaths(work.resolve("hls-" + mode + "-" + channels));
    Files.createDirectories(paths.runsDir());
    System.gc();
    long baseRss = rss(ProcessHandle.current().pid());
    long baseHeap = heapUsed();
    List<Run> runs = new ArrayList<>();
    List<ProcessHandle> processes = new ArrayList<>();
    try (Natives natives = new Natives()) {
      for (int i = 0; i < channels; i++) {
        String id = "d" + i;
        String url = upstream + "?c=" + i;
        if (mode.equals("native")) {
          runs.add(natives.start(paths, id, url));
        } else {
          Process p = ffmpeg(paths, id, url, work);
          processes.add(p.toHandle());
          runs.add(p::destroy);
        }
      }
      TimeUnit.SECONDS.sleep(warmup);
      long[] segmentsBefore = segments(paths, channels);
      long cpuBefore = mode.equals("native") ? ownCpuNanos() : ticks(processes) * NANOS_PER_TICK;
      long began = System.nanoTime();
      TimeUnit.SECONDS.sleep(window);
      long wall = System.nanoTime() - began;
      long cpu =
          (mode.equals("native") ? ownCpuNanos() : ticks(processes) * NANOS_PER_TICK) - cpuBefore;
      long[] segmentsAfter = segments(paths, channels);
      int onTime = 0;
      long expected = window / HLS.segmentSeconds() - 1;
      for (int i = 0; i < channels; i++) {
        if (segmentsAfter[i] - segmentsBefore[i] >= expected) {
          onTime++;
        }
      }
      double cpuPerChannel = 100.0 * cpu / wall / channels;
      String memory;
      if (mode.equals("native")) {
        System.gc();
        double rssMb = (rss(ProcessHandle.current().pid()) - baseRss) / 1e6 / channels;
        double heapMb = (heapUsed() - baseHeap) / 1e6 / channels;
        memory = String.format(Locale.ROOT, "%.2f (JVM RSS growth %.2f)", heapMb, rssMb);
      } else {
        long pss = 0;
        long rss = 0;
        for (ProcessHandle p : processes) {
          pss += smapsRollup(p.pid(), "Pss:");
          rss += rss(p.pid());
        }
        memory =
            String.format(
                Locale.ROOT, "%.1f (RSS %.1f)", pss / 1e6 / channels, rss / 1e6 / channels);
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.3f | %s | %d/%d (%.0f %%) |%n",
          mode,
          channels,
          cpuPerChannel,
          memory,
          onTime,
          channels,
          100.0 * onTime / channels);
    } finally {
      runs.forEach(Run::close);
      for (ProcessHandle p : processes) {
        p.onExit().get(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The native runs' shared loop, as the application will have one. */
  private static final class Natives implements AutoCloseable {
    private final ExecutorService lookups = Executors.newFixedThreadPool(2);
    private final UpstreamLoop loop = new UpstreamLoop("density-loop", lookups);
    private final AddressPolicy policy = AddressPolicy.withAllowedRanges("127.0.0.0/8");

    Run start(HlsPaths paths, String id, String url) {
      TsRemuxer remuxer =
          new TsRemuxer(
              RemuxOptions.of(HLS),
              new RunPlaylistWriter(
                  paths, id, Long.toHexString(System.nanoTime()), HLS, new Clock()));
      UpstreamReader reader =
          UpstreamReader.open(
              loop,
              policy,
              UpstreamRequest.of(url),
              UpstreamTimeouts.defaults(),
              new UpstreamListener() {
                @Override
                public void data(ByteBuffer chunk) {
                  remuxer.push(chunk);
                }

                @Override
                public void ended(UpstreamEnd end) {
                  remuxer.finish();
                }
              });
      return reader::close;
    }

    @Override
    public void close() {
      loop.close();
      lookups.shutdownNow();
    }
  }

  private static Process ffmpeg(HlsPaths paths, String id, String url, Path work)
      throws IOException {
    Channel channel =
        new Channel(
            id,
            id,
            url,
            null,
            null,
            Quality.MEDIUM,
            0,
            0,
            true,
            null,
            null,
            null,
            null,
            null,
            null);
    // The supervisor's command but its egress proxy: this upstream is on loopback, by design.
    List<String> command =
        new ArrayList<>(
            FfmpegCommand.build(
                "ffmpeg",
                channel,
                channel.sources().get(0),
                url,
                StreamMode.COPY,
                paths,
                Long.toHexString(System.nanoTime()),
                HLS,
                "unused"));
    int proxy = command.indexOf("-http_proxy");
    command.subList(proxy, proxy + 2).clear();
    return new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(work.resolve("ffmpeg-" + id + ".log").toFile())
        .start();
  }

  /** Cold starts one at a time: launch to a run playlist listing a segment. */
  private static void coldStarts(String mode, int trials, String upstream, Path work)
      throws Exception {
    HlsPaths paths = new HlsPaths(work.resolve("hls-start-" + mode + "-" + System.nanoTime()));
    Files.createDirectories(paths.runsDir());
    double[] seconds = new double[trials];
    try (Natives natives = new Natives()) {
      for (int t = 0; t < trials; t++) {
        String id = "s" + t;
        long began = System.nanoTime();
        Run run;
        Process process = null;
        if (mode.equals("native")) {
          run = natives.start(paths, id, upstream + "?start=" + t);
        } else {
          process = ffmpeg(paths, id, upstream + "?start=" + t, work);
          run = process::destroy;
        }
        try {
          while (segmentsOf(paths, id) < 1) {
            if (System.nanoTime() - began > TimeUnit.SECONDS.toNanos(20)) {
              throw new IllegalStateException(mode + " start " + t + " made no segment in 20 s");
            }
            TimeUnit.MILLISECONDS.sleep(10);
          }
          seconds[t] = (System.nanoTime() - began) / 1e9;
        } finally {
          run.close();
          if (process != null) {
            process.waitFor(10, TimeUnit.SECONDS);
          }
        }
      }
    }
    Arrays.sort(seconds);
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %.2f | %.2f | %.2f | %.2f |%n",
        mode,
        trials,
        seconds[trials / 2],
        seconds[(int) Math.ceil(0.95 * trials) - 1],
        seconds[0],
        seconds[trials - 1]);
  }

  private static long[] segments(HlsPaths paths, int channels) {
    long[] counts = new long[channels];
    for (int i = 0; i < channels; i++) {
      counts[i] = segmentsOf(paths, "d" + i);
    }
    return counts;
  }

  /**
   * A count that grows by one per segment the run makes: its media sequence plus the segments
   * listed (0 before its playlist lists one). Two readings apart give the segments in between.
   */
  private static long segmentsOf(HlsPaths paths, String id) {
    try {
      String text = Files.readString(paths.runPlaylist(id));
      int listed = ChannelPlaylist.runSegments(text).size();
      if (listed == 0) {
        return 0;
      }
      Matcher m = MEDIA_SEQUENCE.matcher(text);
      return (m.find() ? Long.parseLong(m.group(1)) : 0) + listed;
    } catch (IOException | RuntimeException e) {
      return 0; // not written yet, or being renamed into place
    }
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long heapUsed() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  /** utime + stime of the processes, in clock ticks. */
  private static long ticks(List<ProcessHandle> processes) throws IOException {
    long total = 0;
    for (ProcessHandle p : processes) {
      String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
    return total;
  }

  private static long rss(long pid) throws IOException {
    return statusField(pid, "VmRSS:");
  }

  private static long statusField(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  private static long smapsRollup(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }
}
