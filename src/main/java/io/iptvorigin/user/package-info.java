/**
 * Subscribers as the admin panel sends them: accounts, tokens (with TTL), password hashes, in
 * Redis.
 */
package io.iptvorigin.user;
