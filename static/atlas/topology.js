/* Key County Atlas: rebuild GeoJSON from the TopoJSON the app sends (geo/topology.py).
   Arcs are delta-encoded integers on a grid; polygons list arc indices (~i = reversed). */
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

  /* The decoded counties named in `properties` (adcode -> properties), sharing geometry. */
  function pick(collection, properties) {
    return {
      type: "FeatureCollection",
      features: collection.features
        .filter(function (feature) { return properties.hasOwnProperty(feature.properties.adcode); })
        .map(function (feature) {
          return { type: "Feature", properties: properties[feature.properties.adcode], geometry: feature.geometry };
        })
    };
  }

  window.atlasTopology = { decode: decode, pick: pick };
})();
