import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N simultaneous viewers of one channel, as the TS bench runs them (java bench/ts/Viewers.java):
 *
 * <pre>
 *   java Viewers.java ts  URL N SECONDS WARMUP   continuous-TS viewers, one non-blocking socket each
 *   java Viewers.java hls URL N SECONDS WARMUP   HLS viewers: the playlist every 2 s, new segments
 * </pre>
 *
 * After WARMUP seconds (connecting, the first burst) it measures for SECONDS how far each viewer
 * falls behind live: a TS viewer by the video PTS it has received (parsed from the TS packets), an
 * HLS viewer by the media seconds of the segments it has fetched, each against the most advanced
 * viewer. A viewer "kept real time" if it had no error and advanced at most 5 s less than the
 * median viewer over the window: live viewers all advance 1.0x, and both kinds receive media a
 * segment (4 s) at a time, so a viewer measured just before its next segment arrives looks one
 * segment short without being behind; one that cannot keep up falls further behind with every
 * segment. Prints one line of key=value figures.
 */
public class Viewers {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    URI url = URI.create(args[1]);
    int n = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int warmup = Integer.parseInt(args[4]);
    double[] advance = mode.equals("ts") ? ts(url, n, seconds, warmup) : hls(url, n, seconds, warmup);
    report(mode, n, seconds, advance);
    // The HTTP client's pool threads would keep the JVM alive.
    System.exit(0);
  }

  /** Per viewer: media seconds it advanced over the window (NaN: failed). */
  static void report(String mode, int n, int seconds, double[] advance) {
    double[] valid = Arrays.stream(advance).filter(a -> !Double.isNaN(a)).sorted().toArray();
    double best = valid.length == 0 ? 0 : valid[valid.length - 1];
    double median = valid.length == 0 ? 0 : valid[valid.length / 2];
    int failed = 0;
    int kept = 0;
    double[] speeds = new double[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(advance[i])) {
        failed++;
        speeds[i] = 0;
        continue;
      }
      speeds[i] = advance[i] / seconds;
      if (median - advance[i] <= 5.0) {
        kept++;
      }
    }
    Arrays.sort(speeds);
    System.out.printf(
        "mode=%s viewers=%d kept_real_time=%d share=%.1f%% failed=%d best_speed=%.3f"
            + " p5_speed=%.3f min_speed=%.3f%n",
        mode, n, kept, 100.0 * kept / n, failed, best / seconds, speeds[n / 20], speeds[0]);
  }

  // ---- TS ---------------------------------------------------------------------------------------

  static final class TsViewer {
    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(256 * 1024);
    boolean headersDone;
    boolean failed;
    int videoPid = -1;
    long firstPts = -1;
    long lastPts = -1;
    long ptsAtStart = -1;
    long ptsAtEnd = -1;
    long ptsUnwrapped;
    long previousRaw = -1;

    TsViewer(SocketChannel channel) {
      this.channel = channel;
    }

    /** Parses what came; false when the response is broken. */
    boolean consume() {
      in.flip();
      if (!headersDone) {
        String text = StandardCharsets.ISO_8859_1.decode(in.duplicate()).toString();
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
          in.compact();
          return in.hasRemaining();
        }
        if (!text.startsWith("HTTP/1.1 200") && !text.startsWith("HTTP/1.0 200")) {
          return false;
        }
        in.position(end + 4);
        headersDone = true;
      }
      while (in.remaining() >= 188) {
        int start = in.position();
        if (in.get(start) != 0x47) {
          // Resynchronise on the next sync byte.
          in.position(start + 1);
          continue;
        }
        packet(start);
        in.position(start + 188);
      }
      in.compact();
      return true;
    }

    private void packet(int p) {
      int b1 = in.get(p + 1) & 0xff;
      boolean unitStart = (b1 & 0x40) != 0;
      int pid = ((b1 & 0x1f) << 8) | (in.get(p + 2) & 0xff);
      int control = (in.get(p + 3) >> 4) & 0x3;
      if (!unitStart || (control & 0x1) == 0) {
        return;
      }
      int payload = p + 4;
      if ((control & 0x2) != 0) {
        payload += 1 + (in.get(p + 4) & 0xff);
      }
      if (payload + 14 > p + 188) {
        return;
      }
      if (in.get(payload) != 0 || in.get(payload + 1) != 0 || in.get(payload + 2) != 1) {
        return;
      }
      int streamId = in.get(payload + 3) & 0xff;
      if (videoPid < 0 && streamId >= 0xe0 && streamId <= 0xef) {
        videoPid = pid;
      }
      if (pid != videoPid || (in.get(payload + 7) & 0x80) == 0) {
        return;
      }
      int q = payload + 9;
      long pts =
          ((long) (in.get(q) & 0x0e) << 29)
              | ((long) (in.get(q + 1) & 0xff) << 22)
              | ((long) (in.get(q + 2) & 0xfe) << 14)
              | ((long) (in.get(q + 3) & 0xff) << 7)
              | ((in.get(q + 4) & 0xfe) >> 1);
      // Unwrapped and made monotonic enough: B-frames step back a little, a 33-bit wrap far.
      if (previousRaw >= 0) {
        long step = pts - previousRaw;
        if (step < -(1L << 32)) {
          step += 1L << 33;
        }
        ptsUnwrapped += step;
      }
      previousRaw = pts;
      if (firstPts < 0) {
        firstPts = ptsUnwrapped;
      }
      lastPts = Math.max(lastPts, ptsUnwrapped);
    }
  }

  static double[] ts(URI url, int n, int seconds, int warmup) throws IOException {
    Selector selector = Selector.open();
    String request =
        "GET "
            + url.getRawPath()
            + " HTTP/1.0\r\nHost: "
            + url.getAuthority()
            + "\r\nUser-Agent: bench-ts\r\n\r\n";
    List<TsViewer> viewers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()));
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      channel.configureBlocking(false);
      TsViewer viewer = new TsViewer(channel);
      channel.register(selector, SelectionKey.OP_READ, viewer);
      viewers.add(viewer);
    }
    long begin = System.nanoTime();
    long start = begin + TimeUnit.SECONDS.toNanos(warmup);
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    boolean started = false;
    while (System.nanoTime() < end) {
      selector.select(100);
      for (SelectionKey key : selector.selectedKeys()) {
        TsViewer viewer = (TsViewer) key.attachment();
        try {
          int read = viewer.channel.read(viewer.in);
          if (read < 0 || !viewer.consume()) {
            viewer.failed = true;
            key.cancel();
            viewer.channel.close();
          }
        } catch (IOException e) {
          viewer.failed = true;
          key.cancel();
        }
      }
      selector.selectedKeys().clear();
      if (!started && System.nanoTime() >= start) {
        started = true;
        viewers.forEach(v -> v.ptsAtStart = v.lastPts);
      }
    }
    double[] advance = new double[n];
    for (int i = 0; i < n; i++) {
      TsViewer v = viewers.get(i);
      advance[i] =
          v.failed || v.ptsAtStart < 0 ? Double.NaN : (v.lastPts - v.ptsAtStart) / 90_000.0;
      v.channel.close();
    }
    return advance;
  }

  // ---- HLS --------------------------------------------------------------------------------------

  static final class HlsViewer {
    long lastSequence = -1;
    double mediaSeconds;
    double atStart = Double.NaN;
    volatile boolean failed;
    boolean busy;
  }

  static double[] hls(URI url, int n, int seconds, int warmup) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    List<HlsViewer> viewers = new ArrayList<>();
    AtomicLong requests = new AtomicLong();
    for (int i = 0; i < n; i++) {
      HlsViewer viewer = new HlsViewer();
      viewers.add(viewer);
      // Spread over the 2 s poll period, as independent players would be.
      timer.scheduleAtFixedRate(
          () -> poll(client, url, viewer, requests), (2000L * i) / n, 2000, TimeUnit.MILLISECONDS);
    }
    Thread.sleep(warmup * 1000L);
    viewers.forEach(v -> v.atStart = v.mediaSeconds);
    Thread.sleep(seconds * 1000L);
    timer.shutdownNow();
    double[] advance = new double[n];
    for (int i = 0; i < n; i++) {
      HlsViewer v = viewers.get(i);
      synchronized (v) {
        advance[i] = v.failed ? Double.NaN : v.mediaSeconds - v.atStart;
      }
    }
    return advance;
  }

  /** Reloads the playlist and fetches, in order, the segments not fetched yet. */
  static void poll(HttpClient client, URI url, HlsViewer viewer, AtomicLong requests) {
    synchronized (viewer) {
      if (viewer.busy || viewer.failed) {
        return;
      }
      viewer.busy = true;
    }
    requests.incrementAndGet();
    client
        .sendAsync(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            playlist -> {
              if (playlist.statusCode() != 200) {
                throw new IllegalStateException("playlist " + playlist.statusCode());
              }
              List<String[]> found = new ArrayList<>();
              long sequence = 0;
              double duration = 0;
              for (String line : playlist.body().split("\n")) {
                if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                  sequence = Long.parseLong(line.substring(22).strip());
                } else if (line.startsWith("#EXTINF:")) {
                  duration = Double.parseDouble(line.substring(8).split(",")[0]);
                } else if (!line.isBlank() && !line.startsWith("#")) {
                  if (sequence > viewer.lastSequence) {
                    found.add(new String[] {line.strip(), Long.toString(sequence), Double.toString(duration)});
                  }
                  sequence++;
                }
              }
              // A new player starts near the live edge: the last segment only.
              List<String[]> fresh =
                  viewer.lastSequence < 0 && !found.isEmpty()
                      ? List.<String[]>of(found.get(found.size() - 1))
                      : found;
              CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
              for (String[] s : fresh) {
                URI segment = url.resolve(s[0]);
                chain =
                    chain.thenCompose(
                        x ->
                            client
                                .sendAsync(
                                    HttpRequest.newBuilder(segment).build(),
                                    HttpResponse.BodyHandlers.discarding())
                                .thenAccept(
                                    r -> {
                                      if (r.statusCode() != 200) {
                                        throw new IllegalStateException("segment " + r.statusCode());
                                      }
                                      synchronized (viewer) {
                                        viewer.lastSequence = Long.parseLong(s[1]);
                                        viewer.mediaSeconds += Double.parseDouble(s[2]);
                                      }
                                    }));
              }
              return chain;
            })
        .whenComplete(
            (x, error) -> {
              synchronized (viewer) {
                viewer.busy = false;
                if (error != null) {
                  viewer.failed = true;
                }
              }
            });
  }
}
