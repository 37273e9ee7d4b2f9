// Drives Barge with the real npm weaviate-client 3.x through its public API, the way its quick start does:
// `weaviate.connectToLocal` with default options (init checks on), a collection with a property of every data type
// and a reference, `data.insertMany` of 10,000 objects with vectors (a few bad ones), filtered and sorted reads, the
// cursor iterator, a vector search checked against a brute-force cosine search, delete-many (dry run, then real),
// aggregation, multi-tenancy and server-side batching (`client.batch.stream()`).
//
// Run against a running server:
//   BARGE_URL=http://127.0.0.1:8080 BARGE_GRPC_PORT=50051 node_modules/.bin/node --test weaviate-client.test.mjs
// (node_modules/.bin/node is the Node.js 22 the lock file pins: weaviate-client 3.x needs 22, its batcher uses
// Set.prototype.difference.)
// (BARGE_GRPC_HOST defaults to BARGE_URL's host; dotnet test runs it through
// tests/Barge.EndToEnd.Tests/CompatSuiteTests.cs on a fresh server.)
//
// Reads and searches (`query.*`, `iterator`, `length`, `aggregate.*`) go over gRPC Search and Aggregate; the steps
// build on the import, not on each other's reads, so a failing read names its own call only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import weaviate, { Filters } from 'weaviate-client';
import { barge, call, cosineDistance, random, show, uuidFor } from './support.mjs';

const client = await weaviate.connectToLocal({ host: barge.host, port: barge.port, grpcPort: barge.grpcPort });
after(() => client.close());

const step = (name, fn) => test(name, { timeout: 180_000 }, fn);

const ARTICLE = 'V3Article';
const AUTHOR = 'V3Author';
const TENANTED = 'V3Tenanted';
const STREAMED = 'V3Streamed';
const PAGED = 'V3Paged';
const PAGED_COUNT = 1_500;
const COUNT = 10_000;
const DIMENSIONS = 16;
// Objects that Barge must refuse, each for its own reason; their neighbours are stored.
const BAD = new Map([
  [17, { n: 'seventeen' }], // not an int
  [4242, { published: 'not a date' }], // not a date
  [9999, { location: { latitude: 'north', longitude: 0 } }], // geo with a text latitude
]);

const authors = [uuidFor('author', 0), uuidFor('author', 1)];
const next = random(20251205);
const day = (i) => new Date(Date.UTC(2020, 0, 1) + (i % 1500) * 86_400_000);

/** The i-th article: every data type, a reference to one of two authors, a vector. */
function article(i) {
  const vector = Array.from({ length: DIMENSIONS }, () => next() * 2 - 1);
  return {
    id: uuidFor('article', i),
    vectors: vector,
    properties: {
      title: `article ${i}`,
      tags: [`tag${i % 7}`, `group${i % 3}`],
      n: i,
      score: Math.round(next() * 1e6) / 1e3,
      flag: i % 2 === 0,
      published: day(i),
      ref_id: uuidFor('ref', i),
      location: { latitude: 50 + (i % 10) / 10, longitude: (i % 20) / 10 },
      phone: { number: '+44 20 7946 0958' },
      image: Buffer.from(`blob ${i}`).toString('base64'),
      meta: { source: `source ${i % 5}`, rank: i % 100 },
      counts: [i, i + 1],
      scores: [i / 2, i / 4],
      flags: [true, i % 3 === 0],
      dates: [day(i), day(i + 1)],
      ...(BAD.get(i) ?? {}),
    },
    references: { writtenBy: authors[i % 2] },
  };
}

const articles = Array.from({ length: COUNT }, (_, i) => article(i));
const good = articles.filter((_, i) => !BAD.has(i));
const byId = new Map(good.map((a) => [a.id, a]));
let articleCollection;

step('connectToLocal with default options: Barge passes the init checks (REST meta, gRPC health, version 1.36)', async () => {
  assert.equal(await call('client.isReady()', client.isReady()), true);
  const meta = await call('client.getMeta()', client.getMeta());
  assert.equal(meta.version, '1.36.0', show(meta));
});

