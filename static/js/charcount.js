/* Live character counter under every textarea that has a limit (core.forms.LongTextField).
   Progressive enhancement: without JavaScript the help text states the limit and the browser's
   maxlength stops typing there. Screen readers hear the count only near the limit. */
(function () {
  "use strict";
  function format(n) {
    return n.toLocaleString(document.documentElement.lang || undefined);
  }
  document.querySelectorAll("textarea[data-charcount][maxlength]").forEach(function (area) {
    const max = Number(area.getAttribute("maxlength"));
    if (!max) return;
    const counter = document.createElement("div");
    counter.className = "form-text charcount";
    counter.id = area.id + "-charcount";
    counter.dataset.testid = "charcount";
    area.insertAdjacentElement("afterend", counter);
    const described = (area.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(counter.id);
    area.setAttribute("aria-describedby", described.join(" "));
    function update() {
      const count = area.value.length;
      counter.textContent = area.dataset.charcount.replace("{count}", format(count)).replace("{max}", format(max));
      const near = count >= max * 0.9;
      counter.classList.toggle("text-danger", near);
      counter.setAttribute("aria-live", near ? "polite" : "off");
    }
    area.addEventListener("input", update);
    update();
  });
})();
