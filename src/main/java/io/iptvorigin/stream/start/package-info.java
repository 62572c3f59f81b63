/**
 * The start endpoint nginx calls on a viewer's first request, and the cap on cold starts per user.
 */
package io.iptvorigin.stream.start;
