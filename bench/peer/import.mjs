// The external peer of bench/import.sh: what a user of the official Weaviate TypeScript client writes to load a
// JSON Lines file: read it line by line, batch the objects with the client's objectsBatcher, keep N batches in
// flight. Same file, batch size and concurrency as `barge import` in the same run.
//   node import.mjs --url http://127.0.0.1:8080 --file articles.jsonl --class Article --batch-size 500 --concurrency 2
// Prints one JSON line: objects, failed, seconds, objectsPerSecond, peakRssMiB.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import weaviate from 'weaviate-ts-client';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const url = new URL(args.url);
const client = weaviate.client({ scheme: url.protocol.replace(/:$/, ''), host: url.host });
const batchSize = Number(args['batch-size'] ?? 500);
const concurrency = Number(args.concurrency ?? 2);
const idField = args['id-field'] ?? 'id';

let succeeded = 0;
let failed = 0;
let firstError;
let peakRss = process.memoryUsage().rss;
const inFlight = new Set();

async function send(objects) {
  const results = await client.batch.objectsBatcher().withObjects(...objects).do();
  for (const r of results) {
    const errors = r.result?.errors?.error;
    if (errors?.length) {
      failed++;
      firstError ??= errors[0].message;
    } else succeeded++;
  }
}

const start = process.hrtime.bigint();
const lines = createInterface({ input: createReadStream(args.file), crlfDelay: Infinity });
let chunk = [];
for await (const line of lines) {
  if (!line.trim()) continue;
  const record = JSON.parse(line);
  const { [idField]: id, ...properties } = record;
  chunk.push({ class: args.class, id, properties });
  if (chunk.length === batchSize) {
    // At most `concurrency` batches in flight: wait for one to finish before sending another.
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    const p = send(chunk).finally(() => inFlight.delete(p));
    inFlight.add(p);
    chunk = [];
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
}
if (chunk.length) {
  const p = send(chunk).finally(() => inFlight.delete(p));
  inFlight.add(p);
}
await Promise.all(inFlight);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ objects: succeeded, failed, firstError, seconds, objectsPerSecond: succeeded / seconds, peakRssMiB: peakRss / 2 ** 20 }));
