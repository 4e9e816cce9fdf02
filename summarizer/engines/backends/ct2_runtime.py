"""What a converted model needs at run time, kept beside its CTranslate2 weights: the tokenizer exactly as
transformers built it and the model's settings, so that a run loads neither transformers nor torch.

Written from the loaded transformers objects (when converting, or by the first run that finds them missing) and
read back by every later run; a copy written under another transformers version is written again."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

RUNTIME_FILE = "briefing-runtime.json"
TOKENIZER_FILE = "briefing-tokenizer.json"
FORMAT = 1


def transformers_version() -> str | None:
    """The installed transformers version, read without importing it."""
    try:
        return metadata.version("transformers")
    except metadata.PackageNotFoundError:
        return None


def save_runtime(folder: Path, tokenizer: Any, model_config: Any, generation_config: Any) -> None:
    """Write the runtime files into the converted model's ``folder`` (each to a temporary file, then renamed)."""
    facts = {
        "format": FORMAT,
        "transformers": transformers_version(),
        "tokenizer": {
            "eos_token_id": tokenizer.eos_token_id,
            "pad_token_id": tokenizer.pad_token_id,
            "unk_token_id": tokenizer.unk_token_id,
            "model_max_length": tokenizer.model_max_length,
            "split_special_tokens": bool(getattr(tokenizer, "split_special_tokens", False)),
        },
        "model_config": {
            name: getattr(model_config, name, None)
            for name in ("max_position_embeddings", "n_positions", "task_specific_params")
        },
        "generation_config": generation_config.to_dict(),
    }
    _write(folder / TOKENIZER_FILE, tokenizer.backend_tokenizer.to_str())
    _write(folder / RUNTIME_FILE, json.dumps(facts, default=str))  # the facts last: they say the pair is complete


def _write(path: Path, text: str) -> None:
    staging = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)


@dataclass(frozen=True)
class StoredModelConfig:
    """The parts of the model's config the engine reads."""

    max_position_embeddings: int | None = None
    n_positions: int | None = None
    task_specific_params: dict[str, Any] | None = None


@dataclass(frozen=True)
class StoredGenerationConfig:
    """The model's generation config, as transformers' ``GenerationConfig.to_dict()`` gave it."""

    values: dict[str, Any] = field(default_factory=dict)

    @property
    def forced_bos_token_id(self) -> int | None:
        """The token generation must start with, if any."""
        return self.values.get("forced_bos_token_id")

    @property
    def forced_eos_token_id(self) -> int | None:
        """The token generation must end with at the length limit, if any."""
        return self.values.get("forced_eos_token_id")

    def to_dict(self) -> dict[str, Any]:
        """Every value, as ``GenerationConfig.to_dict()``."""
        return dict(self.values)


class LeanTokenizer:
    """The fast tokenizer transformers built for the model, run by the ``tokenizers`` library alone: the calls the
    engine makes, giving what transformers gives (checked against it in tests/test_engines_ctranslate2.py)."""

    is_fast = True

    def __init__(self, backend_json: str, facts: dict[str, Any]):
        from tokenizers import Tokenizer

        self.backend = Tokenizer.from_str(backend_json)
        self.backend.no_truncation()
        self.backend.no_padding()
        self.backend.encode_special_tokens = bool(facts["split_special_tokens"])
        self.eos_token_id: int | None = facts["eos_token_id"]
        self.pad_token_id: int | None = facts["pad_token_id"]
        self.unk_token_id: int | None = facts["unk_token_id"]
        self.model_max_length: int = facts["model_max_length"]

    def __call__(
        self,
        text: str | list[str],
        *,
        add_special_tokens: bool = True,
        truncation: bool = False,
        return_offsets_mapping: bool = False,
    ) -> dict[str, Any]:
        """``input_ids`` (and ``offset_mapping``) of one text or a list of texts; never truncated."""
        if truncation:
            raise ValueError("LeanTokenizer never truncates: the engine chunks long texts instead")
        texts = [text] if isinstance(text, str) else list(text)
        encodings = self.backend.encode_batch(texts, add_special_tokens=add_special_tokens)
        out: dict[str, Any] = {"input_ids": [e.ids for e in encodings]}
        if return_offsets_mapping:
            out["offset_mapping"] = [e.offsets for e in encodings]
        return {key: value[0] for key, value in out.items()} if isinstance(text, str) else out

    def num_special_tokens_to_add(self, pair: bool = False) -> int:
        """Special tokens added around one text (or a pair)."""
        return int(self.backend.num_special_tokens_to_add(pair))

    def convert_ids_to_tokens(self, ids: Any) -> Any:
        """The token of an id, or the tokens of a list of ids."""
        if isinstance(ids, int):
            return self.backend.id_to_token(ids)
        return [self.backend.id_to_token(int(i)) for i in ids]

    def convert_tokens_to_ids(self, tokens: Any) -> Any:
        """The id of a token (the unknown token's for one not in the vocabulary), or the ids of a list of tokens."""
        if isinstance(tokens, str):
            return self._id(tokens)
        return [self._id(token) for token in tokens]

    def _id(self, token: str) -> int | None:
        found = self.backend.token_to_id(token)
        return self.unk_token_id if found is None else found

    def decode(
        self, ids: list[int], skip_special_tokens: bool = False, clean_up_tokenization_spaces: bool = False
    ) -> str:
        """The text of ``ids``, as transformers decodes it without its space clean-up."""
        if clean_up_tokenization_spaces:
            raise ValueError("LeanTokenizer.decode has no clean_up_tokenization_spaces")
        return str(self.backend.decode(ids, skip_special_tokens=skip_special_tokens))


def load_runtime(folder: Path) -> tuple[LeanTokenizer, StoredModelConfig, StoredGenerationConfig] | None:
    """Tokenizer, config and generation config from the runtime files in ``folder``; ``None`` when they are missing,
    unreadable, or were written under another transformers version (then the caller loads through transformers)."""
    try:
        facts = json.loads((folder / RUNTIME_FILE).read_text(encoding="utf-8"))
        backend_json = (folder / TOKENIZER_FILE).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    written_for = (facts.get("format"), facts.get("transformers")) if isinstance(facts, dict) else None
    if written_for != (FORMAT, transformers_version()):
        return None
    try:
        tokenizer = LeanTokenizer(backend_json, facts["tokenizer"])
        return tokenizer, StoredModelConfig(**facts["model_config"]), StoredGenerationConfig(facts["generation_config"])
    except Exception:  # noqa: BLE001 - a damaged copy (tokenizers raises plain Exception): load through transformers
        return None
