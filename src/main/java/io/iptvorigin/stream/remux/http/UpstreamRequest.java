package io.iptvorigin.stream.remux.http;

import io.iptvorigin.channel.Source;
import java.util.Locale;

/**
 * What to ask an upstream for, with the request headers FFmpeg's path sends ({@code
 * FfmpegCommand}): the source's User-Agent (else FFmpeg's own default, so a provider sees the same
 * client either way), Referer, Origin and Cookie, Basic credentials from the URL's user-info, and
 * the source's own HTTP proxy, if any.
 */
public record UpstreamRequest(
    String url, String userAgent, String referer, String origin, String cookie, String httpProxy) {
  /** What FFmpeg 5.1 (libavformat 59.27) sends without {@code -user_agent}. */
  static final String DEFAULT_USER_AGENT = "Lavf/59.27.100";

  public static UpstreamRequest of(Source source) {
    return new UpstreamRequest(
        source.url(),
        source.userAgent(),
        source.referer(),
        source.origin(),
        source.cookie(),
        source.httpProxy());
  }

  /** A source with no request settings. */
  public static UpstreamRequest of(String url) {
    return new UpstreamRequest(url, null, null, null, null, null);
  }

  /**
   * Whether the native reader takes the source: an http or https URL, directly or through an http
   * proxy of its own (the only proxies a channel can have). Anything else is FFmpeg's.
   */
  public static boolean supports(Source source) {
    return httpOrHttps(source.url())
        && (source.httpProxy() == null || scheme(source.httpProxy()).equals("http://"));
  }

  private static boolean httpOrHttps(String url) {
    String scheme = scheme(url);
    return scheme.equals("http://") || scheme.equals("https://");
  }

  private static String scheme(String url) {
    if (url == null) {
      return "";
    }
    int end = url.indexOf("://");
    return end < 0 ? "" : url.substring(0, end + 3).toLowerCase(Locale.ROOT);
  }
}
