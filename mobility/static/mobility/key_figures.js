// Bar charts beside the key-figures tables (the tables carry the same figures without JS).
(function () {
  var el = document.getElementById("kf-data");
  if (!el || typeof Chart === "undefined") return;
  var data = JSON.parse(el.textContent);
  var colours = ["#0b3d6e", "#e4003a"];
  // One colour per period, the same on every chart ("not recorded" grey, 4.7:1 on white).
  var periodColours = {
    semester_1: "#0b3d6e", semester_2: "#e4003a", full_year: "#1e7b4f", dates: "#7a4fa0", not_recorded: "#6c757d"
  };
  data.categories.forEach(function (cat) {
    var canvas = document.getElementById("chart-" + cat.key);
    if (!canvas) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: cat.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length], borderRadius: 3 };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" }, title: { display: true, text: cat.label } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
    var byPeriod = document.getElementById("chart-" + cat.key + "-periods");
    if (!byPeriod) return;
    new Chart(byPeriod, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: cat.periods.map(function (p) {
          return { label: p.label, data: p.data, backgroundColor: periodColours[p.key] || "#444", stack: "period" };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" }, title: { display: true, text: cat.periodTitle } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
})();
