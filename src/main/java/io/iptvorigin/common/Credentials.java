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

  private Credentials() {}

  public static String redact(String text) {
    return text == null ? null : USERINFO.matcher(text).replaceAll("$1***@");
  }
}
