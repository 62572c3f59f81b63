package io.iptvorigin.stream.remux.http;

/** The upstream's bytes are not the HTTP/1.1 they should be. */
final class BadResponseException extends Exception {
  BadResponseException(String what) {
    super(what);
  }
}
