// Reads data back through GraphQL with the real weaviate-ts-client 2.2.0, the way its quick start does:
// `weaviate.client({ scheme, host })` with default options, a batch import with vectors and references, then
// `client.graphql.get()` (where, limit, offset, after, sort, nearVector, nearObject, reference fields, _additional),
// `client.graphql.aggregate()` (meta count, where, groupBy, property aggregations), `client.graphql.raw()` (Aggregate
// with hybrid and objectLimit), `targetVectors` naming Barge's one vector, errors
// (the client rejects any answer with `errors`), and the order promise: a filtered Get without sort lists objects in
// the order delete-by-query deletes them.
//
// Run against a running server:  BARGE_URL=http://127.0.0.1:8080 node --test graphql.test.mjs
// (dotnet test runs it through tests/Barge.EndToEnd.Tests/CompatSuiteTests.cs on a fresh server.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import weaviate from 'weaviate-ts-client';
import { call, cosineDistance, show, uuidFor } from './support.mjs';

const bargeUrl = process.env.BARGE_URL;
if (!bargeUrl) throw new Error('Set BARGE_URL to the server address, e.g. BARGE_URL=http://127.0.0.1:8080');
const url = new URL(bargeUrl);
const client = weaviate.client({ scheme: url.protocol.replace(/:$/, ''), host: url.host });

const step = (name, fn) => test(name, { timeout: 60_000 }, fn);

const ARTICLE = 'GqlArticle';
const PUBLICATION = 'GqlPublication';
const COUNT = 30;
const CATEGORIES = ['news', 'sport', 'tech'];
// Imported in this order, which is not id order: the order promise must be seen to be insertion order.
const ORDER = Array.from({ length: COUNT }, (_, k) => (k * 7) % COUNT);
const id = (i) => uuidFor('gql-article', i);
const pubId = (i) => uuidFor('gql-publication', i);
const vectorOf = (i) => [Math.cos(i * 0.3), Math.sin(i * 0.3), 0.02 * i];
const category = (i) => CATEGORIES[i % 3];

const get = (fields) => client.graphql.get().withClassName(ARTICLE).withFields(fields);
const rows = (result) => result?.data?.Get?.[ARTICLE] ?? assert.fail(`no Get.${ARTICLE} in ${show(result)}`);
const ids = (result) => rows(result).map((r) => r._additional.id);

step('setup: two classes, articles with vectors imported out of id order, references to publications', async () => {
  for (const cls of [ARTICLE, PUBLICATION])
    if (await call(`schema.exists('${cls}')`, client.schema.exists(cls)))
      await call(`schema.classDeleter('${cls}')`, client.schema.classDeleter().withClassName(cls).do());
  await call('schema.classCreator(publication)', client.schema.classCreator().withClass({
    class: PUBLICATION, properties: [{ name: 'name', dataType: ['text'] }],
  }).do());
  await call('schema.classCreator(article)', client.schema.classCreator().withClass({
    class: ARTICLE, vectorIndexConfig: { distance: 'cosine' },
    properties: [
      { name: 'title', dataType: ['text'] }, { name: 'category', dataType: ['text'] },
      { name: 'wordCount', dataType: ['int'] }, { name: 'tags', dataType: ['text[]'] },
      { name: 'writesFor', dataType: [PUBLICATION] },
    ],
  }).do());
  const pubs = await call('batch.objectsBatcher(publications)', client.batch.objectsBatcher().withObjects(
    { class: PUBLICATION, id: pubId(0), properties: { name: 'Daily' } },
    { class: PUBLICATION, id: pubId(1), properties: { name: 'Weekly' } }).do());
  assert.ok(pubs.every((r) => r.result?.errors === undefined), show(pubs));
  const articles = ORDER.map((i) => ({
    class: ARTICLE, id: id(i), vector: vectorOf(i),
    properties: { title: `article ${i}`, category: category(i), wordCount: 10 * i, tags: ['all', `t${i % 2}`] },
  }));
  const imported = await call('batch.objectsBatcher(articles)', client.batch.objectsBatcher().withObjects(...articles).do());
  assert.ok(imported.every((r) => r.result?.errors === undefined), show(imported));
  const ref = (from, to) => client.batch.referencePayloadBuilder()
    .withFromClassName(ARTICLE).withFromRefProp('writesFor').withFromId(id(from))
    .withToClassName(PUBLICATION).withToId(pubId(to)).payload();
  const refs = await call('batch.referencesBatcher()', client.batch.referencesBatcher().withReferences(ref(1, 0), ref(1, 1), ref(2, 1)).do());
  assert.ok(refs.every((r) => r.result?.status === 'SUCCESS'), show(refs));
});

