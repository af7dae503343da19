"""Where the live preview listens: `make serve PORT=8001 HOST=0.0.0.0`, checked before anything is built.

A port already taken must not end in a Python traceback. `address` checks the host and port the
command line gives and tries the very bind the preview's server (explainer/preview/server.py)
makes, with SO_REUSEADDR as it sets it, before the preview generates a page (the server then
binds at once, still before anything is built); what cannot work is one line saying what to type
instead (`Unusable`), such as "port 8000 is in use: make serve PORT=8001", naming a free port.
"""

from __future__ import annotations

import errno
import ipaddress
import socket

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
NEARBY = 50  # how many ports after a busy one are tried for a free one to suggest


class Unusable(Exception):
    """The address cannot be served; the message is one line that ends with the command to run."""


def port_of(text: str) -> int:
    try:
        port = int(text.strip())
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise Unusable(f"PORT={text}: give a port number from 1 to 65535, e.g. make serve PORT={DEFAULT_PORT + 1}")
    return port


def host_of(text: str) -> str:
    """The host as MkDocs accepts it: `localhost` or an IP address (v4 or v6)."""
    host = text.strip()
    if host == "localhost":
        return host
    try:
        return str(ipaddress.ip_address(host.removeprefix("[").removesuffix("]")))
    except ValueError:
        raise Unusable(_not_here(text)) from None


def _not_here(host: str) -> str:
    return (
        f"HOST={host} is not an address of this machine: make serve HOST={DEFAULT_HOST} (this machine only) "
        "or HOST=0.0.0.0 (other devices on its network too)"
    )


def dev_addr(host: str, port: int) -> str:
    """host:port as a URL writes it, an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _bind(host: str, port: int) -> None:
    """Bind and release a socket as the server will (raises OSError where it would fail)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
        probe.listen(1)


def free_after(host: str, port: int) -> int | None:
    """The first port after `port` (within NEARBY) that can be served on `host`."""
    for candidate in range(port + 1, min(port + NEARBY, 65535) + 1):
        try:
            _bind(host, candidate)
        except OSError:
            continue
        return candidate
    return None


def why(exc: OSError, host: str, port: int) -> str:
    """One line for a failed bind: what is wrong and what to type instead."""
    if exc.errno == errno.EADDRINUSE:
        free = free_after(host, port)
        fix = f"make serve PORT={free}" if free else "stop the other server, or give another port: make serve PORT=..."
        return f"port {port} is in use: {fix}"
    if exc.errno == errno.EACCES:
        return f"port {port} may be used only by the system's administrator: make serve PORT={DEFAULT_PORT}"
    if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
        return _not_here(host)
    return f"cannot serve on {dev_addr(host, port)} ({exc.strerror or exc}): make serve PORT=... HOST=..."


def address(host_text: str, port_text: str) -> tuple[str, int]:
    """The host and port to serve on, checked (raises Unusable with one line saying what to run)."""
    host, port = host_of(host_text), port_of(port_text)
    try:
        _bind(host, port)
    except OSError as exc:
        raise Unusable(why(exc, host, port)) from None
    return host, port
