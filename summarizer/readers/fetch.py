"""Fetch URLs politely: timeouts, a size cap, a clear user agent, a couple of retries, redirects followed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarizer import __version__
from summarizer.readers.base import ReadError, describe_size

USER_AGENT = f"briefing-summarizer/{__version__} (article reader; +https://pypi.org/project/briefing-summarizer/)"
URL_PREFIXES = ("http://", "https://")
MAX_REDIRECTS = 5
_RETRY_STATUSES = (429, 500, 502, 503, 504)


def is_url(name: str) -> bool:
    """Whether an input names a web address rather than a file."""
    return name.lower().startswith(URL_PREFIXES)


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


def fetch(url: str, *, timeout: float = 20.0, max_bytes: int = 10 * 1024 * 1024, retries: int = 2) -> Fetched:
    """GET ``url``; a plain :class:`ReadError` for HTTP errors, timeouts, unreachable hosts and oversize bodies."""
    import urllib3

    retry = urllib3.Retry(
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
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    with urllib3.PoolManager(headers=headers, timeout=urllib3.Timeout(connect=timeout, read=timeout)) as pool:
        try:
            response = pool.request("GET", url, retries=retry, preload_content=False)
        except urllib3.exceptions.MaxRetryError as exc:
            if isinstance(exc.reason, urllib3.exceptions.ResponseError) and "redirect" in str(exc.reason):
                raise ReadError(f"too many redirects (more than {MAX_REDIRECTS})") from None
            raise ReadError(_reason(exc, timeout)) from None
        except urllib3.exceptions.HTTPError as exc:
            raise ReadError(_reason(exc, timeout)) from None
        except ValueError as exc:
            raise ReadError(f"not a valid URL ({exc})") from None
        try:
            if response.status >= 400:
                raise ReadError(f"the server answered HTTP {response.status} {response.reason or ''}".rstrip())
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ReadError(f"the document is over the {describe_size(max_bytes)} size cap; not read")
            try:
                data = _read_capped(response, max_bytes)
            except urllib3.exceptions.HTTPError as exc:
                raise ReadError(_reason(exc, timeout)) from None
            final_url = response.geturl() or url
            return Fetched(final_url, response.headers.get("Content-Type"), data)
        finally:
            response.release_conn()