step('graphql.get with where and limit returns the object, its properties and _additional', async () => {
  const result = await call('graphql.get().withWhere().withLimit()', get('title wordCount tags _additional { id creationTimeUnix lastUpdateTimeUnix }')
    .withWhere({ operator: 'Equal', path: ['title'], valueText: 'article 3' }).withLimit(10).do());
  assert.equal(rows(result).length, 1, show(result));
  const [hit] = rows(result);
  assert.equal(hit.title, 'article 3');
  assert.equal(hit.wordCount, 30);
  assert.deepEqual(hit.tags, ['all', 't1']);
  assert.equal(hit._additional.id, id(3));
  assert.equal(typeof hit._additional.creationTimeUnix, 'string', 'Weaviate answers the times as strings');
});

step('graphql.get pages by offset and by the cursor (after), unfiltered in id order', async () => {
  const all = ids(await call('graphql.get().withLimit(100)', get('_additional { id }').withLimit(100).do()));
  assert.deepEqual(all, ORDER.map(id).sort(), 'an unfiltered Get is in id order');
  const page = ids(await call('graphql.get().withOffset()', get('_additional { id }').withLimit(5).withOffset(10).do()));
  assert.deepEqual(page, all.slice(10, 15));
  const next = ids(await call('graphql.get().withAfter()', get('_additional { id }').withLimit(5).withAfter(all[14]).do()));
  assert.deepEqual(next, all.slice(15, 20));
});

step('graphql.get sorts and filters with ContainsAny (valueTextArray)', async () => {
  const sorted = rows(await call('graphql.get().withSort()', get('wordCount').withSort([{ path: ['wordCount'], order: 'desc' }]).withLimit(3).do()));
  assert.deepEqual(sorted.map((r) => r.wordCount), [290, 280, 270]);
  const any = ids(await call('graphql.get() ContainsAny', get('_additional { id }')
    .withWhere({ operator: 'ContainsAny', path: ['category'], valueTextArray: ['news', 'tech'] }).withLimit(100).do()));
  assert.deepEqual(any.slice().sort(), ORDER.filter((i) => category(i) !== 'sport').map(id).sort());
});

step('graphql.get with nearVector matches a brute-force cosine search; nearObject finds the object first', async () => {
  const query = vectorOf(11.5);
  const result = await call('graphql.get().withNearVector()', get('_additional { id distance certainty }').withNearVector({ vector: query }).withLimit(4).do());
  const expected = ORDER.map((i) => ({ id: id(i), distance: cosineDistance(query, vectorOf(i)) }))
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1)).slice(0, 4);
  assert.deepEqual(ids(result), expected.map((e) => e.id), show(result));
  rows(result).forEach((r, k) => assert.ok(Math.abs(r._additional.distance - expected[k].distance) < 1e-4, show(r)));
  const near = await call('graphql.get().withNearObject()', get('_additional { id distance }').withNearObject({ id: id(5) }).withLimit(2).do());
  assert.equal(ids(near)[0], id(5), show(near));
});

step('targetVectors: the one vector answers as "default" (or unnamed); another name rejects the call in Weaviate\'s words', async () => {
  const query = vectorOf(7.5);
  const plain = ids(await call('graphql.get().withNearVector()', get('_additional { id }').withNearVector({ vector: query }).withLimit(3).do()));
  const named = ids(await call('graphql.get().withNearVector(targetVectors)', get('_additional { id }')
    .withNearVector({ vector: query, targetVectors: ['default'] }).withLimit(3).do()));
  assert.deepEqual(named, plain);
  await assert.rejects(get('_additional { id }').withNearVector({ vector: query, targetVectors: ['title'] }).withLimit(3).do(),
    (error) => String(error?.message ?? JSON.stringify(error))
      .includes(`class ${ARTICLE} does not have named vector title configured. Available named vectors [default]`));
});

step('graphql.raw: Aggregate with hybrid and objectLimit aggregates the objects a hybrid Get returns', async () => {
  const hybrid = `hybrid: { query: "article", alpha: 0.5, vector: ${JSON.stringify(vectorOf(3))} }`;
  const top = await call('graphql.get().withHybrid()', get('wordCount')
    .withHybrid({ query: 'article', alpha: 0.5, vector: vectorOf(3) }).withLimit(6).do());
  const counts = rows(top).map((r) => r.wordCount);
  assert.equal(counts.length, 6, show(top));
  const result = await call('graphql.raw() Aggregate hybrid', client.graphql.raw()
    .withQuery(`{ Aggregate { ${ARTICLE}(${hybrid}, objectLimit: 6) { meta { count } wordCount { sum } } } }`).do());
  const aggregate = result.data.Aggregate[ARTICLE][0];
  assert.equal(aggregate.meta.count, 6, show(result));
  assert.equal(aggregate.wordCount.sum, counts.reduce((s, c) => s + c, 0), show(result));
});

