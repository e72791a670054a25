// The list page: live updates (fetch the results again on every change and mark what changed), select-all
// and bulk delete through the API.
(function () {
  "use strict";
  var DBB = window.DBB;
  var page = document.getElementById("list-page");
  var container = document.getElementById("list-results");
  if (!page || !container) return;

  function rowsOf(root) {
    var rows = {};
    root.querySelectorAll("tbody tr[data-id]").forEach(function (row) { rows[row.dataset.id] = row; });
    return rows;
  }

  function selectedIds() {
    return Array.prototype.map.call(container.querySelectorAll(".row-select:checked"), function (box) { return box.value; });
  }

  var refresh = DBB.coalesce(function () {
    return DBB.fetchPart(container.dataset.resultsUrl, "results").then(function (fresh) {
      if (!fresh) return;
      var current = document.getElementById("results");
      var before = rowsOf(current);
      var after = rowsOf(fresh);
      var kept = selectedIds();
      var gone = Object.keys(before).filter(function (id) { return !after[id]; });
      gone.forEach(function (id) { before[id].classList.add("leaving"); });
      return new Promise(function (resolve) { setTimeout(resolve, gone.length ? 400 : 0); }).then(function () {
        current.replaceWith(fresh);
        Object.keys(after).forEach(function (id) {
          var row = after[id];
          var box = row.querySelector(".row-select");
          if (box && kept.indexOf(id) >= 0) box.checked = true;
          if (!before[id] || before[id].dataset.version !== row.dataset.version) DBB.flash(row);
        });
        wireBulk();
        var changed = Object.keys(after).filter(function (id) { return !before[id]; }).length;
        DBB.say(changed ? changed + " new record" + (changed > 1 ? "s" : "") + " shown" : gone.length ? "records removed" : "list updated");
      });
    });
  });

  DBB.live(page.dataset.resource, refresh);

  // ---- bulk delete
  function wireBulk() {
    var form = document.getElementById("bulk-form");
    if (!form) return;
    var button = document.getElementById("bulk-delete");
    var count = document.getElementById("bulk-count");
    var all = document.getElementById("select-all");
    function update() {
      var n = selectedIds().length;
      button.disabled = n === 0;
      count.textContent = n ? n + " selected" : "";
    }
    container.querySelectorAll(".row-select").forEach(function (box) { box.addEventListener("change", update); });
    if (all) all.addEventListener("change", function () {
      container.querySelectorAll(".row-select").forEach(function (box) { box.checked = all.checked; });
      update();
    });
    button.addEventListener("click", function () {
      var ids = selectedIds().map(Number);
      if (!ids.length || !window.confirm("Delete " + ids.length + " record" + (ids.length > 1 ? "s" : "") + "? This cannot be undone.")) return;
      button.disabled = true;
      DBB.request("DELETE", form.dataset.bulkUrl, ids).then(function (result) {
        if (result.ok) {
          DBB.say(ids.length + " deleted");
          refresh();
        } else {
          window.alert("Nothing was deleted: " + DBB.problemText(result));
          update();
        }
      });
    });
    update();
  }
  wireBulk();
})();
