// The map on /map, as progressive enhancement: the page already lists every application shown here, so when
// Leaflet or the tile server is unreachable the map goes away and the notice says the list has the same content.
// Data comes from the JSON block #map-data (the Content-Security-Policy allows no inline script).
(() => {
  /** Milliseconds to wait for a first tile before declaring the map unavailable. */
  const TILE_TIMEOUT_MS = 5000;
  /** Tile errors before any tile loaded that already mean the server is not there. */
  const TILE_ERRORS_TO_GIVE_UP = 4;

  const start = () => {
    const section = document.querySelector('.map-section');
    const container = document.getElementById('map');
    const notice = document.getElementById('map-notice');
    const source = document.getElementById('map-data');
    if (!section || !container || !notice || !source) return;
    const data = JSON.parse(source.textContent || '{}');
    const L = window.L;
    if (!L || !data.tiles) return; // The notice stays: the list is the page.

    let map;
    let settled = false;
    const unavailable = () => {
      if (settled) return;
      settled = true;
      try {
        map.remove();
      } catch {
        // A half-made map is hidden below anyway.
      }
      container.hidden = true;
      notice.hidden = false;
      notice.textContent = data.text.unavailable;
      section.dataset.mapState = 'unavailable';
    };

    notice.hidden = true;
    container.hidden = false;
    section.dataset.mapState = 'loading';
    map = L.map(container, { scrollWheelZoom: false });
    // The view comes first: layers added to a map without one wait, and a circle cannot measure itself yet.
    if (data.area) {
      map.fitBounds(L.latLng(data.area.lat, data.area.lng).toBounds(data.area.radiusM * 2), { padding: [16, 16] });
    } else if (data.markers.length) {
      map.fitBounds(data.markers.map((m) => [m.lat, m.lng]), { padding: [24, 24], maxZoom: 16 });
    } else {
      map.setView([data.centre.lat, data.centre.lng], 13);
    }
    const tiles = L.tileLayer(data.tiles.url, { maxZoom: 19, attribution: escapeHtml(data.tiles.attribution || '') });
    let errors = 0;
    tiles.on('tileload', () => {
      if (settled) return;
      settled = true;
      section.dataset.mapState = 'ready';
    });
    tiles.on('tileerror', () => {
      errors += 1;
      if (errors >= TILE_ERRORS_TO_GIVE_UP) unavailable();
    });
    setTimeout(() => { if (!settled) unavailable(); }, TILE_TIMEOUT_MS);
    tiles.addTo(map);

    for (const m of data.markers) {
      // Markers are for pointers only: keyboard and screen reader users have the list below, which holds the same
      // applications as links (overlapping markers could not meet WCAG's minimum target size anyway).
      const marker = L.marker([m.lat, m.lng], { title: `${m.number} ${m.title}`, alt: '', keyboard: false }).addTo(map);
      marker.bindPopup(() => popup(m));
    }

    let circle = data.area ? L.circle([data.area.lat, data.area.lng], { radius: data.area.radiusM, weight: 2 }).addTo(map) : null;

    // Clicking the map sets the area's centre: the fields are filled and the circle previews it.
    const form = document.getElementById('f-filters');
    const lat = document.getElementById('f-lat');
    const lng = document.getElementById('f-lng');
    const radius = document.getElementById('f-radius');
    const address = document.getElementById('f-address');
    const picked = document.getElementById('map-picked');
    map.on('click', (event) => {
      if (!form || !lat || !lng) return;
      const la = event.latlng.lat.toFixed(6);
      const ln = L.Util.wrapNum(event.latlng.lng, [-180, 180], true).toFixed(6);
      lat.value = la;
      lng.value = ln;
      if (address) address.value = '';
      const r = Number(radius && radius.value) || 500;
      if (circle) circle.setLatLng([Number(la), Number(ln)]).setRadius(r);
      else circle = L.circle([Number(la), Number(ln)], { radius: r, weight: 2, dashArray: '4 4' }).addTo(map);
      if (picked) picked.textContent = data.text.picked.replace('{lat}', la).replace('{lng}', ln);
    });
  };

  /** A marker's popup, built from text nodes so no title can inject markup. */
  function popup(m) {
    const box = document.createElement('div');
    const link = document.createElement('a');
    link.href = `/applications/${encodeURIComponent(m.number)}`;
    link.textContent = m.number;
    const title = document.createElement('div');
    title.textContent = m.title;
    const status = document.createElement('div');
    status.className = 'muted small';
    status.textContent = m.status;
    box.append(link, title, status);
    return box;
  }

  /** Leaflet writes attribution as HTML; the configured text is text. */
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
