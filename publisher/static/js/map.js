/* The map of /kaart: draws the data collections' GeoJSON with Leaflet above the table, and lets the same
   filters hide markers and table rows at once. Without JavaScript the page is the table, filtered by the form. */
(function () {
  "use strict";
  var container = document.getElementById("gs-map");
  var form = document.querySelector("[data-map-filters]");
  if (!container || !form || !window.L || !window.fetch) { return; }

  var typeSelect = form.querySelector("#soort");
  var personalSelect = form.querySelector("#persoonsgegevens");
  var count = document.querySelector("[data-map-count]");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-entry]"));
  var nothing = document.querySelector("[data-map-nothing]");
  var ds = container.dataset;

  function optionLabels(select) {
    var labels = {};
    Array.prototype.forEach.call(select.options, function (option) { labels[option.value] = option.textContent; });
    return labels;
  }
  var personalLabels = optionLabels(personalSelect);

  function matches(type, personal) {
    return (!typeSelect.value || typeSelect.value === type) &&
      (!personalSelect.value || personalSelect.value === personal);
  }

  function popup(properties) {
    var box = document.createElement("div");
    box.className = "gs-map-popup";
    var title = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = properties.name;
    title.appendChild(strong);
    if (properties.location) { title.appendChild(document.createTextNode(" (" + properties.location + ")")); }
    box.appendChild(title);
    var list = document.createElement("dl");
    [[ds.labelMeasures, properties.observes],
     [ds.labelPersonalData, personalLabels[properties.personal_data] || properties.personal_data_label],
     [ds.labelLegalBasis, properties.legal_basis]].forEach(function (pair) {
      if (!pair[1]) { return; }
      var term = document.createElement("dt");
      term.textContent = pair[0];
      var value = document.createElement("dd");
      value.textContent = pair[1];
      list.appendChild(term);
      list.appendChild(value);
    });
    box.appendChild(list);
    var link = document.createElement("a");
    link.href = "/register/" + encodeURIComponent(properties.entry_id);
    link.textContent = ds.labelMore;
    box.appendChild(link);
    return box;
  }

  container.hidden = false;
  var map = L.map(container, { scrollWheelZoom: false }).setView([52.2, 5.3], 7);
  if (ds.tiles) {
    L.tileLayer(ds.tiles, { minZoom: 6, maxZoom: 19, attribution: ds.attribution.replace(/[<>&"]/g, "") })
      .addTo(map);
  }

  var shapes = [];
  var drawn = L.featureGroup().addTo(map);

  function apply() {
    shapes.forEach(function (shape) {
      var show = matches(shape.type, shape.personal);
      if (show && !drawn.hasLayer(shape.layer)) { drawn.addLayer(shape.layer); }
      if (!show && drawn.hasLayer(shape.layer)) { drawn.removeLayer(shape.layer); }
    });
    var shown = 0;
    rows.forEach(function (row) {
      row.hidden = !matches(row.dataset.type, row.dataset.personalData);
      if (!row.hidden) { shown += 1; }
    });
    if (nothing) { nothing.hidden = shown > 0; }
    if (count && count.dataset.template) {
      count.textContent = count.dataset.template.replace("{shown}", shown).replace("{total}", count.dataset.total);
    }
    map.getContainer().dataset.markers = String(drawn.getLayers().length);
  }

  function onChange() {
    apply();
    var query = new URLSearchParams(new FormData(form));
    Array.from(query.keys()).forEach(function (key) { if (!query.get(key)) { query.delete(key); } });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }
  typeSelect.addEventListener("change", onChange);
  personalSelect.addEventListener("change", onChange);

  fetch(ds.geojson, { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var p = feature.properties;
          return L.marker(latlng, { alt: p.name + (p.location ? ", " + p.location : ""), title: p.name });
        },
        onEachFeature: function (feature, layer) {
          layer.bindPopup(function () { return popup(feature.properties); });
          shapes.push({ type: feature.properties.sensor_type || "", personal: feature.properties.personal_data || "",
                        layer: layer });
        }
      });
      shapes.forEach(function (shape) { drawn.addLayer(shape.layer); });
      if (drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { maxZoom: 15 }); }
      apply();
      container.dataset.ready = "true";
    });
}());
