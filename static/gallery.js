// Point each card at this host, so the gallery works when opened from another machine.
// A query parameter moves a default port: mockups.html?8005=9005.
(function () {
  var params = new URLSearchParams(location.search);
  var host = location.hostname || "localhost";          // "[::1]" for IPv6, brackets included
  var scheme = location.protocol === "https:" ? "https:" : "http:";
  document.querySelectorAll("a[data-port]").forEach(function (card) {
    var port = params.get(card.dataset.port) || card.dataset.port;
    if (!/^\d{1,5}$/.test(port)) port = card.dataset.port;
    card.href = scheme + "//" + host + ":" + port + card.dataset.path;
    var label = card.querySelector(".port");
    if (label) label.textContent = ":" + port + (card.dataset.path === "/" ? "" : card.dataset.path);
  });
})();
