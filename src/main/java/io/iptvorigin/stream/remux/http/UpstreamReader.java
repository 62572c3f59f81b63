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

/**
 * One channel's upstream read on an {@link UpstreamLoop}: an HTTP/1.1 GET whose body bytes go to
 * the listener as they arrive (identity or chunked), until the body ends, the upstream fails or
 * {@link #close} is called; then {@link UpstreamListener#ended} once.
 *
 * <p>Egress as on FFmpeg's path: the host is resolved once and every address checked by the {@link
 * AddressPolicy} (loopback, private and the like refused unless the operator allows them), and the
 * connection goes to a checked address, never to a second lookup, so a DNS answer that changes
 * cannot point it elsewhere. Redirects (301, 302, 303, 307, 308) are followed at most {@value
 * #MAX_REDIRECTS} times, each target checked the same way. Only plain http: an https target ends
 * {@link UpstreamEnd.Reason#UNSUPPORTED}, for the caller to read the channel with FFmpeg.
 *
 * <p>Everything but {@link #open} and {@link #close} runs on the loop thread.
 */
public final class UpstreamReader {
  static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private enum Phase {
    RESOLVING,
    CONNECTING,
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
  private HttpTarget target;
  private int redirects;
  private List<InetAddress> addresses;
  private int addressIndex;
  private SocketChannel channel;
  private SelectionKey key;
  private ByteBuffer outgoing;
  private ResponseHead head;
  private ChunkedBody chunked;
  private long remainingLength;
  private long connectDeadline;
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
      request(HttpTarget.of(request.url()));
    } catch (URISyntaxException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.UNSUPPORTED, "not a URL"));
    }
  }

  /** One request of the chain: the upstream's, then each redirect's. */
  private void request(HttpTarget next) {
    target = next;
    if (!target.scheme.equals("http")) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.UNSUPPORTED, target.scheme + " upstream"));
      return;
    }
    try {
      outgoing = target.request(request);
    } catch (IllegalArgumentException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.UNSUPPORTED, e.getMessage()));
      return;
    }
    phase = Phase.RESOLVING;
    connectDeadline = System.nanoTime() + timeouts.connectMillis() * 1_000_000;
    HttpTarget resolving = target;
    // Off the loop even for an IP literal: the check may enumerate this node's interfaces.
    try {
      loop.lookups()
          .execute(
              () -> {
                Lookup answer = Lookup.of(() -> policy.check(resolving.host));
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
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      boolean connected = channel.connect(new InetSocketAddress(address, target.port));
      key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
      if (connected) {
        connected();
      }
    } catch (IOException e) {
      nextAddressOr(e);
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

  private void connected() {
    phase = Phase.SENDING;
    lastActivity = System.nanoTime();
    key.interestOps(SelectionKey.OP_WRITE);
  }

  /** The socket is ready (loop thread). */
  void ready(SelectionKey ready) {
    if (ready != key || phase == Phase.DONE) {
      return;
    }
    try {
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
      }
      if (phase == Phase.SENDING && ready.isValid() && ready.isWritable()) {
        channel.write(outgoing);
        lastActivity = System.nanoTime();
        if (!outgoing.hasRemaining()) {
          outgoing = null;
          head = new ResponseHead();
          phase = Phase.HEAD;
          key.interestOps(SelectionKey.OP_READ);
        }
      }
      if ((phase == Phase.HEAD || phase == Phase.BODY) && ready.isValid() && ready.isReadable()) {
        read();
      }
    } catch (IOException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.IO_ERROR, e.getMessage()));
    } catch (BadResponseException e) {
      end(UpstreamEnd.of(UpstreamEnd.Reason.BAD_RESPONSE, e.getMessage()));
    } catch (RuntimeException e) {
      // A bug here must end this read, not leave its key firing on the loop for ever.
      end(UpstreamEnd.of(UpstreamEnd.Reason.IO_ERROR, "internal: " + e));
    }
  }

  private void read() throws IOException, BadResponseException {
    ByteBuffer buffer = loop.readBuffer;
    buffer.clear();
    int n = channel.read(buffer);
    if (n < 0) {
      endOfInput();
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
