"""The partner API (``/api/v1/``): partner systems push and read records through system accounts."""
