"""Which network addresses a user-supplied URL may reach: the guard webhooks and connectors share.

Only global unicast addresses pass, and so must any IPv4 address an IPv6 form embeds (NAT64,
6to4, Teredo, IPv4-mapped and IPv4-compatible). Checked at the moment of each connection,
since a host's DNS may change after the URL was saved.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

# IPv6 ranges that carry an IPv4 address in their last 32 bits: NAT64 (RFC 6052, RFC 8215)
# and the deprecated IPv4-compatible form (`[::127.0.0.1]`).
_EMBEDDING_IPV4 = [
    ipaddress.ip_network("64:ff9b::/96"),
    ipaddress.ip_network("64:ff9b:1::/48"),
    ipaddress.ip_network("::/96"),
]

HOST_NOT_FOUND = "host not found"
PRIVATE_HOST = "refused: the host resolves to a private address"


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if any(ip in network for network in _EMBEDDING_IPV4):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address: str) -> bool:
    """Is this a global unicast address, and so is any IPv4 address it embeds?"""
    ip = ipaddress.ip_address(address.split("%")[0])
    if not ip.is_global or ip.is_multicast:
        return False
    inner = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    return inner is None or (inner.is_global and not inner.is_multicast)


def resolve(host: str) -> set[str]:
    """The addresses a host name (or literal address) resolves to; OSError if none."""
    return {info[4][0] for info in socket.getaddrinfo(host, None)}


def refuses_url(url: str, *, allow_private: bool) -> str:
    """Why a connection to this URL's host may not be made now, or ''."""
    if allow_private:
        return ""
    try:
        addresses = resolve(urlsplit(url).hostname or "")
    except (OSError, ValueError):  # UnicodeError is a ValueError
        return HOST_NOT_FOUND
    if not all(is_public_address(address) for address in addresses):
        return PRIVATE_HOST
    return ""