step('collections.create: a property of every data type, a reference, self-provided vectors; config.get reads it back', async () => {
  for (const name of [ARTICLE, AUTHOR, TENANTED, STREAMED]) await call(`collections.delete('${name}')`, client.collections.delete(name));
  await call(`collections.create(${AUTHOR})`, client.collections.create({
    name: AUTHOR,
    properties: [{ name: 'name', dataType: 'text' }],
    vectorizers: weaviate.configure.vectors.selfProvided(),
  }));
  articleCollection = await call(`collections.create(${ARTICLE})`, client.collections.create({
    name: ARTICLE,
    description: 'Every data type',
    properties: [
      { name: 'title', dataType: 'text' },
      { name: 'tags', dataType: 'text[]' },
      { name: 'n', dataType: 'int' },
      { name: 'score', dataType: 'number' },
      { name: 'flag', dataType: 'boolean' },
      { name: 'published', dataType: 'date' },
      { name: 'ref_id', dataType: 'uuid' },
      { name: 'location', dataType: 'geoCoordinates' },
      { name: 'phone', dataType: 'phoneNumber' },
      { name: 'image', dataType: 'blob' },
      {
        name: 'meta',
        dataType: 'object',
        nestedProperties: [
          { name: 'source', dataType: 'text' },
          { name: 'rank', dataType: 'int' },
        ],
      },
      { name: 'counts', dataType: 'int[]' },
      { name: 'scores', dataType: 'number[]' },
      { name: 'flags', dataType: 'boolean[]' },
      { name: 'dates', dataType: 'date[]' },
    ],
    references: [{ name: 'writtenBy', targetCollection: AUTHOR }],
    vectorizers: weaviate.configure.vectors.selfProvided(),
  }));
  assert.equal(articleCollection.name, ARTICLE);
  assert.equal(await call(`collections.exists('${ARTICLE}')`, client.collections.exists(ARTICLE)), true);

  const config = await call(`collections.get('${ARTICLE}').config.get()`, client.collections.get(ARTICLE).config.get());
  assert.equal(config.name, ARTICLE, show(config));
  assert.deepEqual(
    config.properties.map((p) => [p.name, p.dataType]),
    [['title', 'text'], ['tags', 'text[]'], ['n', 'int'], ['score', 'number'], ['flag', 'boolean'], ['published', 'date'],
      ['ref_id', 'uuid'], ['location', 'geoCoordinates'], ['phone', 'phoneNumber'], ['image', 'blob'], ['meta', 'object'],
      ['counts', 'int[]'], ['scores', 'number[]'], ['flags', 'boolean[]'], ['dates', 'date[]']],
    show(config.properties));
  assert.deepEqual(config.properties.find((p) => p.name === 'meta').nestedProperties?.map((p) => [p.name, p.dataType]),
    [['source', 'text'], ['rank', 'int']], show(config.properties));
  assert.deepEqual(config.references.map((r) => [r.name, r.targetCollections]), [['writtenBy', [AUTHOR]]], show(config.references));
  assert.equal(config.multiTenancy.enabled, false, show(config.multiTenancy));
  assert.equal(config.vectorizers.default?.vectorizer?.name, 'none', show(config.vectorizers));
  assert.equal(config.vectorizers.default?.indexConfig?.distance, 'cosine', show(config.vectorizers));
});

