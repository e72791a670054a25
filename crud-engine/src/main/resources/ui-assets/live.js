// Live updates (CONTRACT §5): one WebSocket to /ws subscribed to a resource; every change calls onChange.
// The pages then fetch their own list again, so filters, search, sorting and permissions are the server's.
(function () {
  "use strict";
  var DBB = window.DBB = window.DBB || {};

  DBB.live = function (resource, onChange) {
    var retry = 500;
    function connect() {
      var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
      socket.addEventListener("open", function () {
        retry = 500;
        socket.send(JSON.stringify({ action: "subscribe", resource: resource }));
      });
      socket.addEventListener("message", function (event) {
        var message;
        try { message = JSON.parse(event.data); } catch (e) { return; }
        if (message.type === "subscribed") document.documentElement.dataset.live = "subscribed";   // tests and people can tell
        if (message.type === "created" || message.type === "updated" || message.type === "deleted" ||
            message.type === "schema_changed" || (message.type === "subscribed" && socket.reconnected)) {
          onChange(message);
        }
      });
      socket.addEventListener("close", function () {
        document.documentElement.dataset.live = "reconnecting";
        // changes made while away are caught up by the page's next fetch, so no resume position is kept
        setTimeout(function () { var next = connect(); next.reconnected = true; }, retry);
        retry = Math.min(retry * 2, 10000);
      });
      return socket;
    }
    connect();
  };

  // Runs `task` at most once at a time; calls made meanwhile run it once more afterwards
  DBB.coalesce = function (task) {
    var running = false, again = false;
    function run() {
      if (running) { again = true; return; }
      running = true;
      Promise.resolve().then(task).catch(function () {}).then(function () {
        running = false;
        if (again) { again = false; run(); }
      });
    }
    return run;
  };
})();
