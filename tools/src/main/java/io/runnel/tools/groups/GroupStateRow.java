package io.runnel.tools.groups;

import org.apache.kafka.common.Node;

/** The one row of {@code --describe --state}. */
public record GroupStateRow(String group, Node coordinator, String assignmentStrategy, String state, int members) {}
