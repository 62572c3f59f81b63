package io.iptvorigin.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies bytes between a client and its upstream, one instance per direction, until both ends have
 * closed or nothing moved either way for the idle timeout. A tunnel outlives the application that
 * opened it (an FFmpeg keeps its upstream through a redeploy), so once running it touches only JDK
 * classes: no lambdas, no string concatenation, no logging, no other class of ours. {@link
 * #preload()} loads it before the first tunnel can start.
 */
final class Tunnel implements Runnable {
  private static final int BUFFER_BYTES = 8192;
  private static final int CHECK_MIN_MILLIS = 250;

  private final Socket source;
  private final Socket sink;
  private final byte[] first;
  private final AtomicLong lastActivity;
  private final AtomicInteger running;
  private final Semaphore permits;
  private final long idleNanos;

  private Tunnel(
      Socket source, Socket sink, byte[] first, Tunnel shared, long idleNanos, Semaphore permits) {
    this.source = source;
    this.sink = sink;
    this.first = first;
    this.lastActivity = shared == null ? new AtomicLong(System.nanoTime()) : shared.lastActivity;
    this.running = shared == null ? new AtomicInteger(2) : shared.running;
    this.permits = permits;
    this.idleNanos = idleNanos;
  }

  /** Loads this class (and so its constant pool's JDK classes) while the deployment is live. */
  static void preload() {}

  /**
   * Pipes {@code client} and {@code upstream} both ways: upstream-to-client on the calling thread,
   * client-to-upstream on {@code executor}. {@code clientBytes} (already read from the client) go
   * upstream first. Takes over both sockets and the caller's permit: whatever happens, both sockets
   * end closed and the permit released exactly once.
   */
  static void run(
      Socket client,
      Socket upstream,
      byte[] clientBytes,
      long idleMillis,
      Semaphore permits,
      Executor executor) {
    long idleNanos = idleMillis * 1_000_000L;
    Tunnel download = new Tunnel(upstream, client, new byte[0], null, idleNanos, permits);
    Tunnel upload = new Tunnel(client, upstream, clientBytes, download, idleNanos, permits);
    try {
      int check = (int) Math.max(CHECK_MIN_MILLIS, idleMillis / 4);
      client.setSoTimeout(check);
      upstream.setSoTimeout(check);
      executor.execute(upload);
    } catch (IOException | RuntimeException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      permits.release();
      return;
    }
    download.run();
  }

  @Override
  public void run() {
    boolean ended = false;
    byte[] buffer = new byte[BUFFER_BYTES];
    try {
      InputStream in = source.getInputStream();
      OutputStream out = sink.getOutputStream();
      if (first.length > 0) {
        out.write(first);
      }
      while (true) {
        int read;
        try {
          read = in.read(buffer);
        } catch (SocketTimeoutException e) {
          if (System.nanoTime() - lastActivity.get() >= idleNanos) {
            break;
          }
          continue;
        }
        if (read < 0) {
          ended = true;
          break;
        }
        lastActivity.set(System.nanoTime());
        out.write(buffer, 0, read);
      }
    } catch (IOException e) {
      // Reset by a peer or closed by the other direction: the tunnel is over either way.
    } finally {
      finish(ended);
    }
  }

  private void finish(boolean ended) {
    if (ended) {
      // Pass the end of stream on and let the other direction drain (half-close).
      try {
        sink.shutdownOutput();
      } catch (IOException e) {
        ended = false;
      }
    }
    if (!ended) {
      closeQuietly(source);
      closeQuietly(sink);
    }
    if (running.decrementAndGet() == 0) {
      closeQuietly(source);
      closeQuietly(sink);
      permits.release();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
