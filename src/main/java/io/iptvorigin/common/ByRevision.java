package io.iptvorigin.common;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * One rendered value per data revision (a counter in Redis that every write bumps), kept until the
 * revision moves; concurrent misses render once.
 */
public final class ByRevision<T> {
  private final ToLongFunction<T> revisionOf;
  private volatile T current;

  public ByRevision(ToLongFunction<T> revisionOf) {
    this.revisionOf = revisionOf;
  }

  public T get(long revision, Supplier<T> render) {
    T cached = current;
    if (cached != null && revisionOf.applyAsLong(cached) == revision) {
      return cached;
    }
    synchronized (this) {
      cached = current;
      if (cached != null && revisionOf.applyAsLong(cached) == revision) {
        return cached;
      }
      T fresh = render.get();
      current = fresh;
      return fresh;
    }
  }
}
