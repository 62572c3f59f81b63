package io.iptvorigin.stream;

import io.iptvorigin.common.ApiException;

/** A channel that cannot be played right now: 503 with Retry-After and a one-line reason. */
public class StreamUnavailableException extends ApiException {
  private final long retryAfterSeconds;

  public StreamUnavailableException(String channelId, String reason, long retryAfterSeconds) {
    this(503, "channel " + channelId + " unavailable: " + reason, retryAfterSeconds);
  }

  protected StreamUnavailableException(int status, String message, long retryAfterSeconds) {
    super(status, message);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
