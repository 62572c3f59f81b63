package io.iptvorigin.stream.remux.http;

import io.iptvorigin.upstream.AddressPolicy;
import io.iptvorigin.upstream.UpstreamRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLException;

/**
 * One channel's upstream read on an {@link UpstreamLoop}: an HTTP/1.1 GET whose body bytes go to
 * the listener as they arrive (identity or chunked), until the body ends, the upstream fails or
 * {@link #close} is called; then {@link UpstreamListener#ended} once.
 *
 * <p>Egress as on FFmpeg's path: the host is resolved once and every address checked by the {@link
 * AddressPolicy} (loopback, private and the like refused unless the operator allows them), and the
 * connection goes to a checked address, never to a second lookup, so a DNS answer that changes
 * cannot point it elsewhere. Redirects (301, 302, 303, 307, 308) are followed at most {@value
 * #MAX_REDIRECTS} times, http to https and back included, each target checked the same way. A
 * source with its own proxy ({@link ChannelProxy}) has the proxy's host checked instead, as FFmpeg
 * connects to the channel's proxy and not to the egress proxy; the proxy resolves the destination.
 *
 * <p>https: TLS over the same non-blocking socket ({@link TlsConnection}), the certificate checked
 * against the host name ({@link UpstreamTls}). The connect timeout counts again, from the
 * connection made, for what must happen before the request can go: the proxy's CONNECT answer and
 * the TLS handshake.
 *
 * <p>Everything but {@link #open} and {@link #close} runs on the loop thread.
 */
public final class UpstreamReader {
  static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

  private enum Phase {
    RESOLVING,
    CONNECTING,
    /** Through a channel proxy to an https target: the CONNECT, then its answer. */
    TUNNEL,
    HANDSHAKE,
    SENDING,
    HEAD,
    BODY,
    DONE
  }

  private final UpstreamLoop loop;
  private final AddressPolicy policy;
  private final UpstreamRequest request;
  private final UpstreamTimeouts timeouts;
  private final UpstreamListener listener;

  private Phase phase = Phase.RESOLVING;
  private ChannelProxy proxy;
  private HttpTarget target;
  private int redirects;
  private List<InetAddress> addresses;
  private int addressIndex;
  private SocketChannel channel;
  private SelectionKey key;
  private TlsConnection tls;
  private long tlsReceived;
  private ByteBuffer tunnelRequest;
  private ByteBuffer outgoing;
  private ResponseHead head;
  private ChunkedBody chunked;
  private long remainingLength;
  private long connectDeadline;
  private long setupDeadline;
  private long lastActivity;
  private long bodyBytes;

  private UpstreamReader(
      UpstreamLoop loop,
      AddressPolicy policy,
      UpstreamRequest request,
      UpstreamTimeouts timeouts,
      UpstreamListener listener) {
    this.loop = loop;
    this.policy = policy;
    this.request = request;
    this.timeouts = timeouts;
    this.listener = listener;
  }

  /**
   * Starts reading {@code request}'s URL on {@code loop}; returns at once. On a closed loop the
   * listener is told {@link UpstreamEnd.Reason#CLOSED} here, on the caller's thread.
   */
  public static UpstreamReader open(
      UpstreamLoop loop,
      AddressPolicy policy,
      UpstreamRequest request,
      UpstreamTimeouts timeouts,
      UpstreamListener listener) {
    UpstreamReader reader = new UpstreamReader(loop, policy, request, timeouts, listener);
    if (!loop.isOpen()) {
      listener.ended(UpstreamEnd.of(UpstreamEnd.Reason.CLOSED, "loop closed"));
      return reader;
    }
    loop.execute(reader::begin);
    return reader;
  }

  /** Stops the read (from any thread): no data after the loop runs it, then ended(CLOSED). */
  public void close() {
    loop.execute(() -> end(UpstreamEnd.of(UpstreamEnd.Reason.CLOSED, "")));
  }

  /** Body bytes handed on so far (loop thread). */
  long bodyBytes() {
    return bodyBytes;
  }

