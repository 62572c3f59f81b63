/**
 * On-demand channels (one supervised FFmpeg per watched channel writing HLS to disk, started on a
 * viewer's first request, restarted with backoff, stopped when nobody watches): here only what all
 * its parts share, settings, stream mode and the "unavailable" refusal; the parts are subpackages.
 */
package io.iptvorigin.stream;
