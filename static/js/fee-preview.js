/* Summer-school registration: the fee box follows the institution chosen (free for members of a
   waiver network). Progressive enhancement: without JavaScript the server states the fee. */
(function () {
  "use strict";
  const select = document.getElementById("id_institution");
  const out = document.getElementById("fee-preview");
  const reason = document.getElementById("fee-reason");
  const ids = document.getElementById("waived-ids");
  if (!select || !out || !reason || !ids) return;
  const waived = new Set(JSON.parse(ids.textContent).map(String));
  const fee = Number(out.dataset.fee);
  if (!fee) return;
  function update() {
    const free = waived.has(select.value);
    out.textContent = free ? "€0" : "€" + fee.toLocaleString("en-GB");
    reason.textContent = document.getElementById(free ? "txt-waived" : "txt-paid").textContent;
  }
  select.addEventListener("change", update);
  update();
})();
