// Keyword (bm25) and hybrid search with autocut, through both REST-era GraphQL (weaviate-ts-client 2.2.0: withBm25,
// withHybrid, withAutocut) and gRPC Search (weaviate-client 3.x: query.bm25, query.hybrid, autoLimit). Every score the
// server returns is checked against a brute-force BM25F / fusion computed here (bm25.mjs) over the same objects.
//
// Run against a running server:
//   BARGE_URL=http://127.0.0.1:8080 BARGE_GRPC_PORT=50051 node_modules/.bin/node --test keyword.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import weaviateTs from 'weaviate-ts-client';
import weaviate from 'weaviate-client';
import { barge, call, cosineDistance, random, show, uuidFor } from './support.mjs';
import { autocut, bm25f, fuse } from './bm25.mjs';

const url = new URL(barge.url);
const gql = weaviateTs.client({ scheme: url.protocol.replace(/:$/, ''), host: url.host });
const client = await weaviate.connectToLocal({ host: barge.host, port: barge.port, grpcPort: barge.grpcPort });
after(() => client.close());

const step = (name, fn) => test(name, { timeout: 60_000 }, fn);

const CLASS = 'KwDoc';
const COUNT = 40;
const K1 = 1.4;
const B = 0.7;
const WORDS = ['fox', 'river', 'quick', 'brown', 'lazy', 'dog', 'the', 'jumps', 'over', 'red', 'stone', 'light'];
const TAGS = ['Red Fox', 'blue', 'fox'];
const next = random(20);
const pick = (list) => list[Math.floor(next() * list.length)];
const words = (min, max) => Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(WORDS)).join(' ');
const objects = Array.from({ length: COUNT }, (_, i) => {
  const properties = { title: words(2, 6), tag: pick(TAGS), code: 'fox fox fox', n: i };
  // Some objects have no body: the body's mean length counts only the objects that have one.
  if (i % 7 !== 0) properties.body = `${words(4, 18)}${i % 5 === 0 ? ' Fox, fox!' : ''}`;
  return { id: uuidFor('kw-doc', i), properties, vector: [next() - 0.5, next() - 0.5, next() - 0.5] };
});
// The searchable properties by default: text ones with indexSearchable (code is not searchable, n is no text).
const FIELDS = [
  { name: 'title', tokenization: 'word', boost: 1 },
  { name: 'body', tokenization: 'word', boost: 1 },
  { name: 'tag', tokenization: 'field', boost: 1 },
];
const reference = (query, fields = FIELDS, admit = undefined) => bm25f(objects, query, fields, { k1: K1, b: B, admit });
const QUERY_VECTOR = [0.3, -0.2, 0.4];
const vectorResults = (admit = () => true) => objects.filter(admit)
  .map((o) => ({ id: o.id, score: 1 - cosineDistance(QUERY_VECTOR, o.vector) }))
  .sort((x, y) => y.score - x.score);

/** The returned [{id, score}] are the best `limit` of `expected`, in order, each score as computed here. */
function assertRanked(returned, expected, limit, label) {
  const want = new Map(expected.map((e) => [e.id, e.score]));
  assert.equal(returned.length, Math.min(limit, expected.length), `${label}: result count\n${show(returned)}`);
  returned.forEach((r, i) => {
    assert.ok(want.has(r.id), `${label}: ${r.id} is not a match`);
    const w = want.get(r.id);
    assert.ok(Math.abs(r.score - w) <= 1e-5 * Math.max(1, Math.abs(w)), `${label}: ${r.id} scored ${r.score}, expected ${w}`);
    if (i > 0) assert.ok(r.score <= returned[i - 1].score + 1e-6, `${label}: not best first at ${i}`);
  });
  const kept = new Set(returned.map((r) => r.id));
  const worstKept = Math.min(...returned.map((r) => want.get(r.id)));
  for (const e of expected) if (!kept.has(e.id)) assert.ok(e.score <= worstKept + 1e-5, `${label}: ${e.id} (${e.score}) was left out`);
}

