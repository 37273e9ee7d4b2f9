// weaviate-client 3.x against a Barge that requires an API key (AUTHENTICATION_APIKEY_ENABLED): the key works for
// REST and gRPC, no key or a wrong key is refused at connect. Needs BARGE_AUTH_URL, BARGE_AUTH_GRPC_PORT, BARGE_AUTH_KEY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import weaviate from 'weaviate-client';
import { authBarge, call, show } from './support.mjs';

const server = authBarge();
const connect = (authCredentials) => weaviate.connectToLocal({ host: server.host, port: server.port, grpcPort: server.grpcPort, authCredentials });

test('with the API key: create a collection, insertMany over gRPC, read back over REST', { timeout: 60_000 }, async () => {
  const client = await call('connectToLocal(with key)', connect(new weaviate.ApiKey(server.key)));
  try {
    await call('collections.delete', client.collections.delete('V3Keyed'));
    const collection = await call('collections.create', client.collections.create({ name: 'V3Keyed', properties: [{ name: 'label', dataType: 'text' }] }));
    const result = await call('insertMany', collection.data.insertMany([{ properties: { label: 'a' } }, { properties: { label: 'b' } }]));
    assert.equal(result.hasErrors, false, show(result.errors));
    assert.equal(await call('data.exists', collection.data.exists(result.uuids[0])), true);
  } finally {
    await client.close();
  }
});

test('without a key, or with a wrong one, the client is refused', { timeout: 60_000 }, async () => {
  await assert.rejects(connect(undefined), /401|anonymous access not enabled/);
  await assert.rejects(connect(new weaviate.ApiKey('wrong-key')), /401|invalid api key/);
});
