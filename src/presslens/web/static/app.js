/* presslens web page. Served by the app itself; no network beyond this server, no framework.
 *
 * Safety: article text (and every string in a result) reaches the page only through
 * textContent and DOM nodes, never as markup. The only markup parsed is the two charts
 * that the server draws with presslens.report.svg (which escapes every string); it goes
 * through the page's one Trusted Types policy and an allow-list of elements and
 * attributes. The server's Content-Security-Policy refuses inline script and any other
 * use of innerHTML (require-trusted-types-for 'script').
 *
 * Offsets in the JSON contract count code points; JavaScript strings count UTF-16
 * units, so spans are converted (codePointMap) before the text is cut.
 */
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const state = { presentation: null, health: null, docs: [], views: new Map(), current: 0, key: '' };
  // Findings behind each highlighted segment and each tag, for the hover/focus detail.
  let segmentMarks = new WeakMap();
  let tagMarks = new WeakMap();

  const LAYER_CLASS = { sentences: 'sen', entities: 'ent', times: 'tim', quotes: 'quo', techniques: 'tec', candidates: 'can', claims: 'cla' };
  const ANCHORED = { techniques: 'tec', candidates: 'tec', quotes: 'quo', claims: 'cla' };
  // Switches that start off: the candidates lane (low measured precision) is shown on request.
  const OFF_BY_DEFAULT = new Set(['candidates']);
  const SHOWN = ['techniques', 'candidates', 'quotes', 'claims', 'entities', 'times', 'sentences'];

  const policy = window.trustedTypes
    ? window.trustedTypes.createPolicy('presslens-charts', { createHTML: (markup) => markup })
    : { createHTML: (markup) => markup };

  // ---------------------------------------------------------------------------------------
  // Small DOM helpers: every string goes in as text.

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clip(text, limit = 160) {
    const flat = text.split(/\s+/).filter(Boolean).join(' ');
    return flat.length <= limit ? flat : flat.slice(0, limit - 1).trimEnd() + '\u2026';
  }

  // What to call an article: its title, else its first line (a pasted article's headline), else its id.
  function displayTitle(doc) {
    if (doc.title) return doc.title;
    const first = (doc.text || '').split('\n').find((line) => line.trim());
    return first ? clip(first, 120) : doc.id;
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  }

  // ---------------------------------------------------------------------------------------
  // Talking to the server

  class ApiError extends Error {
    constructor(status, code, message, retryAfter) {
      super(message);
      this.status = status;
      this.code = code;
      this.retryAfter = retryAfter;
    }
  }

  async function api(path, { method = 'GET', body, type = 'application/json' } = {}) {
    const headers = { Accept: 'application/json, text/html' };
    if (body !== undefined) headers['Content-Type'] = type;
    if (state.key) headers['X-API-Key'] = state.key;
    const payload = body === undefined || type !== 'application/json' ? body : JSON.stringify(body);
    let response;
    try {
      response = await fetch(path, { method, headers, body: payload, cache: 'no-store', credentials: 'same-origin' });
    } catch (err) {
      throw new ApiError(0, 'network', 'The server did not answer. Is `presslens serve` still running?');
    }
    if (!response.ok) {
      let code = 'http_error';
      let message = `The server answered ${response.status} ${response.statusText}.`;
      try {
        const problem = await response.json();
        if (problem && problem.error) ({ code, message } = problem.error);
      } catch (err) { /* not JSON: keep the status line */ }
      throw new ApiError(response.status, code, message, response.headers.get('Retry-After'));
    }
    return response;
  }

  function query(extra = {}) {
    const params = new URLSearchParams();
    // min_score: spans scored at or above it (0: every span); empty: each technique's display threshold.
    const minScore = $('min-score').value.trim();
    if (minScore !== '' && Number(minScore) >= 0 && Number(minScore) <= 1) params.set('min_score', String(Number(minScore)));
    for (const [name, value] of Object.entries(extra)) if (value) params.set(name, value);
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  async function presentation() {
    if (!state.presentation) {
      const data = await (await api('/v1/presentation')).json();
      data.byLabel = new Map(data.techniques.map((t) => [t.label, t]));
      state.presentation = data;
    }
    return state.presentation;
  }

  async function viewOf(doc) {
    if (!state.views.has(doc)) {
      state.views.set(doc, await (await api('/v1/view', { method: 'POST', body: doc })).json());
    }
    return state.views.get(doc);
  }

  // ---------------------------------------------------------------------------------------
  // Status and errors

  function status(text) {
    $('status').textContent = text;
  }

  function showError(err) {
    const box = $('error');
    box.replaceChildren();
    let text = err instanceof ApiError ? err.message : String(err && err.message ? err.message : err);
    if (err instanceof ApiError && err.status === 503 && err.retryAfter) text += ` (retry in ${err.retryAfter} s)`;
    box.append(el('strong', { text: 'Not analysed: ' }), text);
    if (err instanceof ApiError && err.status === 401) {
      $('key-row').hidden = false;
      $('api-key').focus();
    }
    box.hidden = false;
    status('');
  }

  function clearError() {
    $('error').hidden = true;
    $('error').replaceChildren();
  }

  async function busy(label, work) {
    const buttons = [$('analyse'), $('sample'), $('file')];
    buttons.forEach((b) => { b.disabled = true; });
    $('results').setAttribute('aria-busy', 'true');
    clearError();
    status(label);
    const started = performance.now();
    try {
      await work();
      return (performance.now() - started) / 1000;
    } catch (err) {
      showError(err);
      return null;
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      $('results').removeAttribute('aria-busy');
    }
  }

  // ---------------------------------------------------------------------------------------
  // Inputs: pasted text, the sample, files (dropped or opened)

  function articleFromForm() {
    // With the text box empty, the address is fetched by the server (POST {url}); otherwise it only describes the text.
    const article = $('text').value.trim() ? { text: $('text').value } : {};
    for (const name of ['title', 'source', 'url', 'published']) {
      const value = $(name).value.trim();
      if (value) article[name] = value;
    }
    return article;
  }

  async function analyseText() {
    if (!$('text').value.trim() && !$('url').value.trim()) {
      showError(new Error('Paste an article into the text box first, give its address, or open a file.'));
      $('text').focus();
      return;
    }
    const article = articleFromForm();
    const label = article.text === undefined
      ? 'Fetching the page and analysing it\u2026'
      : 'Analysing the article\u2026 (about a second on a laptop)';
    const seconds = await busy(label, async () => {
      const doc = await (await api(`/v1/analyze${query()}`, { method: 'POST', body: article })).json();
      await show([doc], []);
    });
    if (seconds !== null) status(`Analysed in ${seconds.toFixed(1)} s: ${summaryLine(state.docs[0])}.`);
  }

  function summaryLine(doc) {
    const parts = [];
    for (const [layer, word] of [['techniques', 'technique span'], ['quotes', 'quote'], ['claims', 'check-worthy claim']]) {
      // techniques: the shown lane only, as every count of the page
      if (Array.isArray(doc[layer])) parts.push(plural(doc[layer].filter((x) => x.lane !== 'candidate').length, word));
    }
    return parts.join(', ') || 'no layers';
  }

  async function loadSample() {
    const seconds = await busy('Loading the sample article\u2026', async () => {
      const response = await api('/static/sample-article.txt');
      $('text').value = await response.text();
      $('title').value = '';
      $('published').value = '2026-03-10';
    });
    if (seconds !== null) await analyseText();
  }

  async function openFile(file) {
    if (!file) return;
    const name = file.name || 'upload';
    const suffix = (name.match(/\.[^.]+$/) || [''])[0].toLowerCase();
    const limits = state.health ? state.health.limits : null;
    if (limits && file.size > limits.max_body_bytes) {
      showError(new Error(`${name} is ${file.size.toLocaleString()} bytes, over this server's limit of ${limits.max_body_bytes.toLocaleString()} bytes.`));
      return;
    }
    if (suffix === '.json') return openResults(name, await file.text(), false);
    if (suffix === '.jsonl') return openJsonl(name, await file.text());
    const seconds = await busy(`Analysing ${name}\u2026`, async () => {
      const url = `/v1/analyze/file${query({ filename: name, published: $('published').value })}`;
      const doc = await (await api(url, { method: 'POST', body: file, type: 'application/octet-stream' })).json();
      await show([doc], []);
    });
    if (seconds !== null) status(`Analysed ${name} in ${seconds.toFixed(1)} s: ${summaryLine(state.docs[0])}.`);
  }

  function parseJsonLines(name, text) {
    const records = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      try {
        records.push(JSON.parse(line));
      } catch (err) {
        throw new Error(`${name}, line ${i + 1}: not valid JSON (${err.message})`);
      }
    });
    if (!records.length) throw new Error(`${name} holds no lines.`);
    return records;
  }

  const isResult = (record) => record && typeof record === 'object' && 'schema_version' in record && Array.isArray(record.pipeline);

  async function openResults(name, text, isLines) {
    await busy(`Opening ${name}\u2026`, async () => {
      let records;
      try {
        records = isLines ? parseJsonLines(name, text) : JSON.parse(text);
      } catch (err) {
        throw new Error(`${name} is not valid JSON (${err.message}).`);
      }
      if (!Array.isArray(records)) records = [records];
      if (!records.every(isResult)) {
        throw new Error(`${name} is not a presslens result (a saved result has schema_version, pipeline and text).`);
      }
      await show(records, []);
      status(`Opened ${plural(records.length, 'saved result')} from ${name}.`);
    });
  }

  async function openJsonl(name, text) {
    let records;
    try {
      records = parseJsonLines(name, text);
    } catch (err) {
      showError(err);
      return;
    }
    if (records.every(isResult)) return openResults(name, text, true);
    const size = state.health ? state.health.limits.max_batch : 16;
    const seconds = await busy(`Analysing ${plural(records.length, 'article')} from ${name}\u2026`, async () => {
      const docs = [];
      const errors = [];
      for (let start = 0; start < records.length; start += size) {
        status(`Analysing articles ${start + 1}\u2013${Math.min(start + size, records.length)} of ${records.length} from ${name}\u2026`);
        const documents = records.slice(start, start + size).map((r, i) => articleFromRecord(r, start + i));
        const reply = await (await api(`/v1/analyze/batch${query()}`, { method: 'POST', body: { documents } })).json();
        for (const item of reply.results) {
          if (item.document) docs.push(item.document);
          else errors.push(`${item.id}: ${item.error.message}`);
        }
      }
      if (!docs.length) throw new Error(`no article of ${name} could be analysed: ${errors.join('; ')}`);
      await show(docs, errors);
    });
    if (seconds !== null) status(`Analysed ${plural(state.docs.length, 'article')} of ${name} in ${seconds.toFixed(1)} s.`);
  }

  function articleFromRecord(record, index) {
    const article = { id: record && record.id !== undefined ? String(record.id) : `line-${index + 1}` };
    if (!record || typeof record !== 'object') return { ...article, text: '' };
    article.text = typeof record.text === 'string' ? record.text : '';
    for (const name of ['title', 'source', 'url', 'published']) {
      if (typeof record[name] === 'string' && record[name]) article[name] = record[name];
    }
    if (!article.published && $('published').value) article.published = $('published').value;
    return article;
  }

  // ---------------------------------------------------------------------------------------
  // Showing results

  async function show(docs, errors) {
    await presentation();
    state.docs = docs;
    state.views = new Map();
    const picker = $('picker');
    picker.replaceChildren(...docs.map((doc, i) => el('option', { value: i, text: `${i + 1}. ${displayTitle(doc)}` })));
    $('picker-row').hidden = docs.length < 2;
    await render(0);
    if (errors.length) {
      const box = $('error');
      box.replaceChildren(el('strong', { text: `${plural(errors.length, 'article')} not analysed:` }),
        el('ul', {}, ...errors.map((e) => el('li', { text: e }))));
      box.hidden = false;
    }
  }

  async function render(index) {
    const doc = state.docs[index];
    const view = await viewOf(doc);
    state.current = index;
    $('picker').value = String(index);
    $('result-h').textContent = displayTitle(doc);
    renderMeta(doc);
    renderCharts(view);
    renderControls(view.counts);
    renderText(doc, view);
    renderSide(doc, view);
    $('results').hidden = false;
    $('result-h').focus({ preventScroll: true });
    $('results').scrollIntoView({ block: 'start' });
  }

  const DATE_SOURCES = {
    metadata: "from the page's metadata", url: 'from its address', text: 'from a dateline in the text',
    feed: 'from the feed', given: 'given with the request',
  };

  function renderMeta(doc) {
    const rows = [
      ['id', doc.id],
      ['outlet', doc.source],
      ['by', (doc.authors || []).join(', ')],
      ['published', doc.published
        ? doc.published + (DATE_SOURCES[doc.published_from] ? `, ${DATE_SOURCES[doc.published_from]}` : '')
        : 'unknown (relative dates unresolved)'],
      ['fetched', doc.fetched_at],
      ['length', `${doc.text.split(/\s+/).filter(Boolean).length.toLocaleString('en')} words`],
      ['stages', (doc.pipeline || []).join(', ')],
    ];
    const items = rows.filter(([, v]) => v).map(([k, v]) => el('div', {}, el('dt', { text: k }), el('dd', { text: v })));
    if (doc.url) {
      let link = el('dd', { text: doc.url });
      try {
        const url = new URL(doc.url);
        if (url.protocol === 'http:' || url.protocol === 'https:') {
          link = el('dd', {}, el('a', { href: url.href, rel: 'noopener noreferrer nofollow', target: '_blank', text: doc.url }));
        }
      } catch (err) { /* not a URL: shown as text */ }
      items.splice(3, 0, el('div', {}, el('dt', { text: 'url' }), link));
    }
    $('meta').replaceChildren(...items);
  }

  // The charts: markup drawn by the server's report.svg, parsed through the policy and an allow-list.
  const CHART_ELEMENTS = new Set(['svg', 'title', 'desc', 'g', 'a', 'rect', 'line', 'text', 'div', 'span']);
  const CHART_ATTRIBUTES = new Set([
    'class', 'viewbox', 'width', 'height', 'role', 'aria-label', 'aria-hidden', 'x', 'y', 'x1', 'x2', 'y1', 'y2',
    'fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'vector-effect', 'text-anchor', 'dominant-baseline',
    'preserveaspectratio', 'href',
  ]);

  function chartNodes(markup) {
    if (!markup) return [el('p', { class: 'unavailable', text: 'Not available for this result.' })];
    const parsed = new DOMParser().parseFromString(policy.createHTML(markup), 'text/html');
    for (const node of [...parsed.body.querySelectorAll('*')]) {
      if (!CHART_ELEMENTS.has(node.localName.toLowerCase())) {
        node.remove();
        continue;
      }
      for (const attribute of [...node.attributes]) {
        const name = attribute.name.toLowerCase();
        if (!CHART_ATTRIBUTES.has(name) || (name === 'href' && !attribute.value.startsWith('#'))) {
          node.removeAttribute(attribute.name);
        }
      }
    }
    return [...parsed.body.childNodes].map((node) => document.importNode(node, true));
  }

  function renderCharts(view) {
    $('bars').replaceChildren(...chartNodes(view.charts.bars));
    $('strip').replaceChildren(...chartNodes(view.charts.strip));
  }

  function renderControls(counts) {
    const p = state.presentation;
    const out = [el('span', { class: 'controls-h', text: 'Show:' })];
    for (const layer of SHOWN) {
      const cls = LAYER_CLASS[layer];
      const sample = el('span', { class: `sample sample-${cls}`, text: p.layers[layer].title });
      if (counts[layer] === null || counts[layer] === undefined) {
        out.push(el('span', { class: 'na', title: 'not in this result' }, sample, ' n/a'));
        continue;
      }
      const id = `show-${cls}`;
      out.push(el('label', { for: id, title: p.layers[layer].cue },
        el('input', { type: 'checkbox', id, 'data-layer': cls, checked: !OFF_BY_DEFAULT.has(layer) }), ' ', sample, ` (${counts[layer]})`));
    }
    $('controls').replaceChildren(...out);
  }

  // Code-point offsets -> UTF-16 offsets (null when the text has no character outside the BMP).
  function codePointMap(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return null;
    const map = [];
    let unit = 0;
    for (const ch of text) {
      map.push(unit);
      unit += ch.length;
    }
    map.push(unit);
    return map;
  }

  function marksOf(doc) {
    const marks = [];
    const add = (layer, index, span, item) => {
      if (span && span.end > span.start) marks.push({ layer, index, start: span.start, end: span.end, item });
    };
    for (const layer of ['sentences', 'entities', 'times', 'techniques', 'claims']) {
      // a technique of the candidates lane is marked apart, indexed in doc.techniques like the shown ones
      (doc[layer] || []).forEach((span, i) => add(span.lane === 'candidate' ? 'candidates' : layer, i, span, span));
    }
    (doc.quotes || []).forEach((q, i) => {
      add('quotes', i, q.content, q);
      add('quote-source', i, q.source, q);
      add('quote-cue', i, q.cue, q);
    });
    return marks;
  }

  function segments(length, marks) {
    const cuts = new Set([0, length]);
    for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
    const bounds = [...cuts].filter((c) => c >= 0 && c <= length).sort((a, b) => a - b);
    const byStart = [...marks].sort((a, b) => a.start - b.start || b.end - a.end);
    const out = [];
    let active = [];
    let next = 0;
    for (let k = 0; k + 1 < bounds.length; k++) {
      const a = bounds[k];
      while (next < byStart.length && byStart[next].start <= a) active.push(byStart[next++]);
      active = active.filter((m) => m.end > a);
      out.push({ start: a, end: bounds[k + 1], covering: active.slice() });
    }
    return out;
  }

  function segmentClasses(m) {
    if (m.layer === 'sentences') return m.index % 2 ? ['sen-odd'] : [];
    if (m.layer === 'quote-source') return ['quo-src'];
    if (m.layer === 'quote-cue') return ['quo-cue'];
    return [LAYER_CLASS[m.layer]];
  }

  function renderText(doc, view) {
    const p = state.presentation;
    const text = doc.text;
    const map = codePointMap(text);
    const unit = (i) => (map ? map[i] : i);
    const length = map ? map.length - 1 : text.length;
    const marks = marksOf(doc).filter((m) => m.end <= length);
    segmentMarks = new WeakMap();
    tagMarks = new WeakMap();
    const out = document.createDocumentFragment();
    for (const seg of segments(length, marks)) {
      for (const m of seg.covering) {
        if (ANCHORED[m.layer] && m.start === seg.start) {
          out.append(el('span', { class: 'anchor', id: `d0-${ANCHORED[m.layer]}-${m.index}`, tabindex: '-1' }));
        }
      }
      const piece = text.slice(unit(seg.start), unit(seg.end));
      const classes = new Set();
      for (const m of seg.covering) segmentClasses(m).forEach((c) => classes.add(c));
      const techniques = seg.covering.filter((m) => m.layer === 'techniques' || m.layer === 'candidates')
        .sort((a, b) => (a.layer === 'candidates') - (b.layer === 'candidates') || b.item.score - a.item.score);
      if (techniques.length) classes.add(p.byLabel.get(techniques[0].item.technique).class);
      if (classes.size) {
        const span = el('span', { class: `seg ${[...classes].join(' ')}`, text: piece });
        const noted = seg.covering.filter((m) => m.layer !== 'sentences');
        if (noted.length) {
          span.classList.add('has-detail');
          segmentMarks.set(span, noted);
        }
        out.append(span);
      } else {
        out.append(document.createTextNode(piece));
      }
      const ending = seg.covering
        .filter((m) => m.end === seg.end && (m.layer === 'techniques' || m.layer === 'candidates' || m.layer === 'claims'))
        .sort((a, b) => (a.layer === 'claims' ? 1 : 0) - (b.layer === 'claims' ? 1 : 0) || a.index - b.index);
      for (const m of ending) out.append(tag(m, view));
    }
    $('article').replaceChildren(out);
  }

  function tag(m, view) {
    const p = state.presentation;
    let node;
    if (m.layer === 'techniques' || m.layer === 'candidates') {
      const t = p.byLabel.get(m.item.technique);
      const candidate = m.layer === 'candidates';
      node = el('a', {
        class: `tag ${candidate ? 'can-tag ' : ''}${t.class}`, href: `#${t.anchor}`,
        'aria-label': `${view.notes.technique_labels[m.index]}. Go to the definition.`, text: candidate ? `${t.code}?` : t.code,
      });
    } else {
      node = el('a', {
        class: 'tag cla-tag', href: `#${p.terms.claim.anchor}`,
        'aria-label': `${view.notes.claim_labels[m.index]}. Go to the definition.`, text: 'claim',
      });
    }
    tagMarks.set(node, m);
    return node;
  }

  // ---------------------------------------------------------------------------------------
  // The detail shown on hover (a passage) or focus (a tag)

  function layerShown(layer) {
    const cls = LAYER_CLASS[layer.startsWith('quote-') ? 'quotes' : layer];
    const box = document.querySelector(`#controls input[data-layer="${cls}"]`);
    return !box || box.checked;
  }

  function noteLines(m) {
    const p = state.presentation;
    const view = state.views.get(state.docs[state.current]);
    const notes = view.notes;
    switch (m.layer) {
      case 'techniques':
      case 'candidates': {
        const t = p.byLabel.get(m.item.technique);
        return [{ chip: t, text: notes.techniques[m.index] }, { text: t.definition, muted: true }];
      }
      case 'claims': return [{ claim: true, text: notes.claims[m.index] }];
      case 'entities': return [{ text: notes.entities[m.index] }];
      case 'times': return [{ text: notes.times[m.index] }];
      case 'quotes': return [{ text: notes.quotes[m.index] }];
      case 'quote-source': return [{ text: notes.sources[m.index] }];
      default: return [];
    }
  }

  function showDetail(target, marks) {
    const lines = marks.filter((m) => layerShown(m.layer)).flatMap(noteLines);
    const box = $('detail');
    if (!lines.length) {
      hideDetail();
      return;
    }
    box.replaceChildren(...lines.map((line) => {
      const row = el('p', { class: line.muted ? 'muted' : '' });
      if (line.chip) row.append(el('span', { class: `chip ${line.chip.class}`, 'aria-hidden': 'true', text: line.chip.code }));
      if (line.claim) row.append(el('span', { class: 'claim-mark', 'aria-hidden': 'true', text: 'claim' }));
      row.append(line.text);
      return row;
    }));
    box.hidden = false;
    const rect = target.getBoundingClientRect();
    const width = Math.min(box.offsetWidth, window.innerWidth - 16);
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
    box.style.left = `${left + window.scrollX}px`;
    box.style.top = `${rect.bottom + window.scrollY + 6}px`;
  }

  function hideDetail() {
    $('detail').hidden = true;
  }

  // ---------------------------------------------------------------------------------------
  // The side panel: counts, techniques, voices, claims to check, actors, how they are named, quotes, dates

  function section(title, ...body) {
    return el('section', { class: 'side-part' }, el('h3', { text: title }), ...body);
  }

  function unavailable() {
    return el('p', { class: 'unavailable', text: 'Not in this result.' });
  }

  function chip(label) {
    const t = state.presentation.byLabel.get(label);
    return el('span', { class: 'tname' },
      el('span', { class: `chip ${t.class}`, 'aria-hidden': 'true', text: t.code }),
      el('a', { href: `#${t.anchor}`, title: t.definition, text: t.name }));
  }

  function renderSide(doc, view) {
    const p = state.presentation;
    const parts = [];
    const counts = el('dl', { class: 'counts' }, ...SHOWN.map((layer) => el('div', {},
      el('dt', { text: p.layers[layer].title }),
      el('dd', { text: view.counts[layer] === null ? 'n/a' : String(view.counts[layer]) }))));
    parts.push(section('In this article', counts));

    if (view.techniques === null) parts.push(section('Persuasion techniques', unavailable()));
    else {
      const list = view.techniques.length
        ? el('ul', { class: 'plain' }, ...view.techniques.map((t) => el('li', {}, chip(t.label), ' ',
          el('span', { class: 'count', text: plural(t.count, 'span') }))))
        : el('p', { class: 'unavailable', text: 'None shown.' });
      const lane = view.candidates.length
        ? [el('h4', { text: 'Candidates (low precision)' }), el('p', { class: 'score-note', text: view.candidates_note }),
          el('ul', { class: 'plain' }, ...view.candidates.map((t) => el('li', {}, chip(t.label), ' ',
            el('span', { class: 'count', text: plural(t.count, 'span') }),
            t.precision === null ? '' : ` (right ${Math.round(t.precision * 100)}% of the time when tested)`)))]
        : [];
      parts.push(section('Persuasion techniques', list, el('p', { class: 'recall-note', text: view.recall_note }), ...lane,
        el('p', { class: 'score-note', text: `Score: ${p.scores.techniques}` })));
    }

    if (view.voices === null) parts.push(section('Voices', unavailable()));
    else {
      parts.push(section('Voices', el('ul', { class: 'plain voices' }, ...view.voices.map((v) => {
        const techniques = Object.entries(v.techniques);
        return el('li', {},
          el('strong', { text: v.speaker }),
          el('span', { class: 'count', text: ` ${v.words.toLocaleString('en')} words` +
            (v.speaker === 'author' ? '' : `: ${v.quoted_words} quoted, ${v.paraphrased_words} paraphrased`) }),
          techniques.length
            ? el('span', { class: 'voice-techniques' }, ...techniques.flatMap(([label, n]) => {
              const t = p.byLabel.get(label);
              return [el('span', { class: `chip ${t.class}`, title: t.name, text: t.code }), el('span', { class: 'n', text: `${n} ` })];
            }))
            : el('span', { class: 'voice-techniques muted', text: 'no techniques' }));
      }))));
    }

    if (view.claims === null) parts.push(section('Claims to check', unavailable()));
    else {
      const list = view.claims.length
        ? el('ol', { class: 'claims' }, ...view.claims.map((c) => {
          const verify = [...c.quantities, ...c.times];
          return el('li', {},
            el('a', { href: `#d0-cla-${c.index}`, text: clip(c.claim) }),
            el('span', { class: 'claim-meta', text: `${c.speaker} \u00b7 score ${c.score.toFixed(2)}` +
              (verify.length ? ` \u00b7 verify: ${verify.join('; ')}` : '') }));
        }))
        : el('p', { class: 'unavailable', text: 'None found.' });
      parts.push(section('Claims to check, highest score first', list));
    }

    if (view.actors === null) parts.push(section('Actors', unavailable()));
    else {
      parts.push(section('Actors', view.actors.length
        ? el('ul', { class: 'plain actors' }, ...view.actors.map((a) => el('li', {},
          el('strong', { text: a.canonical }), ` ${a.type}, `,
          el('span', { class: 'count', text: plural(a.mentions, 'mention') }),
          a.variants.length > 1 ? el('span', { class: 'variants', text: `written as ${a.variants.join(', ')}` }) : null)))
        : el('p', { class: 'unavailable', text: 'None found.' })));
    }

    // The same rows as the "How actors are named" table of `presslens analyze` and the HTML report.
    if (view.naming === null) parts.push(section('How actors are named', unavailable()));
    else {
      parts.push(section('How actors are named', view.naming.length
        ? el('ul', { class: 'plain naming' }, ...view.naming.map((r) => el('li', {},
          el('strong', { text: r.actor }),
          r.names.length ? el('span', { class: 'variants', text: ` named ${r.names.join(', ')}` }) : null,
          el('span', { class: 'descriptions', text: `: ${r.descriptions.join('; ')}` }))))
        : el('p', { class: 'unavailable', text: 'No descriptions or labels found.' })));
    }

    if (Array.isArray(doc.quotes)) {
      parts.push(el('details', { class: 'side-part' }, el('summary', { text: `Quotes (${doc.quotes.length})` }),
        el('ul', { class: 'plain quotes' }, ...doc.quotes.map((q, i) => el('li', {},
          el('strong', { text: q.speaker || 'unresolved' }), ` ${q.kind}: `,
          el('a', { href: `#d0-quo-${i}`, text: clip(q.content.text, 120) }))))));
    }
    if (Array.isArray(doc.times)) {
      parts.push(el('details', { class: 'side-part' }, el('summary', { text: `Dates and times (${doc.times.length})` }),
        el('ul', { class: 'plain times' }, ...doc.times.map((t) => el('li', {},
          el('span', { class: 'expr', text: t.text }), ' \u2192 ', el('strong', { text: t.value || 'unresolved' }))))));
    }
    $('side').replaceChildren(...parts);
  }

  // ---------------------------------------------------------------------------------------
  // Downloads

  function safeName(doc) {
    return (doc.id || 'article').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80) || 'article';
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function downloadJson() {
    const doc = state.docs[state.current];
    save(new Blob([JSON.stringify(doc, null, 2) + '\n'], { type: 'application/json' }), `presslens-${safeName(doc)}.json`);
    status(`Saved presslens-${safeName(doc)}.json.`);
  }

  async function downloadHtml() {
    const doc = state.docs[state.current];
    await busy('Making the HTML report\u2026', async () => {
      const blob = await (await api('/v1/report', { method: 'POST', body: doc })).blob();
      save(new Blob([blob], { type: 'text/html' }), `presslens-${safeName(doc)}.html`);
      status(`Saved presslens-${safeName(doc)}.html.`);
    });
  }

  // ---------------------------------------------------------------------------------------
  // Wiring

  async function start() {
    // Wire every control before the first await: the page counts as loaded once this script has run up to
    // it, and an Analyse pressed while /v1/health is still on its way must not submit the bare form.
    $('form').addEventListener('submit', (event) => {
      event.preventDefault();
      analyseText();
    });
    $('sample').addEventListener('click', loadSample);
    $('file').addEventListener('change', (event) => {
      const file = event.target.files[0];
      event.target.value = '';
      openFile(file);
    });
    $('api-key').addEventListener('input', (event) => {
      state.key = event.target.value.trim();
      state.presentation = null;
    });
    const drop = $('input');
    drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      drop.classList.add('dragging');
    });
    drop.addEventListener('dragleave', (event) => {
      if (!drop.contains(event.relatedTarget)) drop.classList.remove('dragging');
    });
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('dragging');
      const file = event.dataTransfer && event.dataTransfer.files[0];
      if (file) openFile(file);
    });
    $('picker').addEventListener('change', (event) => {
      busy('Showing the article\u2026', () => render(Number(event.target.value))).then(() => status(''));
    });
    $('download-json').addEventListener('click', downloadJson);
    $('download-html').addEventListener('click', downloadHtml);

    const article = $('article');
    article.addEventListener('mouseover', (event) => {
      const target = event.target.closest('.tag, .seg');
      if (!target) return;
      const marks = target.classList.contains('tag') ? [tagMarks.get(target)] : segmentMarks.get(target);
      if (marks) showDetail(target, marks);
    });
    article.addEventListener('click', (event) => {  // a tap on a phone, where there is no hover
      const target = event.target.closest('.seg');
      if (target && segmentMarks.get(target)) showDetail(target, segmentMarks.get(target));
    });
    article.addEventListener('mouseleave', hideDetail);
    article.addEventListener('focusin', (event) => {
      const m = event.target.classList && event.target.classList.contains('tag') ? tagMarks.get(event.target) : null;
      if (m) showDetail(event.target, [m]);
    });
    article.addEventListener('focusout', hideDetail);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') hideDetail();
    });
    $('controls').addEventListener('change', hideDetail);

    try {
      state.health = await (await api('/v1/health')).json();
      if (state.health.auth_required) $('key-row').hidden = false;
      if (state.health.content_logged) $('privacy').textContent = "this server's operator logs the articles sent to it.";
    } catch (err) {
      showError(err);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
