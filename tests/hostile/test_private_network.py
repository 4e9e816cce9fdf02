"""Class 10: with --fetch, links found in a feed never reach loopback, private or metadata addresses."""

from __future__ import annotations

import pytest

from summarizer.config.reading import ReadOptions
from summarizer.readers import read_inputs
from tests.hostile.server import SECRET, Handler

OPTIONS = {"fetch": True, "fetch_timeout": 2.0, "fetch_deadline": 5.0, "fetch_retries": 0}


def _feed(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Entry {i}</title><link>{link}</link><description>Teaser {i}.</description></item>"
        for i, link in enumerate(links)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>{items}</channel></rss>'.encode()


def _serve_feed(path: str, links: list[str]) -> None:
    Handler.routes[path] = (200, {"Content-Type": "application/rss+xml"}, _feed(links))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "224.0.0.1",
    ],
)
def test_private_addresses_are_blocked(address: str) -> None:
    from summarizer.readers.fetch import blocked_address

    assert blocked_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111"])
def test_public_addresses_are_not(address: str) -> None:
    from summarizer.readers.fetch import blocked_address

    assert not blocked_address(address)


def test_feed_links_to_this_machine_are_not_fetched(hostile_base: str) -> None:
    port = hostile_base.rsplit(":", 1)[1]
    links = [
        f"{hostile_base}/secret",
        f"http://localhost:{port}/secret",
        f"http://2130706433:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
    ]
    _serve_feed("/feed-private", links)
    result = read_inputs([hostile_base + "/feed-private"], options=ReadOptions(**OPTIONS))
    assert len(result.articles) == 4
    assert all(SECRET not in a.text for a in result.articles)
    from summarizer.readers.fetch import PRIVATE_REFUSAL

    assert [e.error.startswith(f"--fetch: {PRIVATE_REFUSAL}") for e in result.errors] == [True] * 4
    assert result.errors[0].input == f"{hostile_base}/secret (linked from {hostile_base}/feed-private)"


def test_a_redirect_into_the_private_network_is_blocked(hostile_base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.readers.fetch as fetch_module

    # Pretend 127.0.0.1 is a public server that redirects to a private one (127.0.0.2 stands for it).
    monkeypatch.setattr(fetch_module, "blocked_address", lambda address: address != "127.0.0.1")
    port = hostile_base.rsplit(":", 1)[1]
    Handler.routes["/to-private"] = (302, {"Location": f"http://127.0.0.2:{port}/secret"}, b"")
    _serve_feed("/feed-redirect", [f"{hostile_base}/to-private"])
    result = read_inputs([hostile_base + "/feed-redirect"], options=ReadOptions(**OPTIONS))
    from summarizer.readers.fetch import PRIVATE_REFUSAL

    assert [e.error.split(" (")[0] for e in result.errors] == [f"--fetch: {PRIVATE_REFUSAL.split(' (')[0]}"]
    assert "127.0.0.2" in result.errors[0].error


def test_typed_urls_and_the_opt_in_still_reach_this_machine(hostile_base: str) -> None:
    typed = read_inputs([hostile_base + "/secret"], options=ReadOptions(**OPTIONS))
    assert typed.errors == [] and SECRET in typed.articles[0].text
    _serve_feed("/feed-allowed", [f"{hostile_base}/secret"])
    allowed = read_inputs([hostile_base + "/feed-allowed"], options=ReadOptions(**OPTIONS, allow_private_network=True))
    assert allowed.errors == [] and SECRET in allowed.articles[0].text
