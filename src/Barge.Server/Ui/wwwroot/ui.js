// Barge journal page: plain JavaScript, no dependencies. Every view has its own address (/ui/batches,
// /ui/batches/{id}, /ui/classes) and draws itself from the API, sending the key typed once and kept for the browser
// session (sessionStorage: gone when the tab closes, never sent anywhere but this server).
"use strict";

const KEY = "barge.key";
const PAGE = 50;           // rows per page of a list
const REFRESH_MS = 2000;   // how often the batch list and chart are read again
const CHART_MINUTES = 60;
const COLORS = ["#0b57b0", "#b00020", "#1e6b2f", "#8a5300", "#6a1b9a", "#00695c", "#4d4d4d"];

let timer = null;           // the current view's refresh
let you = null;             // what /api/batch says the key may do

// ---------- small helpers ----------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function say(text, error) {
  const status = document.getElementById("status");
  status.textContent = text || "";
  status.classList.toggle("error", !!error);
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options) {
  const headers = { Accept: "application/json" };
  const key = sessionStorage.getItem(KEY);
  if (key) headers.Authorization = "Bearer " + key;
  const response = await fetch(path, { ...options, headers });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = text; }
  if (!response.ok) {
    const message = (body && (body.detail || (body.error && body.error[0] && body.error[0].message) || body.message)) || response.statusText;
    throw new ApiError(response.status, message);
  }
  return { body, total: Number(response.headers.get("x-total-count") || 0) };
}

