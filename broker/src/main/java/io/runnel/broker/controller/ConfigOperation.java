package io.runnel.broker.controller;

import org.apache.kafka.clients.admin.AlterConfigOp;

/** One IncrementalAlterConfigs operation: SET or DELETE a value, APPEND to or SUBTRACT from a list value. */
public record ConfigOperation(String name, AlterConfigOp.OpType op, String value) {}
