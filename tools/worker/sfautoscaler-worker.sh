#!/usr/bin/env bash
# The reference worker of docs/workers.md: takes one message at a time from an SQS queue, runs a command
# with the message body on its stdin, deletes the message when the command succeeds, and follows the
# autoscaler's worker contract:
#   - at start it tags its instance sfautoscaler:worker=drain (a drain waits only for workers that did);
#   - every 2 s, and before each ReceiveMessage (long poll of 2 s), it reads its instance's tag
#     sfautoscaler:drain and the Spot interruption notice through instance metadata (IMDSv2);
#   - drain tag: no more ReceiveMessage; it finishes the message in hand, then writes
#     sfautoscaler:drained on its own instance (ec2:CreateTags) and waits; if the tag goes away (the
#     drain was cancelled), it receives again;
#   - Spot notice: it gives the message in hand back at once (ChangeMessageVisibility 0), stops the
#     command, and exits.
# A command that fails leaves its message to the queue's visibility timeout (and redrive policy).
#
# Usage: sfautoscaler-worker.sh --queue-url URL [--region REGION] [--busy-hint] [--slots N] -- COMMAND [ARG...]
# --slots N runs N receive loops on the instance (an instance weighted N units works on N messages at
# once); it reports sfautoscaler:drained only when all N have stopped, and its busy hint is 1 while any
# of them works.
# Needs bash, curl and the AWS CLI (v1 or v2). The instance needs instance metadata tags enabled and a
# role that may CreateTags on itself (docs/workers.md). Settings by environment, for tests:
#   SFAUTOSCALER_IMDS  instance metadata endpoint (default http://169.254.169.254)
#   SFAUTOSCALER_POLL  seconds between reads of the tags, also ReceiveMessage's long poll (default 2)
#   SFAUTOSCALER_AWS_ARGS  options added to every aws call (the test: --endpoint-url of the emulator)
set -uo pipefail

IMDS="${SFAUTOSCALER_IMDS:-http://169.254.169.254}"
POLL="${SFAUTOSCALER_POLL:-2}"
QUEUE_URL=""
REGION_ARGS=()
BUSY_HINT=0
SLOTS=1
SLOT=""

usage() {
  echo "usage: $0 --queue-url URL [--region REGION] [--busy-hint] [--slots N] -- COMMAND [ARG...]" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --queue-url) QUEUE_URL="${2:-}"; shift 2 ;;
    --region) REGION_ARGS=(--region "${2:-}"); shift 2 ;;
    --busy-hint) BUSY_HINT=1; shift ;;
    --slots) SLOTS="${2:-}"; shift 2 ;;
    --slot) SLOT="${2:-}"; shift 2 ;;  # internal: one loop of --slots, reporting to the first
    --) shift; break ;;
    *) usage ;;
  esac