function failed(error) {
  if (error instanceof ApiError && error.status === 401) {
    say("The server wants an API key: type it above and press Use key.", true);
    document.getElementById("key").focus();
  } else if (error instanceof ApiError && error.status === 403) {
    say("This key may not do that: " + error.message, true);
  } else {
    say(String(error.message || error), true);
  }
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

function duration(ms) {
  if (ms === null || ms === undefined) return "running";
  if (ms < 1000) return ms + " ms";
  if (ms < 60000) return (ms / 1000).toFixed(1) + " s";
  return Math.floor(ms / 60000) + " min " + Math.round((ms % 60000) / 1000) + " s";
}

function dialect(service) { return (service || "").split(".")[0] || "unknown"; }

function badge(status) { return el("span", { class: "badge " + status, text: status }); }

function link(href, text) { return el("a", { href, "data-route": "" }, text); }

function query() { return new URLSearchParams(location.search); }

// ---------- the key ----------

async function whoAmI() {
  const who = document.getElementById("who");
  try {
    you = (await api("/api/batch")).body.you;
    who.textContent = "as " + you.user + (you.canWrite ? "" : " (read-only)");
  } catch (error) {
    you = null;
    who.textContent = "";
    if (!(error instanceof ApiError && error.status === 401)) failed(error);
  }
}

function setupKey() {
  const form = document.getElementById("key-form");
  const input = document.getElementById("key");
  input.value = sessionStorage.getItem(KEY) || "";
  form.addEventListener("submit", async event => {
    event.preventDefault();
    if (input.value.trim()) sessionStorage.setItem(KEY, input.value.trim());
    else sessionStorage.removeItem(KEY);
    say("");
    await whoAmI();
    route();
  });
}

// ---------- routing ----------

function go(href) {
  history.pushState(null, "", href);
  route();
}

document.addEventListener("click", event => {
  const a = event.target.closest && event.target.closest("a[data-route]");
  if (!a || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  go(a.getAttribute("href"));
});
window.addEventListener("popstate", () => route());

function route() {
  clearTimeout(timer);
  timer = null;
  say("");
  const path = location.pathname.replace(/\/+$/, "");
  const view = document.getElementById("view");
  view.replaceChildren();
  let current = "batches";
  const one = path.match(/^\/ui\/batches\/(.+)$/);
  if (one) showBatch(view, decodeURIComponent(one[1]));
  else if (path === "/ui/classes") { current = "classes"; showClasses(view); }
  else showBatches(view);
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (a.dataset.nav === current) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
}

// ---------- /ui/batches ----------

function showBatches(view) {
  const q = query();
  document.title = "Batches · Barge";
  const field = (id, label, input) => el("div", {}, el("label", { for: id, text: label }), input);
  const status = el("select", { id: "f-status", name: "status" },
    ["", "running", "success", "partial", "failed"].map(s => el("option", { value: s, selected: q.get("status") === s, text: s || "any" })));
  const form = el("form", { class: "filters", role: "search", "aria-label": "Filter batches" },
    field("f-status", "Status", status),
    field("f-name", "Name", el("input", { id: "f-name", name: "name", value: q.get("name") || "" })),
    field("f-class", "Collection", el("input", { id: "f-class", name: "class", value: q.get("class") || "" })),
    field("f-since", "Since (UTC)", el("input", { id: "f-since", name: "since", type: "datetime-local", value: q.get("since") || "" })),
    field("f-until", "Until (UTC)", el("input", { id: "f-until", name: "until", type: "datetime-local", value: q.get("until") || "" })),
    el("div", {}, el("button", { type: "submit", text: "Filter" })));
  form.addEventListener("submit", event => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (value) next.set(name, value);
    go("/ui/batches" + (next.toString() ? "?" + next : ""));
  });

  const chart = el("section", { class: "chart", "aria-labelledby": "chart-title" },
    el("h2", { id: "chart-title", text: "Objects per second, last hour, by dialect" }), el("div", { id: "chart-body" }));
  const table = el("div", { id: "batch-table", class: "table-wrap" });
  const pager = el("div", { class: "pager", id: "batch-pager" });
  view.append(el("h1", { text: "Batches" }), chart, form, table, pager);

  const skip = Math.max(0, Number(q.get("skip") || 0));
  const load = async () => {
    const params = new URLSearchParams({ summary: "false", _limit: String(PAGE), _skip: String(skip) });
    for (const name of ["status", "name", "class"]) if (q.get(name)) params.set(name, q.get(name));
    for (const name of ["since", "until"]) if (q.get(name)) params.set(name, q.get(name) + "Z");
    try {
      const [list, recent] = await Promise.all([
        api("/api/batch/v1?" + params),
        api("/api/batch/v1?summary=false&_limit=10000&since=" + new Date(Date.now() - CHART_MINUTES * 60000).toISOString()),
      ]);
      drawBatches(table, list.body, list.total, skip);
      drawPager(pager, list.total, skip, list.body.length);
      drawChart(document.getElementById("chart-body"), recent.body);
      say("");
    } catch (error) { failed(error); }
    if (document.body.contains(table)) timer = setTimeout(load, REFRESH_MS);
  };
  load();
}

function drawBatches(target, batches, total, skip) {
  const head = ["Batch", "Status", "Dialect", "Name", "Source", "User", "Started", "Duration", "Succeeded", "Failed"];
  const rows = batches.map(b => el("tr", { "data-batch": b._id },
    el("td", { "data-label": "Batch", class: "id" }, link("/ui/batches/" + encodeURIComponent(b._id), b._id)),
    el("td", { "data-label": "Status" }, badge(b.status)),
    el("td", { "data-label": "Dialect", text: dialect(b.service) }),
    el("td", { "data-label": "Name", text: b.name || "" }),
    el("td", { "data-label": "Source", text: b.source || "" }),
    el("td", { "data-label": "User", text: b.user }),
    el("td", { "data-label": "Started", text: when(b.started) }),
    el("td", { "data-label": "Duration", text: duration(b.durationMs) }),
    el("td", { "data-label": "Succeeded", class: "num", "data-field": "succeeded", text: b.counts.succeeded }),
    el("td", { "data-label": "Failed", class: "num", "data-field": "failed", text: b.counts.failed })));
  const caption = total === 0 ? "No batches match." :
    `Batches ${skip + 1}–${skip + batches.length} of ${total}, newest first; refreshed every ${REFRESH_MS / 1000} s.`;
  target.replaceChildren(el("table", { class: "stack", id: "batches" },
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, head.map(h => el("th", { scope: "col", class: h === "Succeeded" || h === "Failed" ? "num" : null, text: h })))),
    el("tbody", {}, rows)));
}

function drawPager(target, total, skip, shown) {
  const q = query();
  const page = s => { const p = new URLSearchParams(q); if (s > 0) p.set("skip", String(s)); else p.delete("skip"); return "/ui/batches" + (p.toString() ? "?" + p : ""); };
  target.replaceChildren(
    skip > 0 ? link(page(Math.max(0, skip - PAGE)), "Newer") : null,
    skip + shown < total ? link(page(skip + PAGE), "Older") : null);
}

