"""Web addresses read the way browsers read them, and same-site redirect targets.

Python's `urlsplit` follows RFC 3986, browsers follow the WHATWG URL standard, and the two
disagree exactly where attacks live: `https://evil.com\\@taobao.com` is host taobao.com to
urllib but evil.com to a browser (a backslash ends the host for http(s)); browsers drop
tabs and newlines anywhere (`java\\tscript:`), decode percent-escapes and map full-width
characters in hosts, and read `https:evil.com` as `https://evil.com/`.

Rather than re-implement every WHATWG rule, this normaliser refuses every input on which
the two readings can differ (backslashes, whitespace and control characters, userinfo,
percent-escapes in the host, a missing `//`, non-default ports, IP literals, a trailing
dot, which browsers keep as a distinct origin). What is
left has one reading; the host is then mapped and encoded with IDNA (UTS 46, as browsers
do), so a look-alike such as Cyrillic `tаobao.com` becomes `xn--...` and can never equal
an allowed ASCII host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import idna

from marketplace.domain.text import is_storable_text

SCHEMES = {"http": 80, "https": 443}
MAX_URL_LENGTH = 300
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.DOTALL)
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# Characters kept as they are when the path and query are re-encoded.
_URL_SAFE = "/?#[]@!$&'()*+,;=:%-._~"


class BadUrl(ValueError):
    """Not an http(s) address with one unambiguous reading."""


@dataclass(frozen=True)
class WebUrl:
    host: str  # ASCII (IDNA) form, lower case, no trailing dot
    url: str  # the normalised address to store and link to

    def is_on(self, hosts: tuple[str, ...] | list[str]) -> bool:
        """The host is one of `hosts` or a subdomain of one."""
        return any(self.host == h or self.host.endswith("." + h) for h in hosts)


def _has_ambiguous_character(text: str) -> bool:
    return any(c == "\\" or c.isspace() or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text)


def _ascii_host(host: str) -> str:
    if not host or "%" in host or "[" in host:
        raise BadUrl("host")
    try:
        ascii_host = idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError) as error:
        raise BadUrl("host") from error
    labels = ascii_host.lower().split(".")  # a trailing dot leaves an empty label: refused
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        raise BadUrl("host")
    if labels[-1].isdigit():  # browsers read a numeric last label as an IPv4 address
        raise BadUrl("host")
    return ".".join(labels)


def parse_web_url(text: str, *, max_length: int = MAX_URL_LENGTH) -> WebUrl:
    """The normalised http(s) address, or BadUrl."""
    if len(text) > max_length or _has_ambiguous_character(text) or not is_storable_text(text):
        raise BadUrl("characters")
    match = _SCHEME.fullmatch(text)
    if match is None or match[1].lower() not in SCHEMES or not match[2].startswith("//"):
        raise BadUrl("scheme")
    scheme, rest = match[1].lower(), match[2][2:]
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    if "@" in authority:
        raise BadUrl("userinfo")
    host, _colon, port = authority.partition(":")
    if port and not (port.isascii() and port.isdigit() and int(port[:6]) == SCHEMES[scheme]):
        raise BadUrl("port")
    ascii_host = _ascii_host(host)
    return WebUrl(host=ascii_host, url=f"{scheme}://{ascii_host}{quote(tail, safe=_URL_SAFE)}")


def safe_redirect_path(target: str | None) -> str | None:
    """`target` if it is a path on this site, read the same after decoding; else None.

    `//evil.com`, `/\\evil.com`, `\\/evil.com` and `/%2F%2Fevil.com` all leave the site in
    some browser or behind some proxy that decodes before redirecting again.
    """
    if not target or len(target) > 2000:
        return None
    if _has_ambiguous_character(target) or not is_storable_text(target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    decoded_path = unquote(parts.path)
    if decoded_path.startswith("//") or _has_ambiguous_character(decoded_path):
        return None
    return target
