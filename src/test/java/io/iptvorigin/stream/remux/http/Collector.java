package io.iptvorigin.stream.remux.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A listener that keeps the body, the end and the threads it was called on. */
class Collector implements UpstreamListener {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  final CompletableFuture<UpstreamEnd> end = new CompletableFuture<>();
  final Set<String> threads = ConcurrentHashMap.newKeySet();
  volatile int calls;
  volatile boolean dataAfterEnd;

  @Override
  public synchronized void data(ByteBuffer chunk) {
    threads.add(Thread.currentThread().getName());
    dataAfterEnd |= end.isDone();
    calls++;
    byte[] bytes = new byte[chunk.remaining()];
    chunk.get(bytes);
    body.writeBytes(bytes);
  }

  @Override
  public void ended(UpstreamEnd outcome) {
    threads.add(Thread.currentThread().getName());
    if (!end.complete(outcome)) {
      throw new AssertionError("ended twice: " + outcome);
    }
  }

  UpstreamEnd awaitEnd() throws Exception {
    return end.get(10, TimeUnit.SECONDS);
  }

  synchronized byte[] body() {
    return body.toByteArray();
  }
}