// Objects per second by dialect over the last hour: each finished batch's written objects spread over its
// duration, in one-minute buckets.
function drawChart(target, batches) {
  const now = Date.now();
  const start = now - CHART_MINUTES * 60000;
  const series = new Map();
  for (const b of batches) {
    if (b.dryRun || !b.counts.succeeded) continue;
    const begin = Date.parse(b.started);
    const end = b.ended ? Date.parse(b.ended) : now;
    const name = dialect(b.service);
    if (!series.has(name)) series.set(name, new Array(CHART_MINUTES).fill(0));
    const buckets = series.get(name);
    const span = Math.max(1, end - begin);
    for (let m = 0; m < CHART_MINUTES; m++) {
      const from = start + m * 60000, to = from + 60000;
      const overlap = Math.min(to, Math.max(end, begin + 1)) - Math.max(from, begin);
      if (overlap > 0) buckets[m] += b.counts.succeeded * overlap / span / 60;
    }
  }
  if (series.size === 0) {
    target.replaceChildren(el("p", { text: "No objects written in the last hour." }));
    return;
  }
  const w = 600, h = 160, pad = 30;
  const max = Math.max(1, ...[...series.values()].flat());
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h + 20}`);
  svg.setAttribute("role", "img");
  const totals = [...series].map(([name, b]) => `${name} ${b.reduce((a, x) => a + x * 60, 0).toFixed(0)} objects`);
  svg.setAttribute("aria-label", `Objects per second by dialect over the last hour, peak ${max.toFixed(1)}/s: ${totals.join(", ")}`);
  const line = (x1, y1, x2, y2, color) => {
    const l = document.createElementNS(ns, "line");
    for (const [k, v] of Object.entries({ x1, y1, x2, y2, stroke: color, "stroke-width": 1 })) l.setAttribute(k, v);
    svg.append(l);
  };
  const text = (x, y, value, anchor) => {
    const t = document.createElementNS(ns, "text");
    for (const [k, v] of Object.entries({ x, y, "font-size": 11, fill: "#4d4d4d", "text-anchor": anchor || "start" })) t.setAttribute(k, v);
    t.textContent = value;
    svg.append(t);
  };
  line(pad, h, w, h, "#767676");
  line(pad, 4, pad, h, "#767676");
  text(pad - 4, 12, max.toFixed(1) + "/s", "end");
  text(pad - 4, h, "0", "end");
  text(pad, h + 16, "60 min ago");
  text(w, h + 16, "now", "end");
  const legend = el("ul", { class: "legend" });
  let i = 0;
  for (const [name, buckets] of series) {
    const color = COLORS[i++ % COLORS.length];
    const points = buckets.map((v, m) => `${pad + (w - pad) * (m + 0.5) / CHART_MINUTES},${h - (h - 8) * v / max}`).join(" ");
    const poly = document.createElementNS(ns, "polyline");
    for (const [k, v] of Object.entries({ points, fill: "none", stroke: color, "stroke-width": 2 })) poly.setAttribute(k, v);
    svg.append(poly);
    legend.append(el("li", {}, el("span", { class: "swatch", style: null }), name));
    legend.lastChild.firstChild.setAttribute("data-color", color);
  }
  target.replaceChildren(svg, legend);
  // Colours set from script (the page's policy allows no inline style attributes in markup).
  for (const swatch of legend.querySelectorAll("[data-color]")) swatch.style.background = swatch.dataset.color;
}

// ---------- /ui/batches/{id} ----------

async function showBatch(view, id) {
  document.title = "Batch " + id + " · Barge";
  view.append(el("p", {}, link("/ui/batches", "← All batches")), el("h1", {}, "Batch ", el("span", { class: "id", text: id })));
  const summary = el("section", { "aria-labelledby": "summary-title" }, el("h2", { id: "summary-title", text: "Summary" }));
  const failures = el("section", { "aria-labelledby": "failures-title" }, el("h2", { id: "failures-title", text: "Failed items" }));
  const objects = el("section", { "aria-labelledby": "objects-title" }, el("h2", { id: "objects-title", text: "Objects written" }));
  const undo = el("section", { class: "undo", "aria-labelledby": "undo-title" }, el("h2", { id: "undo-title", text: "Undo" }));
  view.append(summary, failures, objects, undo);
  const base = "/api/batch/v1/" + encodeURIComponent(id);

  const load = async () => {
    let b;
    try { b = (await api(base)).body; } catch (error) { failed(error); return; }
    drawSummary(summary, b);
    if (b.status === "running" && document.body.contains(summary)) timer = setTimeout(load, REFRESH_MS);
    return b;
  };
  const b = await load();
  if (!b) return;
  pagedList(failures, base + "/failures", "failures", ["Index", "Id", "Reason"],
    f => [el("td", { class: "num", text: f.index }), el("td", { class: "id", text: f.id ?? "" }), el("td", { text: f.reason })],
    "No item failed.");
  pagedList(objects, base + "/objects", "objects", ["Collection", "Name", "Object"],
    o => [el("td", { text: o.collection + (o.tenant ? " (" + o.tenant + ")" : "") }), el("td", { class: "id", text: o.key }),
      el("td", { class: "id" }, el("a", { href: o.href, "data-json": "", text: o.id }))],
    "The batch wrote no object.");
  drawUndo(undo, b, base);
}

function drawSummary(target, b) {
  const rows = [
    ["Status", badge(b.status)], ["Message", b.message], ["Dialect", dialect(b.service)], ["Service", b.service],
    ["Name", b.name || "—"], ["Reason", b.reason || "—"], ["Source", b.source || "—"], ["User", b.user],
    ["Environment", b.environment], ["Started", when(b.started)], ["Ended", b.ended ? when(b.ended) : "running"],
    ["Duration", duration(b.durationMs)], ["Items", b.counts.total], ["Succeeded", b.counts.succeeded], ["Failed", b.counts.failed],
  ];
  if (b.dryRun) rows.push(["Dry run", "yes, nothing was written"]);
  if (b.atomic) rows.push(["Atomic", "yes"]);
  const dl = el("dl", { class: "summary", id: "summary" }, rows.map(([k, v]) => [el("dt", { text: k }), el("dd", { "data-field": k.toLowerCase() }, v)]));
  target.replaceChildren(target.firstChild, dl,
    el("details", {}, el("summary", { text: "Summary as JSON (the batch service's shape)" }), el("pre", { class: "json", text: JSON.stringify(b, null, 2) })));
}

// A list read a page at a time from the server (a batch may hold a million items).
function pagedList(target, url, name, head, cells, empty) {
  const body = el("div", { class: "table-wrap" });
  const pager = el("div", { class: "pager" });
  const shown = el("pre", { class: "json", hidden: true, tabindex: "0", "aria-label": "Object JSON" });
  target.append(body, pager, shown);
  const load = async skip => {
    let page;
    try { page = await api(`${url}?_limit=${PAGE}&_skip=${skip}`); } catch (error) { failed(error); return; }
    if (page.total === 0) { body.replaceChildren(el("p", { text: empty })); pager.replaceChildren(); return; }
    body.replaceChildren(el("table", { id: name },
      el("caption", { text: `${skip + 1}–${skip + page.body.length} of ${page.total}` }),
      el("thead", {}, el("tr", {}, head.map(h => el("th", { scope: "col", text: h })))),
      el("tbody", {}, page.body.map(item => el("tr", {}, cells(item))))));
    pager.replaceChildren(
      el("button", { type: "button", class: "secondary", disabled: skip === 0, onclick: () => load(Math.max(0, skip - PAGE)), text: "Previous " + name }),
      el("button", { type: "button", class: "secondary", disabled: skip + page.body.length >= page.total, onclick: () => load(skip + PAGE), text: "Next " + name }));
  };
  // An object's JSON is read with the key and shown here; the link itself still works in a new tab without one.
  body.addEventListener("click", async event => {
    const a = event.target.closest("a[data-json]");
    if (!a || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    try {
      shown.textContent = JSON.stringify((await api(a.getAttribute("href"))).body, null, 2);
      shown.hidden = false;
      shown.focus();
    } catch (error) { failed(error); }
  });
  load(0);
}

function drawUndo(target, b, base) {
  if (you && !you.canWrite) {
    target.append(el("p", { text: "This key is read-only: it cannot undo batches." }));
    return;
  }
  if (b.dryRun) {
    target.append(el("p", { text: "A dry run wrote nothing: there is nothing to undo." }));
    return;
  }
  const result = el("div", { id: "undo-result", "aria-live": "polite" });
  const confirm = el("button", { type: "button", class: "danger", id: "undo-run", disabled: true, text: "Undo this batch" });
  const dry = el("button", { type: "button", id: "undo-dry", text: "Dry-run undo" });
  target.append(el("p", { text: "First see what an undo would remove, then undo. Objects changed since the batch are left alone." }),
    el("div", { class: "actions" }, dry, confirm), result);
  const lists = (answer, removedTitle) => [
    el("h3", { text: `${removedTitle} (${answer.deleted.length})` }),
    answer.deleted.length ? el("ul", { id: "undo-deleted" }, answer.deleted.map(d => el("li", {}, `${d.collection} ${d.id}`))) : el("p", { text: "Nothing." }),
    el("h3", { text: `Cannot be removed (${answer.skipped.length})` }),
    answer.skipped.length ? el("ul", { id: "undo-skipped" }, answer.skipped.map(s => el("li", {}, `${s.collection} ${s.id}: ${s.reason}`))) : el("p", { text: "Nothing." }),
  ];
  dry.addEventListener("click", async () => {
    try {
      const answer = (await api(base + "/undo?dryRun=true", { method: "POST" })).body;
      result.replaceChildren(...lists(answer, "Would be removed"));
      confirm.disabled = answer.deleted.length === 0;
    } catch (error) { failed(error); }
  });
  confirm.addEventListener("click", async () => {
    if (!window.confirm("Undo batch " + b._id + "? The objects listed will be deleted.")) return;
    confirm.disabled = true;
    try {
      const answer = (await api(base + "/undo", { method: "POST" })).body;
      result.replaceChildren(...lists(answer, "Removed"),
        el("p", {}, "The undo is batch ", link("/ui/batches/" + encodeURIComponent(answer.undoBatch), answer.undoBatch), "."));
      say("Undone: " + answer.deleted.length + " objects removed.");
    } catch (error) { failed(error); }
  });
}

// ---------- /ui/classes ----------

async function showClasses(view) {
  document.title = "Classes · Barge";
  view.append(el("h1", { text: "Classes" }));
  const cards = el("div", { class: "cards", id: "classes" });
  view.append(cards);
  let schema, nodes;
  try {
    [schema, nodes] = await Promise.all([api("/v1/schema"), api("/v1/nodes?output=verbose")]);
  } catch (error) { failed(error); return; }
  const counts = new Map();
  for (const node of nodes.body.nodes || []) for (const shard of node.shards || []) counts.set(shard.class, (counts.get(shard.class) || 0) + shard.objectCount);
  const classes = schema.body.classes || [];
  if (classes.length === 0) { cards.append(el("p", { text: "No classes yet." })); return; }
  for (const c of classes) {
    const dims = el("li", { "data-field": "dimensions" }, "Vector dimensions: …");
    const inverted = c.invertedIndexConfig || {};
    const indexes = [c.vectorIndexType ? "vector: " + c.vectorIndexType : null,
      inverted.indexTimestamps ? "timestamps" : null, inverted.indexNullState ? "null state" : null, inverted.indexPropertyLength ? "property length" : null]
      .filter(Boolean);
    const props = (c.properties || []).map(p => el("tr", {},
      el("th", { scope: "row", text: p.name }), el("td", { text: (p.dataType || []).join(", ") }),
      el("td", { text: [p.indexFilterable !== false ? "filterable" : null, p.indexSearchable ? "searchable" : null, p.indexRangeFilters ? "range" : null].filter(Boolean).join(", ") || "none" }),
      el("td", { text: p.tokenization || "" })));
    cards.append(el("article", { class: "card", "data-class": c.class, "aria-labelledby": "c-" + c.class },
      el("h2", { id: "c-" + c.class, text: c.class }),
      el("ul", { class: "facts" },
        el("li", { "data-field": "count" }, "Objects: " + (counts.get(c.class) || 0)),
        dims,
        el("li", {}, "Indexes: " + (indexes.join(", ") || "none")),
        c.multiTenancyConfig && c.multiTenancyConfig.enabled ? el("li", { text: "Multi-tenant" }) : null),
      el("p", {}, link("/ui/batches?class=" + encodeURIComponent(c.class), "Batches that wrote here")),
      el("div", { class: "table-wrap" }, el("table", {},
        el("caption", { text: (c.properties || []).length + " properties" }),
        el("thead", {}, el("tr", {}, ["Property", "Type", "Indexes", "Tokenization"].map(h => el("th", { scope: "col", text: h })))),
        el("tbody", {}, props)))));
    // The dimensions a class is bound to are those of its vectors: read from one object that has one.
    api("/v1/objects?class=" + encodeURIComponent(c.class) + "&limit=1&include=vector").then(r => {
      const o = (r.body.objects || [])[0];
      dims.textContent = "Vector dimensions: " + (o && o.vector && o.vector.length ? o.vector.length : "none yet");
    }, () => { dims.textContent = "Vector dimensions: unknown"; });
  }
}

// ---------- start ----------

document.addEventListener("DOMContentLoaded", async () => {
  setupKey();
  await whoAmI();
  route();
});
