#!/usr/bin/env node
'use strict';
// A serving system reporting to Shepherd with kafkajs and @kafkajs/confluent-schema-registry.
//
// It announces a deployment (ModelLifecycle DEPLOYED), then for every request it answers sends what the model predicted
// (PredictionServed) and the features it saw (FeaturesObserved), and once the truth is known the outcome
// (OutcomeObserved). Values are Avro in Confluent's wire format, written with the ids of the schemas register-schemas
// registered (this looks them up and registers nothing). Keys are plain UTF-8: the event id for lifecycle events, the
// model id for predictions and features, the request id for outcomes. kafkajs's default partitioner is Java's
// (murmur2), so the records of one model meet those sent from Java in the same partition.
//
// Each delivered record is printed as one JSON line: {"topic", "partition", "offset", "key", "value"}.
const { randomUUID } = require('node:crypto');
const { CompressionTypes, Partitioners } = require('kafkajs');
const kit = require('./kit');

const USAGE = 'producer.js [--model-id fraud-scorer] [--model-version v7] [--previous-version v6] [--requests 5]';
const COUNTRIES = ['DE', 'FR', 'NL'];

function deployment(modelId, version, previous, now) {
  return {
    eventId: `deploy-${modelId}-${version}`, modelId, eventTime: now, type: 'DEPLOYED',
    fromVersion: previous, toVersion: version, variant: 'CHAMPION',
    reference: { kind: 'FIRST_EVENTS', events: 10000, durationMs: null, rangeStart: null, rangeEnd: null, referenceSetId: null },
    baseline: { accuracy: 0.92 }, actor: 'serving-example', reason: 'weekly retrain', causedBy: null,
  };
}

/** One request answered: the features seen and the prediction made; every fourth request times out. */
function serve(modelId, version, requestId, i, now) {
  const features = {
    amount: 20 + 60 * i, country: COUNTRIES[i % 3], merchant_embedding: [0.25, -0.5, 0.125 * i],
    device_age_days: i % 2 ? null : 30 * i,
  };
  const failed = i % 4 === 3;
  const score = Math.min(0.95, features.amount / 200);
  const prediction = failed ? { score: null, label: null, probabilities: null } : {
    score, label: score >= 0.5 ? 'fraud' : 'legit', probabilities: { fraud: score, legit: 1 - score },
  };
  const served = {
    eventId: randomUUID(), requestId, modelId, modelVersion: version, variant: 'CHAMPION', eventTime: now, prediction,
    latencyMs: failed ? 250 : 4.5 + i, status: failed ? 'ERROR' : 'OK', errorKind: failed ? 'TIMEOUT' : null,
    segments: { region: 'eu-west' },
  };
  const seen = { eventId: `f-${requestId}`, requestId, modelId, modelVersion: version, eventTime: now, features };
  return { served, seen };
}

function outcome(modelId, requestId, groundTruth, now) {
  return { eventId: `o-${requestId}`, requestId, modelId, eventTime: now, groundTruth };
}

kit.main(async () => {
  const args = kit.parse({
    'model-id': { type: 'string', default: 'fraud-scorer' },
    'model-version': { type: 'string', default: 'v7' },
    'previous-version': { type: 'string', default: 'v6' },
    requests: { type: 'string', default: '5' },
  }, USAGE);
  const modelId = args['model-id'];
  const version = args['model-version'];
  const requests = Number.parseInt(args.requests, 10);

  const registry = kit.registry(args);
  const { TOPICS } = kit;
  const schemaIds = {
    [TOPICS.lifecycle]: await kit.registeredSchemaId(registry, TOPICS.lifecycle, 'ModelLifecycle'),
    [TOPICS.predictions]: await kit.registeredSchemaId(registry, TOPICS.predictions, 'PredictionServed'),
    [TOPICS.features]: await kit.registeredSchemaId(registry, TOPICS.features, 'FeaturesObserved'),
    [TOPICS.outcomes]: await kit.registeredSchemaId(registry, TOPICS.outcomes, 'OutcomeObserved'),
  };
  const producer = kit.kafka(args, 'serving-example').producer({
    createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false,
  });
  await producer.connect();
  // One record a send, awaited, so each printed line carries its offset; a busy serving system would batch.
  const send = async (topic, key, value) => {
    const [sent] = await producer.send({
      topic, compression: CompressionTypes.GZIP,
      messages: [{ key, value: await registry.encode(schemaIds[topic], value) }],
    });
    kit.printJson({ topic, partition: sent.partition, offset: Number(sent.baseOffset), key, value });
  };
  try {
    const now = Date.now();
    // The deployment first, so Shepherd knows the version before its first prediction.
    const lifecycle = deployment(modelId, version, args['previous-version'], now);
    await send(TOPICS.lifecycle, lifecycle.eventId, lifecycle);

    const truths = [];
    for (let i = 0; i < requests; i++) {
      const requestId = `${modelId}-req-${now}-${i}`;
      const { served, seen } = serve(modelId, version, requestId, i, now + i);
      await send(TOPICS.predictions, modelId, served);
      await send(TOPICS.features, modelId, seen);
      truths.push([requestId, i % 3 === 0 ? 'fraud' : 'legit']);
    }
    // Labels arrive later in real life; keyed by request id so Shepherd can join them to their prediction.
    for (const [i, [requestId, truth]] of truths.entries()) {
      await send(TOPICS.outcomes, requestId, outcome(modelId, requestId, truth, now + requests + i));
    }
  } finally {
    await producer.disconnect();
  }
});
