// Drives Barge with the real weaviate-ts-client 2.2.0, step by step, the way a user's import script does:
// check the server, create the schema, batch-import objects and references, read them back, change single
// objects, delete by query. Expected values follow ../../../shared/spec/weaviate-rest.md (Weaviate 1.25).
//
// Run against a running server:  BARGE_URL=http://127.0.0.1:8080 node --test
// (dotnet test runs it through tests/Barge.EndToEnd.Tests/CompatSuiteTests.cs on a fresh server.)
//
// The steps run in order and build on each other; a failing step names the client call and prints the
// client's error text (`usage error (<status>): <body>`) or the response it got.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import weaviate from 'weaviate-ts-client';

const bargeUrl = process.env.BARGE_URL;
if (!bargeUrl) throw new Error('Set BARGE_URL to the server address, e.g. BARGE_URL=http://127.0.0.1:8080');
const url = new URL(bargeUrl);
const client = weaviate.client({ scheme: url.protocol.replace(/:$/, ''), host: url.host });

const step = (name, fn) => test(name, { timeout: 60_000 }, fn);

/** Awaits a client call; a rejection is rethrown with the call's name in front of the client's error text. */
async function call(label, promise) {
  try {
    return await promise;
  } catch (error) {
    throw new Error(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const show = (value) => JSON.stringify(value, null, 1);

// Fixed ids, so that failures are easy to follow.
const pub = {
  times: '00000000-0000-4000-8000-000000000001',
  guardian: '00000000-0000-4000-8000-000000000002',
  monde: '00000000-0000-4000-8000-000000000003',
};
const author = {
  ada: '10000000-0000-4000-8000-000000000001',
  bob: '10000000-0000-4000-8000-000000000002',
  cyd: '10000000-0000-4000-8000-000000000003',
  dee: '10000000-0000-4000-8000-000000000004',
  badAge: '10000000-0000-4000-8000-000000000005',
  badName: '10000000-0000-4000-8000-000000000006',
  eve: '10000000-0000-4000-8000-000000000007', // created later with data.creator
  ghost: '10000000-0000-4000-8000-0000000000ff', // never created
};
const beacon = (cls, id) => `weaviate://localhost/${cls}/${id}`;

step('readiness: readyChecker, liveChecker and metaGetter (version 1.25 or later)', async () => {
  assert.equal(await client.misc.readyChecker().do(), true, `misc.readyChecker() gave false: is Barge running at ${bargeUrl}?`);
  assert.equal(await client.misc.liveChecker().do(), true, 'misc.liveChecker() gave false');
  const meta = await call('misc.metaGetter()', client.misc.metaGetter().do());
  assert.match(String(meta?.version), /^1\.(2[5-9]|[3-9]\d)\.\d+$/, `GET /v1/meta version must be 1.25 or later so the client uses class-qualified paths: ${show(meta)}`);
});

step('clean slate: drop Author and Publication if a previous run left them', async () => {
  for (const cls of ['Author', 'Publication']) {
    if (await call(`schema.exists('${cls}')`, client.schema.exists(cls)))
      await call(`schema.classDeleter('${cls}')`, client.schema.classDeleter().withClassName(cls).do());
  }
});

step('schema.classCreator: Publication, then Author with writesFor: ["Publication"]', async () => {
  const publication = {
    class: 'Publication',
    description: 'A newspaper or magazine',
    vectorizer: 'none',
    properties: [
      { name: 'name', dataType: ['text'] },
      { name: 'founded', dataType: ['int'] },
    ],
  };
  const created = await call('schema.classCreator(Publication)', client.schema.classCreator().withClass(publication).do());
  assert.equal(created?.class, 'Publication', `POST /v1/schema must echo the class: ${show(created)}`);
  assert.equal(created.vectorizer, 'none', `vectorizer echoed: ${show(created)}`);
  assert.deepEqual(created.properties?.map((p) => [p.name, p.dataType]), [['name', ['text']], ['founded', ['int']]], show(created));

  const authorClass = {
    class: 'Author',
    description: 'Someone who writes',
    vectorizer: 'none',
    properties: [
      { name: 'name', dataType: ['text'] },
      { name: 'age', dataType: ['int'] },
      { name: 'born', dataType: ['date'] },
      { name: 'writesFor', dataType: ['Publication'] },
    ],
  };
  const createdAuthor = await call('schema.classCreator(Author)', client.schema.classCreator().withClass(authorClass).do());
  assert.equal(createdAuthor?.class, 'Author', show(createdAuthor));
  assert.deepEqual(
    createdAuthor.properties?.map((p) => [p.name, p.dataType]),
    [['name', ['text']], ['age', ['int']], ['born', ['date']], ['writesFor', ['Publication']]],
    show(createdAuthor));
});

step('schema.getter and schema.exists see both classes', async () => {
  const schema = await call('schema.getter()', client.schema.getter().do());
  const classes = schema?.classes ?? [];
  const names = classes.map((c) => c.class);
  assert.ok(names.includes('Publication') && names.includes('Author'), `GET /v1/schema classes: ${show(names)}`);
  const writesFor = classes.find((c) => c.class === 'Author').properties?.find((p) => p.name === 'writesFor');
  assert.deepEqual(writesFor?.dataType, ['Publication'], `Author.writesFor in GET /v1/schema: ${show(writesFor)}`);
  assert.equal(await call("schema.exists('Author')", client.schema.exists('Author')), true);
  assert.equal(await call("schema.exists('Publication')", client.schema.exists('Publication')), true);
  assert.equal(await call("schema.exists('Nope')", client.schema.exists('Nope')), false);
});

step('batch.objectsBatcher: three publications, all SUCCESS', async () => {
  const result = await call('batch.objectsBatcher(Publication)', client.batch.objectsBatcher().withObjects(
    { class: 'Publication', id: pub.times, properties: { name: 'The Times', founded: 1785 }, vector: [1, 0, 0] },
    { class: 'Publication', id: pub.guardian, properties: { name: 'The Guardian', founded: 1821 }, vector: [0, 1, 0] },
    { class: 'Publication', id: pub.monde, properties: { name: 'Le Monde', founded: 1944 }, vector: [0, 0, 1] },
  ).do());
  assert.ok(Array.isArray(result) && result.length === 3, `POST /v1/batch/objects must answer an array, one item per object: ${show(result)}`);
  result.forEach((item, i) => {
    assert.equal(item.result?.status, 'SUCCESS', `item ${i}: ${show(item)}`);
    assert.equal(item.result?.errors, undefined, `item ${i} has no errors key on success: ${show(item)}`);
  });
  assert.deepEqual(result.map((r) => r.id), [pub.times, pub.guardian, pub.monde], 'ids echoed in input order');
  assert.deepEqual(result[0].properties, { name: 'The Times', founded: 1785 }, `normalized properties echoed: ${show(result[0])}`);
});

step('batch.objectsBatcher: authors with two type errors → those two FAILED with the message, the rest SUCCESS', async () => {
  const result = await call('batch.objectsBatcher(Author)', client.batch.objectsBatcher().withObjects(
    { class: 'Author', id: author.ada, properties: { name: 'Ada', age: 35, born: '1989-05-01T10:00:00+02:00' }, vector: [0.5, 0.25, -1] },
    { class: 'Author', id: author.bob, properties: { name: 'Bob', age: 41 }, vector: [0.5, 0.5, 0.5] },
    { class: 'Author', id: author.badAge, properties: { name: 'Bad age', age: 'forty' } },
    { class: 'Author', id: author.cyd, properties: { name: 'Cyd', age: 52 } },
    { class: 'Author', id: author.badName, properties: { name: 42, age: 1 } },
    { class: 'Author', id: author.dee, properties: { name: 'Dee', age: 28 } },
  ).do());
  assert.ok(Array.isArray(result) && result.length === 6, `one item per object: ${show(result)}`);
  assert.deepEqual(result.map((r) => r.id), [author.ada, author.bob, author.badAge, author.cyd, author.badName, author.dee], `input order: ${show(result)}`);
  assert.deepEqual(result.map((r) => r.result?.status), ['SUCCESS', 'SUCCESS', 'FAILED', 'SUCCESS', 'FAILED', 'SUCCESS'], show(result));
  assert.deepEqual(result[2].result.errors?.error?.map((e) => e.message),
    ["invalid integer property 'age' on class 'Author': requires an integer, the given value is 'forty'"], show(result[2]));
  assert.deepEqual(result[4].result.errors?.error?.map((e) => e.message),
    ["invalid text property 'name' on class 'Author': not a string, but json.Number"], show(result[4]));
  assert.equal(result[0].properties?.born, '1989-05-01T10:00:00+02:00', `dates keep their offset: ${show(result[0])}`);
  assert.equal(await call('data.checker(badAge)', client.data.checker().withClassName('Author').withId(author.badAge).do()), false,
    'a FAILED item must not be stored');
  assert.equal(await call('data.checker(badName)', client.data.checker().withClassName('Author').withId(author.badName).do()), false,
    'a FAILED item must not be stored');
});

step('batch.referencesBatcher with referencePayloadBuilder: long from, class-qualified to', async () => {
  const ref = (from, to) => client.batch.referencePayloadBuilder()
    .withFromClassName('Author').withFromRefProp('writesFor').withFromId(from)
    .withToClassName('Publication').withToId(to).payload();
  const refs = [ref(author.ada, pub.times), ref(author.ada, pub.guardian), ref(author.bob, pub.times), ref(author.cyd, pub.monde),
    ref(author.ghost, pub.times)];
  assert.deepEqual(refs[0], { from: `weaviate://localhost/Author/${author.ada}/writesFor`, to: beacon('Publication', pub.times) });
  const result = await call('batch.referencesBatcher()', client.batch.referencesBatcher().withReferences(...refs).do());
  assert.ok(Array.isArray(result) && result.length === 5, `POST /v1/batch/references must answer an array, one row per reference: ${show(result)}`);
  assert.deepEqual(result.map((r) => r.result?.status), ['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILED'], show(result));
  for (let i = 0; i < 4; i++) {
    assert.equal(result[i].from, refs[i].from, `row ${i}: ${show(result[i])}`);
    assert.equal(result[i].to, refs[i].to, `row ${i}: ${show(result[i])}`);
  }
  assert.deepEqual(result[4].result.errors?.error?.map((e) => e.message), [`object with id ${author.ghost} not found`],
    `a missing source fails its row: ${show(result[4])}`);
});

step('data.getterById: object with references, withVector adds the vector', async () => {
  const ada = await call('data.getterById(ada).withVector()',
    client.data.getterById().withClassName('Author').withId(author.ada).withVector().do());
  assert.equal(ada?.class, 'Author', show(ada));
  assert.equal(ada.id, author.ada, show(ada));
  assert.equal(ada.properties?.name, 'Ada', show(ada));
  assert.equal(ada.properties?.age, 35, show(ada));
  assert.equal(ada.properties?.born, '1989-05-01T10:00:00+02:00', show(ada));
  assert.deepEqual(ada.properties?.writesFor, [
    { beacon: beacon('Publication', pub.times), href: `/v1/objects/Publication/${pub.times}` },
    { beacon: beacon('Publication', pub.guardian), href: `/v1/objects/Publication/${pub.guardian}` },
  ], `references added by batch: ${show(ada)}`);
  assert.deepEqual(ada.vector, [0.5, 0.25, -1], `include=vector: ${show(ada)}`);
  assert.equal(typeof ada.creationTimeUnix, 'number', show(ada));
  assert.equal(typeof ada.lastUpdateTimeUnix, 'number', show(ada));

  const plain = await call('data.getterById(ada)', client.data.getterById().withClassName('Author').withId(author.ada).do());
  assert.equal(plain?.vector, undefined, `no vector without include=vector: ${show(plain)}`);

  const bob = await call('data.getterById(bob)', client.data.getterById().withClassName('Author').withId(author.bob).do());
  assert.deepEqual(bob?.properties?.writesFor?.map((r) => r.beacon), [beacon('Publication', pub.times)], show(bob));
});

step('data.getter().withClassName: lists the imported objects', async () => {
  const list = await call("data.getter().withClassName('Author')", client.data.getter().withClassName('Author').do());
  const ids = (list?.objects ?? []).map((o) => o.id).sort();
  assert.deepEqual(ids, [author.ada, author.bob, author.cyd, author.dee].sort(), `GET /v1/objects?class=Author: ${show(list)}`);
  assert.equal(list.totalResults, 4, show(list));
  assert.ok(list.objects.every((o) => o.class === 'Author' && o.vector === undefined), show(list));

  const pubs = await call("data.getter().withClassName('Publication').withVector().withLimit(2)",
    client.data.getter().withClassName('Publication').withVector().withLimit(2).do());
  assert.equal(pubs?.objects?.length, 2, `limit=2: ${show(pubs)}`);
  assert.ok(pubs.objects.every((o) => o.class === 'Publication' && Array.isArray(o.vector) && o.vector.length === 3), `include=vector: ${show(pubs)}`);
});

step('data.checker: true for stored objects, false for unknown ones', async () => {
  assert.equal(await call('data.checker(ada)', client.data.checker().withClassName('Author').withId(author.ada).do()), true);
  assert.equal(await call('data.checker(times)', client.data.checker().withClassName('Publication').withId(pub.times).do()), true);
  assert.equal(await call('data.checker(ghost)', client.data.checker().withClassName('Author').withId(author.ghost).do()), false);
});

step('data.creator: a single object with a reference; the same id again is refused', async () => {
  const created = await call('data.creator(eve)', client.data.creator().withClassName('Author').withId(author.eve)
    .withProperties({ name: 'Eve', age: 60, writesFor: [{ beacon: beacon('Publication', pub.guardian) }] })
    .withVector([0.1, 0.2, 0.3]).do());
  assert.equal(created?.id, author.eve, `POST /v1/objects echoes the object: ${show(created)}`);
  assert.equal(created.class, 'Author', show(created));
  assert.equal(created.properties?.name, 'Eve', show(created));

  const eve = await call('data.getterById(eve)', client.data.getterById().withClassName('Author').withId(author.eve).do());
  assert.equal(eve?.properties?.age, 60, show(eve));
  assert.deepEqual(eve.properties?.writesFor?.map((r) => r.beacon), [beacon('Publication', pub.guardian)], show(eve));

  await assert.rejects(
    client.data.creator().withClassName('Author').withId(author.eve).withProperties({ name: 'Eve again' }).do(),
    (error) => {
      assert.match(error.message, /^usage error \(422\): /, error.message);
      assert.ok(error.message.includes(`id '${author.eve}' already exists`), error.message);
      return true;
    });
});

step('data.updater: PUT replaces the whole object', async () => {
  const updated = await call('data.updater(eve)', client.data.updater().withClassName('Author').withId(author.eve)
    .withProperties({ name: 'Eve Updated' }).do());
  assert.equal(updated?.properties?.name, 'Eve Updated', `PUT echoes the object: ${show(updated)}`);
  const eve = await call('data.getterById(eve)', client.data.getterById().withClassName('Author').withId(author.eve).do());
  assert.equal(eve?.properties?.name, 'Eve Updated', show(eve));
  assert.equal(eve.properties?.age, undefined, `properties left out of a PUT are gone: ${show(eve)}`);
  assert.equal(eve.properties?.writesFor, undefined, `properties left out of a PUT are gone: ${show(eve)}`);
});

step('data.merger: PATCH changes only the given properties', async () => {
  await call('data.merger(bob)', client.data.merger().withClassName('Author').withId(author.bob).withProperties({ age: 99 }).do());
  const bob = await call('data.getterById(bob)', client.data.getterById().withClassName('Author').withId(author.bob).do());
  assert.equal(bob?.properties?.age, 99, show(bob));
  assert.equal(bob.properties?.name, 'Bob', `untouched by PATCH: ${show(bob)}`);
  assert.deepEqual(bob.properties?.writesFor?.map((r) => r.beacon), [beacon('Publication', pub.times)], `untouched by PATCH: ${show(bob)}`);
});

step('data.referenceCreator: adds a reference to a stored object', async () => {
  const reference = client.data.referencePayloadBuilder().withClassName('Publication').withId(pub.monde).payload();
  assert.deepEqual(reference, { beacon: beacon('Publication', pub.monde) });
  await call('data.referenceCreator(bob → monde)', client.data.referenceCreator().withClassName('Author').withId(author.bob)
    .withReferenceProperty('writesFor').withReference(reference).do());
  const bob = await call('data.getterById(bob)', client.data.getterById().withClassName('Author').withId(author.bob).do());
  assert.deepEqual(bob?.properties?.writesFor?.map((r) => r.beacon), [beacon('Publication', pub.times), beacon('Publication', pub.monde)], show(bob));
});

// Authors older than 50 are now Bob (99), Cyd (52); Eve lost her age in the PUT.
const olderThan50 = { path: ['age'], operator: 'GreaterThan', valueInt: 50 };

const authorIds = async () => {
  const list = await call("data.getter().withClassName('Author')", client.data.getter().withClassName('Author').do());
  return (list?.objects ?? []).map((o) => o.id).sort();
};

step('batch.objectsBatchDeleter: dry run with verbose output lists DRYRUN objects and deletes nothing', async () => {
  const before = await authorIds();
  const result = await call('batch.objectsBatchDeleter().withDryRun(true).withOutput(verbose)', client.batch.objectsBatchDeleter()
    .withClassName('Author').withWhere(olderThan50).withDryRun(true).withOutput('verbose').do());
  assert.equal(result?.dryRun, true, show(result));
  assert.equal(result.output, 'verbose', show(result));
  assert.equal(result.match?.class, 'Author', show(result));
  assert.equal(result.match?.where?.operator, 'GreaterThan', show(result));
  assert.equal(result.results?.matches, 2, show(result));
  assert.equal(result.results?.successful, 0, show(result));
  assert.equal(result.results?.failed, 0, show(result));
  assert.equal(result.results?.limit, 10000, show(result));
  assert.deepEqual(
    (result.results?.objects ?? []).map((o) => [o.id, o.status]).sort(),
    [[author.bob, 'DRYRUN'], [author.cyd, 'DRYRUN']], show(result));
  assert.deepEqual(await authorIds(), before, 'a dry run must not delete anything');
  assert.equal(await call('data.checker(bob)', client.data.checker().withClassName('Author').withId(author.bob).do()), true);
});

step('batch.objectsBatchDeleter: dry run with minimal output has objects null', async () => {
  const result = await call('batch.objectsBatchDeleter().withDryRun(true).withOutput(minimal)', client.batch.objectsBatchDeleter()
    .withClassName('Author').withWhere(olderThan50).withDryRun(true).withOutput('minimal').do());
  assert.equal(result?.output, 'minimal', show(result));
  assert.equal(result.dryRun, true, show(result));
  assert.equal(result.results?.matches, 2, show(result));
  assert.equal(result.results?.successful, 0, show(result));
  assert.strictEqual(result.results?.objects, null, `minimal output lists nothing: objects must be null: ${show(result)}`);
  assert.equal((await authorIds()).length, 5, 'a dry run must not delete anything');
});

step('batch.objectsBatchDeleter: real delete, confirmed with the getter', async () => {
  const result = await call('batch.objectsBatchDeleter()', client.batch.objectsBatchDeleter()
    .withClassName('Author').withWhere(olderThan50).do());
  assert.equal(result?.dryRun, false, `defaults filled in: ${show(result)}`);
  assert.equal(result.output, 'minimal', `defaults filled in: ${show(result)}`);
  assert.equal(result.results?.matches, 2, show(result));
  assert.equal(result.results?.successful, 2, show(result));
  assert.equal(result.results?.failed, 0, show(result));
  assert.strictEqual(result.results?.objects, null, show(result));

  assert.deepEqual(await authorIds(), [author.ada, author.dee, author.eve].sort(), 'Bob and Cyd are gone, the rest stays');
  assert.equal(await call('data.checker(bob)', client.data.checker().withClassName('Author').withId(author.bob).do()), false);
  assert.equal(await call('data.checker(cyd)', client.data.checker().withClassName('Author').withId(author.cyd).do()), false);
  await assert.rejects(client.data.getterById().withClassName('Author').withId(author.cyd).do(),
    (error) => /^usage error \(404\)/.test(error.message), 'GET of a deleted object is 404');

  const again = await call('batch.objectsBatchDeleter() again', client.batch.objectsBatchDeleter()
    .withClassName('Author').withWhere(olderThan50).do());
  assert.equal(again?.results?.matches, 0, `nothing left to match: ${show(again)}`);
});