step(`data.insertMany: ${COUNT} objects with vectors; the bad ones fail by index with a message, their neighbours are stored`, async () => {
  const authorsCollection = client.collections.get(AUTHOR);
  const authorsResult = await call('insertMany(authors)', authorsCollection.data.insertMany(
    authors.map((id, i) => ({ id, properties: { name: `author ${i}` }, vectors: Array(DIMENSIONS).fill(i + 1) }))));
  assert.equal(authorsResult.hasErrors, false, show(authorsResult.errors));

  const collection = client.collections.get(ARTICLE);
  const result = await call(`insertMany(${COUNT} articles)`, collection.data.insertMany(articles));
  assert.equal(result.hasErrors, true, 'the bad objects must be reported');
  assert.deepEqual(Object.keys(result.errors).map(Number).sort((a, b) => a - b), [...BAD.keys()], show(result.errors));
  for (const [index, bad] of BAD) {
    const error = result.errors[index];
    const property = Object.keys(bad)[0];
    assert.match(error.message, new RegExp(property), `error of object ${index} must name '${property}': ${show(error)}`);
    assert.equal(error.object.id, articles[index].id, show(error));
  }
  assert.equal(Object.keys(result.uuids).length, COUNT - BAD.size);
  assert.equal(result.uuids[0], articles[0].id);
  assert.equal(result.uuids[COUNT - 2], articles[COUNT - 2].id);
  for (const i of [16, 18, 4241, 4243, 9998]) {
    assert.equal(await call(`data.exists(${i})`, collection.data.exists(articles[i].id)), true, `neighbour ${i} must be stored`);
  }
  for (const i of BAD.keys()) {
    assert.equal(await call(`data.exists(${i})`, collection.data.exists(articles[i].id)), false, `bad object ${i} must not be stored`);
  }
});

step('collection.length() counts what insertMany stored', async () => {
  assert.equal(await call('length()', client.collections.get(ARTICLE).length()), COUNT - BAD.size);
});

step('query.fetchObjectById: every data type, the reference and the vector read back as written', async () => {
  const collection = client.collections.get(ARTICLE);
  const expected = articles[42];
  const got = await call('fetchObjectById(article 42)', collection.query.fetchObjectById(expected.id, {
    includeVector: true,
    returnReferences: [{ linkOn: 'writtenBy', returnProperties: ['name'] }],
  }));
  assert.ok(got, 'article 42 must be found');
  assert.equal(got.uuid, expected.id);
  const p = got.properties;
  const e = expected.properties;
  assert.equal(p.title, e.title);
  assert.deepEqual(p.tags, e.tags);
  assert.equal(p.n, e.n);
  assert.equal(p.score, e.score);
  assert.equal(p.flag, e.flag);
  assert.equal(new Date(p.published).toISOString(), e.published.toISOString(), show(p.published));
  assert.equal(p.ref_id, e.ref_id);
  // gRPC's GeoCoordinate holds float32 (Weaviate stores geo coordinates as float32 too): what comes back is the
  // float32 nearest to what was written.
  assert.equal(p.location.latitude, Math.fround(e.location.latitude), show(p.location));
  assert.equal(p.location.longitude, Math.fround(e.location.longitude), show(p.location));
  assert.equal(p.phone.input, e.phone.number, show(p.phone));
  // The parsed parts are Barge's (its own phone parser, not libphonenumber's metadata): gRPC must answer what REST does.
  const rest = await fetch(`${barge.url}/v1/objects/${ARTICLE}/${expected.id}`).then((r) => r.json());
  assert.deepEqual({ ...p.phone }, rest.properties.phone, show([p.phone, rest.properties.phone]));
  // Blobs come back only when named (Weaviate leaves them out of "every property", which is what the client asks for).
  assert.equal(p.image, undefined, 'a blob must not be returned unless named');
  assert.deepEqual(p.meta, e.meta);
  assert.deepEqual(p.counts, e.counts);
  assert.deepEqual(p.scores, e.scores);
  assert.deepEqual(p.flags, e.flags);
  assert.deepEqual(p.dates.map((d) => new Date(d).toISOString()), e.dates.map((d) => d.toISOString()));
  assert.equal(got.vectors.default.length, DIMENSIONS, show(got.vectors));
  got.vectors.default.forEach((x, i) => assert.ok(Math.abs(x - expected.vectors[i]) < 1e-6, `vector[${i}]: ${x} vs ${expected.vectors[i]}`));
  assert.deepEqual(got.references?.writtenBy?.objects.map((o) => [o.uuid, o.properties.name]), [[authors[0], 'author 0']], show(got.references));

  const blob = await call('fetchObjectById(article 42, the blob named)', collection.query.fetchObjectById(expected.id, { returnProperties: ['image'] }));
  assert.deepEqual(blob.properties, { image: e.image });

  assert.equal(await call('fetchObjectById(unknown id)', collection.query.fetchObjectById(uuidFor('nobody', 1))), null);
});

