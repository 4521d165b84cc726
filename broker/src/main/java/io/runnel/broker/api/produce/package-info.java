/** Produce: appends to local leaders, acks=all completion on the high watermark. */
package io.runnel.broker.api.produce;
