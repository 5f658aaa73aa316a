// Start GOV.UK Frontend and MoJ Frontend components on every page.
import { initAll } from '/static/govuk/govuk-frontend.min.js'
initAll()

// Maps load Leaflet only on pages that have one.
if (document.querySelector('[data-app-map]')) import('/static/saferplaces/map.mjs')
