package io.iptvorigin.cluster;

import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.FrameWatcher;
import io.iptvorigin.support.OriginCluster;
import io.iptvorigin.support.OriginNode;
import io.iptvorigin.support.TestChannels;
import io.iptvorigin.support.TestUsers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/cluster: HLS viewers through the front tier against 1 origin node, then 3, in one run
 * ({@link OriginCluster}: real WildFly, nginx, FFmpeg, Redis with Sentinel, the live upstream; the
 * channels pinned to FFmpeg, as the figures in bench/RESULTS.md were taken and as the owner is
 * found), then the time from a node's death to its viewer's next frame. Per cluster size it prints
 * segment requests per second served, the front's cache answer per segment (its X-Front-Cache
 * header: a HIT crossed nothing from the origin), the bytes that crossed from origins to the front
 * per viewer, and the hit ratio. Run by bench/cluster/run, which sets the it.* properties a test
 * run would.
 *
 * <pre>
 *   java ... ClusterBench CHANNELS VIEWERS_PER_CHANNEL SECONDS WARMUP TRIALS OUT_FILE
 * </pre>
 */
public final class ClusterBench {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final AtomicLong segments = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong originBytes = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean measuring;

  public static void main(String[] args) throws Exception {
    int channels = Integer.parseInt(args[0]);
    int viewers = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int trials = Integer.parseInt(args[4]);
    Path out = Path.of(args[5]);
    Path work = Path.of(System.getProperty("it.work.dir"));
    List<String> report = new ArrayList<>();
    report.add(
        "| origin nodes | channels | viewers | segment req/s | front HIT | front MISS (origin)"
            + " | origin-to-front KB per viewer | viewer KB per viewer | hit ratio | goal >= 0.95"
            + " | errors |");
    report.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
    List<Double> recoveries = new ArrayList<>();
    for (int nodes : new int[] {1, 3}) {
      OriginCluster started =
          OriginCluster.start(work.resolve("cluster-" + nodes), nodes, Map.of(), Map.of());
      // Ctrl-C (or a kill) of the bench stops what it started, by PID, as the normal end does.
      Thread stopper = new Thread(started::close, "cluster-bench-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      try (OriginCluster cluster = started) {
        ClusterBench bench = new ClusterBench();
        report.add(bench.viewers(cluster, nodes, channels, viewers, seconds, warmup));
        System.out.println(report.get(report.size() - 1));
        if (nodes == 3) {
          recoveries.addAll(recoveryTrials(cluster, trials));
        }
      }
      Runtime.getRuntime().removeShutdownHook(stopper);
    }
    report.add("");
    report.add(recoveryLine(recoveries, trials));
    String text = String.join("\n", report) + "\n";
    System.out.print(text);
    Files.writeString(out, text);
  }

