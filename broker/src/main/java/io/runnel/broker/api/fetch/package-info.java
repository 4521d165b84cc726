/** Fetch: reads, long polls and incremental fetch sessions (KIP-227). */
package io.runnel.broker.api.fetch;
