"""The daily briefing: select what is new, group it into stories, write every format, remember the run."""

from __future__ import annotations