  /** One cluster size: viewers for WARMUP + SECONDS, counted over the last SECONDS. */
  private String viewers(
      OriginCluster cluster, int nodes, int channels, int perChannel, int seconds, int warmup)
      throws Exception {
    AdminApi admin = cluster.admin();
    TestUsers.Subscriber viewer = admin.create(TestUsers.aUser().withMaxConnections(10));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      String id = "bench" + nodes + "x" + i;
      admin.create(
          TestChannels.aChannel()
              .withId(id)
              .from(cluster.upstream().url("/live/" + id + "/bench.ts?gop=2"))
              .remux("ffmpeg"));
      ids.add(id);
    }
    for (String id : ids) {
      String url = cluster.front().hlsUrl(viewer.token(), id);
      HttpResponse<String> first = get(url);
      if (first.statusCode() != 200) {
        throw new IllegalStateException(id + " did not start: " + first.statusCode());
      }
    }
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
    ExecutorService workers = Executors.newFixedThreadPool(96);
    try {
      for (String id : ids) {
        String url = cluster.front().hlsUrl(viewer.token(), id);
        for (int v = 0; v < perChannel; v++) {
          Viewer player = new Viewer(url, workers);
          clock.scheduleAtFixedRate(
              player::poll,
              ThreadLocalRandom.current().nextLong(2000),
              1000,
              TimeUnit.MILLISECONDS);
        }
      }
      Thread.sleep(warmup * 1000L);
      measuring = true;
      Thread.sleep(seconds * 1000L);
      measuring = false;
    } finally {
      clock.shutdownNow();
      workers.shutdownNow();
    }
    long total = segments.get();
    int viewers = channels * perChannel;
    double ratio = total == 0 ? 0 : (double) hits.get() / total;
    return String.format(
        Locale.ROOT,
        "| %d | %d | %d | %.1f | %d | %d | %.1f | %.1f | %.3f | %s | %d |",
        nodes,
        channels,
        viewers,
        (double) total / seconds,
        hits.get(),
        total - hits.get(),
        originBytes.get() / 1024.0 / viewers,
        bytes.get() / 1024.0 / viewers,
        ratio,
        ratio >= 0.95 ? "met" : "NOT met",
        errors.get());
  }

  /** A player: the playlist every second, then every segment it has not fetched yet. */
  private final class Viewer {
    private final String playlistUrl;
    private final ExecutorService workers;
    private final Set<String> fetched = new HashSet<>();
    private volatile boolean busy;

    Viewer(String playlistUrl, ExecutorService workers) {
      this.playlistUrl = playlistUrl;
      this.workers = workers;
    }

    void poll() {
      if (busy) {
        return;
      }
      busy = true;
      workers.execute(
          () -> {
            try {
              fetchNew();
            } catch (IOException | RuntimeException e) {
              errors.incrementAndGet();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              busy = false;
            }
          });
    }

    private void fetchNew() throws IOException, InterruptedException {
      HttpResponse<String> playlist = get(playlistUrl);
      if (playlist.statusCode() != 200) {
        errors.incrementAndGet();
        return;
      }
      List<String> uris =
          playlist.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
      // A player joining starts near the live edge: the last three segments.
      List<String> wanted =
          fetched.isEmpty() ? uris.subList(Math.max(0, uris.size() - 3), uris.size()) : uris;
      for (String uri : wanted) {
        if (!fetched.add(uri)) {
          continue;
        }
        HttpResponse<InputStream> segment =
            CLIENT.send(
                HttpRequest.newBuilder(URI.create(playlistUrl).resolve(uri))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long length;
        try (InputStream body = segment.body()) {
          length = body.transferTo(OutputStreamSink.INSTANCE);
        }
        if (segment.statusCode() != 200) {
          errors.incrementAndGet();
          continue;
        }
        if (measuring) {
          segments.incrementAndGet();
          bytes.addAndGet(length);
          if ("HIT".equals(segment.headers().firstValue("X-Front-Cache").orElse(""))) {
            hits.incrementAndGet();
          } else {
            originBytes.addAndGet(length);
          }
        }
      }
      if (fetched.size() > 64) {
        fetched.retainAll(uris);
      }
    }
  }

  /** Reads a body to its end without keeping it. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  /**
   * TRIALS times: the node running the watched channel is killed ({@code kill -9} of WildFly and
   * nginx); seconds until the watcher (ffmpeg through the front) decodes a frame again. The node is
   * then started again and back in the front's ring before the next trial.
   */
  private static List<Double> recoveryTrials(OriginCluster cluster, int trials) throws Exception {
    AdminApi admin = cluster.admin();
    TestUsers.Subscriber viewer = admin.create(TestUsers.aUser().withMaxConnections(10));
    String id = "recovery";
    admin.create(
        TestChannels.aChannel()
            .withId(id)
            .from(cluster.upstream().url("/live/" + id + "/bench.ts?gop=2"))
            .remux("ffmpeg"));
    String url = cluster.front().hlsUrl(viewer.token(), id);
    List<Double> results = new ArrayList<>();
    FrameWatcher watcher = FrameWatcher.watch(url);
    try {
      for (int t = 1; t <= trials; t++) {
        long ready = System.nanoTime();
        if (watcher.awaitFrameAfter(ready, 30_000).isEmpty() || !watcher.alive()) {
          watcher.close();
          watcher = FrameWatcher.watch(url);
          watcher.awaitFrameAfter(System.nanoTime(), 30_000);
        }
        Thread.sleep(5000);
        List<OriginNode> owners = cluster.runningOn(id);
        if (owners.size() != 1) {
          throw new IllegalStateException("trial " + t + ": the channel runs on " + owners);
        }
        OriginNode victim = owners.get(0);
        victim.kill();
        long killed = System.nanoTime();
        // Its first frame from the node that took the channel over (a new run).
        long deadline = killed + TimeUnit.SECONDS.toNanos(30);
        OptionalLong frame = watcher.firstFrameOfANewRunAfter(killed);
        while (frame.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(100);
          frame = watcher.firstFrameOfANewRunAfter(killed);
        }
        double seconds = frame.isPresent() ? (frame.getAsLong() - killed) / 1e9 : Double.NaN;
        results.add(seconds);
        System.out.printf(
            Locale.ROOT,
            "recovery trial %d: %s killed, first frame of the new owner after %.2f s%n",
            t,
            victim.id(),
            seconds);
        victim.restart();
        // Back in the front's ring once its fail_timeout (10 s) has passed.
        Thread.sleep(11_000);
      }
    } finally {
      watcher.close();
    }
    return results;
  }

  private static String recoveryLine(List<Double> seconds, int trials) {
    List<Double> sorted = seconds.stream().filter(s -> !s.isNaN()).sorted().toList();
    if (sorted.isEmpty()) {
      return "node death to the next frame: no trial recovered";
    }
    double median = percentile(sorted, 0.5);
    double p95 = percentile(sorted, 0.95);
    return String.format(
        Locale.ROOT,
        "| from a node's death (kill -9 of WildFly and nginx) to its viewer's first frame from the new owner | trials"
            + " | recovered | median s | p95 s | min s | max s | goal | met |%n"
            + "|---|---:|---:|---:|---:|---:|---:|---|---|%n"
            + "| 3 nodes, watched through the front | %d | %d | %.2f | %.2f | %.2f | %.2f"
            + " | median <= 10, p95 <= 15 | %s |",
        trials,
        sorted.size(),
        median,
        p95,
        sorted.get(0),
        sorted.get(sorted.size() - 1),
        median <= 10 && p95 <= 15 && sorted.size() == trials ? "yes" : "NO");
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(List<Double> sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
