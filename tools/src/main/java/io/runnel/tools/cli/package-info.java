/**
 * What every tool shares: parsing flags ({@link io.runnel.tools.cli.ToolOptions}), building client configs with
 * bounded time-outs ({@link io.runnel.tools.cli.ClientConfigs}), and running a tool so that any failure is one
 * {@code Error: ...} line on stderr and a non-zero exit ({@link io.runnel.tools.cli.ToolLauncher}).
 */
package io.runnel.tools.cli;
