package io.iptvorigin.stream.remux.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made by the JDK's own keytool for one subject alternative name ({@code
 * ip:127.0.0.1}, {@code dns:upstream.example}), with a context that serves it and one that trusts
 * it and nothing else.
 */
final class TestCertificate {
  private static final char[] PASSWORD = "changeit".toCharArray();

  final SSLContext serving;
  final SSLContext trusting;
  private final TrustManagerFactory trustManagers;

  private TestCertificate(
      SSLContext serving, SSLContext trusting, TrustManagerFactory trustManagers) {
    this.serving = serving;
    this.trusting = trusting;
    this.trustManagers = trustManagers;
  }

  /** A client context trusting the certificate that offers {@code protocol} at most. */
  SSLContext trusting(String protocol) throws Exception {
    SSLContext context = SSLContext.getInstance(protocol);
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }

  static TestCertificate forName(String subjectAltName) throws Exception {
    Path dir = Files.createTempDirectory("test-certificate");
    Path store = dir.resolve("upstream.p12");
    try {
      keytool(store, subjectAltName);
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, PASSWORD);
      }
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, PASSWORD);
      SSLContext serving = SSLContext.getInstance("TLS");
      serving.init(keyManagers.getKeyManagers(), null, null);

      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("upstream", keys.getCertificate("upstream"));
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trusted);
      SSLContext trusting = SSLContext.getInstance("TLS");
      trusting.init(null, trustManagers.getTrustManagers(), null);
      return new TestCertificate(serving, trusting, trustManagers);
    } finally {
      Files.deleteIfExists(store);
      Files.deleteIfExists(dir);
    }
  }

  private static void keytool(Path store, String subjectAltName)
      throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "upstream",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=test upstream",
                    "-ext",
                    "SAN=" + subjectAltName,
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    new String(PASSWORD),
                    "-keypass",
                    new String(PASSWORD)))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
  }
}
