"""Endpoint credentials (environment or netrc, never the command line) and an opener using them."""

from __future__ import annotations

import netrc
import os
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import UsageError

ENV_USER, ENV_PASSWORD = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD"


def credentials(url: str) -> tuple[str, str] | None:
    """User and password for a URL: from KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD, else from
    the netrc file ($NETRC or ~/.netrc) entry of its host; None when neither has any.

    Raises UsageError for a user without a password or an unreadable netrc file.
    """
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if user:
        if password is None:
            raise UsageError(f"{ENV_USER} is set but {ENV_PASSWORD} is not")
        return user, password
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as exc:
        raise UsageError(f"cannot read {path}: {getattr(exc, 'msg', exc)}") from None
    if entry is None or not entry[0]:
        return None
    return entry[0], entry[2] or ""


def authenticating_opener(url: str) -> urllib.request.OpenerDirector:
    """An opener that answers a Basic or Digest challenge with the URL's credentials."""
    found = credentials(url)
    if found is None:
        return urllib.request.build_opener()
    parts = urlsplit(url)
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", *found)
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager),
                                       urllib.request.HTTPBasicAuthHandler(manager))
