package io.iptvorigin.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live IPTV upstream for integration tests, benchmarks and the local demo: the thing an origin
 * pulls MPEG-TS from. JDK only plus an {@code ffmpeg} child process per stream.
 *
 * <p>Each distinct stream (kind + name + GOP length) has ONE shared encoder, started on the first
 * request and shared by every client, like a broadcast; it is stopped after {@link
 * #DEFAULT_IDLE_STOP} without clients and restarted on the next request. The MPEG-TS output is read
 * in 188-byte packets; keyframes are the video-PID packets that start a PES and carry the
 * adaptation-field random_access_indicator (FFmpeg's muxer also sets that flag on every audio PES,
 * so the video PID is taken from the PMT). The encoder keeps the current GOP (from the latest
 * keyframe on) plus the latest PAT and PMT.
 *
 * <p>Paths (GET; HEAD answers the headers only and starts no encoder):
 *
 * <ul>
 *   <li>{@code /live/{name}.ts?gop=2&join=cache} endless MPEG-TS (H.264 + AAC). {@code gop} in
 *       seconds (1..10, default 2). {@code join=cache} (default): PAT+PMT, then the cached GOP at
 *       full speed, then live. {@code join=live}: PAT+PMT, then live packets from the current
 *       (mid-GOP) position. {@code video}, {@code audio}, {@code tracks} and {@code jump} choose
 *       other codecs, a second audio track and a timestamp jump ({@link TsEncoding}); each distinct
 *       choice is an encoder of its own.
 *   <li>{@code /live/{tag}/{name}.ts?...} the same stream as {@code /live/{name}.ts} (the same
 *       encoder) under a path of its own: connections are counted per path, so many channels can
 *       share one encoder and still be counted one by one (the cluster tests' 30 channels).
 *   <li>{@code /redirect/{name}.ts?...} 302 to {@code /live/{name}.ts?...} (absolute URL).
 *   <li>{@code /headers/{name}.ts?...} like /live (same shared encoder as /live/{name}.ts), but
 *       only with {@code User-Agent: iptv-test-agent} and {@code Referer: http://referer.example/};
 *       403 otherwise. {@link #lastHeaders(String)} keeps the last request headers of every path.
 *   <li>{@code /vp8/{name}.mkv?gop=2&join=cache} live Matroska, VP8 + Vorbis: codecs MPEG-TS has no
 *       mapping for. Note FFmpeg 5.1 stream copy into HLS/MPEG-TS does not fail on them: it warns
 *       "is muxed as a private data stream" and writes segments of undecodable data streams; only
 *       transcoding gives a playable output. Shared encoder too: a client gets the Matroska header
 *       captured at encoder start, then whole clusters (from the latest cluster holding a video
 *       keyframe with join=cache, from the next cluster with join=live).
 *   <li>{@code /h264/{name}.mkv?gop=2&join=cache} the same live Matroska with H.264 + AAC: codecs
 *       MPEG-TS carries, so FFmpeg stream copy of it plays, in a container the native remuxer does
 *       not read.
 *   <li>{@code /alt/{name}.ts?...} like /live (same shared encoder): a second source of the same
 *       channel, so a test can fail one and keep the other ({@link #cut}, {@link #stall}).
 *   <li>{@code /control/cut?prefix=P}, {@code /control/stall?prefix=P}, {@code
 *       /control/restore?prefix=P}: the same faults for a bench driving a separate process.
 *   <li>{@code /dead.ts} 200 headers, then never a byte. {@code /notfound.ts} (and anything
 *       unknown) 404. {@code /stats} JSON counters.
 * </ul>
 *
 * <p>Bodies are close-delimited (HTTP/1.1 response with {@code Connection: close}, no length, no
 * chunking): FFmpeg, curl and java.net.http read them until the connection ends. Every client has
 * its own queue bounded to {@value #CLIENT_QUEUE_BYTES} bytes beyond its initial burst; a client
 * that falls that far behind is disconnected, never slowing the encoder or other clients.
 */
public final class LiveUpstream implements AutoCloseable {
  /** How long an encoder without clients keeps running. */
  public static final Duration DEFAULT_IDLE_STOP = Duration.ofSeconds(30);

  /**
   * The loopback address the upstream listens on: not 127.0.0.1, where the origin's own services
   * are. The origin under test allows only this address (iptv.upstream.allowed-private-ranges
   * 127.0.0.9/32), so a test that makes it fetch from 127.0.0.1 shows the protection holds.
   */
  public static final String ADDRESS = "127.0.0.9";

  /** The request headers {@code /headers/...} insists on. */
  public static final String REQUIRED_USER_AGENT = "iptv-test-agent";

  public static final String REQUIRED_REFERER = "http://referer.example/";

  static final int FPS = 25;
  static final int TS_PACKET = 188;
  static final long CLIENT_QUEUE_BYTES = 2L * 1024 * 1024;
  static final int STREAM_SEND_BUFFER = 256 * 1024;

  /** Safety cap on the one cached GOP; a longer GOP is not cached (joiners then join live). */
  static final long MAX_GOP_CACHE_BYTES = 8L * 1024 * 1024;

  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final int MAX_RECORDED_PATHS = 1000;
  private static final Pattern TS_ROUTE =
      Pattern.compile(
          "/(live|alt|redirect|headers)/(?:[A-Za-z0-9_-]{1,40}/)?([A-Za-z0-9_.-]{1,100})\\.ts");
  private static final Pattern MKV_ROUTE =
      Pattern.compile("/(vp8|h264)/([A-Za-z0-9_.-]{1,100})\\.mkv");

  private final ServerSocket serverSocket;
  private final String address;
  private final int port;
  private final String ffmpeg;
  private final long idleStopNanos;
  private final ExecutorService connectionThreads;
  private final ScheduledExecutorService reaper;
  private final Thread acceptor;
  private final Map<String, Encoder> encoders = new HashMap<>(); // guarded by itself
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> lastHeaders = new ConcurrentHashMap<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** What a test made of the paths under a prefix: see {@link #cut} and {@link #stall}. */
  public enum Fault {
    CUT,
    STALL
  }

  private record Stream(String path, Socket socket) {}

  private LiveUpstream(String address, int port, Duration idleStop) throws IOException {
    this.address = address;
    this.ffmpeg = System.getProperty("live.upstream.ffmpeg", "ffmpeg");
    this.idleStopNanos = idleStop.toNanos();
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(address), port), 256);
    this.serverSocket = server;
    this.port = server.getLocalPort();
    this.connectionThreads = Executors.newCachedThreadPool(daemon("live-upstream-conn"));
    this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("live-upstream-reaper"));
    long period = Math.max(100, Math.min(1000, idleStop.toMillis() / 4));
    reaper.scheduleWithFixedDelay(this::stopIdleEncoders, period, period, TimeUnit.MILLISECONDS);
    this.acceptor = daemon("live-upstream-accept").newThread(this::acceptLoop);
    acceptor.start();
  }

  /** Starts the upstream on {@link #ADDRESS}; {@code port} 0 picks a free port. */
  public static LiveUpstream start(int port) {
    return start(port, DEFAULT_IDLE_STOP);
  }

  /** As {@link #start(int)}, with another idle time after which client-less encoders stop. */
  public static LiveUpstream start(int port, Duration encoderIdleStop) {
    return start(ADDRESS, port, encoderIdleStop);
  }

  /**
   * As {@link #start(int, Duration)}, on another address: where origins in other network namespaces
   * reach it (ansible/tests/e2e-cluster's bridge).
   */
  public static LiveUpstream start(String address, int port, Duration encoderIdleStop) {
    try {
      return new LiveUpstream(address, port, encoderIdleStop);
    } catch (IOException e) {
      throw new UncheckedIOException("live upstream cannot listen on " + address + ":" + port, e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code "http://ADDRESS:PORT" + path}, 127.0.0.9 unless started on another address. */
  public String url(String path) {
    return "http://" + address + ":" + port + path;
  }

  /**
   * The headers of the last request to {@code path} (without query), names case-insensitive; an
   * empty map if there was none.
   */
  public Map<String, String> lastHeaders(String path) {
    return lastHeaders.getOrDefault(path, Map.of());
  }

  /**
   * Requests (= connections: every response closes) received on paths starting with the prefix: GET
   * and HEAD, whatever the answer. A pull that first resolves redirects with a GET counts that GET
   * too; {@link #activeConnections(String)} counts the streams open right now.
   */
  public int connections(String pathPrefix) {
    return sum(connections, pathPrefix);
  }

  /** Streaming responses currently open on paths starting with the prefix. */
  public int activeConnections(String pathPrefix) {
    return sum(active, pathPrefix);
  }

  /**
   * The source dies: open streams on paths starting with {@code prefix} are closed at once and new
   * requests for them are closed before any answer (as a crashed server or a dropped route looks to
   * a client), until {@link #restore}.
   */
  public void cut(String prefix) {
    faults.put(prefix, Fault.CUT);
    for (Stream stream : streams) {
      if (stream.path().startsWith(prefix)) {
        closeQuietly(stream.socket());
      }
    }
  }

  /**
   * The source stalls: open streams on paths starting with {@code prefix} stay connected but get no
   * more bytes, and new requests get the headers and then nothing, until {@link #restore}.
   */
  public void stall(String prefix) {
    faults.put(prefix, Fault.STALL);
  }

  /** Ends a {@link #cut} or {@link #stall}: new requests under {@code prefix} are served again. */
  public void restore(String prefix) {
    faults.remove(prefix);
  }

  private Fault faultOf(String path) {
    for (Map.Entry<String, Fault> fault : faults.entrySet()) {
      if (path.startsWith(fault.getKey())) {
        return fault.getValue();
      }
    }
    return null;
  }

  /** Running encoders: key (e.g. {@code ts/a/gop2}) to the ffmpeg process id. */
  public Map<String, Long> encoders() {
    Map<String, Long> out = new TreeMap<>();
    synchronized (encoders) {
      encoders.forEach((key, encoder) -> out.put(key, encoder.process.pid()));
    }
    return out;
  }

  /** Stops the server, every client and every encoder (waiting for each ffmpeg to exit). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    reaper.shutdownNow();
    List<Encoder> all;
    synchronized (encoders) {
      all = new ArrayList<>(encoders.values());
      encoders.clear();
    }
    all.forEach(Encoder::beginStop); // all SIGTERMs first, then wait for each
    all.forEach(Encoder::awaitStop);
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    connectionThreads.shutdownNow();
    try {
      acceptor.join(2000);
      connectionThreads.awaitTermination(5, TimeUnit.SECONDS);
      reaper.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Standalone: {@code java -cp target/test-classes io.iptvorigin.support.LiveUpstream --port 8190
   * [--address 127.0.0.9] [--idle-stop-seconds 30]}. Runs until SIGTERM/SIGINT.
   */
  public static void main(String[] args) throws InterruptedException {
    String address = ADDRESS;
    int port = 8190;
    Duration idle = DEFAULT_IDLE_STOP;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--address" -> address = args[++i];
        case "--idle-stop-seconds" -> idle = Duration.ofSeconds(Long.parseLong(args[++i]));
        default -> {
          System.err.println(
              "usage: LiveUpstream [--port N] [--address A] [--idle-stop-seconds S]");
          System.exit(2);
        }
      }
    }
    LiveUpstream upstream = start(address, port, idle);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  upstream.close();
                  stopped.countDown();
                },
                "live-upstream-shutdown"));
    System.out.println("live upstream on " + upstream.url(""));
    System.out.flush();
    stopped.await();
  }

  // ---------------------------------------------------------------- HTTP

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        log("accept failed: " + e.getMessage());
        continue;
      }
      sockets.add(socket);
      try {
        connectionThreads.execute(() -> serve(socket));
      } catch (RuntimeException rejected) { // closing
        sockets.remove(socket);
        closeQuietly(socket);
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
      Request request = Request.read(in);
      if (request == null) {
        return;
      }
      socket.setSoTimeout(0);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      handle(request, socket, in, out);
      out.flush();
    } catch (IOException e) {
      // the client went away or sent garbage: nothing to answer
    } finally {
      sockets.remove(socket);
    }
  }

  private void handle(Request r, Socket socket, InputStream in, OutputStream out)
      throws IOException {
    if (lastHeaders.size() < MAX_RECORDED_PATHS || lastHeaders.containsKey(r.path)) {
      lastHeaders.put(r.path, Collections.unmodifiableMap(r.headers));
    }
    if (connections.size() < MAX_RECORDED_PATHS || connections.containsKey(r.path)) {
      connections.computeIfAbsent(r.path, k -> new AtomicInteger()).incrementAndGet();
    }
    boolean head = r.method.equals("HEAD");
    if (!head && !r.method.equals("GET")) {
      text(out, 405, "Method Not Allowed", "GET or HEAD\n", false, "Allow: GET, HEAD");
      return;
    }
    if (r.path.startsWith("/control/")) {
      control(r, out);
      return;
    }
    Fault fault = faultOf(r.path);
    if (fault == Fault.CUT) {
      return; // closed without an answer
    }
    if (fault == Fault.STALL && !head) {
      streamHead(out, "video/mp2t");
      out.flush();
      track(r.path, () -> waitForClose(in));
      return;
    }
    if (r.path.equals("/stats")) {
      respond(out, 200, "OK", "application/json", stats().getBytes(StandardCharsets.UTF_8), head);
      return;
    }
    if (r.path.equals(DEMO_GUIDE)) {
      respond(out, 200, "OK", "application/gzip", demoGuide(), head);
      return;
    }
    if (r.path.equals("/dead.ts")) {
      streamHead(out, "video/mp2t");
      if (!head) {
        track(r.path, () -> waitForClose(in));
      }
      return;
    }
    Matcher ts = TS_ROUTE.matcher(r.path);
    Matcher mkv = MKV_ROUTE.matcher(r.path);
    Kind kind;
    String name;
    String route;
    if (ts.matches()) {
      kind = Kind.TS;
      route = ts.group(1);
      name = ts.group(2);
    } else if (mkv.matches()) {
      route = mkv.group(1);
      kind = route.equals("vp8") ? Kind.MKV : Kind.MKV_H264;
      name = mkv.group(2);
    } else {
      text(out, 404, "Not Found", "not found\n", head);
      return;
    }
    int gop;
    boolean fromCache;
    try {
      gop = Integer.parseInt(r.params.getOrDefault("gop", "2"));
      String join = r.params.getOrDefault("join", "cache");
      if (gop < 1 || gop > 10 || !(join.equals("cache") || join.equals("live"))) {
        throw new IllegalArgumentException();
      }
      fromCache = join.equals("cache");
    } catch (IllegalArgumentException e) {
      text(out, 400, "Bad Request", "gop is 1..10 (seconds), join is cache or live\n", head);
      return;
    }
    TsEncoding encoding;
    try {
      encoding = TsEncoding.of(r.params);
      if (kind != Kind.TS && !encoding.isDefault()) {
        throw new IllegalArgumentException("video, audio, tracks and jump are for .ts streams");
      }
    } catch (IllegalArgumentException e) {
      text(out, 400, "Bad Request", e.getMessage() + "\n", head);
      return;
    }
    if (route.equals("redirect")) {
      String location = url("/live/" + name + ".ts" + (r.query.isEmpty() ? "" : "?" + r.query));
      text(out, 302, "Found", "see " + location + "\n", head, "Location: " + location);
      return;
    }
    if (route.equals("headers")
        && !(REQUIRED_USER_AGENT.equals(r.headers.get("User-Agent"))
            && REQUIRED_REFERER.equals(r.headers.get("Referer")))) {
      text(out, 403, "Forbidden", "user agent or referer refused\n", head);
      return;
    }
    if (head) {
      streamHead(out, kind.contentType);
      return;
    }
    // A fixed kernel send buffer (no auto-tuning to megabytes): a stalled client is then
    // detected by its own queue bound after about 2.25 MB instead of 6 MB.
    socket.setSendBufferSize(STREAM_SEND_BUFFER);
    Client client = new Client(socket);
    Encoder encoder;
    try {
      encoder = acquire(kind, name, gop, encoding, client, fromCache);
    } catch (IOException | IllegalStateException e) {
      text(out, 503, "Service Unavailable", "encoder: " + e.getMessage() + "\n", false);
      return;
    }
    try {
      streamHead(out, kind.contentType);
      Stream stream = new Stream(r.path, socket);
      streams.add(stream);
      try {
        String path = r.path;
        trackUntilClosed(
            path, socket, in, () -> relay(client, out, () -> faultOf(path) == Fault.STALL));
      } finally {
        streams.remove(stream);
      }
    } finally {
      encoder.detach(client);
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private void track(String path, IoAction action) throws IOException {
    AtomicInteger counter = active.computeIfAbsent(path, k -> new AtomicInteger());
    counter.incrementAndGet();
    try {
      action.run();
    } finally {
      counter.decrementAndGet();
    }
  }

  /** {@code /control/cut|stall|restore?prefix=/live/a}: the faults, for a separate process. */
  private void control(Request r, OutputStream out) throws IOException {
    String prefix = r.params.get("prefix");
    if (prefix == null || !prefix.startsWith("/")) {
      text(out, 400, "Bad Request", "prefix=/path is required\n", false);
      return;
    }
    switch (r.path) {
      case "/control/cut" -> cut(prefix);
      case "/control/stall" -> stall(prefix);
      case "/control/restore" -> restore(prefix);
      default -> {
        text(out, 404, "Not Found", "cut, stall or restore\n", false);
        return;
      }
    }
    text(out, 200, "OK", r.path.substring("/control/".length()) + " " + prefix + "\n", false);
  }

  /**
   * As {@link #track}, for a stream the client ends by closing its side: the connection stops
   * counting as active the moment the client's end of stream arrives, not when the next write to it
   * fails. A provider counting connections sees the close at once; so must the tests that count
   * them here (two connections of a one-connection account must never overlap, even by the few
   * milliseconds until the next packet's write fails).
   */
  private void trackUntilClosed(String path, Socket socket, InputStream in, IoAction action)
      throws IOException {
    AtomicInteger counter = active.computeIfAbsent(path, k -> new AtomicInteger());
    java.util.concurrent.atomic.AtomicBoolean open =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Runnable closed =
        () -> {
          if (open.getAndSet(false)) {
            counter.decrementAndGet();
          }
        };
    counter.incrementAndGet();
    try {
      connectionThreads.execute(
          () -> {
            try {
              waitForClose(in);
            } catch (IOException e) {
              // reset or closed by the relay: over either way
            } finally {
              closed.run();
              closeQuietly(socket);
            }
          });
    } catch (RuntimeException rejected) { // closing
      closed.run();
      return;
    }
    try {
      action.run();
    } finally {
      closed.run();
    }
  }

  private static void relay(
      Client client, OutputStream out, java.util.function.BooleanSupplier stalled)
      throws IOException {
    try {
      List<byte[]> units;
      while ((units = client.takeAll()) != null) {
        if (stalled.getAsBoolean()) {
          continue; // connected, but the bytes go nowhere
        }
        for (byte[] unit : units) {
          out.write(unit);
        }
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitForClose(InputStream in) throws IOException {
    byte[] sink = new byte[1024];
    while (in.read(sink) >= 0) {
      // a dead upstream: read and ignore until the client (or close()) ends the connection
    }
  }

  /**
   * A programme guide for the demo (scripts/dev seeds it as an EPG source): XMLTV channels {@code
   * ch0.test} to {@code ch2.test}, half-hour programmes from a week ago to two weeks ahead, gzip.
   */
  public static final String DEMO_GUIDE = "/guide.xml.gz";

  private static byte[] demoGuide() throws IOException {
    long hour = java.time.Instant.now().getEpochSecond() / 3600 * 3600;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
      io.iptvorigin.epg.GuideGenerator.builder()
          .channels(3)
          .days(21)
          .programmeMinutes(30)
          .from(hour - 7 * 86_400)
          .zones("+0100", "-0500", "")
          .build()
          .write(gzip);
    }
    return bytes.toByteArray();
  }

  private static void streamHead(OutputStream out, String contentType) throws IOException {
    out.write(
        ("HTTP/1.1 200 OK\r\n"
                + "Content-Type: "
                + contentType
                + "\r\n"
                + "Cache-Control: no-cache, no-store\r\n"
                + "Connection: close\r\n"
                + "Server: live-upstream\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static void text(
      OutputStream out,
      int status,
      String reason,
      String body,
      boolean head,
      String... extraHeaders)
      throws IOException {
    respond(
        out,
        status,
        reason,
        "text/plain; charset=utf-8",
        body.getBytes(StandardCharsets.UTF_8),
        head,
        extraHeaders);
  }

  private static void respond(
      OutputStream out,
      int status,
      String reason,
      String contentType,
      byte[] body,
      boolean head,
      String... extraHeaders)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
    sb.append("Content-Type: ").append(contentType).append("\r\n");
    sb.append("Content-Length: ").append(body.length).append("\r\n");
    for (String header : extraHeaders) {
      sb.append(header).append("\r\n");
    }
    sb.append("Connection: close\r\nServer: live-upstream\r\n\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  private String stats() {
    StringBuilder sb = new StringBuilder("{\n  \"connections\": ");
    json(sb, connections);
    sb.append(",\n  \"active\": ");
    json(sb, active);
    sb.append(",\n  \"encoders\": [");
    List<Encoder> running;
    synchronized (encoders) {
      running = new ArrayList<>(encoders.values());
    }
    running.sort((a, b) -> a.key.compareTo(b.key));
    for (int i = 0; i < running.size(); i++) {
      Encoder e = running.get(i);
      sb.append(i == 0 ? "\n    " : ",\n    ");
      sb.append("{\"key\": ").append(quote(e.key));
      sb.append(", \"pid\": ").append(e.process.pid());
      sb.append(", \"clients\": ").append(e.clientCount());
      sb.append(", \"keyframes\": ").append(e.keyframes);
      sb.append(", \"bytes\": ").append(e.bytes);
      sb.append(", \"uptimeMs\": ").append((System.nanoTime() - e.startedNanos) / 1_000_000);
      sb.append('}');
    }
    sb.append(running.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
    return sb.toString();
  }

  private static void json(StringBuilder sb, Map<String, AtomicInteger> counters) {
    Map<String, AtomicInteger> sorted = new TreeMap<>(counters);
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, AtomicInteger> e : sorted.entrySet()) {
      sb.append(first ? "" : ", ")
          .append(quote(e.getKey()))
          .append(": ")
          .append(e.getValue().get());
      first = false;
    }
    sb.append('}');
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static int sum(Map<String, AtomicInteger> counters, String prefix) {
    int total = 0;
    for (Map.Entry<String, AtomicInteger> e : counters.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        total += e.getValue().get();
      }
    }
    return total;
  }

  /** A parsed request head. Only what this server needs; no bodies, no keep-alive. */
  private static final class Request {
    String method;
    String path;
    String query;
    final Map<String, String> params = new LinkedHashMap<>();
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static Request read(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream(512);
      int state = 0; // matched characters of \r\n\r\n (bare \n accepted too)
      while (true) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
        if (head.size() > MAX_HEAD_BYTES) {
          throw new IOException("request head too large");
        }
        if (b == '\n') {
          state++;
          if (state == 2) {
            break;
          }
        } else if (b != '\r') {
          state = 0;
        }
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r?\n");
      String[] requestLine = lines[0].split(" ");
      if (requestLine.length < 2) {
        throw new IOException("bad request line");
      }
      Request r = new Request();
      r.method = requestLine[0].toUpperCase(Locale.ROOT);
      String target = requestLine[1];
      if (target.startsWith("http://") || target.startsWith("https://")) { // absolute form
        int slash = target.indexOf('/', target.indexOf("//") + 2);
        target = slash < 0 ? "/" : target.substring(slash);
      }
      int q = target.indexOf('?');
      r.path = q < 0 ? target : target.substring(0, q);
      r.query = q < 0 ? "" : target.substring(q + 1);
      for (String pair : r.query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          r.params.put(
              URLDecoder.decode(k, StandardCharsets.UTF_8),
              URLDecoder.decode(v, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          r.params.put(k, v);
        }
      }
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim();
        String value = lines[i].substring(colon + 1).trim();
        r.headers.merge(name, value, (a, b) -> a + ", " + b);
      }
      return r;
    }
  }

  // ---------------------------------------------------------------- encoders

  private enum Kind {
    TS("video/mp2t"),
    MKV("video/x-matroska"),
    MKV_H264("video/x-matroska");

    final String contentType;

    Kind(String contentType) {
      this.contentType = contentType;
    }

    List<String> command(String ffmpeg, int gopSeconds, TsEncoding encoding) {
      String gopFrames = Integer.toString(gopSeconds * FPS);
      List<String> args = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-loglevel", "error", "-re"));
      if (this == TS) {
        args.addAll(encoding.arguments(FPS, gopSeconds * FPS));
        return args;
      }
      args.addAll(
          List.of(
              "-f",
              "lavfi",
              "-i",
              "testsrc2=size=640x360:rate=" + FPS,
              "-f",
              "lavfi",
              "-i",
              "sine=frequency=440:sample_rate=48000"));
      if (this == MKV_H264) {
        args.addAll(
            List.of(
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-g",
                gopFrames,
                "-keyint_min",
                gopFrames,
                "-sc_threshold",
                "0",
                "-b:v",
                "500k",
                "-c:a",
                "aac",
                "-f",
                "matroska",
                "pipe:1"));
        return args;
      }
      args.addAll(
          List.of(
              "-c:v",
              "libvpx",
              "-deadline",
              "realtime",
              "-cpu-used",
              "8",
              "-b:v",
              "500k",
              "-g",
              gopFrames,
              "-c:a",
              "libvorbis",
              "-f",
              "matroska",
              "pipe:1"));
      return args;
    }
  }

  private Encoder acquire(
      Kind kind, String name, int gop, TsEncoding encoding, Client client, boolean fromCache)
      throws IOException {
    String prefix =
        switch (kind) {
          case TS -> "ts/";
          case MKV -> "vp8/";
          case MKV_H264 -> "h264mkv/";
        };
    String key = prefix + name + "/gop" + gop + encoding.keySuffix();
    synchronized (encoders) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      Encoder encoder = encoders.get(key);
      if (encoder == null) {
        List<String> command = kind.command(ffmpeg, gop, encoding);
        encoder =
            kind == Kind.TS
                ? new TsEncoder(key, kind, gop, command)
                : new MkvEncoder(key, kind, gop, command);
        encoder.launch();
        encoders.put(key, encoder);
      }
      encoder.attach(client, fromCache);
      return encoder;
    }
  }

  private void stopIdleEncoders() {
    List<Encoder> idle = new ArrayList<>();
    synchronized (encoders) {
      encoders
          .values()
          .removeIf(
              e -> {
                if (e.stopIfIdle(idleStopNanos)) {
                  idle.add(e);
                  return true;
                }
                return false;
              });
    }
    for (Encoder e : idle) {
      log("stopping idle encoder " + e.key + " pid " + e.process.pid());
      e.stop();
    }
  }

  private void encoderDied(Encoder encoder) {
    synchronized (encoders) {
      encoders.remove(encoder.key, encoder);
    }
  }

  /**
   * One ffmpeg and its clients. The reader thread turns the output into units (byte chunks) and
   * hands each to every client's queue while holding this encoder's lock, so a client attaching
   * under the same lock gets its initial burst and then exactly the following units.
   */
  private abstract class Encoder {
    final String key;
    final Kind kind;
    final int gopSeconds;
    final List<String> command;
    final long startedNanos = System.nanoTime();
    Process process;
    private Thread reader;
    private final Set<Client> clients = new LinkedHashSet<>();
    private final List<byte[]> gop = new ArrayList<>();
    private long gopBytes;
    private boolean gopValid;
    private byte[] gopPrefix;
    private long idleSinceNanos = System.nanoTime();
    private boolean stopping;
    private final List<Client> toDisconnect = new ArrayList<>();
    volatile long keyframes;
    volatile long bytes;

    Encoder(String key, Kind kind, int gopSeconds, List<String> command) {
      this.key = key;
      this.kind = kind;
      this.gopSeconds = gopSeconds;
      this.command = command;
    }

    void launch() throws IOException {
      ProcessBuilder builder = new ProcessBuilder(command);
      process = builder.start();
      process.getOutputStream().close();
      log("started encoder " + key + " pid " + process.pid());
      reader = daemon("live-upstream-" + key).newThread(this::readLoop);
      reader.start();
      daemon("live-upstream-stderr-" + key).newThread(this::stderrLoop).start();
    }

    /** Reads the encoder output and calls {@link #emitLocked} under the lock. */
    abstract void pump(InputStream in) throws IOException;

    /** What a client joining live (or joining before the first keyframe) gets first. */
    abstract byte[] livePrefix();

    private void readLoop() {
      try (InputStream in = process.getInputStream()) {
        pump(in);
      } catch (IOException e) {
        if (!isStopping()) {
          log("encoder " + key + " read failed: " + e.getMessage());
        }
      }
      if (!isStopping()) {
        try {
          process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        log(
            "encoder "
                + key
                + " ended unexpectedly"
                + (process.isAlive() ? "" : " with exit code " + process.exitValue()));
        encoderDied(this);
        stop();
      }
    }

    private void stderrLoop() {
      try (BufferedReader err =
          new BufferedReader(
              new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = err.readLine()) != null) {
          if (!isStopping()) {
            log("ffmpeg " + key + ": " + line);
          }
        }
      } catch (IOException ignored) {
        // process gone
      }
    }

    synchronized boolean isStopping() {
      return stopping;
    }

    synchronized int clientCount() {
      return clients.size();
    }

    /** Under the registry lock: true (and stopping) when idle for long enough. */
    synchronized boolean stopIfIdle(long idleNanos) {
      if (clients.isEmpty() && System.nanoTime() - idleSinceNanos >= idleNanos) {
        stopping = true;
      }
      return stopping;
    }

    /** Under the registry lock (never after the encoder left the registry). */
    synchronized void attach(Client client, boolean fromCache) {
      List<byte[]> initial = new ArrayList<>();
      if (fromCache && gopValid) {
        if (gopPrefix != null) {
          initial.add(gopPrefix);
        }
        initial.addAll(gop);
      } else {
        byte[] prefix = livePrefix();
        if (prefix != null) {
          initial.add(prefix);
        }
      }
      client.preload(initial);
      clients.add(client);
    }

    synchronized void detach(Client client) {
      client.end();
      if (clients.remove(client) && clients.isEmpty()) {
        idleSinceNanos = System.nanoTime();
      }
    }

    /**
     * Hands one unit to the cache and every client. Caller holds the lock and afterwards calls
     * {@link #disconnectDropped()} outside it.
     *
     * @param gopStart the unit starts with a keyframe
     * @param prefix for a GOP start: the headers as they were at the keyframe (PAT+PMT / Matroska
     *     header), sent before the cached GOP
     */
    void emitLocked(byte[] unit, boolean gopStart, byte[] prefix) {
      bytes += unit.length;
      if (gopStart) {
        keyframes++;
        gop.clear();
        gopBytes = 0;
        gopValid = true;
        gopPrefix = prefix;
      }
      if (gopValid) {
        gop.add(unit);
        gopBytes += unit.length;
        if (gopBytes > MAX_GOP_CACHE_BYTES) {
          invalidateGopLocked();
        }
      }
      for (var it = clients.iterator(); it.hasNext(); ) {
        Client client = it.next();
        if (!client.offer(unit)) {
          it.remove();
          toDisconnect.add(client);
          if (clients.isEmpty()) {
            idleSinceNanos = System.nanoTime();
          }
        }
      }
    }

    void invalidateGopLocked() {
      gop.clear();
      gopBytes = 0;
      gopValid = false;
      gopPrefix = null;
    }

    /** Closes the sockets of clients dropped for being too slow; call without holding the lock. */
    void disconnectDropped() {
      List<Client> dropped;
      synchronized (this) {
        if (toDisconnect.isEmpty()) {
          return;
        }
        dropped = new ArrayList<>(toDisconnect);
        toDisconnect.clear();
      }
      for (Client client : dropped) {
        log("disconnecting slow client of " + key + " " + client.socket.getRemoteSocketAddress());
        closeQuietly(client.socket);
      }
    }

    /** Ends the ffmpeg (SIGTERM, then SIGKILL), waits for it and ends all clients. */
    void stop() {
      beginStop();
      awaitStop();
    }

    /** Ends all clients and sends the ffmpeg SIGTERM, without waiting. */
    void beginStop() {
      List<Client> ended;
      synchronized (this) {
        stopping = true;
        ended = new ArrayList<>(clients);
        clients.clear();
        invalidateGopLocked();
      }
      ended.forEach(Client::end);
      process.destroy();
    }

    /** Waits for the ffmpeg to exit (SIGKILL after 5 s) and for its reader thread to finish. */
    void awaitStop() {
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
        if (reader != null && reader != Thread.currentThread()) {
          reader.join(2000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /** MPEG-TS: units are read chunks cut at every video keyframe packet. */
  private final class TsEncoder extends Encoder {
    private byte[] pat;
    private byte[] pmt;
    private int pmtPid = -1;
    private int videoPid = -1;

    TsEncoder(String key, Kind kind, int gopSeconds, List<String> command) {
      super(key, kind, gopSeconds, command);
    }

    @Override
    byte[] livePrefix() {
      if (pat == null) {
        return null;
      }
      return pmt == null ? pat : concat(pat, pmt);
    }

    @Override
    void pump(InputStream in) throws IOException {
      byte[] buf = new byte[TS_PACKET * 350];
      int filled = 0;
      int n;
      while ((n = in.read(buf, filled, buf.length - filled)) >= 0) {
        filled += n;
        int consumed;
        synchronized (this) {
          consumed = processLocked(buf, filled);
        }
        disconnectDropped();
        System.arraycopy(buf, consumed, buf, 0, filled - consumed);
        filled -= consumed;
      }
    }

    /** Scans whole packets, emits them; returns the bytes consumed (a partial packet stays). */
    private int processLocked(byte[] b, int len) {
      int start = 0;
      boolean startsGop = false;
      byte[] gopHeaders = null;
      int off = 0;
      while (off + TS_PACKET <= len) {
        if (b[off] != 0x47) { // lost sync (never seen with a pipe): skip to the next sync byte
          if (off > start) {
            emitLocked(Arrays.copyOfRange(b, start, off), startsGop, gopHeaders);
            startsGop = false;
          }
          while (off < len && b[off] != 0x47) {
            off++;
          }
          start = off;
          continue;
        }
        int pid = ((b[off + 1] & 0x1f) << 8) | (b[off + 2] & 0xff);
        boolean payloadStart = (b[off + 1] & 0x40) != 0;
        if (payloadStart && pid == 0) {
          pat = Arrays.copyOfRange(b, off, off + TS_PACKET);
          int found = patPmtPid(b, off);
          if (found >= 0) {
            pmtPid = found;
          }
        } else if (payloadStart && pid == pmtPid) {
          pmt = Arrays.copyOfRange(b, off, off + TS_PACKET);
          int found = pmtVideoPid(b, off);
          if (found >= 0) {
            videoPid = found;
          }
        } else if (payloadStart && pid == videoPid && randomAccess(b, off)) {
          if (off > start) {
            emitLocked(Arrays.copyOfRange(b, start, off), startsGop, gopHeaders);
          }
          start = off;
          startsGop = true;
          gopHeaders = livePrefix(); // PAT/PMT as of the keyframe: their CCs continue in the GOP
        }
        off += TS_PACKET;
      }
      if (off > start) {
        emitLocked(Arrays.copyOfRange(b, start, off), startsGop, gopHeaders);
      }
      return off;
    }
  }

  static boolean randomAccess(byte[] b, int off) {
    int adaptation = (b[off + 3] >> 4) & 3;
    return (adaptation & 2) != 0 && (b[off + 4] & 0xff) > 0 && (b[off + 5] & 0x40) != 0;
  }

  /** Offset of the payload in the packet at {@code off}, or -1. */
  private static int payload(byte[] b, int off) {
    int adaptation = (b[off + 3] >> 4) & 3;
    if ((adaptation & 1) == 0) {
      return -1;
    }
    int p = off + 4;
    if ((adaptation & 2) != 0) {
      p += 1 + (b[off + 4] & 0xff);
    }
    return p < off + TS_PACKET ? p : -1;
  }

  /** Section start (after the pointer field) of a PSI packet, or -1. */
  private static int section(byte[] b, int off) {
    int p = payload(b, off);
    if (p < 0) {
      return -1;
    }
    p += 1 + (b[p] & 0xff);
    return p < off + TS_PACKET ? p : -1;
  }

  static int patPmtPid(byte[] b, int off) {
    int s = section(b, off);
    int end = off + TS_PACKET;
    if (s < 0 || s + 8 > end || b[s] != 0x00) {
      return -1;
    }
    int length = ((b[s + 1] & 0x0f) << 8) | (b[s + 2] & 0xff);
    int last = Math.min(end, s + 3 + length - 4);
    for (int i = s + 8; i + 4 <= last; i += 4) {
      int program = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
      if (program != 0) {
        return ((b[i + 2] & 0x1f) << 8) | (b[i + 3] & 0xff);
      }
    }
    return -1;
  }

  static int pmtVideoPid(byte[] b, int off) {
    int s = section(b, off);
    int end = off + TS_PACKET;
    if (s < 0 || s + 12 > end || b[s] != 0x02) {
      return -1;
    }
    int length = ((b[s + 1] & 0x0f) << 8) | (b[s + 2] & 0xff);
    int last = Math.min(end, s + 3 + length - 4);
    int programInfo = ((b[s + 10] & 0x0f) << 8) | (b[s + 11] & 0xff);
    for (int i = s + 12 + programInfo; i + 5 <= last; ) {
      int type = b[i] & 0xff;
      int pid = ((b[i + 1] & 0x1f) << 8) | (b[i + 2] & 0xff);
      int info = ((b[i + 3] & 0x0f) << 8) | (b[i + 4] & 0xff);
      switch (type) {
        case 0x01, 0x02, 0x10, 0x1b, 0x24, 0x42, 0xd1, 0xea -> {
          return pid;
        }
        default -> i += 5 + info;
      }
    }
    return -1;
  }

  /**
   * Matroska: the EBML header, the Segment head and everything before the first Cluster form the
   * header every client gets first; afterwards each top-level element (a Cluster, known size, as
   * FFmpeg writes them to a pipe) is one unit, a GOP starting at a cluster holding a video
   * keyframe. Should a Cluster of unknown size ever appear, the rest is relayed as raw chunks
   * (joiners then start mid-cluster; Matroska demuxers resync on the next Cluster).
   */
  private final class MkvEncoder extends Encoder {
    private static final long EBML = 0x1A45DFA3L;
    private static final long SEGMENT = 0x18538067L;
    private static final long CLUSTER = 0x1F43B675L;
    private static final long TRACKS = 0x1654AE6BL;
    private static final long MAX_ELEMENT = 64L * 1024 * 1024;
    private byte[] header;
    private long videoTrack = -1;

    MkvEncoder(String key, Kind kind, int gopSeconds, List<String> command) {
      super(key, kind, gopSeconds, command);
    }

    @Override
    byte[] livePrefix() {
      return header;
    }

    @Override
    void pump(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      Ebml.Element e = Ebml.element(in);
      if (e == null || e.id() != EBML || e.unknownSize() || e.size() > MAX_ELEMENT) {
        rawRelay(in, e == null ? new byte[0] : e.raw());
        return;
      }
      head.write(e.raw());
      head.write(readExactly(in, e.size()));
      e = Ebml.element(in);
      if (e == null || e.id() != SEGMENT) {
        rawRelay(in, concat(head.toByteArray(), e == null ? new byte[0] : e.raw()));
        return;
      }
      head.write(e.raw());
      while ((e = Ebml.element(in)) != null) {
        if (header == null && e.id() == CLUSTER) {
          synchronized (this) {
            header = head.toByteArray();
            emitLocked(header, false, null); // clients that joined before the header was whole
          }
        }
        if (e.unknownSize() || e.size() > MAX_ELEMENT) {
          byte[] start = header == null ? concat(head.toByteArray(), e.raw()) : e.raw();
          rawRelay(in, start);
          return;
        }
        byte[] body = readExactly(in, e.size());
        if (header == null) {
          if (e.id() == TRACKS) {
            videoTrack = Ebml.videoTrack(body);
          }
          head.write(e.raw());
          head.write(body);
          continue;
        }
        boolean key = e.id() == CLUSTER && Ebml.clusterHasKeyframe(body, videoTrack);
        synchronized (this) {
          emitLocked(concat(e.raw(), body), key, header);
        }
        disconnectDropped();
      }
    }

    private void rawRelay(InputStream in, byte[] first) throws IOException {
      log("encoder " + key + ": Matroska layout not understood, relaying raw bytes");
      synchronized (this) {
        invalidateGopLocked();
        if (header == null) {
          header = first; // best effort: whatever came first
        }
        if (first.length > 0) {
          emitLocked(first, false, null);
        }
      }
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n > 0) {
          synchronized (this) {
            emitLocked(Arrays.copyOf(buf, n), false, null);
          }
          disconnectDropped();
        }
      }
    }
  }

  /** Just enough EBML to frame Matroska top-level elements and spot video keyframes. */
  private static final class Ebml {
    record Element(long id, long size, boolean unknownSize, byte[] raw) {}

    /** The next element head (ID + size) from a stream, or null at a clean end. */
    static Element element(InputStream in) throws IOException {
      int first = in.read();
      if (first < 0) {
        return null;
      }
      ByteArrayOutputStream raw = new ByteArrayOutputStream(12);
      long id = readVint(in, first, raw, 4, false);
      int sizeFirst = in.read();
      if (sizeFirst < 0) {
        throw new EOFException("EBML element cut short");
      }
      int lengthBefore = raw.size();
      long size = readVint(in, sizeFirst, raw, 8, true);
      int sizeLength = raw.size() - lengthBefore;
      boolean unknown = size == (1L << (7 * sizeLength)) - 1;
      return new Element(id, size, unknown, raw.toByteArray());
    }

    private static long readVint(
        InputStream in, int first, ByteArrayOutputStream raw, int max, boolean stripMarker)
        throws IOException {
      int length = Integer.numberOfLeadingZeros(first & 0xff) - 23;
      if (first == 0 || length > max) {
        throw new IOException("bad EBML vint 0x" + Integer.toHexString(first));
      }
      raw.write(first);
      long value = stripMarker ? first & (0xff >> length) : first;
      for (int i = 1; i < length; i++) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("EBML vint cut short");
        }
        raw.write(b);
        value = (value << 8) | b;
      }
      return value;
    }

    /** Iterates child elements inside a byte array: {id, dataStart, dataEnd} per child. */
    private static List<long[]> children(byte[] b, int from, int to) {
      List<long[]> out = new ArrayList<>();
      int p = from;
      while (p < to) {
        int idLength = vintLength(b[p]);
        if (idLength < 1 || idLength > 4 || p + idLength >= to) {
          break;
        }
        long id = 0;
        for (int i = 0; i < idLength; i++) {
          id = (id << 8) | (b[p + i] & 0xff);
        }
        p += idLength;
        int sizeLength = vintLength(b[p]);
        if (sizeLength < 1 || p + sizeLength > to) {
          break;
        }
        long size = b[p] & (0xff >> sizeLength);
        for (int i = 1; i < sizeLength; i++) {
          size = (size << 8) | (b[p + i] & 0xff);
        }
        p += sizeLength;
        long end = Math.min(to, p + size);
        out.add(new long[] {id, p, end});
        p = (int) end;
      }
      return out;
    }

    private static int vintLength(byte first) {
      int v = first & 0xff;
      return v == 0 ? -1 : Integer.numberOfLeadingZeros(v) - 23;
    }

    private static long uint(byte[] b, long from, long to) {
      long v = 0;
      for (long i = from; i < to; i++) {
        v = (v << 8) | (b[(int) i] & 0xff);
      }
      return v;
    }

    /** Track number of the first video track in a Tracks body, or -1. */
    static long videoTrack(byte[] tracks) {
      for (long[] entry : children(tracks, 0, tracks.length)) {
        if (entry[0] != 0xAE) {
          continue;
        }
        long number = -1;
        long type = -1;
        for (long[] field : children(tracks, (int) entry[1], (int) entry[2])) {
          if (field[0] == 0xD7) {
            number = uint(tracks, field[1], field[2]);
          } else if (field[0] == 0x83) {
            type = uint(tracks, field[1], field[2]);
          }
        }
        if (type == 1) {
          return number;
        }
      }
      return -1;
    }

    /** True if a Cluster body holds a keyframe block of the video track. */
    static boolean clusterHasKeyframe(byte[] cluster, long videoTrack) {
      if (videoTrack < 0) {
        return false;
      }
      for (long[] child : children(cluster, 0, cluster.length)) {
        if (child[0] == 0xA3) { // SimpleBlock: track vint, int16 timecode, flags (0x80 = key)
          int p = (int) child[1];
          int length = vintLength(cluster[p]);
          if (length < 1 || p + length + 2 >= child[2]) {
            continue;
          }
          long track = cluster[p] & (0xff >> length);
          for (int i = 1; i < length; i++) {
            track = (track << 8) | (cluster[p + i] & 0xff);
          }
          if (track == videoTrack && (cluster[p + length + 2] & 0x80) != 0) {
            return true;
          }
        } else if (child[0] == 0xA0) { // BlockGroup: a key block has no ReferenceBlock
          long track = -1;
          boolean referenced = false;
          for (long[] g : children(cluster, (int) child[1], (int) child[2])) {
            if (g[0] == 0xA1 && g[1] < g[2]) {
              int p = (int) g[1];
              int length = vintLength(cluster[p]);
              track = length < 1 ? -1 : cluster[p] & (0xff >> length);
              for (int i = 1; i < length && p + i < g[2]; i++) {
                track = (track << 8) | (cluster[p + i] & 0xff);
              }
            } else if (g[0] == 0xFB) {
              referenced = true;
            }
          }
          if (track == videoTrack && !referenced) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** One client's bounded queue of units. */
  private static final class Client {
    final Socket socket;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queued;
    private long limit = CLIENT_QUEUE_BYTES;
    private boolean ended;

    Client(Socket socket) {
      this.socket = socket;
    }

    /** The join burst: allowed on top of the normal bound until the client first drains. */
    synchronized void preload(List<byte[]> units) {
      for (byte[] unit : units) {
        queue.add(unit);
        queued += unit.length;
      }
      limit = CLIENT_QUEUE_BYTES + queued;
      notifyAll();
    }

    /** False if the client is over its bound (it is then ended, queue dropped) or ended. */
    synchronized boolean offer(byte[] unit) {
      if (ended) {
        return false;
      }
      if (queued + unit.length > limit) {
        ended = true;
        queue.clear();
        queued = 0;
        notifyAll();
        return false;
      }
      queue.add(unit);
      queued += unit.length;
      notifyAll();
      return true;
    }

    synchronized void end() {
      ended = true;
      notifyAll();
    }

    /** Everything queued, blocking while empty; null once ended and drained. */
    synchronized List<byte[]> takeAll() throws InterruptedException {
      while (queue.isEmpty() && !ended) {
        wait();
      }
      if (queue.isEmpty()) {
        return null;
      }
      List<byte[]> out = new ArrayList<>(queue);
      queue.clear();
      queued = 0;
      limit = CLIENT_QUEUE_BYTES;
      return out;
    }
  }

  // ---------------------------------------------------------------- helpers

  private static byte[] readExactly(InputStream in, long size) throws IOException {
    byte[] data = in.readNBytes((int) size);
    if (data.length != size) {
      throw new EOFException("stream ended inside an element");
    }
    return data;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  private static void log(String message) {
    System.err.println("[live-upstream] " + message);
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
