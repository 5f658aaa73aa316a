// Keep a running assessment's (or test's) progress current without reloading the page (WCAG 2.2.1, 2.4.3):
// every few seconds fetch only its progress and put the fresh stage and estimate in place. The stage
// is a polite live region, so a screen reader hears each new stage once; the estimate is not, so the
// clock is not read out. When the run is over the page is loaded whole and focus moves, this once, to
// what it says about the outcome, so the reader is taken to the result rather than left at the top.
const EVERY_MS = 5000
const FINISHED_KEY = 'saferplaces.run-finished'
const progress = document.getElementById('run-progress')

async function refresh () {
  let response
  try {
    response = await fetch(progress.dataset.progressUrl, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
  } catch {
    setTimeout(refresh, EVERY_MS * 2) // offline for a moment: try again later
    return
  }
  if (!response.ok) {
    setTimeout(refresh, EVERY_MS * 2)
    return
  }
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html')
  const state = fresh.getElementById('run-state')
  if (state && ['finished', 'failed'].includes(state.dataset.status)) {
    sessionStorage.setItem(FINISHED_KEY, window.location.pathname)
    window.location.reload()
    return
  }
  for (const id of ['run-stage', 'run-estimate']) {
    const mine = document.getElementById(id)
    const theirs = fresh.getElementById(id)
    if (mine && theirs && mine.textContent !== theirs.textContent) {
      mine.replaceChildren(...document.importNode(theirs, true).childNodes)
    }
  }
  setTimeout(refresh, EVERY_MS)
}

if (progress) {
  setTimeout(refresh, EVERY_MS)
} else if (sessionStorage.getItem(FINISHED_KEY) === window.location.pathname) {
  // Reloaded because the run ended: a failure's error summary takes focus itself (GOV.UK Frontend).
  sessionStorage.removeItem(FINISHED_KEY)
  document.getElementById('run-outcome')?.focus()
}
