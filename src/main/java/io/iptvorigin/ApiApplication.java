package io.iptvorigin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The admin and stream API lives under /api; resources and providers are discovered. */
@ApplicationPath("/api")
public class ApiApplication extends Application {}
