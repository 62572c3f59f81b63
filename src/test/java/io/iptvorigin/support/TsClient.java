package io.iptvorigin.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TS viewer on a plain socket, from a source address of the test's choosing (sessions are per
 * address): reads the continuous response in a thread of its own at full speed or at a trickle,
 * decodes the chunked framing, and tells whether the response ended cleanly (its last chunk) or was
 * cut. A small receive buffer keeps a slow reader's backlog on the server's side, where the origin
 * can see it.
 */
public final class TsClient implements AutoCloseable {
  private final Socket socket;
  private final Thread thread;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final CountDownLatch headers = new CountDownLatch(1);
  private final AtomicLong bytes = new AtomicLong();
  private volatile int status;
  private volatile boolean clean;
  private volatile long endedAtNanos;
  private volatile int bytesPerSecond;

  private TsClient(String from, String url, int receiveBuffer, int bytesPerSecond)
      throws IOException {
    URI uri = URI.create(url);
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.bind(new InetSocketAddress(from, 0));
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    this.bytesPerSecond = bytesPerSecond;
    thread = new Thread(this::read, "ts-client " + from);
    thread.setDaemon(true);
    thread.start();
  }

  /** A viewer reading as fast as the stream comes. */
  public static TsClient open(String from, String url) throws IOException {
    return new TsClient(from, url, 0, 0);
  }

  /** A viewer reading at most {@code bytesPerSecond}, with a small receive buffer. */
  public static TsClient slow(String from, String url, int bytesPerSecond) throws IOException {
    return new TsClient(from, url, 4096, bytesPerSecond);
  }

  /** The HTTP status, once the headers came (0 if they did not within the time). */
  public int status(Duration within) throws InterruptedException {
    headers.await(within.toMillis(), TimeUnit.MILLISECONDS);
    return status;
  }

  public long bytes() {
    return bytes.get();
  }

  /** Waits until at least {@code count} body bytes came; false if not within the time. */
  public boolean awaitBytes(long count, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (bytes.get() < count) {
      if (System.nanoTime() > deadline || ended.getCount() == 0) {
        return bytes.get() >= count;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** Whether the response ended (cleanly or not) within the time. */
  public boolean awaitEnd(Duration within) throws InterruptedException {
    return ended.await(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The response ended with its last chunk, as a server that meant to end it sends it. */
  public boolean endedCleanly() {
    return clean;
  }

  public long endedAtNanos() {
    return endedAtNanos;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all we wanted.
    }
  }

  /** From now on reads as fast as the stream comes. */
  public void speedUp() {
    bytesPerSecond = 0;
  }

  private void read() {
    try (InputStream in = new BufferedInputStream(socket.getInputStream(), 4096)) {
      String statusLine = line(in);
      status = Integer.parseInt(statusLine.split(" ")[1]);
      boolean chunked = false;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        chunked |= header.toLowerCase().matches("transfer-encoding: *chunked");
      }
      headers.countDown();
      if (!chunked) {
        drain(in, Long.MAX_VALUE);
        clean = true;
        return;
      }
      while (true) {
        long size = Long.parseLong(line(in).split(";")[0].strip(), 16);
        if (size == 0) {
          clean = true;
          return;
        }
        if (!drain(in, size)) {
          return;
        }
        line(in);
      }
    } catch (IOException | RuntimeException e) {
      // Cut: not clean.
    } finally {
      headers.countDown();
      endedAtNanos = System.nanoTime();
      ended.countDown();
    }
  }

  /** Reads {@code count} bytes (or to the end); false at an early end. */
  private boolean drain(InputStream in, long count) throws IOException {
    byte[] buffer = new byte[65536];
    long left = count;
    while (left > 0) {
      int rate = bytesPerSecond;
      int chunk = rate > 0 ? Math.min(1024, rate) : buffer.length;
      int read = in.read(buffer, 0, (int) Math.min(chunk, left));
      if (read < 0) {
        return count == Long.MAX_VALUE;
      }
      left -= read;
      bytes.addAndGet(read);
      if (rate > 0) {
        try {
          Thread.sleep(1000L * read / rate);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("end of stream in a line");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
