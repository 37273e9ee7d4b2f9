// What the weaviate-client 3.x and LangChain tests share: where the server is, and small helpers.
import { createHash } from 'node:crypto';

function server(urlVariable, grpcPortVariable, grpcHostVariable) {
  const url = process.env[urlVariable];
  const grpcPort = process.env[grpcPortVariable];
  if (!url || !grpcPort)
    throw new Error(`Set ${urlVariable} and ${grpcPortVariable} to the server's REST address and gRPC port, e.g. ${urlVariable}=http://127.0.0.1:8080 ${grpcPortVariable}=50051`);
  const parsed = new URL(url);
  return {
    url,
    host: (grpcHostVariable && process.env[grpcHostVariable]) || parsed.hostname,
    port: Number(parsed.port || 80),
    grpcPort: Number(grpcPort),
  };
}

/** The server every test uses: BARGE_URL, BARGE_GRPC_PORT (and BARGE_GRPC_HOST, default BARGE_URL's host). */
export const barge = server('BARGE_URL', 'BARGE_GRPC_PORT', 'BARGE_GRPC_HOST');

/** The server that requires an API key (BARGE_AUTH_URL, BARGE_AUTH_GRPC_PORT, BARGE_AUTH_KEY). */
export function authBarge() {
  const key = process.env.BARGE_AUTH_KEY;
  if (!key) throw new Error('Set BARGE_AUTH_URL, BARGE_AUTH_GRPC_PORT and BARGE_AUTH_KEY to a Barge started with AUTHENTICATION_APIKEY_ENABLED=true and that key in AUTHENTICATION_APIKEY_ALLOWED_KEYS');
  return { ...server('BARGE_AUTH_URL', 'BARGE_AUTH_GRPC_PORT'), key };
}

/** Awaits a client call; a rejection is rethrown with the call's name in front of the client's error text. */
export async function call(label, promise) {
  try {
    return await promise;
  } catch (error) {
    throw new Error(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const show = (value) => JSON.stringify(value, null, 1);

/** A fixed version-4 UUID for (kind, i), so that failures are easy to follow and runs are repeatable. */
export function uuidFor(kind, i) {
  const h = createHash('sha256').update(`${kind}/${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A seeded generator of numbers in [0, 1) (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Weaviate's cosine distance, 1 - cos(a, b), computed in double precision. */
export function cosineDistance(a, b) {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return 1 - dot / Math.sqrt(na * nb);
}
