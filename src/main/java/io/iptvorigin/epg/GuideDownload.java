package io.iptvorigin.epg;

import io.iptvorigin.common.Credentials;
import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.upstream.EgressProxy;
import io.iptvorigin.upstream.UpstreamUrl;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Opens a guide source for reading. Every connection, redirects included, goes through the egress
 * proxy, which refuses loopback, private and this host's addresses (like FFmpeg's fetches); the
 * body is cut at {@code iptv.epg.max-download-bytes}, when no byte came for {@code
 * iptv.epg.read-timeout} or when the whole download passes {@code iptv.epg.fetch-timeout}, so a
 * hostile or broken server can hold a refresh neither forever nor with an endless body.
 */
@ApplicationScoped
public class GuideDownload {
  private static final String USER_AGENT = "iptv-origin (XMLTV)";
  private static final long WATCH_EVERY_MILLIS = 1000;

  @Inject EgressProxy egress;
  @Inject EpgSettings settings;

  private HttpClient client;
  private ScheduledExecutorService watchdog;

  @PostConstruct
  void init() {
    client =
        HttpClient.newBuilder()
            // NORMAL never follows https to http; each hop is checked by the egress proxy.
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(settings.connectTimeout())
            .proxy(ProxySelector.of(egress.address()))
            .build();
    watchdog = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("epg-download"));
  }

  @PreDestroy
  void close() {
    watchdog.shutdownNow();
  }

  /**
   * The body of {@code url} as it came over the wire (compressed or not), watched as described
   * above; the caller closes it.
   *
   * @throws IOException with a reason fit for the source's status (no credentials in it)
   */
  public WatchedBody open(String url) throws IOException {
    UpstreamUrl parts = UpstreamUrl.of(url);
    HttpRequest.Builder request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(parts.withoutCredentials()))
              .timeout(settings.readTimeout())
              .header("User-Agent", USER_AGENT)
              .GET();
    } catch (IllegalArgumentException e) {
      throw new IOException("not a URL the download can open");
    }
    if (parts.authorization() != null) {
      request.header("Authorization", parts.authorization());
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (IOException e) {
      throw new IOException(reason(e), e);
    }
    if (response.statusCode() != 200) {
      String body = new String(response.body().readNBytes(200), StandardCharsets.UTF_8).strip();
      response.body().close();
      if (response.headers().firstValue(EgressProxy.REFUSED_HEADER).isPresent()) {
        throw new IOException("the egress proxy refused the address: " + body);
      }
      throw new IOException("HTTP " + response.statusCode() + " from " + response.uri().getHost());
    }
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > settings.maxDownloadBytes()) {
      response.body().close();
      throw new IOException("download of " + declared + " bytes over iptv.epg.max-download-bytes");
    }
    WatchedBody body =
        new WatchedBody(
            response.body(),
            settings.maxDownloadBytes(),
            settings.readTimeout().toMillis(),
            settings.fetchTimeout().toMillis());
    body.watchWith(watchdog, WATCH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    return body;
  }

  /** The egress proxy answers a refused destination with 403; say so plainly. */
  private static String reason(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.contains("403")) {
      return "the egress proxy refused the address (loopback, private or this host)";
    }
    return Credentials.redact(message);
  }
}