step('query.fetchObjects: filters (byProperty), sort and limit', async () => {
  const collection = client.collections.get(ARTICLE);
  const filters = Filters.and(
    collection.filter.byProperty('n').lessThan(500),
    collection.filter.byProperty('flag').equal(true),
    collection.filter.byProperty('tags').containsAny(['tag3']),
  );
  const result = await call('fetchObjects(filter, sort by score desc, limit 15)', collection.query.fetchObjects({
    filters,
    sort: collection.sort.byProperty('score', false),
    limit: 15,
  }));
  const expected = good
    .filter((a) => a.properties.n < 500 && a.properties.flag && a.properties.tags.includes('tag3'))
    .sort((a, b) => b.properties.score - a.properties.score)
    .slice(0, 15);
  assert.equal(expected.length, 15, 'the filter must match more than the limit');
  assert.deepEqual(result.objects.map((o) => o.properties.n), expected.map((a) => a.properties.n));

  const dated = await call('fetchObjects(published in a range, nested filter free)', collection.query.fetchObjects({
    filters: collection.filter.byProperty('published').greaterOrEqual(day(1490)),
    sort: collection.sort.byProperty('n'),
    limit: 5,
  }));
  const expectedDated = good.filter((a) => a.properties.published >= day(1490)).sort((a, b) => a.properties.n - b.properties.n).slice(0, 5);
  assert.deepEqual(dated.objects.map((o) => o.properties.n), expectedDated.map((a) => a.properties.n));
});

// weaviate-client 3.14's iterator asks for a page of 100 after the last object it *yielded*, so it sends one Search
// per object (10,000 for the articles, minutes of node CPU alone): it walks its own collection of 1,500 objects,
// which still spans many pages of Barge's cursor.
step('collection.iterator(): every stored object exactly once', async () => {
  await call(`collections.create(${PAGED})`, client.collections.create({ name: PAGED, properties: [{ name: 'n', dataType: 'int' }] }));
  const collection = client.collections.get(PAGED);
  const ids = Array.from({ length: PAGED_COUNT }, (_, i) => uuidFor('paged', i));
  const inserted = await call('insertMany(paged)', collection.data.insertMany(ids.map((id, n) => ({ id, properties: { n } }))));
  assert.equal(inserted.hasErrors, false, show(inserted.errors));
  const seen = new Set();
  let previous = '';
  for await (const o of collection.iterator()) {
    assert.ok(!seen.has(o.uuid), `iterator returned ${o.uuid} twice`);
    assert.ok(o.uuid > previous, `iterator went back from ${previous} to ${o.uuid}`);
    previous = o.uuid;
    seen.add(o.uuid);
  }
  assert.equal(seen.size, PAGED_COUNT);
  for (const id of ids) assert.ok(seen.has(id), `iterator missed ${id}`);
});

step('query.nearVector with a distance limit and a filter equals a brute-force cosine search', async () => {
  const collection = client.collections.get(ARTICLE);
  const query = articles[123].vectors.map((x, i) => x + (i % 2 ? 0.05 : -0.05));
  const maxDistance = 0.75;
  const result = await call('nearVector(distance 0.75, n > 1000, limit 25)', collection.query.nearVector(query, {
    distance: maxDistance,
    filters: collection.filter.byProperty('n').greaterThan(1000),
    limit: 25,
    returnMetadata: ['distance'],
  }));
  const expected = good
    .filter((a) => a.properties.n > 1000)
    .map((a) => ({ id: a.id, distance: cosineDistance(query, a.vectors) }))
    .filter((a) => a.distance <= maxDistance)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 25);
  assert.ok(expected.length > 5, `the brute force must find some objects (found ${expected.length})`);
  assert.deepEqual(result.objects.map((o) => o.uuid), expected.map((a) => a.id));
  result.objects.forEach((o, i) =>
    assert.ok(Math.abs(o.metadata.distance - expected[i].distance) < 1e-4, `distance ${i}: ${o.metadata.distance} vs ${expected[i].distance}`));
});