step('graphql.get follows references with ... on Class fragments', async () => {
  const result = await call('graphql.get() references', get(`title writesFor { ... on ${PUBLICATION} { name } }`)
    .withWhere({ operator: 'Or', operands: [1, 2].map((i) => ({ operator: 'Equal', path: ['title'], valueText: `article ${i}` })) })
    .withSort([{ path: ['wordCount'], order: 'asc' }]).do());
  assert.deepEqual(rows(result).map((r) => [r.title, (r.writesFor ?? []).map((p) => p.name)]),
    [['article 1', ['Daily', 'Weekly']], ['article 2', ['Weekly']]], show(result));
});

step('graphql.aggregate counts, filters, groups and aggregates properties', async () => {
  const all = await call('graphql.aggregate() meta count', client.graphql.aggregate().withClassName(ARTICLE).withFields('meta { count }').do());
  assert.equal(all.data.Aggregate[ARTICLE][0].meta.count, COUNT, show(all));
  const news = await call('graphql.aggregate().withWhere()', client.graphql.aggregate().withClassName(ARTICLE).withFields('meta { count } wordCount { sum maximum }')
    .withWhere({ operator: 'Equal', path: ['category'], valueText: 'news' }).do());
  const newsIds = ORDER.filter((i) => category(i) === 'news');
  assert.equal(news.data.Aggregate[ARTICLE][0].meta.count, newsIds.length, show(news));
  assert.equal(news.data.Aggregate[ARTICLE][0].wordCount.sum, newsIds.reduce((s, i) => s + 10 * i, 0), show(news));
  assert.equal(news.data.Aggregate[ARTICLE][0].wordCount.maximum, 10 * Math.max(...newsIds), show(news));
  const grouped = await call('graphql.aggregate().withGroupBy()', client.graphql.aggregate().withClassName(ARTICLE)
    .withFields('meta { count } groupedBy { path value }').withGroupBy(['category']).do());
  const groups = Object.fromEntries(grouped.data.Aggregate[ARTICLE].map((g) => [g.groupedBy.value, g.meta.count]));
  assert.deepEqual(groups, { news: 10, sport: 10, tech: 10 }, show(grouped));
});

step('graphql.raw runs a query as written', async () => {
  const result = await call('graphql.raw()', client.graphql.raw().withQuery(`{ Get { ${ARTICLE}(limit: 2) { title } } }`).do());
  assert.equal(result.data.Get[ARTICLE].length, 2, show(result));
});

step('errors reject the call: unknown class, bad filter', async () => {
  await assert.rejects(client.graphql.get().withClassName('GqlNope').withFields('title').do(),
    (error) => String(error?.message ?? JSON.stringify(error)).includes('Cannot query field "GqlNope" on type "GetObjectsObj"'));
  await assert.rejects(get('title').withWhere({ operator: 'Equal', path: ['nope'], valueText: 'x' }).do());
});

step('order promise: a filtered Get without sort lists objects in the order delete-by-query deletes them', async () => {
  const where = { operator: 'Equal', path: ['category'], valueText: 'sport' };
  const listed = ids(await call('graphql.get() filtered', get('_additional { id }').withWhere(where).withLimit(100).do()));
  // Write order, not id order: adding a reference rewrites the object (Weaviate gives it a new doc id), so articles 1
  // and 2, referenced after the import, come last.
  const written = [...ORDER.filter((i) => i !== 1 && i !== 2), 1, 2];
  assert.deepEqual(listed, written.filter((i) => category(i) === 'sport').map(id), 'write order, not id order');
  assert.notDeepEqual(listed, listed.slice().sort(), 'the data must tell write order from id order');
  const dryRun = await call('batch.objectsBatchDeleter() dry run', client.batch.objectsBatchDeleter()
    .withClassName(ARTICLE).withWhere(where).withDryRun(true).withOutput('verbose').do());
  assert.deepEqual(dryRun.results.objects.map((o) => o.id), listed, show(dryRun));
  const deleted = await call('batch.objectsBatchDeleter()', client.batch.objectsBatchDeleter()
    .withClassName(ARTICLE).withWhere(where).withOutput('verbose').do());
  assert.deepEqual(deleted.results.objects.map((o) => o.id), listed, show(deleted));
  const after = await call('graphql.get() after delete', get('_additional { id }').withWhere(where).do());
  assert.deepEqual(rows(after), []);
});
