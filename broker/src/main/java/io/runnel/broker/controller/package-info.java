/**
 * The write side: the elected {@link io.runnel.broker.controller.ZkController} (single writer of topic and
 * partition state, fenced by the controller epoch), {@link io.runnel.broker.controller.TopicCommands} and the
 * {@link io.runnel.broker.controller.ControllerRouter} seam for forwarding to a remote controller, dynamic config
 * writes ({@link io.runnel.broker.controller.ZkConfigCommands}) and producer id blocks
 * ({@link io.runnel.broker.controller.ZkProducerIdBlocks}).
 */
package io.runnel.broker.controller;
