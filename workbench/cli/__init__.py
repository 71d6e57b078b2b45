"""The `workbench` command line: one Workbench call per command."""

try:
    from . import (  # noqa: F401  (they register their commands)
        assist,
        blind,
        corrections,
        desk,
        exchange,
        revisions,
        serve,
        workflow,
    )
    from .commands import main
except KeyboardInterrupt:
    # Ctrl-C while the command is still starting (importing click) ends it as quietly as
    # Ctrl-C once a command runs: one line and status 130, not a traceback.
    import sys

    print("interrupted", file=sys.stderr)
    raise SystemExit(130) from None

__all__ = ["main"]
