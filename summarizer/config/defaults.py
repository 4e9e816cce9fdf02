"""Every default and every allowed value, in one place: the CLI, the dataclasses and the TOML reader read them here."""

from __future__ import annotations

DEFAULT_MODEL = "sshleifer/distilbart-cnn-12-6"
DEFAULT_MAX_POINTS = 4
DEFAULT_IN_BRIEF = 5  # the "In brief" line at the top of a briefing names this many top stories (0: none)
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
# Same-story grouping (tuned on DUC/TAC newswire with benchmarks/grouping.py; the README explains each value)
GROUPING_THRESHOLD = 0.09  # average-link TF-IDF cosine (whole articles) two groups need to become one story
GROUPING_ATTACH_THRESHOLD = 0.12  # centroid cosine a small group (1-3 articles) needs to join a bigger story
GROUPING_ATTACH_MAX_SIZE = 3  # groups this small may join a bigger story through its centroid
GROUPING_TITLE_WEIGHT = 2.0  # a title word counts as this many words of the text
GROUPING_NAME_WEIGHT = 1.0  # names and numbers weigh this much more than other words (1: the same)
GROUPING_TIME_PENALTY = 0.3  # two stories' similarity / (1 + penalty × ln(1 + days between their date ranges / scale))
GROUPING_TIME_SCALE_DAYS = 30.0
GROUPING_TIME_MIN_ARTICLES = 3  # ... when each of the two has at least this many dated articles (a burst)
GROUPING_SHORT_TERMS = 35  # texts with fewer distinct content words need proportionally more overlap
GROUPING_VETO_BELOW = 0.02  # look-alike: the names of two articles agree less than this (cosine) ...
GROUPING_VETO_TEMPLATE = 0.25  # ... while their words agree at least this much: never the same story
GROUPING_VETO_MIN_NAMES = 3  # ... and each names at least this many entities (too few names say nothing)
GROUPING_VETO_STORY_BELOW = 0.02  # two separate bursts of reports whose key names agree less than this stay apart
GROUPING_VETO_CENTRAL_DAYS = 0.0  # reports further apart than this about different central names: look-alikes; 0 = off
GROUPING_NEIGHBOURS = 50  # candidate pairs: each article's nearest neighbours by sparse cosine
GROUPING_EMBEDDING_WEIGHT = 0.0  # share of MiniLM (title + first sentences) in the pair similarity; 0 = off
GROUPING_MEMORY_DAYS = 7  # a story briefed within this many days can continue ("developing: first seen ...")
GROUPING_MEMORY_THRESHOLD = 0.25  # cosine of today's story and a remembered story's term signature
EXTRACT_FORMATS = ("jsonl", "json")
# briefing batch (Ray Data)
BATCH_FORMATS = ("parquet", "jsonl")
BATCH_RAY_ADDRESS = "local"  # start a cluster in this process; "auto" or ray://HOST:PORT joins one
BATCH_ACTORS = "1"  # engine actors: N, or MIN,MAX to autoscale
BATCH_ROWS_PER_BATCH = 64  # articles per actor call
BATCH_ROWS_PER_FILE = 10_000
DAILY_CONFIG = "briefing.toml"  # the settings file `briefing daily` reads when --config is not given
