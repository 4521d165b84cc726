#!/usr/bin/env bash
# Kafka's kafka-consumer-groups.sh for Runnel (same flags and output); --help lists the options.
# `sh <script>` (as Kafka's docs and tutorials type it) runs this under a POSIX sh such as dash: re-run it with bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
exec "$(dirname "${BASH_SOURCE[0]}")/runnel-run-class.sh" io.runnel.tools.groups.ConsumerGroupCommand "$@"
