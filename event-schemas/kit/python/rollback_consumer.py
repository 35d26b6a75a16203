#!/usr/bin/env python3
"""A deployment controller reading Shepherd's rollback commands with Confluent's Python client (confluent-kafka 1.7.0).

For each RollbackRequested (lz4-compressed by the alert router; librdkafka reads it as it is) it decides, in order:
  REFUSED    the signature does not verify: hex HMAC-SHA256 with SHEPHERD_ROLLBACK_HMAC_KEY over idempotencyKey,
             modelId, fromVersion, toVersion, requestedAt (epoch ms) and dryRun ("true"/"false") joined by "\\n",
             or signatureKeyId is not SHEPHERD_ROLLBACK_HMAC_KEY_ID (default k1)
  DUPLICATE  its idempotencyKey was acted on already (remembered in --state-file across restarts)
  DRY_RUN    the router only says what it would have done
  STALE      requested longer ago than --max-age-seconds, e.g. read by a controller that starts on an old topic
  ROLL_BACK  what this example would do: switch the model's traffic from fromVersion to toVersion. A real controller
             then publishes ModelLifecycle ROLLED_BACK with causedBy = the idempotency key.
Each decision is printed as one JSON line. Offsets are committed after the decision, so a crash delivers a command
again and the state file makes that a DUPLICATE.
"""
import hashlib
import hmac
import os
import sys
import time

from confluent_kafka import Consumer

import shepherd_kit as kit


def signed_text(command):
    return "\n".join([command["idempotencyKey"], command["modelId"], command["fromVersion"], command["toVersion"],
                      str(kit.to_millis(command["requestedAt"])), "true" if command["dryRun"] else "false"])


def signature_verifies(key, command):
    expected = hmac.new(key, signed_text(command).encode("utf-8"), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("ascii"), (command.get("signature") or "").encode("utf-8"))


def decide(command, key, key_id, applied, max_age_ms, now_ms):
    """The decision and its reason; pure, so the rule reads as the docstring above says."""
    if command["signatureKeyId"] != key_id:
        return "REFUSED", "signed with key %s, this controller holds %s" % (command["signatureKeyId"], key_id)
    if not signature_verifies(key, command):
        return "REFUSED", "signature does not verify with key %s" % key_id
    if command["idempotencyKey"] in applied:
        return "DUPLICATE", "already acted on"
    if command["dryRun"]:
        return "DRY_RUN", "dry run: nothing to do"
    if now_ms - kit.to_millis(command["requestedAt"]) > max_age_ms:
        return "STALE", "requested more than %d s ago" % (max_age_ms // 1000)
    return "ROLL_BACK", "would switch %s traffic from %s to %s" % (command["modelId"], command["fromVersion"], command["toVersion"])


class AppliedKeys:
    """The idempotency keys acted on, one a line, appended and synced before the offset is committed."""

    def __init__(self, path):
        self.path = path
        self.keys = set()
        if path and os.path.exists(path):
            with open(path) as file:
                self.keys = {line.strip() for line in file if line.strip()}

    def __contains__(self, key):
        return key in self.keys

    def add(self, key):
        self.keys.add(key)
        if self.path:
            with open(self.path, "a") as file:
                file.write(key + "\n")
                file.flush()
                os.fsync(file.fileno())


def main():
    parser = kit.argument_parser(__doc__.split("\n")[0])
    parser.add_argument("--topic", default=kit.ROLLBACK_COMMANDS)
    parser.add_argument("--group-id", default="shepherd-rollback-controller")
    parser.add_argument("--state-file", help="where acted-on idempotency keys are kept (default: memory only)")
    parser.add_argument("--max-age-seconds", type=int, default=3600)
    parser.add_argument("--max-messages", type=int, help="stop after this many commands (default: run until Ctrl-C)")
    args = parser.parse_args()
    key = os.environ.get("SHEPHERD_ROLLBACK_HMAC_KEY", "").encode("utf-8")
    if not key:
        sys.exit("SHEPHERD_ROLLBACK_HMAC_KEY is not set: without the router's key no command can be verified")
    key_id = os.environ.get("SHEPHERD_ROLLBACK_HMAC_KEY_ID", "k1")

    serializer = kit.registry_serializer(args)
    applied = AppliedKeys(args.state_file)
    consumer = Consumer(kit.kafka_config(args, **{
        "group.id": args.group_id, "auto.offset.reset": "earliest", "enable.auto.commit": False}))
    consumer.subscribe([args.topic])
    handled = 0
    try:
        while args.max_messages is None or handled < args.max_messages:
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                sys.exit("consuming %s failed: %s" % (args.topic, message.error()))
            try:
                command = serializer.decode_message(message.value(), is_key=False)
            except Exception as e:  # a record that is not a RollbackRequested is refused, never acted on
                kit.print_json({"decision": "REFUSED", "reason": "undecodable: %s" % e, "offset": message.offset()})
            else:
                decision, reason = decide(command, key, key_id, applied, args.max_age_seconds * 1000, int(time.time() * 1000))
                if decision == "ROLL_BACK":
                    applied.add(command["idempotencyKey"])
                kit.print_json({"decision": decision, "reason": reason, "idempotencyKey": command["idempotencyKey"],
                                "modelId": command["modelId"], "fromVersion": command["fromVersion"],
                                "toVersion": command["toVersion"], "dryRun": command["dryRun"]})
            consumer.commit(message=message, asynchronous=False)
            handled += 1
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
