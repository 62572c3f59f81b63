package io.iptvorigin.stream.remux.http;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The client side of an https upstream's TLS: engines that send the host name (SNI) and check the
 * certificate chain against the trust store and the host name ({@code HTTPS} endpoint
 * identification, RFC 2818), as the application's own HttpClient does. Production uses the JVM's
 * default context and trust store; tests give a context that trusts their own certificate.
 */
public final class UpstreamTls {
  private final SSLContext context;

  private UpstreamTls(SSLContext context) {
    this.context = context;
  }

  /** The JVM's default context: its trust store ({@code cacerts}, or {@code javax.net.ssl.*}). */
  public static UpstreamTls system() {
    try {
      return new UpstreamTls(SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context", e);
    }
  }

  public static UpstreamTls of(SSLContext context) {
    return new UpstreamTls(context);
  }

  /** A client engine for {@code target}, its host name checked against the certificate. */
  SSLEngine engine(HttpTarget target) {
    String host = target.bareHost();
    SSLEngine engine = context.createSSLEngine(host, target.port);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!isIpLiteral(host)) {
      try {
        parameters.setServerNames(List.of(new SNIHostName(host)));
      } catch (IllegalArgumentException e) {
        // A name SNI cannot carry (an underscore, say): sent without, still checked against it.
      }
    }
    engine.setSSLParameters(parameters);
    return engine;
  }

  /** SNI never names an address (RFC 6066 §3). */
  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }
}
