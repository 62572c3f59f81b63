package io.iptvorigin.stream.ffmpeg;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.Source;
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

  /** The channel's first source, resolved. */
  public String resolve(Channel channel) {
    return resolve(channel.id(), channel.primary());
  }

  public String resolve(String channelId, Source source) {
    String url = source.url();
    if (source.httpProxy() != null) {
      return url; // the proxy is FFmpeg's to use; resolving around it would leak our address
    }
    try {
      for (int hop = 0; hop < MAX_HOPS; hop++) {
        HttpResponse<InputStream> response =
            client.send(request(url, source), HttpResponse.BodyHandlers.ofInputStream());
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
          return source.url();
        }
        url = next.toString();
      }
      return url;
    } catch (IOException | IllegalArgumentException e) {
      LOG.fine(
          "upstream resolve failed channel="
              + channelId
              + " reason=\""
              + Credentials.redact(e.getMessage())
              + "\"");
      return source.url();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return source.url();
    }
  }

  /**
   * Whether {@code source} answers a GET with 2xx and starts sending a body within 3 s (redirects
   * followed): the check before the supervisor goes back to a channel's first source, so a first
   * source still down costs viewers nothing. A source behind its own proxy is assumed to answer.
   */
  public boolean answers(Source source) {
    if (source.httpProxy() != null) {
      return true;
    }
    String url = source.url();
    try {
      for (int hop = 0; hop < MAX_HOPS; hop++) {
        HttpResponse<InputStream> response =
            client.send(request(url, source), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
          int status = response.statusCode();
          if (status >= 200 && status < 300) {
            return body.read() >= 0;
          }
          String location = response.headers().firstValue("Location").orElse(null);
          if (status < 300 || status >= 400 || location == null) {
            return false;
          }
          url = URI.create(url).resolve(location).toString();
        }
      }
      return false;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static HttpRequest request(String url, Source source) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET();
    if (source.userAgent() != null) {
      request.header("User-Agent", source.userAgent());
    }
    if (source.referer() != null) {
      request.header("Referer", source.referer());
    }
    if (source.origin() != null) {
      request.header("Origin", source.origin());
    }
    if (source.cookie() != null) {
      request.header("Cookie", source.cookie());
    }
    return request.build();
  }
}
