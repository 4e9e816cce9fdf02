"""The exit codes of every ``briefing`` command, in one place (scripts and CI rely on them)."""

EXIT_OK = 0  # everything made it in
EXIT_PARTIAL = 1  # the output was written, but some inputs failed (they are listed); also --strict stops
EXIT_USAGE = 2  # usage or configuration error: bad option, settings file, model that cannot be loaded
EXIT_NOTHING_NEW = 3  # briefing daily: nothing new since the last run, nothing written
EXIT_DELIVERY_FAILED = 4  # briefing daily: files and state written, but sending (email, webhook) failed; rerun re-sends
