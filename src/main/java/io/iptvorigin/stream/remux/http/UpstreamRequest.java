package io.iptvorigin.stream.remux.http;

import io.iptvorigin.channel.Source;
import java.util.Locale;

/**
 * What to ask an upstream for, with the request headers FFmpeg's path sends ({@code
 * FfmpegCommand}): the source's User-Agent (else FFmpeg's own default, so a provider sees the same
 * client either way), Referer, Origin and Cookie, and Basic credentials from the URL's user-info.
 */
public record UpstreamRequest(
    String url, String userAgent, String referer, String origin, String cookie) {
  /** What FFmpeg 5.1 (libavformat 59.27) sends without {@code -user_agent}. */
  static final String DEFAULT_USER_AGENT = "Lavf/59.27.100";

  public static UpstreamRequest of(Source source) {
    return new UpstreamRequest(
        source.url(), source.userAgent(), source.referer(), source.origin(), source.cookie());
  }

  /** A source with no request settings. */
  public static UpstreamRequest of(String url) {
    return new UpstreamRequest(url, null, null, null, null);
  }

  /**
   * Whether the native reader takes the source: plain http, no proxy of its own. Anything else is
   * FFmpeg's (https, and a channel proxy, which FFmpeg reaches pinned by {@code
   * AddressPolicy#pinnedProxy}).
   */
  public static boolean supports(Source source) {
    return source.httpProxy() == null
        && source.url() != null
        && source.url().toLowerCase(Locale.ROOT).startsWith("http://");
  }
}
