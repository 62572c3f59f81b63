/**
 * Keeps one FFmpeg per watched channel on this node: start, restart with backoff, give up, stop,
 * adopt after a redeploy, reconcile with the host, and the stream's state in Redis.
 */
package io.iptvorigin.stream.supervision;
