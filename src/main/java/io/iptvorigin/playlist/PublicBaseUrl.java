package io.iptvorigin.playlist;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The scheme, host and port players reach this origin by, for the URLs we hand them: {@code
 * iptv.public.base-url} when set, otherwise what the request says through nginx (its Host header
 * and, behind a TLS terminator, {@code X-Forwarded-Proto}: WildFly's proxy-address-forwarding).
 */
@ApplicationScoped
public class PublicBaseUrl {
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

  @Inject
  @ConfigProperty(name = "iptv.public.base-url")
  Optional<String> configured;

  /** {@code scheme://host[:port]} without a trailing slash; empty for a malformed Host header. */
  public Optional<String> of(HttpServletRequest request) {
    if (configured.isPresent() && !configured.get().isBlank()) {
      String url = configured.get().strip();
      return Optional.of(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
    String host = request.getHeader("Host");
    if (host == null || !HOST.matcher(host).matches()) {
      return Optional.empty();
    }
    String scheme = "https".equalsIgnoreCase(request.getScheme()) ? "https" : "http";
    return Optional.of(scheme + "://" + host);
  }
}
