package io.iptvorigin.stream.ffmpeg;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.common.Credentials;
import io.iptvorigin.upstream.EgressProxy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Follows the upstream's redirects before FFmpeg starts (IPTV panels commonly answer with a 302 to
 * a short-lived edge URL), so FFmpeg's reconnects go straight to the edge and the final URL is on
 * record ({@code stream:{id}:resolved_source}). Only http/https hops are followed; on any problem
 * the original URL is used and FFmpeg follows redirects itself. Every hop goes through the egress
 * proxy ({@link EgressProxy}), so a redirect to a loopback or private address is refused there, at
 * connect time, like FFmpeg's own requests.
 */
@ApplicationScoped
public class UpstreamResolver {
  private static final Logger LOG = Logger.getLogger(UpstreamResolver.class.getName());
  private static final int MAX_HOPS = 5;

  @Inject EgressProxy egress;

  private HttpClient client;

  @PostConstruct
  void init() {
    client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(3))
            .proxy(ProxySelector.of(egress.address()))
            .build();
  }

  public String resolve(Channel channel) {
    String url = channel.sourceUrl();
    if (channel.httpProxy() != null) {
      return url; // the proxy is FFmpeg's to use; resolving around it would leak our address
    }
    try {
      for (int hop = 0; hop < MAX_HOPS; hop++) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET();
        if (channel.userAgent() != null) {
          request.header("User-Agent", channel.userAgent());
        }
        if (channel.referer() != null) {
          request.header("Referer", channel.referer());
        }
        if (channel.origin() != null) {
          request.header("Origin", channel.origin());
        }
        if (channel.cookie() != null) {
          request.header("Cookie", channel.cookie());
        }
        HttpResponse<InputStream> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        // Live bodies never end: close as soon as the headers are in.
        response.body().close();
        int status = response.statusCode();
        if (status < 300 || status >= 400) {
          return url;
        }
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null) {
          return url;
        }
        URI next = URI.create(url).resolve(location);
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          return channel.sourceUrl();
        }
        url = next.toString();
      }
      return url;
    } catch (IOException | IllegalArgumentException e) {
      LOG.fine(
          "upstream resolve failed channel="
              + channel.id()
              + " reason=\""
              + Credentials.redact(e.getMessage())
              + "\"");
      return channel.sourceUrl();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return channel.sourceUrl();
    }
  }
}
