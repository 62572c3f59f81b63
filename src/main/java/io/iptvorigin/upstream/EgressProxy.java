package io.iptvorigin.upstream;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The forward proxy all upstream traffic goes through (FFmpeg via {@code -http_proxy}, the app's
 * HttpClient via a ProxySelector): it resolves each destination itself, refuses any the {@link
 * AddressPolicy} refuses and connects to the checked address. Listens on 127.0.0.1 only, on a fixed
 * port, because FFmpeg processes outlive a redeploy and keep the proxy address they were started
 * with. Stopping closes the listener only; open tunnels run to their end.
 */
@ApplicationScoped
public class EgressProxy {
  /** On the proxy's own 403 (a refused destination), so clients tell it from an upstream's. */
  public static final String REFUSED_HEADER = "X-Iptv-Egress";

  private static final Logger LOG = Logger.getLogger(EgressProxy.class.getName());
  private static final long ACCEPTOR_JOIN_MILLIS = 5000;
  private static final long FULL_WARNING_NANOS = 10_000_000_000L;
  private static final InetAddress LOOPBACK = HostAddresses.literal("127.0.0.1").orElseThrow();

  /** What each connection needs; immutable, shared by all. */
  record Settings(AddressPolicy policy, int connectMillis, long idleMillis) {}

  @Inject AddressPolicy policy;

  @Inject
  @ConfigProperty(name = "iptv.upstream.egress-port", defaultValue = "8183")
  int port;

  @Inject
  @ConfigProperty(name = "iptv.upstream.connect-timeout", defaultValue = "5")
  int connectTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "iptv.upstream.idle-timeout", defaultValue = "60")
  int idleTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "iptv.upstream.max-tunnels", defaultValue = "4000")
  int maxTunnels;

  private volatile ServerSocket listener;
  private volatile Thread acceptor;
  private volatile int boundPort;

  public EgressProxy() {}

  /** Outside CDI (tests); port 0 picks a free one. Call {@link #start()} afterwards. */
  EgressProxy(AddressPolicy policy, int port, int connectSeconds, int idleSeconds, int maxTunnels) {
    this.policy = policy;
    this.port = port;
    this.connectTimeoutSeconds = connectSeconds;
    this.idleTimeoutSeconds = idleSeconds;
    this.maxTunnels = maxTunnels;
  }

  /** Binds and starts accepting; a port already taken is logged, never thrown. */
  @PostConstruct
  void start() {
    Tunnel.preload();
    ServerSocket socket = null;
    try {
      socket = new ServerSocket();
      socket.setReuseAddress(true); // rebind at once after a redeploy left TIME_WAIT behind
      socket.bind(new InetSocketAddress(LOOPBACK, port), 256);
    } catch (IOException e) {
      ProxyConnection.closeQuietly(socket);
      LOG.severe(
          "egress proxy not listening address=127.0.0.1 port="
              + port
              + " reason=\""
              + e.getMessage()
              + "\" effect=upstream fetches through it fail");
      return;
    }
    listener = socket;
    boundPort = socket.getLocalPort();
    Settings settings =
        new Settings(policy, connectTimeoutSeconds * 1000, idleTimeoutSeconds * 1000L);
    Semaphore permits = new Semaphore(maxTunnels);
    ServerSocket accepting = socket;
    int limit = maxTunnels;
    acceptor = daemon(() -> accept(accepting, settings, permits, limit), "egress-proxy-accept");
    acceptor.start();
    LOG.info(
        "egress proxy listening address=127.0.0.1 port="
            + boundPort
            + " max-tunnels="
            + maxTunnels);
  }

  /** Stops accepting. Tunnels already open keep running, so no FFmpeg loses its upstream. */
  @PreDestroy
  void stop() {
    ServerSocket socket = listener;
    listener = null;
    ProxyConnection.closeQuietly(socket);
    // The JDK releases a listening socket only once the thread blocked in accept() has woken;
    // until then the port is still taken and the next deployment's bind would fail.
    Thread accepting = acceptor;
    if (accepting != null) {
      try {
        accepting.join(ACCEPTOR_JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The listening port (the configured one until bound). */
  public int port() {
    return boundPort != 0 ? boundPort : port;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(LOOPBACK, port());
  }

  /** The proxy as FFmpeg's {@code -http_proxy} takes it: {@code http://127.0.0.1:PORT}. */
  public String proxyUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Whether the listener is open (false when the port was taken at start, or after stop). */
  public boolean listening() {
    return listener != null;
  }

  private static void accept(ServerSocket socket, Settings settings, Semaphore permits, int limit) {
    // Never shut down: a connection accepted just before stop() still hands its second
    // direction to this pool; idle threads end by themselves after a minute.
    AtomicInteger threads = new AtomicInteger();
    long lastFullWarning = System.nanoTime() - FULL_WARNING_NANOS;
    ExecutorService pool =
        Executors.newCachedThreadPool(
            task -> daemon(task, "egress-proxy-" + threads.incrementAndGet()));
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        if (!socket.isClosed()) {
          LOG.warning("egress proxy accept failed reason=\"" + e.getMessage() + "\"");
          pause(); // out of file descriptors, say: do not spin
        }
        continue;
      }
      if (!permits.tryAcquire()) {
        if (System.nanoTime() - lastFullWarning >= FULL_WARNING_NANOS) {
          lastFullWarning = System.nanoTime(); // one line per interval, not one per connection
          LOG.warning("egress proxy full max-tunnels=" + limit + " answer=503");
        }
        ProxyConnection.respond(client, 503, "Service Unavailable", "egress proxy at capacity");
        ProxyConnection.closeQuietly(client);
        continue;
      }
      try {
        pool.execute(new ProxyConnection(client, settings, permits, pool));
      } catch (RejectedExecutionException e) {
        ProxyConnection.closeQuietly(client);
        permits.release();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