const get = (fields) => gql.graphql.get().withClassName(CLASS).withFields(fields);
const rows = (result) => result?.data?.Get?.[CLASS] ?? assert.fail(`no Get.${CLASS} in ${show(result)}`);
const scoredRows = (result) => rows(result).map((r) => ({ id: r._additional.id, score: Number(r._additional.score), explain: r._additional.explainScore }));

step('setup: a class with word- and field-tokenized text, a non-searchable text, bm25 k1/b set, objects with vectors', async () => {
  if (await call(`schema.exists('${CLASS}')`, gql.schema.exists(CLASS)))
    await call('schema.classDeleter', gql.schema.classDeleter().withClassName(CLASS).do());
  await call('schema.classCreator', gql.schema.classCreator().withClass({
    class: CLASS, vectorIndexConfig: { distance: 'cosine' }, invertedIndexConfig: { bm25: { k1: K1, b: B } },
    properties: [
      { name: 'title', dataType: ['text'] }, { name: 'body', dataType: ['text'] },
      { name: 'tag', dataType: ['text'], tokenization: 'field' },
      { name: 'code', dataType: ['text'], indexSearchable: false }, { name: 'n', dataType: ['int'] },
    ],
  }).do());
  const imported = await call('batch.objectsBatcher', gql.batch.objectsBatcher()
    .withObjects(...objects.map((o) => ({ class: CLASS, ...o }))).do());
  assert.ok(imported.every((r) => r.result?.errors === undefined), show(imported));
});

step('graphql bm25 over every searchable property: scores and explainScore equal a brute-force BM25F', async () => {
  // "the" is a stopword; "fox" twice counts twice.
  const query = 'The quick fox fox';
  const expected = reference(query);
  assert.ok(expected.length > 5, 'the data must give the query several matches');
  const result = scoredRows(await call('graphql.get().withBm25()',
    get('_additional { id score explainScore }').withBm25({ query }).withLimit(100).do()));
  assertRanked(result, expected, 100, 'bm25');
  const byId = new Map(expected.map((e) => [e.id, e.explain]));
  for (const r of result) assert.equal(r.explain, byId.get(r.id), `explainScore of ${r.id}`);
});

step('graphql bm25 with boosted properties, a where filter and a limit: N and n still count the whole class', async () => {
  const fields = [{ name: 'title', tokenization: 'word', boost: 3 }, { name: 'body', tokenization: 'word', boost: 1 }];
  const expected = reference('fox river', fields, (o) => o.properties.n >= 10);
  const result = scoredRows(await call('graphql.get().withBm25(properties).withWhere()',
    get('_additional { id score }').withBm25({ query: 'fox river', properties: ['title^3', 'body'] })
      .withWhere({ operator: 'GreaterThanEqual', path: ['n'], valueInt: 10 }).withLimit(7).do()));
  assertRanked(result, expected, 7, 'bm25 boosted, filtered');
  const tagOnly = scoredRows(await call('graphql.get().withBm25(field tokenization)',
    get('_additional { id score }').withBm25({ query: 'Red Fox', properties: ['tag'] }).withLimit(100).do()));
  assertRanked(tagOnly, reference('Red Fox', [{ name: 'tag', tokenization: 'field', boost: 1 }]), 100, 'bm25 field tokenization');
});

step('graphql hybrid: relative score fusion (the default) and ranked fusion equal the fusion of brute-force results', async () => {
  const relative = scoredRows(await call('graphql.get().withHybrid(relative)',
    get('_additional { id score explainScore }').withHybrid({ query: 'quick fox', alpha: 0.4, vector: QUERY_VECTOR }).withLimit(15).do()));
  const sets = (alpha) => [{ weight: 1 - alpha, results: reference('quick fox') }, { weight: alpha, results: vectorResults() }];
  assertRanked(relative, fuse('relative', sets(0.4)), 15, 'hybrid relative');
  assert.match(relative[0].explain, /Hybrid \(Result Set (keyword|vector)\) Document .*: original score .*, normalized score: /);

  const ranked = scoredRows(await call('graphql.get().withHybrid(rankedFusion)',
    get('_additional { id score explainScore }')
      .withHybrid({ query: 'quick fox', alpha: 0.7, vector: QUERY_VECTOR, fusionType: weaviateTs.FusionType?.rankedFusion ?? 'rankedFusion' })
      .withLimit(10).do()));
  assertRanked(ranked, fuse('ranked', sets(0.7)), 10, 'hybrid ranked');
  assert.match(ranked[0].explain, /Hybrid \(Result Set (keyword|vector)\) Document .* contributed .* to the score/);

  // Alpha 0 is keyword only and needs no vector (Barge has no vectorizer).
  const keywordOnly = scoredRows(await call('graphql.get().withHybrid(alpha 0)',
    get('_additional { id score }').withHybrid({ query: 'quick fox', alpha: 0 }).withLimit(100).do()));
  assertRanked(keywordOnly, fuse('relative', [{ weight: 1, results: reference('quick fox') }]), 100, 'hybrid alpha 0');
});

