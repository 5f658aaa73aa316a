// Start GOV.UK Frontend and MoJ Frontend components on every page.
import { initAll } from '/static/govuk/govuk-frontend.min.js'
initAll()

// A form without an action is sent to the page's address, fragment and all: after "Skip to main
// content" that is #main-content, and the answer then opens scrolled to it with the focus taken from
// the error summary that GOV.UK Frontend focuses (WCAG 2.4.3). Send such forms to the address alone.
document.addEventListener('submit', (event) => {
  const form = event.target
  if (location.hash && !form.getAttribute('action')) form.action = location.href.split('#')[0]
}, true)

// Maps load Leaflet only on pages that have one.
if (document.querySelector('[data-app-map]')) import('/static/saferplaces/map.mjs')
