package io.iptvorigin.stream.remux.http;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLProtocolException;

/**
 * TLS over one non-blocking upstream socket: an {@link SSLEngine} driven by the loop, never
 * waiting. Memory is bounded per connection: one TLS record coming in (the session's packet size,
 * about 17 KB) and, only while something is to be sent (handshake, request, close_notify), one
 * going out; decrypted bytes land in the loop's shared read buffer and are handed on at once.
 *
 * <p>The engine's delegated tasks (the certificate chain check, key agreement: a few milliseconds
 * of CPU each) run on the given executor, not on the loop: after a redeploy hundreds of channels
 * start at once, and inline their handshakes would stall every channel's reads for seconds.
 *
 * <p>Used on the loop thread only, but for those tasks.
 */
final class TlsConnection {
  /** Where a step stopped: done, or waiting for the socket or for the delegated tasks. */
  enum Progress {
    DONE,
    READ,
    WRITE,
    TASKS
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SSLEngine engine;
  private final SocketChannel channel;
  private final ByteBuffer netIn;
  private ByteBuffer netOut;
  private boolean tasksRunning;
  private boolean inputEnded;
  private long received;

  TlsConnection(SSLEngine engine, SocketChannel channel) throws SSLException {
    this.engine = engine;
    this.channel = channel;
    this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.beginHandshake();
  }

  /** The least room {@link #read}'s and {@link #handshake}'s buffer must have. */
  int recordRoom() {
    return engine.getSession().getApplicationBufferSize();
  }

  /**
   * Moves the handshake on as far as the socket allows. {@code scratch} receives nothing a caller
   * keeps: an upstream sends no data before the request. {@code resume} runs (on the executor's
   * thread) once delegated tasks are done; the caller then calls this again.
   */
  Progress handshake(ByteBuffer scratch, Executor tasks, Runnable resume) throws IOException {
    while (true) {
      if (!flush()) {
        return Progress.WRITE;
      }
      switch (engine.getHandshakeStatus()) {
        case NOT_HANDSHAKING, FINISHED -> {
          return Progress.DONE;
        }
        case NEED_TASK -> {
          runTasks(tasks, resume);
          return Progress.TASKS;
        }
        case NEED_WRAP -> wrap(EMPTY);
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          if (engine.isInboundDone()) {
            throw new EOFException("closed during the TLS handshake");
          }
          scratch.clear();
          if (!unwrap(scratch)) {
            if (inputEnded) {
              throw new EOFException("closed during the TLS handshake");
            }
            if (fill() == 0) {
              return Progress.READ;
            }
          } else if (scratch.position() > 0) {
            throw new SSLProtocolException("data before the request");
          }
        }
      }
    }
  }

  /**
   * Encrypts all of {@code src} and writes what the socket takes now; true once everything is on
   * the wire, else call again when the socket is writable.
   */
  boolean write(ByteBuffer src) throws IOException {
    while (true) {
      if (!flush()) {
        return false;
      }
      if (!src.hasRemaining()) {
        return true;
      }
      wrap(src);
    }
  }

  /**
   * Reads what the socket has and decrypts it into {@code dst} (room for {@link #recordRoom} at
   * least). Returns the bytes added; 0 when nothing whole arrived (or delegated tasks started:
   * {@link #tasksRunning}); -1 once the upstream closed (close_notify or end of input) and
   * everything before that was returned.
   */
  int read(ByteBuffer dst, Executor tasks, Runnable resume) throws IOException {
    int start = dst.position();
    if (!inputEnded) {
      fill();
    }
    while (dst.remaining() >= recordRoom() && !engine.isInboundDone()) {
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK -> {
          // A renegotiation or a post-handshake message: the same rule as the handshake's.
          runTasks(tasks, resume);
          return dst.position() - start;
        }
        case NEED_WRAP -> {
          wrap(EMPTY); // a TLS 1.3 KeyUpdate answer, say
          flush();
          continue;
        }
        default -> {}
      }
      if (!unwrap(dst)) {
        break;
      }
    }
    int added = dst.position() - start;
    if (added > 0) {
      return added;
    }
    // End of input without close_notify is taken as an end, as FFmpeg and browsers take it: the
    // body's own framing (length, last chunk) tells a truncated response apart.
    return engine.isInboundDone() || inputEnded ? -1 : 0;
  }

  /** Encrypted bytes read so far: whether anything arrived, whole record or not. */
  long received() {
    return received;
  }

  boolean tasksRunning() {
    return tasksRunning;
  }

  /** Whether encrypted bytes wait for the socket to take them. */
  boolean writePending() {
    return netOut != null && netOut.position() > 0;
  }

  /** Sends close_notify if the socket takes it now; never waits, and the socket closes anyway. */
  void close() {
    try {
      engine.closeOutbound();
      if (!tasksRunning) {
        wrap(EMPTY);
        flush();
      }
    } catch (IOException | RuntimeException e) {
      // Closing either way.
    }
  }

  /** One socket read into the record buffer; -1 at the end of input. */
  private int fill() throws IOException {
    if (!netIn.hasRemaining()) {
      return 0;
    }
    int n = channel.read(netIn);
    if (n < 0) {
      inputEnded = true;
    } else {
      received += n;
    }
    return n;
  }

  /**
   * Unwraps one record from what has arrived; false when no whole record is there (or the engine
   * took nothing, which would otherwise spin).
   */
  private boolean unwrap(ByteBuffer dst) throws SSLException {
    netIn.flip();
    try {
      SSLEngineResult result = engine.unwrap(netIn, dst);
      return switch (result.getStatus()) {
        case OK -> result.bytesConsumed() > 0 || result.bytesProduced() > 0;
        case CLOSED -> true;
        case BUFFER_UNDERFLOW -> {
          if (netIn.limit() == netIn.capacity()) {
            throw new SSLProtocolException("TLS record over " + netIn.capacity() + " bytes");
          }
          yield false;
        }
        case BUFFER_OVERFLOW -> throw new SSLException("no room for a TLS record");
      };
    } finally {
      netIn.compact();
    }
  }

  private void wrap(ByteBuffer src) throws SSLException {
    if (netOut == null) {
      netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }
    SSLEngineResult result = engine.wrap(src, netOut);
    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
      throw new SSLException("no room for a TLS record");
    }
    if (result.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
      throw new SSLException("TLS closed");
    }
  }

  /** Writes the wrapped bytes; true once none is left (and the buffer is let go). */
  private boolean flush() throws IOException {
    if (netOut == null) {
      return true;
    }
    netOut.flip();
    try {
      if (netOut.hasRemaining()) {
        channel.write(netOut);
      }
    } finally {
      netOut.compact();
    }
    if (netOut.position() > 0) {
      return false;
    }
    netOut = null;
    return true;
  }

  private void runTasks(Executor executor, Runnable resume) {
    List<Runnable> tasks = new ArrayList<>();
    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
      tasks.add(task);
    }
    tasksRunning = true;
    executor.execute(
        () -> {
          try {
            tasks.forEach(Runnable::run);
          } finally {
            resume.run();
          }
        });
  }

  /** The loop learned the tasks are done (loop thread). */
  void tasksDone() {
    tasksRunning = false;
  }
}
