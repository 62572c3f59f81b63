package io.iptvorigin.access;

import io.iptvorigin.common.ErrorResponse;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every API call needs {@code Authorization: Bearer <iptv.admin.token>}, except resources marked
 * {@link PublicEndpoint}. Without a configured token every call is refused: an origin that forgot
 * its secret must fail closed, not open.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {
  private static final Logger LOG = Logger.getLogger(AdminAuthFilter.class.getName());

  @Inject
  @ConfigProperty(name = "iptv.admin.token")
  Optional<String> configuredToken;

  @Context ResourceInfo resource;

  private AdminToken token;

  @PostConstruct
  void init() {
    token = new AdminToken(configuredToken);
    if (!token.isConfigured()) {
      LOG.warning("iptv.admin.token is not set: every admin API call will be refused");
    }
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (isPublic()) {
      return;
    }
    if (!token.accepts(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
      request.abortWith(
          jakarta.ws.rs.core.Response.fromResponse(ErrorResponse.of(401, "Unauthorized"))
              .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
              .build());
    }
  }

  private boolean isPublic() {
    var method = resource.getResourceMethod();
    var type = resource.getResourceClass();
    return (method != null && method.isAnnotationPresent(PublicEndpoint.class))
        || (type != null && type.isAnnotationPresent(PublicEndpoint.class));
  }
}
