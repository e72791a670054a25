// Shared helpers of the admin UI pages: the CSRF token, JSON requests to the REST API, and fetching a part of
// a page again. Nothing here builds HTML from data: server-rendered parts are parsed, values go in textContent.
(function () {
  "use strict";
  var DBB = window.DBB = window.DBB || {};

  DBB.csrf = function () {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  };

  // fetch with the session's CSRF token on writes; resolves to {ok, status, body} where body is parsed JSON (or null)
  DBB.request = function (method, url, body) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && DBB.csrf()) headers["X-CSRF-Token"] = DBB.csrf();
    return fetch(url, { method: method, headers: headers, credentials: "same-origin",
                        body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        return response.text().then(function (text) {
          var parsed = null;
          try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
          return { ok: response.ok, status: response.status, body: parsed };
        });
      });
  };

  // What a refused request says, for people: the problem's detail and its per-field messages
  DBB.problemText = function (result) {
    var body = result.body || {};
    var text = body.detail || body.title || ("the server answered " + result.status);
    if (body.errors && typeof body.errors === "object") {
      Object.keys(body.errors).forEach(function (field) {
        var message = body.errors[field];
        text += "; " + field + " " + (typeof message === "string" ? message : JSON.stringify(message));
      });
    }
    return text;
  };

  // The element with `id` from a server-rendered page (escaped by its templates), or null
  DBB.fetchPart = function (url, id) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return null;
        return new DOMParser().parseFromString(html, "text/html").getElementById(id);
      });
  };

  // Briefly marks elements that changed (CSS animation); removes the mark afterwards so it can run again
  DBB.flash = function (element) {
    element.classList.remove("flash");
    void element.offsetWidth;
    element.classList.add("flash");
    setTimeout(function () { element.classList.remove("flash"); }, 2000);
  };

  DBB.say = function (text) {
    var status = document.getElementById("live-status");
    if (status) status.textContent = text;
  };
})();