step('aggregate.overAll: total count and a numeric mean', async () => {
  const collection = client.collections.get(ARTICLE);
  const result = await call('aggregate.overAll(n: count, mean)', collection.aggregate.overAll({
    returnMetrics: collection.metrics.aggregate('n').integer(['count', 'mean', 'minimum', 'maximum']),
  }));
  assert.equal(result.totalCount, good.length, show(result));
  const ns = good.map((a) => a.properties.n);
  assert.equal(result.properties.n.count, ns.length, show(result.properties));
  assert.equal(result.properties.n.minimum, Math.min(...ns), show(result.properties));
  assert.equal(result.properties.n.maximum, Math.max(...ns), show(result.properties));
  assert.ok(Math.abs(result.properties.n.mean - ns.reduce((s, x) => s + x, 0) / ns.length) < 1e-6, show(result.properties));
});

step('data.deleteMany: dry run counts the matches and deletes nothing, then the real run deletes them', async () => {
  const collection = client.collections.get(ARTICLE);
  const filter = collection.filter.byProperty('n').greaterOrEqual(9000);
  const matching = good.filter((a) => a.properties.n >= 9000);
  const dry = await call('deleteMany(n >= 9000, dryRun)', collection.data.deleteMany(filter, { dryRun: true, verbose: true }));
  assert.equal(dry.matches, matching.length, show({ ...dry, objects: dry.objects?.length }));
  assert.equal(dry.failed, 0, show({ ...dry, objects: undefined }));
  assert.equal(new Set(dry.objects.map((o) => o.id)).size, matching.length);
  assert.equal(await call('data.exists(9500)', collection.data.exists(articles[9500].id)), true, 'a dry run deletes nothing');

  const real = await call('deleteMany(n >= 9000)', collection.data.deleteMany(filter));
  assert.equal(real.matches, matching.length, show(real));
  assert.equal(real.successful, matching.length, show(real));
  assert.equal(real.failed, 0, show(real));
  assert.equal(await call('data.exists(9500)', collection.data.exists(articles[9500].id)), false);
  assert.equal(await call('data.exists(8999)', collection.data.exists(articles[8999].id)), true);
});

step('collection.length() after deleteMany', async () => {
  const remaining = good.filter((a) => a.properties.n < 9000).length;
  assert.equal(await call('length()', client.collections.get(ARTICLE).length()), remaining);
});

step('multi-tenancy: collections.create with multiTenancy, tenants.create/get/getByName/remove', async () => {
  const collection = await call(`collections.create(${TENANTED})`, client.collections.create({
    name: TENANTED,
    properties: [{ name: 'label', dataType: 'text' }],
    multiTenancy: weaviate.configure.multiTenancy({ enabled: true }),
    vectorizers: weaviate.configure.vectors.selfProvided(),
  }));
  const config = await call('config.get()', collection.config.get());
  assert.equal(config.multiTenancy.enabled, true, show(config.multiTenancy));

  const created = await call("tenants.create(['alpha', 'beta', 'gamma'])", collection.tenants.create([{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }]));
  assert.deepEqual(created.map((t) => [t.name, t.activityStatus]), [['alpha', 'ACTIVE'], ['beta', 'ACTIVE'], ['gamma', 'ACTIVE']]);
  const listed = await call('tenants.get()', collection.tenants.get());
  assert.deepEqual(Object.keys(listed).sort(), ['alpha', 'beta', 'gamma'], show(listed));
  assert.equal(listed.alpha.activityStatus, 'ACTIVE', show(listed));
  assert.deepEqual(await call("tenants.getByName('beta')", collection.tenants.getByName('beta')), { name: 'beta', activityStatus: 'ACTIVE' });
  assert.equal(await call("tenants.getByName('nobody')", collection.tenants.getByName('nobody')), null);
  const byNames = await call("tenants.getByNames(['alpha', 'nobody'])", collection.tenants.getByNames(['alpha', 'nobody']));
  assert.deepEqual(Object.keys(byNames), ['alpha'], show(byNames));

  await call("tenants.remove('gamma')", collection.tenants.remove('gamma'));
  assert.deepEqual(Object.keys(await call('tenants.get()', collection.tenants.get())).sort(), ['alpha', 'beta']);
  await assert.rejects(collection.tenants.deactivate('alpha'), /not supported/, 'Barge keeps every tenant active: deactivating must be refused, not ignored');
});

