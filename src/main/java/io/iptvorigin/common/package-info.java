/** Pieces every feature shares: JSON bodies, API errors, the Redis connection. */
package io.iptvorigin.common;
