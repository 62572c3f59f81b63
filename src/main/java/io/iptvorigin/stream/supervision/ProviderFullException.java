package io.iptvorigin.stream.supervision;

import io.iptvorigin.stream.StreamUnavailableException;

/** A start refused because its provider has no connection to spare: 503 saying why. */
public class ProviderFullException extends StreamUnavailableException {
  public ProviderFullException(String providerId, String why, long retryAfterSeconds) {
    super(503, "provider " + providerId + " has no free connection: " + why, retryAfterSeconds);
  }
}
