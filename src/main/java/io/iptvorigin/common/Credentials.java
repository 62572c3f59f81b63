package io.iptvorigin.common;

import java.util.regex.Pattern;

/**
 * Upstream URLs may carry credentials ({@code http://user:pass@host/...}); no log line, API log
 * tail or error message may show them. {@link #redact} masks the user-info part of every URL in a
 * text.
 */
public final class Credentials {
  private static final Pattern USERINFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{0,15}://)[^/?#@\\s\"']+@");

  private static final Pattern AFTER_HOST =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{0,15}://[^\\s/?#\"'<>]*)[/?#][^\\s\"'<>]*");

  private Credentials() {}

  public static String redact(String text) {
    return text == null ? null : USERINFO.matcher(text).replaceAll("$1***@");
  }

  /**
   * A text with URLs as a page may show it: every URL cut to its scheme, host and port, since IPTV
   * providers put the account in the user-info, the path ({@code /live/USER/PASS/1.ts}) or the
   * query ({@code ?username=..&password=..}); {@code /...} says there was more.
   */
  public static String forDisplay(String text) {
    return text == null ? "" : AFTER_HOST.matcher(redact(text)).replaceAll("$1/...");
  }
}
