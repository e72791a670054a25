// A small Markdown renderer for previews. It builds DOM nodes and sets only textContent and checked href
// values, so whatever the text holds (<script>, onerror=…, javascript: links) stays text: sanitized by
// construction rather than by filtering HTML. Covers headings, paragraphs, lists, quotes, code, emphasis, links.
(function () {
  "use strict";
  var DBB = window.DBB = window.DBB || {};
  var INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(!?\[[^\]]*\]\([^)\s]+\))/;

  function safeUrl(url) {
    return /^(https?:\/\/|mailto:|\/|#)/i.test(url) ? url : null;
  }

  function inline(parent, text) {
    while (text) {
      var match = INLINE.exec(text);
      if (!match) { parent.appendChild(document.createTextNode(text)); return; }
      if (match.index > 0) parent.appendChild(document.createTextNode(text.slice(0, match.index)));
      var token = match[0], node;
      if (match[1]) {
        node = document.createElement("code");
        node.textContent = token.slice(1, -1);
      } else if (match[2]) {
        node = document.createElement("strong");
        inline(node, token.slice(2, -2));
      } else if (match[3]) {
        node = document.createElement("em");
        inline(node, token.slice(1, -1));
      } else {
        var parts = /^!?\[([^\]]*)\]\(([^)\s]+)\)$/.exec(token);
        var href = safeUrl(parts[2]);
        node = document.createElement(href ? "a" : "span");
        if (href) { node.href = href; node.rel = "nofollow noopener noreferrer"; }
        node.textContent = parts[1] || parts[2];   // images are shown as their link: a preview loads nothing remote
      }
      parent.appendChild(node);
      text = text.slice(match.index + token.length);
    }
  }

  DBB.markdown = function (source, target) {
    target.replaceChildren();
    var lines = source.replace(/\r\n?/g, "\n").split("\n");
    var i = 0;
    while (i < lines.length) {
      var line = lines[i];
      if (/^```/.test(line)) {
        var code = [];
        for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
        i++;
        var pre = document.createElement("pre"), c = document.createElement("code");
        c.textContent = code.join("\n");
        pre.appendChild(c);
        target.appendChild(pre);
        continue;
      }
      var heading = /^(#{1,6})\s+(.*)$/.exec(line);
      if (heading) {
        var h = document.createElement("h" + heading[1].length);
        inline(h, heading[2]);
        target.appendChild(h);
        i++;
        continue;
      }
      var item = /^\s*([-*+]|\d+\.)\s+/;
      if (item.test(line)) {
        var list = document.createElement(/\d/.test(item.exec(line)[1]) ? "ol" : "ul");
        for (; i < lines.length && item.test(lines[i]); i++) {
          var li = document.createElement("li");
          inline(li, lines[i].replace(item, ""));
          list.appendChild(li);
        }
        target.appendChild(list);
        continue;
      }
      if (/^>\s?/.test(line)) {
        var quote = document.createElement("blockquote"), quoted = [];
        for (; i < lines.length && /^>\s?/.test(lines[i]); i++) quoted.push(lines[i].replace(/^>\s?/, ""));
        var p = document.createElement("p");
        inline(p, quoted.join(" "));
        quote.appendChild(p);
        target.appendChild(quote);
        continue;
      }
      if (!line.trim()) { i++; continue; }
      var paragraph = [];
      for (; i < lines.length && lines[i].trim() && !/^(#{1,6}\s|```|>|\s*([-*+]|\d+\.)\s)/.test(lines[i]); i++) paragraph.push(lines[i].trim());
      if (!paragraph.length) { i++; continue; }   // never loop on a line no rule takes
      var para = document.createElement("p");
      inline(para, paragraph.join(" "));
      target.appendChild(para);
    }
  };
})();
