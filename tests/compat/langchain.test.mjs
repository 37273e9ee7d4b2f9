// LangChain's @langchain/weaviate against Barge: WeaviateStore.fromTexts with deterministic fake embeddings, then
// similaritySearch, whose answer must equal a brute-force cosine search over the same embeddings.
// Run: BARGE_URL=http://127.0.0.1:8080 BARGE_GRPC_PORT=50051 node_modules/.bin/node --test langchain.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import weaviate from 'weaviate-client';
import { WeaviateStore } from '@langchain/weaviate';
import { Embeddings } from '@langchain/core/embeddings';
import { barge, call, cosineDistance } from './support.mjs';

/** Deterministic embeddings: letter frequencies of the text (26 dimensions), so similar texts are near. */
class LetterEmbeddings extends Embeddings {
  constructor() { super({}); }
  embed(text) {
    const v = Array(26).fill(0.01);
    for (const ch of text.toLowerCase()) { const c = ch.charCodeAt(0) - 97; if (c >= 0 && c < 26) v[c] += 1; }
    return v;
  }
  async embedDocuments(texts) { return texts.map((t) => this.embed(t)); }
  async embedQuery(text) { return this.embed(text); }
}

const client = await weaviate.connectToLocal({ host: barge.host, port: barge.port, grpcPort: barge.grpcPort });
after(() => client.close());

const INDEX = 'LangchainDocs';
const texts = ['apples and bananas', 'zebra zoo zigzag', 'quick brown fox', 'lazy dog sleeps', 'banana bread recipe',
  'xylophone music', 'apple pie', 'jumping jackals', 'kiwi and mango', 'brown bears fish'];
const metadatas = texts.map((_, i) => ({ position: i, kind: i % 2 ? 'odd' : 'even' }));

test('WeaviateStore.fromTexts, then similaritySearch returns the nearest texts (brute force)', { timeout: 120_000 }, async () => {
  await call(`collections.delete('${INDEX}')`, client.collections.delete(INDEX));
  const embeddings = new LetterEmbeddings();
  const store = await call('WeaviateStore.fromTexts', WeaviateStore.fromTexts(texts, metadatas, embeddings, { client, indexName: INDEX }));
  const query = 'banana apple';
  const q = embeddings.embed(query);
  const expected = texts.map((t) => ({ t, d: cosineDistance(q, embeddings.embed(t)) })).sort((a, b) => a.d - b.d).slice(0, 3).map((x) => x.t);
  const found = await call('similaritySearch', store.similaritySearch(query, 3));
  assert.deepEqual(found.map((d) => d.pageContent), expected);
  assert.deepEqual(found.map((d) => d.metadata.position), expected.map((t) => texts.indexOf(t)));
});
