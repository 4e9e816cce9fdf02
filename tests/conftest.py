"""Shared fixtures: tiny random-weight models built in-process (never downloaded) and a fake engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes import FakeEngine


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny BART and T5 models (random weights, tokenizers trained in-process), saved once per session."""
    from summarizer.testing.tiny_models import save_tiny_bart, save_tiny_t5

    root = tmp_path_factory.mktemp("models")
    return {"bart": save_tiny_bart(root / "bart"), "t5": save_tiny_t5(root / "t5")}


@pytest.fixture(scope="session")
def tiny_bart(tiny_models: dict[str, Path]) -> Path:
    return tiny_models["bart"]


@pytest.fixture(scope="session")
def tiny_t5(tiny_models: dict[str, Path]) -> Path:
    return tiny_models["t5"]


@pytest.fixture(scope="session", autouse=True)
def _private_caches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Summary cache and CTranslate2 conversions go to a session folder, never the user's cache."""
    import summarizer.engines.backends.ctranslate2 as ct2_backend

    root = tmp_path_factory.mktemp("caches")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(root / "xdg"))
        patch.setattr(ct2_backend, "ct2_cache_root", lambda: root / "ctranslate2")
        yield root


@pytest.fixture
def empty_hf_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Hugging Face cache and no hub: the default model is nowhere, whatever this machine has cached."""
    import summarizer.engines.hub as hub

    folder = tmp_path_factory.mktemp("hf-hub-cache")
    monkeypatch.setenv("HF_HUB_CACHE", str(folder))  # for subprocesses
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(hub, "hf_hub_cache", lambda: folder)
    return folder
