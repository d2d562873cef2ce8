// Bar charts beside the key-figures tables (the tables carry the same figures without JS).
(function () {
  var el = document.getElementById("kf-data");
  if (!el || typeof Chart === "undefined") return;
  var data = JSON.parse(el.textContent);
  var colours = ["#0b3d6e", "#e4003a"];
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
  });
})();
