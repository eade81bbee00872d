"""The address of the person on the other end of a request, the one place that decides it.

Behind the TLS proxy (Caddy) every request arrives from 127.0.0.1, so anything limited or counted
per client (allauth's login throttles, a view per visitor per hour) would lump everyone together:
one attacker's failed logins would lock every member out. The proxy writes the address it saw
at the end of `X-Forwarded-For`; settings.TRUSTED_PROXY_COUNT says how many proxies we run, so
the entry that many places from the end is the one written by our outermost proxy. Entries
further left were sent by the client and prove nothing. With TRUSTED_PROXY_COUNT = 0 (the
default: no proxy) the header is ignored entirely, since anyone can send it.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address as our outermost trusted proxy saw it, else the socket's peer."""
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return peer
    entries = [entry.strip() for entry in forwarded.split(",")]
    # Fewer entries than proxies: the request skipped our outer proxies; the leftmost entry was
    # still written by a trusted one.
    candidate = entries[-min(trusted, len(entries))]
    return _normalized(candidate) or peer


def _normalized(address: str) -> str:
    """A valid IPv4/IPv6 address in canonical form, or "" (a garbled header counts as none)."""
    if address.startswith("[") and "]" in address:  # "[2001:db8::1]:443"
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:  # "203.0.113.9:51234"
        address = address.split(":")[0]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""
