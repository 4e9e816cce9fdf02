"""Every default and every allowed value, in one place: the CLI, the dataclasses and the TOML reader read them here."""

from __future__ import annotations

DEFAULT_MODEL = "sshleifer/distilbart-cnn-12-6"
DEFAULT_MAX_POINTS = 4
DEVICES = ("auto", "cpu", "cuda", "mps")
ENGINES = ("auto", "seq2seq", "extractive")
BACKENDS = ("auto", "torch", "ctranslate2")
DTYPES = ("auto", "fp32", "bf16", "fp16")
COMPUTE_TYPES = ("auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "float32", "float16", "bfloat16")
# One name per format across commands. text: plain text; email: the email-friendly HTML page (inline styles);
# eml: a complete email message (text and email-HTML parts) that a mail client opens.
BUILD_FORMATS = ("md", "html", "json", "text", "email", "eml")
SUMMARIZE_FORMATS = ("text", "md", "json")
DAILY_FORMATS = ("html", "md", "json", "text", "email")
# Longest suffix first: ".email.html" is an email page, not a web page.
SUFFIX_FORMATS = {
    ".email.html": "email",
    ".eml": "eml",
    ".markdown": "md",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".txt": "text",
    ".text": "text",
}
GROUPING_THRESHOLD = 0.40  # average-link similarity two articles need to be one story (benchmarks/grouping.py)
EXTRACT_FORMATS = ("jsonl", "json")
DAILY_CONFIG = "briefing.toml"  # the settings file `briefing daily` reads when --config is not given
