// A reference BM25F and hybrid fusion, written from Weaviate's definitions independently of Barge's code, so that the
// keyword tests can check every score the server returns against a brute-force computation over the same objects.

// Weaviate's `en` stopword preset.
const STOPWORDS = new Set(('a an and are as at be but by for if in into is it no not of on or such that the their then ' +
  'there these they this to was will with').split(' '));

/** Terms of a text per tokenization (word: runs of letters and digits, lower-cased; field: the trimmed whole). */
export function tokenize(tokenization, text) {
  switch (tokenization) {
    case 'field': return text.trim() ? [text.trim()] : [];
    case 'lowercase': return text.split(/\s+/).filter(Boolean).map((t) => t.toLowerCase());
    case 'whitespace': return text.split(/\s+/).filter(Boolean);
    default: return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
}

const tokensOf = (value, tokenization) =>
  value === undefined || value === null ? null
    : Array.isArray(value) ? value.flatMap((v) => tokenize(tokenization, v)) : tokenize(tokenization, value);

/**
 * BM25F scores of `objects` ({id, properties}) for `query` over `fields` ([{name, tokenization, boost}]):
 * per query term (split per tokenization, stopwords dropped from word terms, repeats multiplying its idf),
 * f = sum over fields holding it of count × boost, L = sum of those fields' lengths,
 * score = Σ idf · f / (f + k1 (1 − b + b L / avgLen)), idf = ln(1 + (N − n + ½) / (n + ½)),
 * avgLen = mean over fields of the field's mean length. N, n and lengths count all objects; `admit` picks candidates.
 * Returns [{id, score, explain}] (explain in Weaviate's explainScore form) of admitted objects holding a term, best first.
 */
export function bm25f(objects, query, fields, { k1 = 1.2, b = 0.75, admit = () => true } = {}) {
  const terms = [];
  for (const tokenization of new Set(fields.map((f) => f.tokenization))) {
    const counts = new Map();
    for (const t of tokenize(tokenization, query)) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [text, repeats] of counts)
      if (tokenization !== 'word' || !STOPWORDS.has(text))
        terms.push({ text, repeats, fields: fields.filter((f) => f.tokenization === tokenization) });
  }
  const docs = objects.map((o) => ({
    id: o.id, o,
    fields: new Map(fields.map((f) => [f.name, tokensOf(o.properties[f.name], f.tokenization)])),
  }));
  const means = fields.map((f) => {
    const lengths = docs.map((d) => d.fields.get(f.name)).filter((t) => t !== null).map((t) => t.length);
    return lengths.length ? lengths.reduce((a, c) => a + c, 0) / lengths.length : 0;
  });
  const avgLen = means.reduce((a, c) => a + c, 0) / fields.length;
  const N = docs.length;
  const holds = (d, term, f) => (d.fields.get(f.name) ?? []).filter((t) => t === term.text).length;
  for (const term of terms) {
    const n = docs.filter((d) => term.fields.some((f) => holds(d, term, f) > 0)).length;
    term.idf = Math.log(1 + (N - n + 0.5) / (n + 0.5)) * term.repeats;
  }
  const scored = [];
  for (const d of docs) {
    if (!admit(d.o)) continue;
    let score = 0, held = 0, explain = '';
    for (const term of terms) {
      let f = 0, L = 0;
      for (const field of term.fields) {
        const c = holds(d, term, field);
        if (c > 0) { f += c * field.boost; L += d.fields.get(field.name).length; }
      }
      if (L === 0) continue;
      held++;
      explain += `, BM25F_${term.text}_frequency:${f}, BM25F_${term.text}_propLength:${L}`;
      score += term.idf * f / (f + k1 * (1 - b + b * L / avgLen));
    }
    if (held > 0) scored.push({ id: d.id, score, explain });
  }
  return scored.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
}

/** Weaviate's fusions of [keyword, vector] result sets ([{id, score}] best first) with weights [1 − alpha, alpha]. */
export function fuse(fusion, sets) {
  const fused = new Map();
  for (const { weight, results } of sets) {
    if (fusion === 'ranked') {
      results.forEach((r, i) => fused.set(r.id, (fused.get(r.id) ?? 0) + weight / (i + 60)));
    } else if (results.length) {
      const max = Math.max(...results.map((r) => r.score));
      const min = Math.min(...results.map((r) => r.score));
      for (const r of results)
        fused.set(r.id, (fused.get(r.id) ?? 0) + (max === min ? weight : weight * (r.score - min) / (max - min)));
    }
  }
  return [...fused].map(([id, score]) => ({ id, score })).sort((x, y) => y.score - x.score);
}

/** Weaviate's autocut: how many of the values (in result order) to keep before the `jumps`-th jump. */
export function autocut(values, jumps) {
  if (values.length <= 2) return values.length;
  const last = values.length - 1;
  const diff = values.map((v, i) => (v - values[0]) / (values[last] - values[0]) - i / last);
  let extrema = 0;
  for (let i = 1; i < diff.length; i++) {
    const jump = i === last ? diff[i] > diff[i - 1] && diff[i] > diff[i - 2] : diff[i] > diff[i - 1] && diff[i] > diff[i + 1];
    if (jump && ++extrema >= jumps) return i;
  }
  return values.length;
}
