/** What operators and load balancers look at: health. */
package io.iptvorigin.monitoring;
