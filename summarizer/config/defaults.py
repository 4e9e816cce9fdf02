"""Every default and every allowed value, in one place: the CLI, the dataclasses and the TOML reader read them here."""

from __future__ import annotations

DEFAULT_MODEL = "sshleifer/distilbart-cnn-12-6"
DEFAULT_MAX_POINTS = 4
DEVICES = ("auto", "cpu", "cuda", "mps")
ENGINES = ("auto", "seq2seq", "extractive")
BACKENDS = ("auto", "torch", "ctranslate2")
DTYPES = ("auto", "fp32", "bf16", "fp16")
COMPUTE_TYPES = ("auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "float32", "float16", "bfloat16")
BUILD_FORMATS = ("md", "html", "json")
SUMMARIZE_FORMATS = ("text", "md", "json")
SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}
GROUPING_THRESHOLD = 0.40  # average-link similarity two articles need to be one story (benchmarks/grouping.py)
EXTRACT_FORMATS = ("jsonl", "json")
DAILY_CONFIG = "briefing.toml"  # the settings file `briefing daily` reads when --config is not given