done
[ -n "$QUEUE_URL" ] && [ $# -gt 0 ] && [[ "$SLOTS" =~ ^[1-9][0-9]*$ ]] || usage
read -r -a EXTRA_ARGS <<< "${SFAUTOSCALER_AWS_ARGS:-}"
AWS_OPTS=("${REGION_ARGS[@]}" "${EXTRA_ARGS[@]}")

log() { echo "sfautoscaler-worker: $*" >&2; }

# IMDSv2: a session token, then the path with it. Fails (non-zero) on 404: no such tag, no notice.
imds() {
  local token
  token=$(curl -fsS -X PUT "$IMDS/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 60") || return 1
  curl -fsS -H "X-aws-ec2-metadata-token: $token" "$IMDS/latest/meta-data/$1"
}
draining() { imds "tags/instance/sfautoscaler:drain" >/dev/null 2>&1; }
spot_notice() { imds "spot/instance-action" >/dev/null 2>&1; }

INSTANCE_ID=$(imds instance-id) || { log "cannot read the instance id from $IMDS"; exit 1; }

# CreateTags on this instance only (the role allows no other).
tag_self() {
  aws "${AWS_OPTS[@]}" ec2 create-tags --resources "$INSTANCE_ID" --tags "Key=$1,Value=$2" >/dev/null \
    || log "could not tag $INSTANCE_ID $1=$2"
}
busy() { [ "$BUSY_HINT" = 1 ] && tag_self sfautoscaler:busy "$1"; return 0; }
# Announce the contract once, before taking any message: a drain waits only for workers that did.
[ -n "$SLOT" ] || tag_self sfautoscaler:worker drain
release() {
  aws "${AWS_OPTS[@]}" sqs change-message-visibility --queue-url "$QUEUE_URL" --receipt-handle "$1" \
    --visibility-timeout 0 || log "could not release the message"
}

# --slots N: N loops, each in a state file of its own; this process reports for the instance.
if [ "$SLOTS" -gt 1 ] && [ -z "$SLOT" ]; then
  STATE=$(mktemp -d)
  export SFAUTOSCALER_STATE="$STATE"
  trap 'kill $(jobs -p) 2>/dev/null' EXIT
  trap 'exit 143' TERM INT
  for k in $(seq 1 "$SLOTS"); do
    "$0" --queue-url "$QUEUE_URL" "${REGION_ARGS[@]}" --slot "$k" -- "$@" &
  done
  reported=""
  hint=""
  while [ -n "$(jobs -r)" ]; do
    stopped=$(find "$STATE" -name 'stopped-*' | wc -l)
    if draining && [ "$stopped" -ge "$SLOTS" ]; then
      [ -n "$reported" ] || { tag_self sfautoscaler:drained "$(date -u +%Y-%m-%dT%H:%M:%SZ)"; reported=1; }
    else
      reported=""
    fi
    if [ "$BUSY_HINT" = 1 ]; then
      now=0
      [ -z "$(find "$STATE" -name 'busy-*')" ] || now=1
      [ "$now" = "$hint" ] || { tag_self sfautoscaler:busy "$now"; hint=$now; }
    fi
    sleep "$POLL"
  done
  wait
  exit 0
fi
# One loop of --slots: its state goes to files, the first process tags.
if [ -n "$SLOT" ]; then
  BUSY_HINT=0
  tag_self() {
    case "$1" in
      sfautoscaler:drained) touch "$SFAUTOSCALER_STATE/stopped-$SLOT" ;;
    esac
  }
fi
slot_busy() { [ -z "$SLOT" ] || { if [ "$1" = 1 ]; then touch "$SFAUTOSCALER_STATE/busy-$SLOT"; else rm -f "$SFAUTOSCALER_STATE/busy-$SLOT"; fi; }; }

reported=""
busy 0
while true; do
  if spot_notice; then
    log "Spot interruption notice: exiting"
    exit 0
  fi
  if draining; then
    if [ -z "$reported" ]; then
      tag_self sfautoscaler:drained "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
      reported=1
      log "draining: stopped receiving, reported sfautoscaler:drained"
    fi
    sleep "$POLL"
    continue
  fi
  if [ -n "$reported" ]; then
    log "drain cancelled: receiving again"
    reported=""
    [ -z "$SLOT" ] || rm -f "$SFAUTOSCALER_STATE/stopped-$SLOT"
  fi
  # One message: its receipt handle, a tab, its body.
  received=$(aws "${AWS_OPTS[@]}" sqs receive-message --queue-url "$QUEUE_URL" --max-number-of-messages 1 \
    --wait-time-seconds "$POLL" --query 'Messages[0].[ReceiptHandle, Body]' --output text) || { sleep "$POLL"; continue; }
  if [ -z "$received" ] || [ "$received" = "None" ]; then
    continue
  fi
  handle=${received%%$'\t'*}
  body=${received#*$'\t'}
  busy 1
  slot_busy 1
  printf '%s' "$body" | "$@" &
  pid=$!
  waited=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    waited=$((waited + 1))
    if [ $((waited % POLL)) -eq 0 ] && spot_notice; then
      release "$handle"
      kill "$pid" 2>/dev/null
      log "Spot interruption notice: released the message, exiting"
      exit 0
    fi
  done
  if wait "$pid"; then
    aws "${AWS_OPTS[@]}" sqs delete-message --queue-url "$QUEUE_URL" --receipt-handle "$handle" \
      || log "could not delete the message"
  else
    log "the command failed: the message returns after its visibility timeout"
  fi
  slot_busy 0
  busy 0
done
