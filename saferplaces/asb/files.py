"""Evidence files: the checks and the store are ``saferplaces.core.files`` (shared with the files
on case notes); re-exported here for the ASB code that names them."""

from saferplaces.core.files import (  # noqa: F401
    ALLOWED,
    ALLOWED_LABEL,
    FileRejected,
    check,
    path_of,
    safe_filename,
    sniff,
    store,
)
