package io.iptvorigin.access;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells nginx's own calls (its internal locations: the start on a playlist miss, the viewer
 * authorisation) from everything else. nginx sends {@value #HEADER} with this install's {@code
 * iptv.internal.secret} from those locations only and strips the header from every other request it
 * proxies (nginx/snippets/internal-call.conf, proxy-to-app.conf). The check is made by the endpoint
 * itself after WildFly has routed the request, so no spelling of a URL (path parameters, encodings,
 * dot segments) can reach it without the secret, and neither can another local process.
 */
@ApplicationScoped
public class InternalCaller {
  public static final String HEADER = "X-Iptv-Internal";
  private static final Logger LOG = Logger.getLogger(InternalCaller.class.getName());

  @Inject
  @ConfigProperty(name = "iptv.internal.secret")
  Optional<String> configured;

  private SharedSecret secret;

  @PostConstruct
  void init() {
    secret = new SharedSecret(configured);
    if (!secret.isConfigured()) {
      LOG.warning(
          "iptv.internal.secret is not set: nginx's channel starts and viewer checks will be refused");
    }
  }

  /**
   * Whether {@code headerValue} (the request's {@value #HEADER}) proves the call comes from nginx.
   */
  public boolean isNginx(String headerValue) {
    return secret.matches(headerValue);
  }
}
