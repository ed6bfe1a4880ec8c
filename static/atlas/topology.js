/* Key County Atlas: rebuild GeoJSON from the TopoJSON the app sends (geo/topology.py).
   Arcs are delta-encoded integers on a grid; polygons list arc indices (~i = reversed).

   Layers get their shapes only once the view is final (`afterView`): streamlit-folium sets
   the server's center and zoom after the map script, and a fit to the map's real size
   (`fitView`) follows; shapes added before that would be projected and clipped once per
   step (a full pass over every county each time). Fits run first, then the shapes, in one
   task after the map script. Province-level layers take their shapes from a static file
   (`afterShapes`), fetched once per page, and then join the same queue. */
(function () {
  "use strict";

  function decodeArcs(topology) {
    var scale = topology.transform.scale;
    var translate = topology.transform.translate;
    return topology.arcs.map(function (arc) {
      var x = 0;
      var y = 0;
      return arc.map(function (delta) {
        x += delta[0];
        y += delta[1];
        return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
      });
    });
  }

  function line(arcs, refs) {
    var points = [];
    refs.forEach(function (ref, position) {
      var arc = ref >= 0 ? arcs[ref] : arcs[~ref].slice().reverse();
      for (var i = position ? 1 : 0; i < arc.length; i++) points.push(arc[i]);
    });
    return points;
  }

  function decode(topology) {
    var arcs = decodeArcs(topology);
    var features = topology.objects.features.geometries.map(function (geometry) {
      return {
        type: "Feature",
        properties: geometry.properties,
        geometry: {
          type: "MultiPolygon",
          coordinates: geometry.arcs.map(function (polygon) {
            return polygon.map(function (ring) { return line(arcs, ring); });
          })
        }
      };
    });
    var borders = topology.objects.borders.arcs.map(function (refs) { return line(arcs, refs); });
    return {
      features: { type: "FeatureCollection", features: features },
      borders: {
        type: "FeatureCollection",
        features: [{ type: "Feature", properties: {}, geometry: { type: "MultiLineString", coordinates: borders } }]
      }
    };
  }

  /* adcode -> properties from the compact table the layers send (geo.maps.property_table):
     {fields: [...], rows: {adcode: [value per field]}}; a null value is left out. */
  function expand(table) {
    var properties = {};
    Object.keys(table.rows).forEach(function (adcode) {
      var values = table.rows[adcode];
      var one = { adcode: adcode };
      table.fields.forEach(function (field, index) {
        if (values[index] !== null) one[field] = values[index];
      });
      properties[adcode] = one;
    });
    return properties;
  }

  /* The decoded counties named in `table` (see expand), sharing geometry. */
  function pick(collection, table) {
    var properties = expand(table);
    return {
      type: "FeatureCollection",
      features: collection.features
        .filter(function (feature) { return properties.hasOwnProperty(feature.properties.adcode); })
        .map(function (feature) {
          return { type: "Feature", properties: properties[feature.properties.adcode], geometry: feature.geometry };
        })
    };
  }

  /* Counties named in `table` (see expand) with their geometry from a shapes file
     (adcode -> geometry, geo.maps.shapes_file). */
  function pickShapes(geometries, table) {
    var properties = expand(table);
    return {
      type: "FeatureCollection",
      features: Object.keys(properties)
        .filter(function (adcode) { return geometries.hasOwnProperty(adcode); })
        .map(function (adcode) {
          return { type: "Feature", properties: properties[adcode], geometry: geometries[adcode] };
        })
    };
  }

  var files = {};

  /* The shapes file at `url`, fetched once per page (a failed fetch is tried again by the next layer). */
  function shapes(url) {
    if (!files[url]) {
      files[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  var queued = { view: [], shapes: [] };
  var scheduled = false;

  function flush() {
    scheduled = false;
    var steps = queued.view.splice(0).concat(queued.shapes.splice(0));
    steps.forEach(function (step) { step(); });
  }

  function queue(kind, step) {
    queued[kind].push(step);
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, 0);
    }
  }

  window.atlasTopology = {
    decode: decode,
    pick: pick,
    pickShapes: pickShapes,
    fitView: function (step) { queue("view", step); },
    afterView: function (step) { queue("shapes", step); },
    /* step(geometries) once the shapes file at `url` has loaded and the view is final. */
    afterShapes: function (url, step) {
      shapes(url).then(
        function (geometries) { queue("shapes", function () { step(geometries); }); },
        function (error) { if (window.console) console.error("atlas: county shapes not loaded", error); }
      );
    }
  };
})();
