package io.iptvorigin.stream.start;

import io.iptvorigin.stream.StreamUnavailableException;

/** A subscriber started more cold channels this minute than allowed: 429 with Retry-After. */
public class TooManyStartsException extends StreamUnavailableException {
  public TooManyStartsException(int perMinute, long retryAfterSeconds) {
    super(
        429,
        "too many channel starts (at most " + perMinute + " a minute), retry later",
        retryAfterSeconds);
  }
}
