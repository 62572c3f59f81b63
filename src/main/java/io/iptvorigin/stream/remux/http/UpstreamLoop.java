package io.iptvorigin.stream.remux.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One selector thread for the upstream reads of many channels: every {@link UpstreamReader} of the
 * loop runs its socket, timeouts and listener calls on this thread, so a thousand channels cost one
 * thread, one read buffer, and no thread blocked on a socket. Address checks (name lookups block,
 * and the policy may enumerate interfaces) and TLS handshakes' CPU-heavy steps run on the executor
 * given, never here.
 */
public final class UpstreamLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UpstreamLoop.class.getName());

  /** How often timeouts are checked: their resolution. */
  static final long TICK_MILLIS = 100;

  private final Selector selector;
  private final Executor lookups;
  private final UpstreamTls tls;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Set<UpstreamReader> readers = new HashSet<>();
  private final Thread thread;
  private volatile boolean open = true;

  /** Every read lands here first and is handed on before the next: the listener never keeps it. */
  final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

  /** A loop whose https reads trust what the JVM trusts ({@link UpstreamTls#system}). */
  public UpstreamLoop(String name, Executor lookups) {
    this(name, lookups, UpstreamTls.system());
  }

  /**
   * @param lookups runs the address checks and the TLS handshakes' delegated tasks
   * @param tls how https upstreams are checked
   */
  public UpstreamLoop(String name, Executor lookups, UpstreamTls tls) {
    this.tls = tls;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("no selector", e);
    }
    this.lookups = lookups;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code task} on the loop thread (soon, in order); dropped once the loop is closed. */
  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  boolean isOpen() {
    return open;
  }

  Executor lookups() {
    return lookups;
  }

  UpstreamTls tls() {
    return tls;
  }

  Selector selector() {
    return selector;
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  void add(UpstreamReader reader) {
    readers.add(reader);
  }

  void remove(UpstreamReader reader) {
    readers.remove(reader);
  }

  /** Readers not ended yet (loop thread). */
  int readers() {
    return readers.size();
  }

  private void run() {
    long lastTick = System.nanoTime();
    while (open) {
      try {
        selector.select(TICK_MILLIS);
        runTasks();
        Set<SelectionKey> selected = selector.selectedKeys();
        for (Iterator<SelectionKey> keys = selected.iterator(); keys.hasNext(); ) {
          SelectionKey key = keys.next();
          keys.remove();
          if (key.isValid()) {
            ((UpstreamReader) key.attachment()).ready(key);
          }
        }
        long now = System.nanoTime();
        if (now - lastTick >= TICK_MILLIS * 1_000_000) {
          lastTick = now;
          for (UpstreamReader reader : new ArrayList<>(readers)) {
            reader.tick(now);
          }
        }
      } catch (IOException | RuntimeException e) {
        // A reader's failure ends that reader (it catches its own); this is the loop's: go on.
        LOG.log(Level.WARNING, "upstream loop error", e);
      }
    }
    runTasks();
    for (UpstreamReader reader : new ArrayList<>(readers)) {
      reader.end(UpstreamEnd.of(UpstreamEnd.Reason.CLOSED, "loop closed"));
    }
    try {
      selector.close();
    } catch (IOException e) {
      // Its sockets are closed already.
    }
  }

  private void runTasks() {
    for (Runnable task; (task = tasks.poll()) != null; ) {
      task.run();
    }
  }

  /** Ends every reader ({@link UpstreamEnd.Reason#CLOSED}) and the thread; waits for it. */
  @Override
  public void close() {
    open = false;
    selector.wakeup();
    if (!inLoop()) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