step('multi-tenancy: insertMany into a tenant; the other tenant and the collection without a tenant see none of it', async () => {
  const collection = client.collections.get(TENANTED);
  const alpha = collection.withTenant('alpha');
  const result = await call("withTenant('alpha').data.insertMany(5)", alpha.data.insertMany(
    Array.from({ length: 5 }, (_, i) => ({ id: uuidFor('tenanted', i), properties: { label: `alpha ${i}` }, vectors: [1, i, 0] }))));
  assert.equal(result.hasErrors, false, show(result.errors));
  assert.equal(await call("withTenant('alpha').data.exists", alpha.data.exists(uuidFor('tenanted', 3))), true);
  assert.equal(await call("withTenant('beta').data.exists", collection.withTenant('beta').data.exists(uuidFor('tenanted', 3))), false);
  const noTenant = await collection.data.insertMany([{ properties: { label: 'nowhere' } }]);
  assert.equal(noTenant.hasErrors, true, 'an insert without a tenant into a multi-tenant collection must fail');
  assert.match(noTenant.errors[0].message, /multi-tenancy enabled, but request was without tenant/, show(noTenant.errors));
});

step('multi-tenancy: query a tenant', async () => {
  const alpha = client.collections.get(TENANTED).withTenant('alpha');
  const result = await call("withTenant('alpha').query.fetchObjects()", alpha.query.fetchObjects({ sort: alpha.sort.byProperty('label') }));
  assert.deepEqual(result.objects.map((o) => o.properties.label), ['alpha 0', 'alpha 1', 'alpha 2', 'alpha 3', 'alpha 4']);
  const beta = await call("withTenant('beta').query.fetchObjects()", client.collections.get(TENANTED).withTenant('beta').query.fetchObjects());
  assert.equal(beta.objects.length, 0, show(beta.objects));
});

step(`client.batch.stream(): server-side batching of ${COUNT} objects`, async () => {
  await call(`collections.create(${STREAMED})`, client.collections.create({
    name: STREAMED,
    properties: [{ name: 'label', dataType: 'text' }, { name: 'n', dataType: 'int' }],
    vectorizers: weaviate.configure.vectors.selfProvided(),
  }));
  const batching = await call('batch.stream()', client.batch.stream());
  for (let i = 0; i < COUNT; i++) {
    await batching.addObject({ collection: STREAMED, id: uuidFor('streamed', i), properties: { label: `streamed ${i}`, n: i }, vectors: [i % 7, 1, i % 3] });
  }
  // One bad object, reported by the stream rather than dropped.
  await batching.addObject({ collection: STREAMED, id: uuidFor('streamed', COUNT), properties: { n: 'not a number' } });
  await call('batching.stop()', batching.stop());
  const errors = batching.objErrors();
  assert.equal(Object.keys(errors).length, 1, show(errors));
  assert.match(Object.values(errors)[0].message, /n/, show(errors));
  assert.equal(Object.keys(batching.uuids()).length, COUNT, 'every good object must be acknowledged');
  const collection = client.collections.get(STREAMED);
  for (const i of [0, 4999, COUNT - 1]) assert.equal(await call(`data.exists(streamed ${i})`, collection.data.exists(uuidFor('streamed', i))), true);
  assert.equal(await call(`data.exists(bad streamed)`, collection.data.exists(uuidFor('streamed', COUNT))), false);
});

step('collection.length() counts what the stream stored', async () => {
  assert.equal(await call('length()', client.collections.get(STREAMED).length()), COUNT);
});
