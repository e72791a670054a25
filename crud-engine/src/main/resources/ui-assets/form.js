// Create and edit forms: browser-side checks on top of the HTML5 attributes (the server checks everything
// again), the Markdown preview, JSON validation, file checks with an image preview, searchable pickers and
// the tag input. Labels of linked records come from the API as JSON and are only ever set as text.
(function () {
  "use strict";
  var DBB = window.DBB;
  var form = document.getElementById("record-form");
  if (!form) return;

  function debounce(fn, ms) {
    var timer;
    return function () { var args = arguments; clearTimeout(timer); timer = setTimeout(function () { fn.apply(null, args); }, ms); };
  }

  // A note under a field for a problem found here; the browser also shows it when the form is sent
  function complain(input, text) {
    input.setCustomValidity(text || "");
    input.classList.toggle("is-invalid", !!text);
    var note = input.parentNode.querySelector(".js-feedback");
    if (!note) {
      note = document.createElement("div");
      note.className = "invalid-feedback d-block js-feedback";
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = text || "";
  }

  // The YAML's pattern is a Java regular expression: use it in the browser only where JavaScript reads it the same way
  form.querySelectorAll("[data-pattern]").forEach(function (input) {
    try {
      new RegExp("^(?:" + input.dataset.pattern + ")$", "v");
      input.pattern = input.dataset.pattern;
    } catch (e) { /* the server checks it */ }
  });

  form.querySelectorAll(".json-input").forEach(function (area) {
    function check() {
      if (!area.value.trim()) { complain(area, ""); return; }
      try { JSON.parse(area.value); complain(area, ""); } catch (e) { complain(area, "is not valid JSON: " + e.message); }
    }
    area.addEventListener("input", debounce(check, 200));
    check();
  });

  form.querySelectorAll(".markdown-source").forEach(function (area) {
    var preview = document.getElementById(area.dataset.preview);
    var render = function () { DBB.markdown(area.value, preview); };
    area.addEventListener("input", debounce(render, 150));
    render();
  });

  form.querySelectorAll(".file-input").forEach(function (input) {
    var preview = form.querySelector('.file-preview[data-for="' + input.id + '"]');
    var accept = (input.getAttribute("accept") || "").split(",").map(function (s) { return s.trim().toLowerCase(); }).filter(Boolean);
    input.addEventListener("change", function () {
      var file = input.files[0];
      preview.classList.add("d-none");
      if (!file) { complain(input, ""); return; }
      var max = Number(input.dataset.maxSize || 0);
      var name = file.name.toLowerCase(), type = (file.type || "").toLowerCase();
      var fits = !accept.length || accept.some(function (a) {
        return a.charAt(0) === "." ? name.endsWith(a) : a.endsWith("/*") ? type.indexOf(a.slice(0, -1)) === 0 : type === a;
      });
      if (max && file.size > max) complain(input, "must be at most " + (max / 1048576).toFixed(1) + " MB (this file is " + (file.size / 1048576).toFixed(1) + " MB)");
      else if (!fits) complain(input, "must be " + accept.join(" or "));
      else complain(input, "");
      if (/^image\/(png|jpeg|gif|webp|avif)$/.test(type)) {
        preview.src = URL.createObjectURL(file);
        preview.classList.remove("d-none");
      }
    });
  });

  // ---- pickers: more choices from the referenced resource's API as the user types
  function search(source, term) {
    var params = new URLSearchParams();
    params.set(source.search, term);
    params.set("limit", "20");
    return DBB.request("GET", source.url + "?" + params.toString()).then(function (result) {
      if (!result.ok || !result.body) return [];
      return result.body.records.map(function (record) {
        var label = source.label && record[source.label] != null && String(record[source.label]).trim() ? String(record[source.label]) : "#" + record[source.key];
        return { value: String(record[source.key]), text: label + " (#" + record[source.key] + ")" };
      });
    });
  }

  function option(value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }

  form.querySelectorAll(".picker-search").forEach(function (box) {
    var select = document.getElementById(box.getAttribute("aria-controls"));
    var source = { url: box.dataset.url, key: box.dataset.key, label: box.dataset.label, search: box.dataset.search };
    box.addEventListener("input", debounce(function () {
      if (!box.value.trim()) return;
      search(source, box.value.trim()).then(function (found) {
        var keep = Array.prototype.filter.call(select.options, function (o) { return o.selected || o.value === ""; });
        select.replaceChildren.apply(select, keep);
        found.forEach(function (f) {
          if (!keep.some(function (o) { return o.value === f.value; })) select.appendChild(option(f.value, f.text));
        });
        DBB.say(found.length + " found");
      });
    }, 250));
  });

  // ---- tag input: chips for the chosen records, a text box with suggestions; the hidden <select multiple> is what is sent
  form.querySelectorAll(".tags-select").forEach(function (select, n) {
    var wrap = document.createElement("div");
    wrap.className = "tag-input form-control d-flex flex-wrap gap-1 align-items-center";
    var chips = document.createElement("span");
    chips.className = "d-contents";
    var input = document.createElement("input");
    input.type = "text";
    input.className = "tag-entry border-0 flex-grow-1";
    input.setAttribute("aria-label", "Add to " + (document.querySelector('label[for="' + select.id + '"]') || {}).textContent);
    var list = document.createElement("datalist");
    list.id = select.id + "-choices-" + n;
    input.setAttribute("list", list.id);
    wrap.append(chips, input, list);
    select.classList.add("visually-hidden");
    select.setAttribute("tabindex", "-1");
    select.insertAdjacentElement("afterend", wrap);
    var source = select.dataset.url ? { url: select.dataset.url, key: select.dataset.key, label: select.dataset.label, search: select.dataset.search } : null;

    function draw() {
      chips.replaceChildren();
      list.replaceChildren();
      Array.prototype.forEach.call(select.options, function (o) {
        if (o.selected) {
          var chip = document.createElement("span");
          chip.className = "badge text-bg-secondary d-inline-flex align-items-center gap-1";
          chip.append(document.createTextNode(o.textContent));
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "btn-close btn-close-white btn-sm";
          remove.setAttribute("aria-label", "Remove " + o.textContent);
          remove.addEventListener("click", function () { o.selected = false; draw(); input.focus(); });
          chip.append(remove);
          chips.append(chip);
        } else {
          list.append(option(o.textContent, ""));
        }
      });
    }
    function choose() {
      var text = input.value.trim().toLowerCase();
      var match = Array.prototype.find.call(select.options, function (o) { return !o.selected && o.textContent.toLowerCase() === text; })
        || Array.prototype.find.call(select.options, function (o) { return !o.selected && o.textContent.toLowerCase().indexOf(text) >= 0; });
      if (text && match) { match.selected = true; input.value = ""; draw(); return true; }
      return false;
    }
    input.addEventListener("change", choose);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); choose(); }
      if (event.key === "Backspace" && !input.value) {
        var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; });
        if (chosen.length) { chosen[chosen.length - 1].selected = false; draw(); }
      }
    });
    if (source) input.addEventListener("input", debounce(function () {
      if (input.value.trim().length < 2) return;
      search(source, input.value.trim()).then(function (found) {
        found.forEach(function (f) {
          if (!Array.prototype.some.call(select.options, function (o) { return o.value === f.value; })) select.appendChild(option(f.value, f.text));
        });
        draw();
      });
    }, 250));
    draw();
  });
})();
