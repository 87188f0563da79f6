"""The one door for outbound HTTP: fetch a page a user named, without letting that user reach our
own network (SSRF).

Every fetch resolves the host name once, refuses it unless every address it resolves to is a
public one (no private, loopback, link-local — cloud metadata at 169.254.169.254 —, shared,
multicast, reserved or unspecified address, nor an IPv6 address that embeds one), then connects
to the address it checked, so a second lookup cannot answer differently (DNS rebinding). TLS
still verifies the certificate against the host name (SNI), and the Host header names it. Each
redirect is checked the same way, at most `max_redirects` of them; the whole fetch has one time
limit and the body a size cap, both enforced while reading, whatever Content-Length claims.

Built on the standard library's http.client, which lets us choose the address a connection
opens while keeping the name for TLS and Host; no dependency needed.

`SAFE_FETCH_TEST_HOSTS` (settings) lets tests reach their own local server: exactly the
"host:port" pairs listed, over plain HTTP. Production never sets it, and `check --deploy` fails
if it is set with DEBUG off (core.checks).
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_URL_LENGTH = 2048
CHUNK = 64 * 1024
# A network with these prefixes carries an IPv4 address inside an IPv6 one: NAT64 (RFC 6052).
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The page could not be fetched; the message is fit to show the user as it is."""


@dataclass(frozen=True)
class FetchResult:
    """What the server answered, after redirects. Statuses other than redirects are returned as
    they are (200, 304 to a conditional request, 404, 429…): the caller decides. `headers` is
    looked up case-insensitively: `result.headers.get("ETag")`."""

    url: str
    status: int
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get_content_type()

    def text(self) -> str:
        """The body as text, in the charset the server named (UTF-8 when it named none or one
        Python does not know); undecodable bytes are replaced, never an error."""
        charset = self.headers.get_content_charset() or "utf-8"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def user_agent() -> str:
    """Who we are, so a site's operator can tell our fetches apart and reach the deployment."""
    return f"SecondChance/0.1 (+{settings.SITE_URL})"


def is_public_address(address: str) -> bool:
    """True only for an address on the public Internet. An IPv6 address that carries an IPv4 one
    (IPv4-mapped, NAT64, 6to4, Teredo) is judged by that IPv4 address too."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
        if ip in NAT64:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(inner is not None and not is_public_address(str(inner)) for inner in embedded):
            return False
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (tests replace this, never the check)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"The address {host} could not be found.") from error
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _Deadline:
    """One time limit for the whole fetch, redirects included: each socket operation gets only
    what is left, so a server sending a byte at a time cannot hold us past it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise self.error()
        return remaining

    def error(self) -> FetchError:
        return FetchError(f"The site took too long to answer (more than {self.seconds:g} seconds).")


def _connect(address: str, port: int, timeout: float | None) -> socket.socket:
    """A TCP connection to an IP address as it is: no name lookup at all."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect((address, port))
    except OSError:
        sock.close()
        raise
    return sock


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked, whatever the host name would resolve to now."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = _connect(self.address, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is verified against the host name (SNI)."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        sock = _connect(self.address, self.port, self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def fetch(
    url: str,
    *,
    allowed_hosts: frozenset[str] | set[str] | None = None,
    https_only: bool = False,
    max_bytes: int = 2_000_000,
    timeout: float = 5,
    max_redirects: int = 3,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """GET `url` safely and return what it answered, after at most `max_redirects` redirects.

    `allowed_hosts`: when given, the only host names this fetch (and its redirects) may reach.
    `https_only`: refuse plain http. `headers` are sent as they are (If-None-Match,
    If-Modified-Since, Accept…); a 304 comes back as a result like any other status.
    Raises FetchError, with a message for the user, on anything else.
    """
    deadline = _Deadline(timeout)
    sent = {
        "User-Agent": user_agent(),
        "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
        **(headers or {}),
        "Accept-Encoding": "identity",  # a size cap on a compressed body would cap nothing
    }
    for _ in range(max_redirects + 1):
        result = _get_once(url, sent, allowed_hosts, https_only, max_bytes, deadline)
        location = result.headers.get("Location")
        if result.status not in REDIRECT_STATUSES or not location:
            return result
        url = urljoin(result.url, location.strip())
    raise FetchError(f"The page redirected more than {max_redirects} times.")


def _get_once(
    url: str,
    headers: dict[str, str],
    allowed_hosts: frozenset[str] | set[str] | None,
    https_only: bool,
    max_bytes: int,
    deadline: _Deadline,
) -> FetchResult:
    scheme, host, port, target = _checked_parts(url, allowed_hosts, https_only)
    test_host = scheme == "http" and f"{host}:{port}" in settings.SAFE_FETCH_TEST_HOSTS
    addresses = resolve(host, port)  # never empty: getaddrinfo raises instead
    if not test_host and not all(is_public_address(address) for address in addresses):
        raise FetchError(f"{host} is a private address; only public web pages can be read.")
    kind = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = kind(host, port, address=addresses[0], timeout=deadline.left())
    try:
        connection.request("GET", target, headers=headers)
        sock = connection.sock  # the response keeps reading from it after the connection lets go
        sock.settimeout(deadline.left())
        response = connection.getresponse()
        body = b""
        if response.status not in REDIRECT_STATUSES or not response.getheader("Location"):
            body = _read_capped(sock, response, max_bytes, deadline)
        return FetchResult(url=url, status=response.status, headers=response.msg, body=body)
    except TimeoutError as error:
        raise deadline.error() from error
    except ssl.SSLError as error:
        raise FetchError(f"{host}'s secure connection could not be verified.") from error
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"{host} could not be reached.") from error
    finally:
        connection.close()


def _checked_parts(
    url: str, allowed_hosts: frozenset[str] | set[str] | None, https_only: bool
) -> tuple[str, str, int, str]:
    """Scheme, host, port and request target of a URL we agree to fetch."""
    if len(url) > MAX_URL_LENGTH:
        raise FetchError(f"The address is longer than {MAX_URL_LENGTH} characters.")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchError("That is not a valid web address.") from error
    allowed_schemes = ("https",) if https_only else ("http", "https")
    if parts.scheme not in allowed_schemes:
        raise FetchError(f"Only {' and '.join(allowed_schemes)} addresses can be read.")
    host = parts.hostname
    if not host:
        raise FetchError("That is not a valid web address.")
    if parts.username is not None or parts.password is not None:
        raise FetchError("Addresses with a user name or password are not read.")
    if allowed_hosts is not None and host not in allowed_hosts:
        raise FetchError(f"{host} is not one of the sites this can read.")
    port = port or (443 if parts.scheme == "https" else 80)
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    return parts.scheme, host, port, f"{path}?{query}" if query else path


def _read_capped(
    sock: socket.socket,
    response: http.client.HTTPResponse,
    max_bytes: int,
    deadline: _Deadline,
) -> bytes:
    too_large = FetchError(f"The page is larger than {max_bytes / 1_000_000:g} MB.")
    if (response.length or 0) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    while not response.isclosed():  # it closes itself once the whole body is read
        sock.settimeout(deadline.left())
        chunk = response.read1(CHUNK)
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)
