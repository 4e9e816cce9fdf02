"""Fetch URLs politely: timeouts, a size cap, a clear user agent, a couple of retries, redirects followed."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from summarizer import __version__
from summarizer.config.reading import ReadOptions
from summarizer.readers.base import ReadError, describe_size

USER_AGENT = f"briefing-summarizer/{__version__} (article reader; +https://pypi.org/project/briefing-summarizer/)"
MAX_REDIRECTS = 5
_RETRY_STATUSES = (429, 500, 502, 503, 504)
PRIVATE_REFUSAL = (
    "not fetched: a link found in an input may not reach this machine or a private network"
    " (allow it with [reading] allow_private_network = true)"
)


@dataclass(frozen=True)
class Fetched:
    """A fetched document: the final URL after redirects, its content type, and its bytes."""

    url: str
    content_type: str | None
    data: bytes


def _reason(exc: Exception, timeout: float) -> str:
    import urllib3.exceptions as errors

    cause: Any = getattr(exc, "reason", None) or exc
    # NewConnectionError subclasses the timeout error in urllib3 2, so it is checked first.
    if isinstance(cause, errors.NameResolutionError):
        return "the host name could not be resolved"
    if isinstance(cause, errors.NewConnectionError):
        return "could not connect to the server (connection refused or no network)"
    if isinstance(cause, (errors.TimeoutError, TimeoutError)):
        return f"timed out after {timeout:g} s"
    if isinstance(cause, errors.SSLError):
        return "the secure connection failed (TLS/SSL error)"
    if isinstance(exc, errors.MaxRetryError) and isinstance(cause, errors.ResponseError):
        return f"the server kept failing ({cause})"
    if isinstance(cause, errors.ProtocolError):
        return "the connection broke off while reading the response"
    return f"fetching failed ({cause})"


def _read_capped(response: Any, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.stream(64 * 1024, decode_content=True):
        size += len(chunk)
        if size > max_bytes:
            raise ReadError(f"the document is over the {describe_size(max_bytes)} size cap; not read")
        chunks.append(chunk)
    return b"".join(chunks)


class _Watchdog:
    """One wall-clock deadline per URL: when it passes, the URL's sockets are shut down.

    Socket timeouts only bound each read; a server trickling one byte a second (body or headers) never trips them.
    """

    current = threading.local()

    def __init__(self, seconds: float, public_only: bool = False):
        self.seconds = seconds
        self.public_only = public_only
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        _Watchdog.current.value = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _Watchdog.current.value = None

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the deadline passes."""
        self._sockets.append(sock)
        if self.expired:
            self._expire()

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def _expire(self) -> None:
        self.expired = True
        for sock in self._sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _watchdog() -> _Watchdog | None:
    return getattr(_Watchdog.current, "value", None)


class PrivateAddressError(Exception):
    """A link found inside an input points at this machine or its private network."""

    def __init__(self, host: str, address: str):
        super().__init__(f"{host} ({address})" if host != address else address)


def blocked_address(address: str) -> bool:
    """Whether an IP address is loopback, private, link-local (cloud metadata), shared, reserved or multicast."""
    import ipaddress

    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def _check_host(host: str, port: int | None) -> None:
    """Refuse a host any of whose addresses is private (``2130706433`` and ``localhost`` resolve to 127.0.0.1)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port or 80, proto=socket.IPPROTO_TCP)
    except OSError:
        return  # urllib3 reports the failed lookup itself
    for *_, sockaddr in infos:
        if blocked_address(str(sockaddr[0])):
            raise PrivateAddressError(host, str(sockaddr[0]))


def _opened(connection: Any, open_socket: Any) -> socket.socket:
    """Open a watched socket; under the private-network rule, check the host before and the peer after."""
    watchdog = _watchdog()
    guard = watchdog is not None and watchdog.public_only
    if guard:
        _check_host(connection.host, connection.port)
    sock: socket.socket = open_socket()
    if watchdog is not None:
        watchdog.watch(sock)
    peer = str(sock.getpeername()[0])
    if guard and blocked_address(peer):  # the name resolved differently a moment later (DNS rebinding)
        sock.close()
        raise PrivateAddressError(connection.host, peer)
    return sock


@lru_cache(maxsize=1)
def _watched_pools() -> dict[str, Any]:
    """Connection pools whose new sockets are handed to the current URL's watchdog."""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class WatchedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _opened(self, super()._new_conn)

    class WatchedHTTPSConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return _opened(self, super()._new_conn)

    class WatchedHTTPPool(HTTPConnectionPool):
        ConnectionCls = WatchedHTTPConnection

    class WatchedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPSConnection

    return {"http": WatchedHTTPPool, "https": WatchedHTTPSPool}


