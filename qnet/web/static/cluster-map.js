// qnet coordinator page: follows a clustering run that is under way and reloads the page when it
// finishes. Everything else on the page (map, list, insights, pairing) is rendered on the server.
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box || !window.fetch) { return; }
  var url = "/api/v1/coordinator/clusters/runs/" + encodeURIComponent(box.getAttribute("data-run"));
  function poll() {
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (run) {
      if (run.status === "running") {
        box.textContent = "Finding clusters: " + (run.stage || "starting") + ", " + Math.round((run.progress || 0) * 100) + "% done.";
        setTimeout(poll, 1500);
      } else if (run.status === "done") {
        window.location.reload();
      } else {
        box.textContent = "The clustering run did not finish" + (run.error ? " (" + run.error + ")" : "") + ". Please try again.";
      }
    }).catch(function () { setTimeout(poll, 5000); });
  }
  poll();
})();
