#!/usr/bin/env node
'use strict';
// A deployment controller reading Shepherd's rollback commands with kafkajs and @kafkajs/confluent-schema-registry.
//
// For each RollbackRequested (lz4-compressed by the alert router; kit.js gives kafkajs the codec) it decides, in order:
//   REFUSED    the signature does not verify: hex HMAC-SHA256 with SHEPHERD_ROLLBACK_HMAC_KEY over idempotencyKey,
//              modelId, fromVersion, toVersion, requestedAt (epoch ms) and dryRun ("true"/"false") joined by "\n",
//              or signatureKeyId is not SHEPHERD_ROLLBACK_HMAC_KEY_ID (default k1)
//   DUPLICATE  its idempotencyKey was acted on already (remembered in --state-file across restarts)
//   DRY_RUN    the router only says what it would have done
//   STALE      requested longer ago than --max-age-seconds, e.g. read by a controller that starts on an old topic
//   ROLL_BACK  what this example would do: switch the model's traffic from fromVersion to toVersion. A real controller
//              then publishes ModelLifecycle ROLLED_BACK with causedBy = the idempotency key.
// Each decision is printed as one JSON line. Offsets are committed after the decision, so a crash delivers a command
// again and the state file makes that a DUPLICATE.
const crypto = require('node:crypto');
const fs = require('node:fs');
const kit = require('./kit');

const USAGE = 'rollback-consumer.js [--topic shepherd.rollback-commands] [--group-id shepherd-rollback-controller] '
  + '[--state-file FILE] [--max-age-seconds 3600] [--max-messages N]';

function signedText(command) {
  return [command.idempotencyKey, command.modelId, command.fromVersion, command.toVersion,
    String(command.requestedAt), String(command.dryRun)].join('\n');
}

function signatureVerifies(key, command) {
  const expected = Buffer.from(crypto.createHmac('sha256', key).update(signedText(command), 'utf8').digest('hex'));
  const received = Buffer.from(command.signature || '', 'utf8');
  return expected.length === received.length && crypto.timingSafeEqual(expected, received);
}

/** The decision and its reason; pure, so the rule reads as the comment above says. */
function decide(command, { key, keyId, applied, maxAgeMs, now }) {
  if (command.signatureKeyId !== keyId) {
    return ['REFUSED', `signed with key ${command.signatureKeyId}, this controller holds ${keyId}`];
  }
  if (!signatureVerifies(key, command)) return ['REFUSED', `signature does not verify with key ${keyId}`];
  if (applied.has(command.idempotencyKey)) return ['DUPLICATE', 'already acted on'];
  if (command.dryRun) return ['DRY_RUN', 'dry run: nothing to do'];
  if (now - command.requestedAt > maxAgeMs) return ['STALE', `requested more than ${maxAgeMs / 1000} s ago`];
  return ['ROLL_BACK', `would switch ${command.modelId} traffic from ${command.fromVersion} to ${command.toVersion}`];
}

/** The idempotency keys acted on, one a line, appended and synced before the offset is committed. */
function appliedKeys(file) {
  const keys = new Set(file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  return {
    has: (key) => keys.has(key),
    add(key) {
      keys.add(key);
      if (file) {
        const fd = fs.openSync(file, 'a');
        fs.writeSync(fd, `${key}\n`);
        fs.fsyncSync(fd);
        fs.closeSync(fd);
      }
    },
  };
}

kit.main(async () => {
  const args = kit.parse({
    topic: { type: 'string', default: kit.TOPICS.rollbackCommands },
    'group-id': { type: 'string', default: 'shepherd-rollback-controller' },
    'state-file': { type: 'string' },
    'max-age-seconds': { type: 'string', default: '3600' },
    'max-messages': { type: 'string' },
  }, USAGE);
  const key = process.env.SHEPHERD_ROLLBACK_HMAC_KEY;
  if (!key) {
    console.error("SHEPHERD_ROLLBACK_HMAC_KEY is not set: without the router's key no command can be verified");
    process.exit(2);
  }
  const rules = {
    key: Buffer.from(key, 'utf8'), keyId: process.env.SHEPHERD_ROLLBACK_HMAC_KEY_ID || 'k1',
    applied: appliedKeys(args['state-file']), maxAgeMs: Number(args['max-age-seconds']) * 1000,
  };
  const maxMessages = args['max-messages'] === undefined ? Infinity : Number(args['max-messages']);

  const registry = kit.registry(args);
  const consumer = kit.kafka(args, 'rollback-controller-example').consumer({
    groupId: args['group-id'], allowAutoTopicCreation: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [args.topic], fromBeginning: true });
  let handled = 0;
  await new Promise((resolve, reject) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    // kafkajs reports a failure while running as an event; without this the process would just end, with exit 0.
    consumer.on(consumer.events.CRASH, ({ payload }) => payload.restart || reject(payload.error));
    consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        if (handled >= maxMessages) return;
        let command;
        try {
          command = await registry.decode(message.value);
        } catch (e) { // a record that is not a RollbackRequested is refused, never acted on
          kit.printJson({ decision: 'REFUSED', reason: `undecodable: ${e.message}`, offset: Number(message.offset) });
        }
        if (command) {
          const [decision, reason] = decide(command, { ...rules, now: Date.now() });
          if (decision === 'ROLL_BACK') rules.applied.add(command.idempotencyKey);
          const { idempotencyKey, modelId, fromVersion, toVersion, dryRun } = command;
          kit.printJson({ decision, reason, idempotencyKey, modelId, fromVersion, toVersion, dryRun });
        }
        await consumer.commitOffsets([{ topic, partition, offset: String(BigInt(message.offset) + 1n) }]);
        if (++handled >= maxMessages) resolve();
      },
    }).catch(reject);
  });
  await consumer.disconnect();
});
