package io.iptvorigin.upstream;

import io.iptvorigin.common.InvalidFieldException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which addresses an upstream may reach: none that is loopback, private, link-local, multicast,
 * reserved or one of this node's own, unless an operator-allowed range ({@value #ALLOWED_KEY})
 * contains it. IPv6 forms embedding IPv4 are judged by their IPv4 address. An allowed range
 * overrides every refusal, own addresses included.
 */
@ApplicationScoped
public class AddressPolicy {
  static final String ALLOWED_KEY = "iptv.upstream.allowed-private-ranges";
  private static final long LOOKUP_WAIT_MILLIS = 2000;

  @Inject
  @ConfigProperty(name = ALLOWED_KEY)
  Optional<String> allowedConfig;

  private List<Cidr> allowed = List.of();
  private Supplier<Set<InetAddress>> ownAddresses = Set::of;
  private ExecutorService lookups;

  public AddressPolicy() {}

  AddressPolicy(List<Cidr> allowed, Supplier<Set<InetAddress>> ownAddresses) {
    this.allowed = List.copyOf(allowed);
    this.ownAddresses = ownAddresses;
    this.lookups = lookupPool();
  }

  /** The policy with the operator's ranges and this node's real interface addresses. */
  public static AddressPolicy withAllowedRanges(String ranges) {
    return new AddressPolicy(Cidr.parseList(ranges), new OwnAddresses());
  }

  @PostConstruct
  void init() {
    // A typo in the ranges fails here, at deployment, not as refusals later.
    allowed = Cidr.parseList(allowedConfig.orElse(""));
    ownAddresses = new OwnAddresses();
    lookups = lookupPool();
  }

  @PreDestroy
  void close() {
    lookups.shutdownNow();
  }

  public List<Cidr> allowedRanges() {
    return allowed;
  }

  /** Empty when {@code address} may be reached, else the reason word it may not. */
  public Optional<String> refusal(InetAddress address) {
    for (Cidr range : allowed) {
      if (range.contains(address)) {
        return Optional.empty();
      }
    }
    Optional<String> blocked = BlockedRanges.reason(address);
    if (blocked.isPresent()) {
      return blocked;
    }
    Optional<InetAddress> embedded = BlockedRanges.embeddedIpv4(address);
    if (embedded.isPresent()) {
      Optional<String> inner = refusal(embedded.get());
      if (inner.isPresent()) {
        return inner;
      }
    }
    return ownAddresses.get().contains(address) ? Optional.of("own-address") : Optional.empty();
  }

  /**
   * Resolves {@code host} and returns its addresses if every one may be reached; connect to one of
   * these, never to a second lookup, so DNS rebinding cannot swap in another address.
   *
   * @throws UpstreamRefusedException when the host has no address or any address is refused
   * @throws UnknownHostException when the host does not resolve
   */
  public List<InetAddress> check(String host) throws UnknownHostException {
    List<InetAddress> addresses = HostAddresses.resolve(host);
    if (addresses.isEmpty()) {
      throw new UpstreamRefusedException(host, null, "no-address");
    }
    for (InetAddress address : addresses) {
      Optional<String> reason = refusal(address);
      if (reason.isPresent()) {
        throw new UpstreamRefusedException(host, address, reason.get());
      }
    }
    return addresses;
  }

  /**
   * API validation of an upstream URL: refuses a URL whose host is a refused IP literal (in any
   * spelling FFmpeg accepts) or a name resolving to a refused address. A name that does not resolve
   * within 2 s is accepted: the egress proxy checks it again at connect time.
   *
   * @throws InvalidFieldException naming {@code field} when the host is refused
   */
  public void checkUrl(String url, String field) {
    for (String host : UrlHosts.of(url)) {
      Optional<InetAddress> literal = HostAddresses.literal(host);
      List<InetAddress> addresses = literal.map(List::of).orElseGet(() -> lookup(host));
      for (InetAddress address : addresses) {
        Optional<String> reason = refusal(address);
        if (reason.isPresent()) {
          throw new InvalidFieldException(
              field,
              "must not point at a loopback, private or link-local address (" + reason.get() + ")");
        }
      }
    }
  }

  /**
   * A channel's own HTTP proxy, checked now and pinned to the address checked: FFmpeg connects to
   * the proxy directly (not through the egress proxy), so the URL it gets names an IP literal and a
   * later DNS answer for the proxy's name cannot point it at this host.
   *
   * @throws UpstreamRefusedException when the proxy's host is refused or does not resolve
   */
  public String pinnedProxy(String proxyUrl) {
    try {
      java.net.URI uri = new java.net.URI(proxyUrl);
      if (uri.getHost() == null) {
        throw new UpstreamRefusedException(String.valueOf(uri.getRawAuthority()), null, "no-host");
      }
      InetAddress address = check(uri.getHost()).get(0);
      String literal = address.getHostAddress();
      String host = address instanceof java.net.Inet6Address ? "[" + literal + "]" : literal;
      return new java.net.URI(
              uri.getScheme(), uri.getRawUserInfo(), host, uri.getPort(), null, null, null)
          .toString();
    } catch (UnknownHostException e) {
      throw new UpstreamRefusedException(e.getMessage(), null, "unresolvable");
    } catch (java.net.URISyntaxException e) {
      throw new UpstreamRefusedException("?", null, "malformed-proxy-url");
    }
  }

  private List<InetAddress> lookup(String host) {
    try {
      Future<List<InetAddress>> answer = lookups.submit(() -> HostAddresses.resolve(host));
      try {
        return answer.get(LOOKUP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        answer.cancel(true); // the JDK lookup itself runs on; only our wait ends
        return List.of();
      }
    } catch (ExecutionException | RejectedExecutionException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** Few threads and a short queue: a stuck resolver must not pile up API threads or lookups. */
  private static ExecutorService lookupPool() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            4,
            4,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(32),
            task -> {
              Thread thread = new Thread(task, "upstream-lookup");
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
