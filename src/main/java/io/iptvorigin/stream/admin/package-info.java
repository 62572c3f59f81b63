/** Stream control for the panel and operators: start, stop, list running streams, read a log. */
package io.iptvorigin.stream.admin;
