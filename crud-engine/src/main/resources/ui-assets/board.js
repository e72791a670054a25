// The kanban board: drag a card (mouse, pen or touch, through pointer events) or press one of its move buttons;
// the change goes to the API as a PATCH of the grouping field. A refused move puts the card back where it was
// and shows the API's message. Changes made elsewhere arrive live.
(function () {
  "use strict";
  var DBB = window.DBB;
  var page = document.getElementById("board-page");
  var container = document.getElementById("board-container");
  if (!page || !container) return;
  var message = document.getElementById("board-message");
  var busy = 0;          // moves in flight: live refreshes wait for them
  var drag = null;
  var suppressClickUntil = 0;

  function board() { return document.getElementById("board"); }

  function show(text, kind) {
    message.textContent = text;
    message.className = "alert alert-" + kind;
    DBB.say(text);
  }

  function recount() {
    board().querySelectorAll(".board-column").forEach(function (column) {
      var count = column.querySelector(".column-count");
      var shown = column.querySelectorAll(".board-card").length;
      if (count && Number(count.textContent) < shown) count.textContent = shown;
    });
  }

  function adjust(column, delta) {
    var count = column && column.querySelector(".column-count");
    if (count) count.textContent = Math.max(0, Number(count.textContent) + delta);
  }

  function move(card, target) {
    var from = card.closest(".board-column");
    if (!target || target === from) return;
    var home = { parent: card.parentNode, next: card.nextSibling };
    var b = board();
    var title = card.querySelector(".card-title").textContent;
    target.querySelector(".board-cards").prepend(card);
    adjust(from, -1); adjust(target, +1);
    var body = {};
    body[b.dataset.field] = target.dataset.value;
    busy++;
    DBB.request("PATCH", b.dataset.apiUrl + "/" + card.dataset.id, body).then(function (result) {
      if (result.ok) {
        show("Moved “" + title + "” to " + target.dataset.value + ".", "success");
      } else {
        home.parent.insertBefore(card, home.next && home.next.parentNode === home.parent ? home.next : null);
        adjust(target, -1); adjust(from, +1);
        show("“" + title + "” stays in " + from.dataset.value + ": " + DBB.problemText(result), "warning");
      }
      DBB.flash(card);
    }).catch(function () {
      home.parent.insertBefore(card, home.next);
      adjust(target, -1); adjust(from, +1);
      show("The move could not be sent; the card is back where it was.", "warning");
    }).then(function () { busy--; });
  }

  // ---- pointer dragging
  container.addEventListener("dragstart", function (event) { event.preventDefault(); });   // no native link drags
  container.addEventListener("pointerdown", function (event) {
    var card = event.target.closest(".board-card.movable");
    if (!card || event.button !== 0 || event.target.closest("button")) return;
    drag = { card: card, x: event.clientX, y: event.clientY, moved: false, pointer: event.pointerId };
  });
  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointer) return;
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 6) return;
    if (!drag.moved) {
      drag.moved = true;
      drag.card.classList.add("dragging");
      var moves = (drag.card.dataset.moves || "").split(" ");
      board().querySelectorAll(".board-column").forEach(function (column) {
        if (moves.indexOf(column.dataset.value) >= 0) column.classList.add("drop-allowed");
      });
    }
    drag.card.style.transform = "translate(" + dx + "px," + dy + "px)";
    event.preventDefault();
  });
  document.addEventListener("pointerup", function (event) {
    if (!drag || event.pointerId !== drag.pointer) return;
    var current = drag;
    drag = null;
    current.card.classList.remove("dragging");
    current.card.style.transform = "";
    board().querySelectorAll(".drop-allowed").forEach(function (c) { c.classList.remove("drop-allowed"); });
    if (!current.moved) return;
    suppressClickUntil = Date.now() + 300;   // a drag is not a click on the card's link
    var under = document.elementFromPoint(event.clientX, event.clientY);
    move(current.card, under && under.closest(".board-column"));
  });
  document.addEventListener("pointercancel", function () {
    if (!drag) return;
    drag.card.classList.remove("dragging");
    drag.card.style.transform = "";
    drag = null;
  });

  document.addEventListener("click", function (event) {
    if (Date.now() < suppressClickUntil) { event.preventDefault(); event.stopPropagation(); }
  }, true);

  // ---- move buttons (keyboard)
  container.addEventListener("click", function (event) {
    var button = event.target.closest(".move-button");
    if (!button) return;
    var card = button.closest(".board-card");
    var target = board().querySelector('.board-column[data-value="' + CSS.escape(button.dataset.to) + '"]');
    move(card, target);
    var moved = card.querySelector(".move-button");
    if (moved) moved.focus();
  });

  // ---- live updates
  var refresh = DBB.coalesce(function () {
    if (busy || drag) return new Promise(function (resolve) { setTimeout(resolve, 300); }).then(function () { refresh(); });
    return DBB.fetchPart(container.dataset.boardUrl, "board").then(function (fresh) {
      if (!fresh || busy || drag) return;
      var versions = {};
      board().querySelectorAll(".board-card").forEach(function (c) { versions[c.dataset.id] = c.dataset.version; });
      board().replaceWith(fresh);
      fresh.querySelectorAll(".board-card").forEach(function (c) {
        if (versions[c.dataset.id] !== c.dataset.version) DBB.flash(c);
      });
      recount();
    });
  });
  DBB.live(page.dataset.resource, refresh);
})();
