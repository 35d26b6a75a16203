'use strict';
// Connection settings, schema ids and the LZ4 codec shared by the producer and the rollback consumer examples.
//
// Settings, from the command line or the environment:
//   --bootstrap-servers   KAFKA_BOOTSTRAP_SERVERS   (default localhost:9092)
//   --schema-registry-url SCHEMA_REGISTRY_URL       (default http://localhost:8081)
//   SCHEMA_REGISTRY_USER_INFO=user:password, SCHEMA_REGISTRY_CA_FILE=ca.pem   registry basic auth and https
//   KAFKA_SECURITY_PROTOCOL (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL), KAFKA_SASL_MECHANISM (PLAIN, SCRAM-SHA-256,
//   SCRAM-SHA-512), KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_SSL_CA_FILE
const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { Kafka, CompressionCodecs, CompressionTypes, logLevel } = require('kafkajs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');
const lz4 = require('lz4js');

const SCHEMAS = path.join(__dirname, '..', '..', 'schemas', 'standalone');

const TOPICS = {
  lifecycle: 'shepherd.lifecycle',
  predictions: 'shepherd.predictions',
  features: 'shepherd.features',
  outcomes: 'shepherd.outcomes',
  rollbackCommands: 'shepherd.rollback-commands',
};

const CONNECTION_USAGE = `[--bootstrap-servers HOST:PORT,...] [--schema-registry-url URL]
Environment: KAFKA_BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_USER_INFO, SCHEMA_REGISTRY_CA_FILE,
KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_SSL_CA_FILE`;

// Shepherd's producers compress with lz4 and kafkajs reads only gzip by itself. lz4js is plain JavaScript (the usual
// kafkajs-lz4 package builds a native addon at install time, which needs a C++ toolchain). It reads the frames Java and
// librdkafka write; the frames it writes mark their blocks dependent, which Kafka's broker refuses, so the examples
// produce with gzip.
CompressionCodecs[CompressionTypes.LZ4] = () => ({
  compress: async () => {
    throw new Error('lz4js writes LZ4 frames Kafka refuses (dependent blocks): produce with CompressionTypes.GZIP');
  },
  decompress: async (buffer) => Buffer.from(lz4.decompress(buffer)),
});

/** The command line's values; exits with the usage on an unknown option or --help. */
function parse(options, usage) {
  const all = {
    'bootstrap-servers': { type: 'string', default: process.env.KAFKA_BOOTSTRAP_SERVERS || 'localhost:9092' },
    'schema-registry-url': { type: 'string', default: process.env.SCHEMA_REGISTRY_URL || 'http://localhost:8081' },
    help: { type: 'boolean', default: false },
    ...options,
  };
  let values;
  try {
    values = parseArgs({ options: all }).values;
  } catch (e) {
    console.error(`${e.message}\nusage: ${usage} ${CONNECTION_USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(`usage: ${usage} ${CONNECTION_USAGE}`);
    process.exit(0);
  }
  return values;
}

/** kafkajs logs go to stderr, so that standard output carries only the examples' JSON lines. */
const stderrLog = () => ({ namespace, label, log }) => console.error(`${label} [${namespace}] ${log.message}`);

function kafka(args, clientId) {
  const protocol = (process.env.KAFKA_SECURITY_PROTOCOL || 'PLAINTEXT').toUpperCase();
  const ca = process.env.KAFKA_SSL_CA_FILE;
  return new Kafka({
    clientId,
    brokers: args['bootstrap-servers'].split(','),
    ssl: protocol.endsWith('SSL') ? (ca ? { ca: [fs.readFileSync(ca, 'utf8')] } : true) : false,
    sasl: protocol.startsWith('SASL_') ? {
      mechanism: (process.env.KAFKA_SASL_MECHANISM || 'PLAIN').toLowerCase(),
      username: process.env.KAFKA_SASL_USERNAME,
      password: process.env.KAFKA_SASL_PASSWORD,
    } : undefined,
    logLevel: logLevel.WARN,
    logCreator: stderrLog,
  });
}

function registry(args) {
  const userInfo = process.env.SCHEMA_REGISTRY_USER_INFO;
  const ca = process.env.SCHEMA_REGISTRY_CA_FILE;
  const colon = userInfo ? userInfo.indexOf(':') : -1;
  return new SchemaRegistry({
    host: args['schema-registry-url'].replace(/\/+$/, ''),
    auth: userInfo ? { username: userInfo.slice(0, colon), password: userInfo.slice(colon + 1) } : undefined,
    agent: ca ? new https.Agent({ ca: fs.readFileSync(ca) }) : undefined,
  });
}

/** The id of the kit's schema of `event` under `<topic>-value`; the examples look it up and register nothing. */
async function registeredSchemaId(schemaRegistry, topic, event) {
  const schema = fs.readFileSync(path.join(SCHEMAS, `${event}.avsc`), 'utf8');
  try {
    return await schemaRegistry.getRegistryIdBySchema(`${topic}-value`, { type: SchemaType.AVRO, schema });
  } catch (e) {
    throw new Error(`${event} is not registered under ${topic}-value (${e.message}): run event-schemas/kit/register-schemas first`);
  }
}

function printJson(value) {
  console.log(JSON.stringify(value));
}

/** Runs an example's main function; a failure prints its message and exits with 1. */
function main(run) {
  run().catch((e) => {
    console.error(e.stack || String(e));
    process.exit(1);
  });
}

module.exports = { TOPICS, parse, kafka, registry, registeredSchemaId, printJson, main };
