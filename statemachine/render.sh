#!/bin/sh
# Renders the state machine definition the way Terraform's templatefile() does, with example
# function ARNs, so that tools which need a concrete definition (asl-validator, the emulator tests,
# `aws stepfunctions create-state-machine`) can read it.
#
# usage: statemachine/render.sh [definition] [region] [account] [function-name-prefix] > rendered.json
#
# Fails when the definition holds a placeholder other than the five function ARNs, or a template
# directive (%{...}) that templatefile() would interpret.
set -eu

definition=${1:-"$(dirname "$0")/autoscaler.asl.json"}
region=${2:-eu-west-1}
account=${3:-123456789012}
prefix=${4:-sfautoscaler}

arn="arn:aws:lambda:${region}:${account}:function:${prefix}"
rendered=$(sed \
    -e "s|\${read_capacity_function_arn}|${arn}-read-capacity|g" \
    -e "s|\${decide_function_arn}|${arn}-decide|g" \
    -e "s|\${modify_function_arn}|${arn}-modify|g" \
    -e "s|\${notify_function_arn}|${arn}-notify|g" \
    -e "s|\${drain_function_arn}|${arn}-drain|g" \
    "$definition")

leftover=$(printf '%s\n' "$rendered" | grep -o -e '\${[^}]*}' -e '%{[^}]*}' | sort -u || true)
if [ -n "$leftover" ]; then
    echo "render.sh: $definition holds placeholders or template directives other than the five function ARNs: $(echo $leftover)" >&2
    exit 1
fi
printf '%s\n' "$rendered"
