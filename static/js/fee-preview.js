/* Summer-school registration: the fee box follows the institution chosen and the waiver code typed.
   It shows €0 only where the server charges nothing: an institution whose membership the
   participant has proven (a verified address at its domain), or a waiver code (checked on
   submit: a bad code is refused, nothing is recorded). A member institution without proof shows
   the full fee, "waiver pending". Without JavaScript the server states the fee. */
(function () {
  "use strict";
  const select = document.getElementById("id_institution");
  const code = document.getElementById("id_waiver_code");
  const out = document.getElementById("fee-preview");
  const reason = document.getElementById("fee-reason");
  const ids = document.getElementById("waived-ids");
  const pendingIds = document.getElementById("pending-ids");
  if (!select || !out || !reason || !ids) return;
  const waived = new Set(JSON.parse(ids.textContent).map(String));
  const pending = new Set(pendingIds ? JSON.parse(pendingIds.textContent).map(String) : []);
  const fee = Number(out.dataset.fee);
  if (!fee) return;
  function update() {
    let key = "txt-paid";
    if (code && code.value.trim()) key = "txt-code";
    else if (waived.has(select.value)) key = "txt-waived";
    else if (pending.has(select.value)) key = "txt-pending";
    const free = key === "txt-code" || key === "txt-waived";
    // Both amounts come written the page's way ("€3,100" / "3 100 €") by the server.
    out.textContent = free ? out.dataset.freeText : out.dataset.feeText;
    reason.textContent = document.getElementById(key).textContent;
  }
  select.addEventListener("change", update);
  if (code) code.addEventListener("input", update);
  update();
})();
