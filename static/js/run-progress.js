/* Certificate run progress page (admin): polls the run's status every second until it finishes.
   The status URL and the "Finished." text come from data attributes on #run-progress. */
(function () {
  "use strict";
  const root = document.getElementById("run-progress");
  if (!root || root.dataset.finished === "1") return;
  const statusUrl = root.dataset.statusUrl;
  const finishedText = root.dataset.finishedText;
  function poll() {
    fetch(statusUrl, {credentials: "same-origin"}).then((r) => r.json()).then((d) => {
      document.getElementById("done").textContent = d.done;
      document.getElementById("total").textContent = d.total;
      document.getElementById("failed").textContent = d.failed;
      document.getElementById("failed-wrap").hidden = !d.failed;
      document.getElementById("fill").style.width = d.done_percent + "%";
      document.getElementById("fill-failed").style.width = d.failed_percent + "%";
      document.getElementById("bar").setAttribute("aria-valuenow", d.done);
      if (d.finished) {
        document.getElementById("state").textContent = finishedText;
        if (d.failed) { window.location.reload(); }  // to list who failed and why
      } else {
        setTimeout(poll, 1000);
      }
    }).catch(() => setTimeout(poll, 3000));
  }
  poll();
})();
