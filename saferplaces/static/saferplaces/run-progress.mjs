// Keep a running assessment's progress current without reloading the page: fetch the page again every
// few seconds and put its fresh stage and estimate in place. The stage is a polite live region, so a
// screen reader hears each new stage once; the estimate is not, so the clock is not read out.
// When the page has no progress any more (finished or failed) it is loaded whole.
const EVERY_MS = 5000
const progress = document.getElementById('run-progress')

async function refresh () {
  let response
  try {
    response = await fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
  } catch {
    setTimeout(refresh, EVERY_MS * 2) // offline for a moment: try again later
    return
  }
  if (!response.ok) {
    setTimeout(refresh, EVERY_MS * 2)
    return
  }
  const page = new DOMParser().parseFromString(await response.text(), 'text/html')
  if (!page.getElementById('run-progress')) {
    window.location.reload()
    return
  }
  for (const id of ['run-stage', 'run-estimate']) {
    const mine = document.getElementById(id)
    const fresh = page.getElementById(id)
    if (mine && fresh && mine.textContent !== fresh.textContent) {
      mine.replaceChildren(...document.importNode(fresh, true).childNodes)
    }
  }
  setTimeout(refresh, EVERY_MS)
}

if (progress) {
  document.getElementById('run-refresh-link')?.setAttribute('hidden', '')
  setTimeout(refresh, EVERY_MS)
}
