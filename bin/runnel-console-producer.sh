#!/usr/bin/env bash
# Kafka's kafka-console-producer.sh for Runnel (same flags and output); --help lists the options.
exec "$(dirname "${BASH_SOURCE[0]}")/runnel-run-class.sh" io.runnel.tools.console.ConsoleProducer "$@"
