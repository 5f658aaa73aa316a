// Maps: the partnership map (data-app-map="layers") and the place picker of forms
// (data-app-map="picker"). Leaflet draws them; the tile source comes from settings.MAP_TILES
// (data-map-config). Without tiles the map is a plain view of the boundaries and the records.
// Everything a map shows is also on the page as text: a map is never the only way.
import * as L from '/static/leaflet/leaflet-src.esm.js'

const COLOURS = { hotspots: '#d4351c', areas: '#1d70b8', actions: '#00703c', cases: '#4c2c92', incidents: '#f47738' }
const LONDON = [51.515, -0.15]

function addStylesheet (href) {
  if (document.querySelector('link[data-leaflet]')) return
  const link = document.createElement('link')
  link.rel = 'stylesheet'
  link.href = href
  link.dataset.leaflet = 'true'
  document.head.appendChild(link)
}

function baseMap (element) {
  const config = JSON.parse(element.dataset.mapConfig)
  addStylesheet(config.leaflet_css)
  const map = L.map(element, { attributionControl: Boolean(config.tiles) }).setView(LONDON, 13)
  if (config.tiles) {
    L.tileLayer(config.tiles.url, { maxZoom: config.tiles.max_zoom || 19, attribution: config.tiles.attribution }).addTo(map)
    map.attributionControl.setPrefix(false)
  } else {
    element.classList.add('app-map--plain')
  }
  const outline = L.geoJSON(null, { style: { color: '#505a5f', weight: 1, fill: false }, interactive: false }).addTo(map)
  fetch(config.boundary_url, { credentials: 'same-origin' })
    .then((response) => response.ok ? response.json() : null)
    .then((data) => {
      if (data && data.features && data.features.length) {
        outline.addData(data)
        if (!map.fitted) map.fitBounds(outline.getBounds())
      }
    })
    .catch(() => {})
  return map
}

function popupText (properties) {
  const box = document.createElement('div')
  const title = document.createElement(properties.url ? 'a' : 'strong')
  title.textContent = properties.label || ''
  if (properties.url) { title.href = properties.url; title.className = 'govuk-link' }
  box.appendChild(title)
  if (properties.detail) {
    const detail = document.createElement('p')
    detail.className = 'govuk-body-s'
    detail.textContent = properties.detail
    box.appendChild(detail)
  }
  return box
}

function layersMap (element) {
  const map = baseMap(element)
  const data = JSON.parse(element.dataset.layers)
  const bounds = L.latLngBounds([])
  for (const [key, collection] of Object.entries(data)) {
    if (!collection.features.length) continue
    const colour = COLOURS[key] || '#0b0c0c'
    const layer = L.geoJSON(collection, {
      style: { color: colour, weight: 2, fillOpacity: key === 'hotspots' ? 0.35 : 0.1 },
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 7, color: colour, fillOpacity: 0.8 }),
      onEachFeature: (feature, item) => item.bindPopup(() => popupText(feature.properties))
    }).addTo(map)
    bounds.extend(layer.getBounds())
  }
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 })
    map.fitted = true
  }
}

function pickerMap (element) {
  const map = baseMap(element)
  const latitude = document.getElementById(element.dataset.latitudeInput)
  const longitude = document.getElementById(element.dataset.longitudeInput)
  const postcode = document.getElementById(element.dataset.postcodeInput)
  const status = document.getElementById(element.dataset.postcodeInput + '-map-status')
  let marker = null
  const say = (text) => { if (status) status.textContent = text }
  const mark = (lat, lng, why) => {
    latitude.value = lat.toFixed(6)
    longitude.value = lng.toFixed(6)
    if (marker) marker.setLatLng([lat, lng])
    else marker = L.circleMarker([lat, lng], { radius: 8, color: '#d4351c', fillOpacity: 0.8 }).addTo(map)
    say(why)
  }
  const clear = (why) => {
    latitude.value = ''
    longitude.value = ''
    if (marker) { marker.remove(); marker = null }
    say(why)
  }
  if (latitude.value && longitude.value) {
    mark(Number(latitude.value), Number(longitude.value), 'The place is marked on the map.')
    map.setView([Number(latitude.value), Number(longitude.value)], 16)
    map.fitted = true
  }
  map.on('click', (event) => mark(event.latlng.lat, event.latlng.lng, 'The place you clicked is marked on the map.'))
  // The postcode last looked up: leaving the box for the map fires 'change' again, and looking the
  // same postcode up again would move the point back from where the user has just clicked.
  let lookedUp = postcode.value.trim()
  postcode.addEventListener('change', () => {
    const text = postcode.value.trim()
    if (text === lookedUp) return
    lookedUp = text
    if (!text) { clear('No place is marked.'); return }
    fetch(element.dataset.lookupUrl + '?postcode=' + encodeURIComponent(text), { credentials: 'same-origin' })
      .then((response) => response.json())
      .then((found) => {
        if (found.latitude === undefined) { clear(found.error + ': click the map to mark the place.'); return }
        mark(found.latitude, found.longitude, found.postcode + ' is marked on the map' + (found.sample ? ' (a sample postcode)' : '') + '.')
        // No animation: a click during a zoom animation is lost, and motion helps nobody here.
        map.setView([found.latitude, found.longitude], 16, { animate: false })
      })
      .catch(() => say('The postcode could not be looked up now; it will be when you save.'))
  })
}

for (const element of document.querySelectorAll('[data-app-map]')) {
  if (element.dataset.appMap === 'layers') layersMap(element)
  else if (element.dataset.appMap === 'picker') pickerMap(element)
}
