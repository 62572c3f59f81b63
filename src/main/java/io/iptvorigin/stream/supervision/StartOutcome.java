package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.UnknownChannelException;
import io.iptvorigin.stream.StreamUnavailableException;
import io.iptvorigin.upstream.UpstreamRefusedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** How a viewer's cold start ended, in the few words the start metrics are labelled with. */
final class StartOutcome {
  private StartOutcome() {}

  static final String OK = "ok";

  static String of(Throwable error) {
    if (error == null) {
      return OK;
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      return "timeout";
    }
    if (cause instanceof ProviderFullException) {
      return "provider_full";
    }
    if (cause instanceof UpstreamRefusedException) {
      return "upstream_refused";
    }
    if (cause instanceof UnknownChannelException) {
      return "unknown_channel";
    }
    if (cause instanceof StreamUnavailableException) {
      return "upstream_error";
    }
    return "error";
  }
}
