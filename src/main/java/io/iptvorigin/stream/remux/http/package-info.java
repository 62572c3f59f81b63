/**
 * The native remux path's upstream input: non-blocking HTTP/1.1 GETs of MPEG-TS upstreams over http
 * or https, directly or through a channel's own proxy, many channels on one selector thread ({@link
 * io.iptvorigin.stream.remux.http.UpstreamLoop}), each address checked by the same egress policy as
 * FFmpeg's requests, the bytes handed on as they arrive ({@link
 * io.iptvorigin.stream.remux.http.UpstreamReader}).
 */
package io.iptvorigin.stream.remux.http;
