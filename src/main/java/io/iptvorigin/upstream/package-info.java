/**
 * Upstream egress: the address policy every upstream fetch obeys and the loopback forward proxy
 * FFmpeg and the app's own HTTP client send upstream traffic through.
 */
package io.iptvorigin.upstream;
