// The monitor dashboard: loads the current state from the API, then follows /ws.
// Every value from the server goes into the page through textContent, never as HTML.
(function () {
  'use strict';

  var FEED_MAX = 300;
  var COLORS = ['#0d6efd', '#198754', '#d63384', '#fd7e14', '#6f42c1', '#20c997', '#6c757d'];
  var root = document.getElementById('dashboard');
  var state = {
    minutes: 15,
    series: { at: [], services: {} },   // columns as /api/metrics returns them
    feed: [],                            // newest first
    charts: {},
    socket: null,
    retry: 500
  };

  // ------------------------------------------------------------------ helpers

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function num(v, digits) { return v === null || v === undefined ? '–' : Number(v).toFixed(digits); }
  function bytes(v) {
    if (v === null || v === undefined) return '–';
    var units = ['B', 'KiB', 'MiB', 'GiB'], i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return v.toFixed(i ? 1 : 0) + ' ' + units[i];
  }
  function duration(s) {
    if (s === null || s === undefined) return '–';
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }
  function time(iso) {
    var d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleTimeString([], { hour12: false });
  }
  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(url + ' answered ' + r.status);
      return r.json();
    });
  }
  function serviceUrl(port) { return location.protocol + '//' + location.hostname + ':' + port + '/'; }
  function serviceNames() {
    return Array.prototype.map.call(document.querySelectorAll('.tile'), function (t) { return t.dataset.service; });
  }
  function color(name) {
    var i = serviceNames().indexOf(name);
    return COLORS[(i < 0 ? serviceNames().length : i) % COLORS.length];
  }

  // ------------------------------------------------------------------ tiles

  function renderServices(services) {
    services.forEach(function (s) {
      var tile = document.querySelector('.tile[data-service="' + CSS.escape(s.name) + '"]');
      if (!tile) return;
      tile.dataset.status = s.status;
      var badge = tile.querySelector('.tile-status');
      badge.textContent = s.status;
      badge.className = 'badge tile-status ' +
        (s.status === 'up' ? 'text-bg-success' : s.status === 'degraded' ? 'text-bg-warning' : 'text-bg-danger');
      tile.querySelector('.tile-link').href = serviceUrl(s.port);
      tile.querySelector('.tile-version').textContent = s.version || '–';
      tile.querySelector('.tile-uptime').textContent = duration(s.uptime_s);
      tile.querySelector('.tile-latency').textContent = s.latency_ms === null ? '–' : num(s.latency_ms, 1) + ' ms';
      var v = s.vitals || {};
      tile.querySelector('.tile-jvm').textContent = bytes(v.heap_used_bytes) + ' · ' + (v.threads === undefined ? '–' : v.threads);
      var reason = s.status === 'down' ? (s.reason || 'not answering') +
        (s.last_seen ? ' · last seen ' + time(s.last_seen) : '') : '';
      tile.querySelector('.tile-reason').textContent = reason;
      var problems = tile.querySelector('.tile-problems');
      clear(problems);
      (s.problems || []).forEach(function (p) { problems.appendChild(el('li', null, p)); });
    });
    renderBacklogs(services);
  }

  function renderSampleFigures(samples) {
    samples.forEach(function (s) {
      var tile = document.querySelector('.tile[data-service="' + CSS.escape(s.service) + '"]');
      if (!tile) return;
      tile.querySelector('.tile-rps').textContent = num(s.requests_per_s, 2);
      tile.querySelector('.tile-latencies').textContent = s.p50_ms === null ? 'no requests' :
        num(s.p50_ms, 1) + ' / ' + num(s.p95_ms, 1) + ' / ' + num(s.p99_ms, 1) + ' ms';
      tile.querySelector('.tile-errors').textContent = s.error_rate === null ? '–' :
        num(s.error_rate * 100, 1) + ' % (' + s.server_errors + ' of ' + s.requests + ')';
    });
  }

  function renderBacklogs(services) {
    var box = document.getElementById('backlogs');
    clear(box);
    var table = el('table', 'table table-sm mb-0');
    var head = el('tr');
    ['service', 'task queue', 'outbox', 'events buffered', 'events dropped'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    table.appendChild(el('thead')).appendChild(head);
    var body = table.appendChild(el('tbody'));
    services.forEach(function (s) {
      var v = s.vitals || {};
      var tr = el('tr');
      tr.appendChild(el('td', 'font-monospace', s.name));
      [v.task_queue_depth, v.outbox_pending, v.activity_buffered, v.activity_dropped].forEach(function (x) {
        tr.appendChild(el('td', null, x === undefined || x === null ? 'not reported' : x));
      });
      body.appendChild(tr);
    });
    box.appendChild(table);
  }

  // ------------------------------------------------------------------ insights

  function renderRecords(records) {
    var box = document.getElementById('records');
    clear(box);
    if (!records || !records.available) {
      box.appendChild(el('p', 'text-body-secondary mb-0', records && records.note ? records.note : 'not available'));
      return;
    }
    if (!records.resources.length) {
      box.appendChild(el('p', 'text-body-secondary mb-0', 'no resources loaded'));
      return;
    }
    var table = el('table', 'table table-sm mb-0');
    var body = table.appendChild(el('tbody'));
    records.resources.forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('td', 'font-monospace', r.resource));
      tr.appendChild(el('td', 'text-end', r.record_count === undefined || r.record_count === null ? '–' : r.record_count));
      body.appendChild(tr);
    });
    box.appendChild(table);
  }

  function renderEventStore(es) {
    var box = document.getElementById('event-store');
    clear(box);
    if (!es || !es.available) {
      box.appendChild(el('p', 'text-body-secondary mb-0', es && es.note ? es.note : 'not available'));
      return;
    }
    // The event store's own figures, shown as it reports them: numbers at the top level, then lists.
    var dl = el('dl', 'row mb-0');
    Object.keys(es.stats || {}).forEach(function (k) {
      var v = es.stats[k];
      dl.appendChild(el('dt', 'col-6 fw-normal text-body-secondary', k.replace(/_/g, ' ')));
      dl.appendChild(el('dd', 'col-6 mb-1 font-monospace', typeof v === 'object' ? JSON.stringify(v) : v));
    });
    box.appendChild(dl);
  }

  function renderYamlErrors(errors) {
    var box = document.getElementById('yaml-errors');
    clear(box);
    if (!errors.length) {
      box.appendChild(el('p', 'text-body-secondary mb-0 empty', 'Every YAML file loads.'));
      return;
    }
    var ul = el('ul', 'list-unstyled mb-0');
    errors.forEach(function (e) {
      var li = el('li', 'mb-1');
      li.appendChild(el('code', null, e.file + (e.line != null ? ':' + e.line : '') + (e.column != null ? ':' + e.column : '')));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('span', null, e.message));
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  // ------------------------------------------------------------------ feed

  function describe(a) {
    if (a.type === 'request') return (a.method || '') + ' ' + (a.path || '') + ' → ' + (a.status || '');
    var d = a.detail;
    var text = d === null || d === undefined ? '' : typeof d === 'string' ? d :
      a.type === 'config_error' ? (d.file || '') + (d.line != null ? ':' + d.line : '') + (d.column != null ? ':' + d.column : '') + ' ' + (d.message || '') :
      a.type === 'health' ? (d.previous ? d.previous + ' → ' : '') + d.status + (d.reason ? ' (' + d.reason + ')' : '') +
        (d.problems ? ': ' + d.problems.join('; ') : '') :
      a.type === 'change' ? (d.op || '') + ' #' + (d.id != null ? d.id : '?') :
      a.type === 'hook' ? (d.hook || '') + ' ' + (d.event || '') + ' → ' + (d.outcome || '') :
      JSON.stringify(d);
    return (a.resource ? a.resource + ': ' : '') + text;
  }

  function rowFor(a, fresh) {
    var tr = el('tr', fresh ? 'fresh' : '');
    tr.dataset.service = a.service;
    tr.dataset.type = a.type;
    tr.appendChild(el('td', 'text-body-secondary', time(a.at)));
    tr.appendChild(el('td', 'font-monospace', a.service));
    var badge = el('span', 'badge ' + (a.type === 'config_error' ? 'text-bg-danger' : a.type === 'health' ? 'text-bg-warning' :
      a.type === 'request' ? (a.status >= 500 ? 'text-bg-danger' : a.status >= 400 ? 'text-bg-warning' : 'text-bg-light') : 'text-bg-info'), a.type);
    tr.appendChild(el('td')).appendChild(badge);
    tr.appendChild(el('td', 'what', describe(a)));
    tr.appendChild(el('td', 'text-end', a.duration_ms == null ? '' : num(a.duration_ms, 1)));
    return tr;
  }

  function matches(a) {
    var s = document.getElementById('feed-service').value, t = document.getElementById('feed-type').value;
    return (!s || a.service === s) && (!t || a.type === t);
  }

  function renderFeed() {
    var body = document.querySelector('#feed tbody');
    clear(body);
    var shown = 0;
    state.feed.forEach(function (a) {
      if (shown < 200 && matches(a)) { body.appendChild(rowFor(a, false)); shown++; }
    });
    if (!shown) {
      var tr = el('tr');
      var td = el('td', 'text-body-secondary', 'nothing yet');
      td.colSpan = 5;
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  function addActivity(events) {
    events.forEach(function (a) { state.feed.unshift(a); });
    if (state.feed.length > FEED_MAX) state.feed.length = FEED_MAX;
    if (document.getElementById('feed-pause').checked) return;
    var body = document.querySelector('#feed tbody');
    var placeholder = body.querySelector('td[colspan]');
    if (placeholder) clear(body);
    events.forEach(function (a) { if (matches(a)) body.insertBefore(rowFor(a, true), body.firstChild); });
    while (body.children.length > 200) body.removeChild(body.lastChild);
  }

  // ------------------------------------------------------------------ charts

  function chartWidth(node) { return Math.max(240, node.clientWidth || 240); }

  function makeChart(node, series, scale) {
    var opts = {
      width: chartWidth(node), height: 180,
      series: [{}].concat(series),
      axes: [{}, { size: 50, values: function (u, vals) { return vals.map(function (v) { return v == null ? '' : +v.toFixed(2); }); } }],
      scales: { x: { time: true }, y: scale || { auto: true } },
      legend: { live: false }
    };
    var data = [[]].concat(series.map(function () { return []; }));
    return new uPlot(opts, data, node);
  }

  function buildCharts() {
    var names = serviceNames();
    var perService = names.map(function (n) { return { label: n, stroke: color(n), width: 1.5, spanGaps: false }; });
    state.charts.rps = makeChart(document.getElementById('chart-rps'), perService);
    state.charts.errors = makeChart(document.getElementById('chart-errors'), perService.map(function (s) { return Object.assign({}, s); }),
      { range: function (u, min, max) { return [0, Math.max(1, max || 0)]; } });
    state.charts.latency = {};
    document.querySelectorAll('.chart-latency').forEach(function (node) {
      state.charts.latency[node.dataset.service] = makeChart(node, [
        { label: 'p50', stroke: '#198754', width: 1.5 },
        { label: 'p95', stroke: '#fd7e14', width: 1.5 },
        { label: 'p99', stroke: '#dc3545', width: 1.5 }
      ]);
    });
    window.addEventListener('resize', function () {
      [state.charts.rps, state.charts.errors].concat(Object.values(state.charts.latency)).forEach(function (u) {
        u.setSize({ width: chartWidth(u.root.parentNode), height: 180 });
      });
    });
  }

  function column(name, key) {
    var cols = state.series.services[name];
    return cols ? cols[key] : state.series.at.map(function () { return null; });
  }

  function drawCharts() {
    var at = state.series.at, names = serviceNames();
    var points = function (arrays) {
      return arrays.reduce(function (n, arr) { return n + arr.filter(function (v) { return v !== null; }).length; }, 0);
    };
    var rps = names.map(function (n) { return column(n, 'requests_per_s'); });
    state.charts.rps.setData([at].concat(rps));
    document.getElementById('chart-rps').dataset.points = points(rps);
    var errors = names.map(function (n) { return column(n, 'error_rate').map(function (v) { return v === null ? null : v * 100; }); });
    state.charts.errors.setData([at].concat(errors));
    document.getElementById('chart-errors').dataset.points = points(errors);
    Object.keys(state.charts.latency).forEach(function (n) {
      var lines = [column(n, 'p50_ms'), column(n, 'p95_ms'), column(n, 'p99_ms')];
      state.charts.latency[n].setData([at].concat(lines));
      state.charts.latency[n].root.parentNode.dataset.points = points(lines);
    });
  }

  function addSamples(report) {
    var t = Math.floor(new Date(report.at).getTime() / 1000);
    var s = state.series;
    if (s.at.length && s.at[s.at.length - 1] >= t) return;
    s.at.push(t);
    var bySvc = {};
    report.services.forEach(function (x) { bySvc[x.service] = x; });
    var names = Object.keys(s.services).concat(Object.keys(bySvc).filter(function (n) { return !s.services[n]; }));
    names.forEach(function (n) {
      if (!s.services[n]) {
        s.services[n] = { requests_per_s: [], p50_ms: [], p95_ms: [], p99_ms: [], error_rate: [] };
        Object.keys(s.services[n]).forEach(function (k) { for (var i = 0; i < s.at.length - 1; i++) s.services[n][k].push(null); });
      }
      var x = bySvc[n] || {};
      ['requests_per_s', 'p50_ms', 'p95_ms', 'p99_ms', 'error_rate'].forEach(function (k) {
        if (!s.services[n][k]) s.services[n][k] = s.at.slice(0, -1).map(function () { return null; });
        s.services[n][k].push(x[k] === undefined ? null : x[k]);
      });
    });
    var from = t - state.minutes * 60;
    while (s.at.length && s.at[0] < from) {
      s.at.shift();
      Object.keys(s.services).forEach(function (n) { Object.keys(s.services[n]).forEach(function (k) { s.services[n][k].shift(); }); });
    }
    drawCharts();
  }

  function loadSeries() {
    return getJson('/api/metrics?minutes=' + state.minutes).then(function (m) {
      state.series = m.series || { at: [], services: {} };
      drawCharts();
      onMetrics(m);
    });
  }

  function onMetrics(m) {
    renderSampleFigures(m.services || []);
    renderRecords(m.records);
    renderEventStore(m.event_store);
  }

  // ------------------------------------------------------------------ live

  function setLive(text, cls) {
    var badge = document.getElementById('live-state');
    badge.textContent = text;
    badge.className = 'badge ' + cls;
  }

  function connect() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    state.socket = ws;
    ws.onopen = function () { state.retry = 500; setLive('live', 'text-bg-success'); };
    ws.onmessage = function (e) {
      var m = JSON.parse(e.data);
      if (m.type === 'activity') addActivity(m.events);
      else if (m.type === 'health') renderServices(m.services);
      else if (m.type === 'metrics') { onMetrics(m); addSamples(m); }
      else if (m.type === 'config_error') renderYamlErrors(m.errors);
    };
    ws.onclose = function () {
      setLive('reconnecting…', 'text-bg-warning');
      state.retry = Math.min(state.retry * 2, 10000);
      setTimeout(function () { refresh().then(connect, connect); }, state.retry);
    };
    // errors are followed by close, which reconnects; nothing to add here
    ws.onerror = function () {};
  }

  function refresh() {
    return Promise.all([
      getJson('/api/services').then(renderServices),
      loadSeries(),
      getJson('/api/activity?limit=' + FEED_MAX).then(function (events) { state.feed = events; renderFeed(); })
    ]);
  }

  // ------------------------------------------------------------------ start

  document.getElementById('feed-service').addEventListener('change', renderFeed);
  document.getElementById('feed-type').addEventListener('change', renderFeed);
  document.getElementById('feed-pause').addEventListener('change', function () { if (!this.checked) renderFeed(); });
  document.getElementById('range').addEventListener('change', function () {
    state.minutes = Number(this.value);
    loadSeries().catch(function () { setLive('cannot load metrics', 'text-bg-danger'); });
  });
  root.dataset.ready = 'false';
  buildCharts();
  refresh().then(function () { root.dataset.ready = 'true'; }, function () { setLive('cannot reach the monitor API', 'text-bg-danger'); })
    .then(connect);
})();
