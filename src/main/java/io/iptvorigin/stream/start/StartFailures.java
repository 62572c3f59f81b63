package io.iptvorigin.stream.start;

import io.iptvorigin.common.ApiException;
import io.iptvorigin.stream.StreamUnavailableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Why a start did not give a playable channel, as one refusal both start endpoints render. */
public final class StartFailures {
  private StartFailures() {}

  public static ApiException of(String channelId, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ApiException api) {
      return api;
    }
    if (cause instanceof TimeoutException) {
      return new StreamUnavailableException(channelId, "upstream not ready in time", 2);
    }
    return new StreamUnavailableException(channelId, "start failed", 5);
  }

  /** Seconds for Retry-After, when the refusal is worth retrying. */
  public static Long retryAfter(ApiException refusal) {
    return refusal instanceof StreamUnavailableException unavailable
        ? unavailable.retryAfterSeconds()
        : null;
  }
}
