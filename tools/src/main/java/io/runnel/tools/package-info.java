/**
 * Runnel's operator tools, the programs behind {@code bin/runnel-*.sh}: Kafka's command-line tools with Kafka's
 * flags and output formats, built on kafka-clients' Admin, Producer and Consumer (and, for {@code dumplog}, on the
 * storage module's on-disk formats).
 *
 * <p>{@link io.runnel.tools.cli} holds what every tool shares: argument parsing, client configuration and the
 * one-line error contract ({@code Error: ...} on stderr, non-zero exit, never a stack trace).
 */
package io.runnel.tools;
