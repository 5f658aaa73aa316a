// Before the page is drawn: tell GOV.UK Frontend's styles that script runs (and modules are supported).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