  private void begin() {
    loop.add(this);
    try {
      proxy = request.httpProxy() == null ? null : ChannelProxy.of(request.httpProxy());
    } catch (URISyntaxException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.UNSUPPORTED, "proxy not an http URL"));
      return;
    }
    try {
      request(HttpTarget.of(request.url()));
    } catch (URISyntaxException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.UNSUPPORTED, "not a URL"));
    }
  }

  /** One request of the chain: the upstream's, then each redirect's. */
  private void request(HttpTarget next) {
    target = next;
    if (!target.scheme.equals("http") && !target.scheme.equals("https")) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.UNSUPPORTED, target.scheme + " upstream"));
      return;
    }
    try {
      // Inside a CONNECT tunnel the request is the origin's own; plain http through the proxy.
      outgoing = target.request(request, target.tls() ? null : proxy);
      tunnelRequest = proxy != null && target.tls() ? proxy.connect(target) : null;
    } catch (IllegalArgumentException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.UNSUPPORTED, e.getMessage()));
      return;
    }
    phase = Phase.RESOLVING;
    connectDeadline = System.nanoTime() + timeouts.connectMillis() * 1_000_000;
    HttpTarget resolving = target;
    String host = proxy != null ? proxy.host : target.host;
    // Off the loop even for an IP literal: the check may enumerate this node's interfaces.
    try {
      loop.lookups()
          .execute(
              () -> {
                Lookup answer = Lookup.of(() -> policy.check(host));
                loop.execute(() -> resolved(resolving, answer));
              });
    } catch (RejectedExecutionException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.IO_ERROR, "no lookup thread"));
    }
  }

  /** A host's checked addresses, or why there are none; made off the loop thread. */
  @FunctionalInterface
  private interface Check {
    List<InetAddress> run() throws UnknownHostException;
  }

  private record Lookup(List<InetAddress> addresses, UpstreamEnd failure) {
    static Lookup of(Check check) {
      try {
        return new Lookup(check.run(), null);
      } catch (UpstreamRefusedException e) {
        return new Lookup(null, UpstreamEnd.of(UpstreamEnd.Reason.REFUSED, e.reason()));
      } catch (UnknownHostException e) {
        return new Lookup(null, UpstreamEnd.of(UpstreamEnd.Reason.UNRESOLVABLE, ""));
      }
    }
  }

  private void resolved(HttpTarget resolving, Lookup answer) {
    if (phase != Phase.RESOLVING || target != resolving) {
      return; // ended (timed out, closed) while the lookup ran
    }
    if (answer.failure() != null) {
      end(answer.failure());
      return;
    }
    addresses = answer.addresses();
    addressIndex = 0;
    connect();
  }

  private void connect() {
    phase = Phase.CONNECTING;
    InetAddress address = addresses.get(addressIndex);
    boolean connected;
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      int port = proxy != null ? proxy.port : target.port;
      connected = channel.connect(new InetSocketAddress(address, port));
      key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
    } catch (IOException e) {
      nextAddressOr(e);
      return;
    }
    if (connected) {
      guarded(this::connected);
    }
  }

  private void nextAddressOr(IOException e) {
    closeChannel();
    if (++addressIndex < addresses.size()) {
      connect();
    } else {
      end(UpstreamEnd.of(UpstreamEnd.Reason.IO_ERROR, "connect: " + e.getMessage()));
    }
  }

  private void connected() throws IOException, BadResponseException {
    lastActivity = System.nanoTime();
    setupDeadline = lastActivity + timeouts.connectMillis() * 1_000_000;
    if (tunnelRequest != null) {
      phase = Phase.TUNNEL;
      head = new ResponseHead();
      tunnel();
    } else if (target.tls()) {
      startTls();
    } else {
      phase = Phase.SENDING;
      key.interestOps(SelectionKey.OP_WRITE);
    }
  }

  /** The socket is ready (loop thread). */
  void ready(SelectionKey ready) {
    if (ready != key || phase == Phase.DONE) {
      return;
    }
    guarded(
        () -> {
          if (ready.isConnectable()) {
            try {
              if (!channel.finishConnect()) {
                return;
              }
            } catch (IOException e) {
              nextAddressOr(e);
              return;
            }
            connected();
            return;
          }
          step();
        });
  }

  @FunctionalInterface
  private interface Step {
    void run() throws IOException, BadResponseException;
  }

  /** Runs {@code step}; what it throws ends the read with the reason it names. */
  private void guarded(Step step) {
    try {
      step.run();
    } catch (SSLException e) {
      if (phase == Phase.HANDSHAKE) {
        end(UpstreamEnd.of(UpstreamEnd.Reason.TLS_FAILED, TlsFailure.describe(e, target)));
      } else {
        end(UpstreamEnd.of(UpstreamEnd.Reason.IO_ERROR, "tls: " + e.getMessage()));
      }
    } catch (IOException e) {
      // A connection lost mid-handshake is the network's, as for FFmpeg: no TLS_FAILED.
      end(UpstreamEnd.of(UpstreamEnd.Reason.IO_ERROR, String.valueOf(e.getMessage())));
    } catch (BadResponseException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.BAD_RESPONSE, e.getMessage()));
    } catch (RejectedExecutionException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.IO_ERROR, "no lookup thread"));
    } catch (RuntimeException e) {
      // A bug here must end this read, not leave its key firing on the loop for ever.
      end(UpstreamEnd.of(UpstreamEnd.Reason.IO_ERROR, "internal: " + e));
    }
  }

  /** Moves the exchange on as far as the socket allows, by phase. */
  private void step() throws IOException, BadResponseException {
    switch (phase) {
      case TUNNEL -> tunnel();
      case HANDSHAKE -> handshake();
      case SENDING -> send();
      case HEAD, BODY -> read();
      case RESOLVING, CONNECTING, DONE -> {}
    }
  }

  /** The CONNECT to the channel's proxy, then its answer: 2xx opens the tunnel. */
  private void tunnel() throws IOException, BadResponseException {
    if (tunnelRequest != null) {
      channel.write(tunnelRequest);
      lastActivity = System.nanoTime();
      if (tunnelRequest.hasRemaining()) {
        key.interestOps(SelectionKey.OP_WRITE);
        return;
      }
      tunnelRequest = null;
      key.interestOps(SelectionKey.OP_READ);
    }
    ByteBuffer buffer = loop.readBuffer;
    buffer.clear();
    int n = channel.read(buffer);
    if (n < 0) {
      throw new BadResponseException("proxy closed before answering CONNECT");
    }
    buffer.flip();
    if (!head.read(buffer)) {
      return;
    }
    int status = head.status();
    head = null;
    if (status == 407) {
      // FFmpeg answers Digest challenges too: a proxy that refused Basic may still take FFmpeg.
      end(UpstreamEnd.of(UpstreamEnd.Reason.UNSUPPORTED, proxy.forLog() + " asks to authenticate"));
    } else if (status < 200 || status >= 300) {
      end(new UpstreamEnd(UpstreamEnd.Reason.HTTP_STATUS, status, proxy.forLog()));
    } else if (buffer.hasRemaining()) {
      throw new BadResponseException("proxy sent bytes before the TLS handshake");
    } else {
      startTls();
    }
  }

  private void startTls() throws IOException {
    phase = Phase.HANDSHAKE;
    tls = new TlsConnection(loop.tls().engine(target), channel);
    tlsReceived = 0;
    handshake();
  }

  private void handshake() throws IOException {
    ByteBuffer scratch = loop.readBuffer;
    switch (tls.handshake(scratch, loop.lookups(), resumeAfterTasks())) {
      case DONE -> {
        phase = Phase.SENDING;
        send();
      }
      case READ -> key.interestOps(SelectionKey.OP_READ);
      case WRITE -> key.interestOps(SelectionKey.OP_WRITE);
      case TASKS -> key.interestOps(0);
    }
  }

  /** Brings the read back onto the loop once the TLS engine's tasks are done. */
  private Runnable resumeAfterTasks() {
    TlsConnection waiting = tls;
    return () ->
        loop.execute(
            () -> {
              if (tls == waiting && phase != Phase.DONE) {
                tls.tasksDone();
                guarded(this::step);
              }
            });
  }

  private void send() throws IOException {
    boolean sent;
    if (tls == null) {
      channel.write(outgoing);
      sent = !outgoing.hasRemaining();
    } else {
      sent = tls.write(outgoing);
    }
    lastActivity = System.nanoTime();
    if (!sent) {
      key.interestOps(SelectionKey.OP_WRITE);
      return;
    }
    outgoing = null;
    head = new ResponseHead();
    phase = Phase.HEAD;
    key.interestOps(SelectionKey.OP_READ);
  }

  private void read() throws IOException, BadResponseException {
    ByteBuffer buffer = loop.readBuffer;
    buffer.clear();
    int n;
    if (tls == null) {
      n = channel.read(buffer);
    } else {
      if (tls.writePending()) {
        tls.write(NOTHING);
      }
      n = tls.read(buffer, loop.lookups(), resumeAfterTasks());
      int interest = tls.tasksRunning() ? 0 : SelectionKey.OP_READ;
      key.interestOps(interest | (tls.writePending() ? SelectionKey.OP_WRITE : 0));
      if (tls.received() != tlsReceived) {
        tlsReceived = tls.received(); // a record still arriving is activity too
        lastActivity = System.nanoTime();
      }
    }
    if (n < 0) {
      endOfInput();
      return;
    }
    if (n == 0) {
      return;
    }
    lastActivity = System.nanoTime();
    buffer.flip();
    while (buffer.hasRemaining() && phase == Phase.HEAD) {
      if (head.read(buffer)) {
        answered();
      }
    }
    if (phase == Phase.BODY && buffer.hasRemaining()) {
      body(buffer);
    }
  }

  private void answered() throws BadResponseException {
    int status = head.status();
    if (status >= 100 && status < 200) {
      head = new ResponseHead(); // an interim response: the real one follows
      return;
    }
    if (REDIRECTS.contains(status) && head.field("location") != null) {
      redirect(head.field("location"));
      return;
    }
    if (status == 407 && proxy != null) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.UNSUPPORTED, proxy.forLog() + " asks to authenticate"));
      return;
    }
    if (status < 200 || status >= 300) {
      end(new UpstreamEnd(UpstreamEnd.Reason.HTTP_STATUS, status, target.forLog()));
      return;
    }
    chunked = head.chunked() ? new ChunkedBody() : null;
    remainingLength = chunked == null ? head.contentLength() : -1;
    head = null;
    phase = Phase.BODY;
    if (remainingLength == 0) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.ENDED, "empty body"));
    }
  }

  private void redirect(String location) {
    closeChannel();
    if (++redirects > MAX_REDIRECTS) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.TOO_MANY_REDIRECTS, target.forLog()));
      return;
    }
    HttpTarget next;
    try {
      next = target.redirect(location);
    } catch (URISyntaxException | IllegalArgumentException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.BAD_RESPONSE, "malformed Location"));
      return;
    }
    head = null;
    request(next);
  }

  private void body(ByteBuffer buffer) throws BadResponseException {
    try {
      if (chunked != null) {
        chunked.decode(buffer, this::deliver);
        if (chunked.done()) {
          end(UpstreamEnd.of(UpstreamEnd.Reason.ENDED, ""));
        }
      } else if (remainingLength >= 0) {
        int n = (int) Math.min(remainingLength, buffer.remaining());
        buffer.limit(buffer.position() + n);
        remainingLength -= n;
        deliver(buffer);
        if (remainingLength == 0) {
          end(UpstreamEnd.of(UpstreamEnd.Reason.ENDED, ""));
        }
      } else {
        deliver(buffer);
      }
    } catch (ListenerFailure e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.LISTENER_ERROR, e.getCause().toString()));
    }
  }

  /** What the listener threw, carried out of the decoder's callback. */
  private static final class ListenerFailure extends RuntimeException {
    ListenerFailure(RuntimeException cause) {
      super(cause);
    }
  }

  private void deliver(ByteBuffer data) {
    if (phase != Phase.BODY) {
      return;
    }
    bodyBytes += data.remaining();
    try {
      listener.data(data);
    } catch (RuntimeException e) {
      throw new ListenerFailure(e);
    }
  }

  private void endOfInput() {
    if (phase == Phase.BODY && chunked == null && remainingLength < 0) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.ENDED, "upstream closed"));
    } else if (phase == Phase.BODY) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.TRUNCATED, "upstream closed"));
    } else {
      end(UpstreamEnd.of(UpstreamEnd.Reason.BAD_RESPONSE, "closed before a response"));
    }
  }

  /** The loop's periodic check of the timeouts. */
  void tick(long now) {
    switch (phase) {
      case RESOLVING, CONNECTING -> {
        if (now - connectDeadline > 0) {
          end(UpstreamEnd.of(UpstreamEnd.Reason.CONNECT_TIMEOUT, target.forLog()));
        }
      }
      case TUNNEL, HANDSHAKE -> {
        if (now - setupDeadline > 0) {
          String step = phase == Phase.TUNNEL ? proxy.forLog() + " CONNECT" : "tls handshake";
          end(UpstreamEnd.of(UpstreamEnd.Reason.CONNECT_TIMEOUT, step + " " + target.forLog()));
        }
      }
      case SENDING, HEAD, BODY -> {
        if (now - lastActivity > timeouts.readMillis() * 1_000_000) {
          end(UpstreamEnd.of(UpstreamEnd.Reason.READ_TIMEOUT, target.forLog()));
        }
      }
      case DONE -> {}
    }
  }

  /** Ends the read once: socket closed, listener told (loop thread). */
  void end(UpstreamEnd end) {
    if (phase == Phase.DONE) {
      return;
    }
    phase = Phase.DONE;
    closeChannel();
    tunnelRequest = null;
    head = null;
    chunked = null;
    outgoing = null;
    loop.remove(this);
    try {
      listener.ended(end);
    } catch (RuntimeException e) {
      // The listener's own problem; the loop and the other channels go on.
    }
  }

  private void closeChannel() {
    if (tls != null) {
      tls.close();
      tls = null;
    }
    if (key != null) {
      key.cancel();
      key = null;
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Closed either way.
      }
      channel = null;
    }
  }
}