step('graphql autocut stops bm25 results at the first jump in the scores', async () => {
  const expected = reference('fox');
  const cut = autocut(expected.map((e) => Math.fround(e.score)), 1);
  assert.ok(cut < expected.length, 'the data must have a jump for autocut to cut at');
  const result = scoredRows(await call('graphql.get().withBm25().withAutocut(1)',
    get('_additional { id score }').withBm25({ query: 'fox' }).withAutocut(1).do()));
  assertRanked(result, expected, cut, 'bm25 autocut');
});

step('grpc query.bm25 and query.hybrid (weaviate-client 3.x): scores, explainScore and autoLimit', async () => {
  const collection = client.collections.get(CLASS);
  const query = 'lazy dog over the river';
  const bm25 = await call('query.bm25', collection.query.bm25(query, { limit: 100, returnMetadata: ['score', 'explainScore'] }));
  const expected = reference(query);
  assertRanked(bm25.objects.map((o) => ({ id: o.uuid, score: o.metadata.score })), expected, 100, 'grpc bm25');
  const byId = new Map(expected.map((e) => [e.id, e.explain]));
  for (const o of bm25.objects) assert.equal(o.metadata.explainScore, byId.get(o.uuid), `grpc explainScore of ${o.uuid}`);

  const fields = [{ name: 'title', tokenization: 'word', boost: 2 }];
  const filtered = await call('query.bm25(queryProperties, filters)', collection.query.bm25('fox', {
    queryProperties: ['title^2'], filters: collection.filter.byProperty('n').lessThan(30), limit: 5, returnMetadata: ['score'],
  }));
  assertRanked(filtered.objects.map((o) => ({ id: o.uuid, score: o.metadata.score })),
    reference('fox', fields, (o) => o.properties.n < 30), 5, 'grpc bm25 boosted, filtered');

  const hybrid = await call('query.hybrid', collection.query.hybrid('quick fox', {
    alpha: 0.6, vector: QUERY_VECTOR, fusionType: 'Ranked', limit: 12, returnMetadata: ['score', 'explainScore'],
  }));
  assertRanked(hybrid.objects.map((o) => ({ id: o.uuid, score: o.metadata.score })),
    fuse('ranked', [{ weight: 0.4, results: reference('quick fox') }, { weight: 0.6, results: vectorResults() }]), 12, 'grpc hybrid ranked');
  const relative = await call('query.hybrid(relativeScore)', collection.query.hybrid('quick fox', {
    alpha: 0.25, vector: QUERY_VECTOR, fusionType: 'RelativeScore', limit: 12, returnMetadata: ['score'],
  }));
  assertRanked(relative.objects.map((o) => ({ id: o.uuid, score: o.metadata.score })),
    fuse('relative', [{ weight: 0.75, results: reference('quick fox') }, { weight: 0.25, results: vectorResults() }]), 12, 'grpc hybrid relative');

  const fox = reference('fox');
  const cut = autocut(fox.map((e) => Math.fround(e.score)), 1);
  const autoLimited = await call('query.bm25(autoLimit)', collection.query.bm25('fox', { autoLimit: 1, returnMetadata: ['score'] }));
  assertRanked(autoLimited.objects.map((o) => ({ id: o.uuid, score: o.metadata.score })), fox, cut, 'grpc bm25 autoLimit');

  await assert.rejects(collection.query.hybrid('fox', { alpha: 0.5 }), /no vectorizer/, 'a hybrid needing a vector without one is refused');
});
