package io.iptvorigin.stream.remux.http;

/**
 * How an upstream read ended, told once to {@link UpstreamListener#ended}.
 *
 * @param status the HTTP status for {@link Reason#HTTP_STATUS}, else 0
 * @param detail a short text for the log line (never credentials), or ""
 */
public record UpstreamEnd(Reason reason, int status, String detail) {
  public enum Reason {
    /**
     * The body ended as the response said (length reached, last chunk, or close without length).
     */
    ENDED,
    /** {@link UpstreamReader#close} was called (or the loop closed). */
    CLOSED,
    /**
     * The upstream (or the channel's proxy, to a CONNECT) answered with a status other than 2xx or
     * a followed redirect.
     */
    HTTP_STATUS,
    /** The egress rules refuse an address of the host (or of a redirect's). */
    REFUSED,
    UNRESOLVABLE,
    /**
     * Not for the native reader (another scheme, a proxy asking for more than Basic credentials):
     * FFmpeg reads it.
     */
    UNSUPPORTED,
    TOO_MANY_REDIRECTS,
    /**
     * The TLS handshake failed: a certificate not trusted or not for the host, no protocol or
     * cipher in common, an alert or bytes that are not TLS. FFmpeg, which does not check
     * certificates ({@code tls_verify} is off by default), may still read it.
     */
    TLS_FAILED,
    CONNECT_TIMEOUT,
    /** No byte for the read timeout, waiting for the response or within the body. */
    READ_TIMEOUT,
    /** The upstream closed before the end its response announced. */
    TRUNCATED,
    /** Not HTTP/1.x as it should be: a malformed head, chunk or length. */
    BAD_RESPONSE,
    IO_ERROR,
    /** The listener threw from {@link UpstreamListener#data}. */
    LISTENER_ERROR
  }

  static UpstreamEnd of(Reason reason, String detail) {
    return new UpstreamEnd(reason, 0, detail);
  }
}
