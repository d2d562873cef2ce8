// After a refused submit the page opens on its error summary (templates/includes/error_summary.html):
// focus moves there, so keyboard and screen-reader users start from what went wrong; each link in it
// moves the focus to its field (a plain fragment link would only scroll).
(function () {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.querySelectorAll("a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      const field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  });
})();
