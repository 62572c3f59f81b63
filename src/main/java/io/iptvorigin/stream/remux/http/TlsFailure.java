package io.iptvorigin.stream.remux.http;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

/**
 * Why a TLS handshake failed, in a few words for the run log: the JDK's messages name internal
 * classes and run long, and an operator needs to know whether the certificate or the connection is
 * at fault.
 */
final class TlsFailure {
  private TlsFailure() {}

  static String describe(Throwable failure, HttpTarget target) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return "certificate expired";
      }
      if (t instanceof CertificateNotYetValidException) {
        return "certificate not yet valid";
      }
      if (t instanceof CertPathBuilderException) {
        return "certificate not trusted: no chain to a trusted root";
      }
      if (t instanceof CertPathValidatorException) {
        return "certificate not trusted: " + t.getMessage();
      }
      String message = t.getMessage();
      if (message != null && message.startsWith("No ") && message.contains("matching")) {
        // HostnameChecker: "No subject alternative names matching IP address ... found", "No name
        // matching ... found".
        return "certificate not for " + target.bareHost();
      }
    }
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return "handshake: " + root.getMessage();
  }
}
