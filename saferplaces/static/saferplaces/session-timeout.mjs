// The idle timeout, announced before it ends the session (WCAG 2.2.1 Timing adjustable). Every request
// restarts the server's idle clock, so the session ends `data-seconds` after this page was loaded unless
// another request comes. Two minutes before (half the time for shorter sessions) a modal dialog says so
// and offers "Stay signed in", which asks the server for more time; Escape does the same. When the time
// is up the dialog says the user has been signed out, and what they typed on the page is kept in this
// tab's sessionStorage (never passwords, files or hidden fields) so that, after signing in again, the
// same page puts it back. A form sent after the time is up goes to sign in first, for the same reason.
const WARN_BEFORE_S = 120
const DRAFT_PREFIX = 'saferplaces.draft:'
const DRAFT_KEEP_MS = 60 * 60 * 1000 // a draft older than this (a sign-in never finished) is dropped
const SKIPPED = new Set(['password', 'hidden', 'file', 'submit', 'button', 'reset', 'image'])

const dialog = document.getElementById('session-timeout')
const draftKey = DRAFT_PREFIX + window.location.pathname + window.location.search
let expiresAt = 0
let timers = []

function words (seconds) {
  if (seconds >= 90) return `${Math.round(seconds / 60)} minutes`
  if (seconds >= 60) return '1 minute'
  return `${Math.max(Math.round(seconds), 1)} seconds`
}

function postForms () {
  return [...document.querySelectorAll('main form')].filter(form => form.method === 'post')
}

function fieldsOf (form) {
  return [...form.elements].filter(el => el.name && el.name !== 'csrfmiddlewaretoken' && !SKIPPED.has(el.type))
}

function saveDraft () {
  const forms = postForms().map(form => fieldsOf(form).map(el => {
    if (el.type === 'checkbox' || el.type === 'radio') return { name: el.name, value: el.value, checked: el.checked }
    if (el.multiple) return { name: el.name, values: [...el.selectedOptions].map(o => o.value) }
    return { name: el.name, value: el.value }
  }))
  if (forms.some(fields => fields.length)) sessionStorage.setItem(draftKey, JSON.stringify({ at: Date.now(), forms }))
}

function restoreDraft () {
  const stored = sessionStorage.getItem(draftKey)
  if (!stored) return
  sessionStorage.removeItem(draftKey)
  const draft = JSON.parse(stored)
  if (Date.now() - draft.at > DRAFT_KEEP_MS) return
  const forms = postForms()
  draft.forms.forEach((fields, i) => {
    if (!forms[i]) return
    const elements = fieldsOf(forms[i])
    for (const field of fields) {
      for (const el of elements.filter(e => e.name === field.name)) {
        if ('checked' in field) {
          if (el.value === field.value) el.checked = field.checked
        } else if (field.values) {
          for (const option of el.options) option.selected = field.values.includes(option.value)
        } else {
          el.value = field.value
        }
      }
    }
  })
  const banner = document.createElement('div')
  banner.className = 'govuk-notification-banner'
  banner.setAttribute('role', 'alert')
  banner.setAttribute('tabindex', '-1')
  banner.id = 'draft-restored'
  banner.innerHTML = '<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title">Important</h2></div>' +
    '<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">' +
    'What you typed before you were signed out has been put back. Check it, then send the form again.</p></div>'
  document.getElementById('main-content').prepend(banner)
  banner.focus()
}

function signInUrl () {
  const next = window.location.pathname + window.location.search
  return `${dialog.dataset.signInUrl}?${new URLSearchParams({ next })}`
}

function signedOut () {
  saveDraft()
  dialog.querySelector('#session-timeout-title').textContent = 'You have been signed out'
  dialog.querySelector('#session-timeout-text').textContent =
    'You were signed out because nothing was done for a while. Anything you typed on this page has been kept: ' +
    'it is put back when you sign in again.'
  dialog.querySelector('form').hidden = true
  const again = dialog.querySelector('[data-signed-out]')
  again.querySelector('a').href = signInUrl()
  again.hidden = false
  if (!dialog.open) dialog.showModal()
  again.querySelector('a').focus()
}

function warn () {
  dialog.querySelector('[data-time-left]').textContent = words((expiresAt - Date.now()) / 1000)
  if (!dialog.open) dialog.showModal() // focus moves to "Stay signed in"; the title and text are read out
}

function schedule (seconds) {
  timers.forEach(clearTimeout)
  expiresAt = Date.now() + seconds * 1000
  const lead = Math.min(WARN_BEFORE_S, seconds / 2)
  timers = [setTimeout(warn, (seconds - lead) * 1000), setTimeout(signedOut, seconds * 1000)]
}

async function extend () {
  const form = dialog.querySelector('form')
  let response
  try {
    response = await fetch(form.action, {
      method: 'POST', body: new FormData(form), credentials: 'same-origin', headers: { Accept: 'application/json' }
    })
  } catch {
    return // offline: the dialog stays open and the button can be tried again
  }
  if (!(response.headers.get('Content-Type') || '').includes('application/json')) {
    signedOut() // the session had already ended: the answer is the sign-in page
    return
  }
  schedule((await response.json()).seconds)
  dialog.close() // focus goes back to where it was before the warning
}

if (dialog) {
  restoreDraft()
  schedule(Number(dialog.dataset.seconds))
  dialog.querySelector('form').addEventListener('submit', event => { event.preventDefault(); extend() })
  dialog.addEventListener('cancel', event => {
    event.preventDefault()
    if (Date.now() < expiresAt) extend()
  })
  // A timer may lag in a background tab: the clock is checked again whenever the page's form is sent
  // (a search's GET loses nothing: sign-in returns to its address with the terms).
  document.addEventListener('submit', event => {
    if (!event.target.closest('main') || event.target.method !== 'post' || Date.now() < expiresAt) return
    event.preventDefault()
    saveDraft()
    window.location.assign(signInUrl())
  }, true)
}
