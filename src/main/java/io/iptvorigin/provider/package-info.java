/**
 * Upstream providers and their connection limits: the providers the panel declares, and the
 * expiring leases (slots) that count the channels running against each, across every node.
 */
package io.iptvorigin.provider;
