// The event store's page: a live tail over WS /subscribe and a chart of events per minute from /api/stats.
// Everything from the server is put into the page with textContent, never as HTML.
(function () {
  "use strict";
  var MAX_ROWS = 100;
  var tail = document.querySelector("#tail tbody");
  var status = document.getElementById("tail-status");
  var from = document.getElementById("tail").dataset.from || "1";

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function show(event) {
    var row = document.createElement("tr");
    row.dataset.position = event.position;
    cell(row, String(event.position));
    var streamCell = cell(row, "", "text-nowrap");
    var link = document.createElement("a");
    link.href = "/?stream=" + encodeURIComponent(event.stream);
    link.textContent = event.stream + " @" + event.version;
    streamCell.appendChild(link);
    cell(row, event.type);
    cell(row, event.recorded_at, "small text-nowrap");
    var data = JSON.stringify(event.data);
    cell(row, data.length > 160 ? data.slice(0, 160) + "…" : data, "small text-break font-monospace");
    tail.insertBefore(row, tail.firstChild);
    while (tail.rows.length > MAX_ROWS) tail.deleteRow(tail.rows.length - 1);
    document.getElementById("last-position").textContent = String(event.position);
  }

  var delay = 500;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/subscribe?from_position=" + encodeURIComponent(from));
    socket.onopen = function () { status.textContent = "live"; status.className = "badge text-bg-success"; delay = 500; };
    socket.onmessage = function (message) {
      var event = JSON.parse(message.data);
      from = String(event.position + 1);   // resume after the last event shown
      show(event);
    };
    socket.onclose = function () {
      status.textContent = "reconnecting"; status.className = "badge text-bg-warning";
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    };
  }
  connect();

  var svg = document.getElementById("rate-chart");
  var NS = "http://www.w3.org/2000/svg";
  function draw(series) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var max = 1;
    series.forEach(function (m) { if (m.count > max) max = m.count; });
    var width = 600 / Math.max(1, series.length);
    series.forEach(function (m, i) {
      var h = Math.round((m.count / max) * 110);
      var bar = document.createElementNS(NS, "rect");
      bar.setAttribute("x", String(i * width + 1));
      bar.setAttribute("y", String(118 - h));
      bar.setAttribute("width", String(Math.max(1, width - 2)));
      bar.setAttribute("height", String(h));
      bar.setAttribute("class", "rate-bar");
      bar.setAttribute("fill", "#0d6efd");
      var title = document.createElementNS(NS, "title");
      title.textContent = m.minute + ": " + m.count;
      bar.appendChild(title);
      svg.appendChild(bar);
    });
  }

  function refresh() {
    fetch("/api/stats", { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (stats) {
        if (!stats) return;
        draw(stats.events_per_minute);
        document.getElementById("total-events").textContent = String(stats.total_events);
        document.getElementById("total-streams").textContent = String(stats.total_streams);
        document.getElementById("last-minute").textContent = String(stats.events_last_minute);
      })
      .catch(function () { /* the next refresh tries again */ });
  }
  refresh();
  setInterval(refresh, 10000);
})();
