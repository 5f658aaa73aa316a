"""The data subject's rights: subject access (UK GDPR Art. 15), correction (Art. 16), erasure (Art. 17)
and restriction (Art. 18), handled by each agency's data protection officer. See docs/rights.md."""
