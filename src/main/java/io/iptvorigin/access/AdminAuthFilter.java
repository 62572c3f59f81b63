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
 * {@link PublicEndpoint}. Resources marked {@link NginxOnly} need no token but nginx's internal
 * secret, and answer 404 without it, as if they did not exist. Without a configured token every
 * call is refused: an origin that forgot its secret must fail closed, not open.
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

  @Inject InternalCaller internal;

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
    if (isMarked(NginxOnly.class)) {
      if (!internal.isNginx(request.getHeaderString(InternalCaller.HEADER))) {
        request.abortWith(ErrorResponse.of(404, "Not Found"));
      }
      return;
    }
    if (isMarked(PublicEndpoint.class)) {
      return;
    }
    if (!token.accepts(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
      request.abortWith(
          jakarta.ws.rs.core.Response.fromResponse(ErrorResponse.of(401, "Unauthorized"))
              .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
              .build());
    }
  }

  private boolean isMarked(Class<? extends java.lang.annotation.Annotation> marker) {
    var method = resource.getResourceMethod();
    var type = resource.getResourceClass();
    return (method != null && method.isAnnotationPresent(marker))
        || (type != null && type.isAnnotationPresent(marker));
  }
}