class _RetryAfterTooLong(Exception):
    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


def _retry_policy(retries: int, max_retry_after: float, watchdog: _Watchdog) -> Any:
    """urllib3's retries, but a ``Retry-After`` over the cap is an error, and no wait outlasts the deadline."""
    import urllib3

    class CappedRetry(urllib3.Retry):
        def sleep_for_retry(self, response: Any) -> bool:
            wait = self.get_retry_after(response)
            if wait is None:
                return False
            if wait > max_retry_after:
                raise _RetryAfterTooLong(wait)
            time.sleep(max(0.0, min(wait, watchdog.remaining())))
            return True

        def _sleep_backoff(self) -> None:
            time.sleep(max(0.0, min(self.get_backoff_time(), watchdog.remaining())))

    return CappedRetry(
        total=retries + MAX_REDIRECTS,
        connect=retries,
        read=retries,
        status=retries,
        redirect=MAX_REDIRECTS,
        status_forcelist=_RETRY_STATUSES,
        backoff_factor=0.2,
        raise_on_status=False,
        raise_on_redirect=True,
    )


def fetch(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 10 * 1024 * 1024,
    retries: int = 2,
    deadline: float = 60.0,
    max_retry_after: float = 10.0,
    public_only: bool = False,
) -> Fetched:
    """GET ``url`` within ``deadline`` seconds; a plain :class:`ReadError` for HTTP errors, timeouts, unreachable
    hosts, oversize bodies and servers asking to wait longer than ``max_retry_after``.

    ``public_only`` (links found inside inputs): no connection, redirects included, may reach a private address.
    """
    late = ReadError(f"gave up: no complete answer within the {deadline:g} s deadline for one URL")
    with _Watchdog(deadline, public_only) as watchdog:
        try:
            fetched = _fetch(url, timeout, max_bytes, _retry_policy(retries, max_retry_after, watchdog))
        except PrivateAddressError as exc:
            raise ReadError(f"{PRIVATE_REFUSAL} ({exc})") from None
        except _RetryAfterTooLong as exc:
            wait = f"{exc.seconds:g} s, over the {max_retry_after:g} s cap"
            raise ReadError(f"the server asked to retry after {wait}") from None
        except ReadError:
            if watchdog.expired:
                raise late from None
            raise
    if watchdog.expired:  # the socket was shut down mid-body: what arrived is not the whole document
        raise late
    return fetched


def _fetch(url: str, timeout: float, max_bytes: int, retry: Any) -> Fetched:
    import urllib3

    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    with urllib3.PoolManager(headers=headers, timeout=urllib3.Timeout(connect=timeout, read=timeout)) as pool:
        pool.pool_classes_by_scheme = _watched_pools()
        try:
            response = pool.request("GET", url, retries=retry, preload_content=False)
        except urllib3.exceptions.MaxRetryError as exc:
            if isinstance(exc.reason, urllib3.exceptions.ResponseError) and "redirect" in str(exc.reason):
                raise ReadError(f"too many redirects (more than {MAX_REDIRECTS})") from None
            raise ReadError(_reason(exc, timeout)) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise ReadError(_reason(exc, timeout)) from None
        except ValueError as exc:
            raise ReadError(f"not a valid URL ({exc})") from None
        try:
            return _body(response, url, timeout, max_bytes)
        finally:
            response.release_conn()


def _body(response: Any, url: str, timeout: float, max_bytes: int) -> Fetched:
    import urllib3

    if response.status >= 400:
        raise ReadError(f"the server answered HTTP {response.status} {response.reason or ''}".rstrip())
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ReadError(f"the document is over the {describe_size(max_bytes)} size cap; not read")
    try:
        data = _read_capped(response, max_bytes)
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise ReadError(_reason(exc, timeout)) from None
    final_url = response.geturl() or url
    return Fetched(final_url, response.headers.get("Content-Type"), data)


def fetch_with(url: str, options: ReadOptions, *, found_in_input: bool = False) -> Fetched:
    """:func:`fetch` with the limits in ``options``; a link ``found_in_input`` obeys the private-network rule."""
    return fetch(
        url,
        timeout=options.fetch_timeout,
        max_bytes=options.max_fetch_bytes,
        retries=options.fetch_retries,
        deadline=options.fetch_deadline,
        max_retry_after=options.max_retry_after,
        public_only=found_in_input and not options.allow_private_network,
    )
