package io.iptvorigin.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint only nginx's internal locations may call: it needs no admin token, but the
 * request must carry the internal secret ({@link InternalCaller}); anything else gets a 404.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface NginxOnly {}
