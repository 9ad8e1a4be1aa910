"""Bundled data files (``serviq/data``) and the centre's overrides of them.

A centre changes its rules, targets, scorecards or dictionaries by putting a file of the
same name in ``SERVIQ_CONFIG_DIR``; that file replaces the bundled one whole.
"""

from __future__ import annotations

import os
from pathlib import Path

from serviq.errors import NotFound, Where

BUNDLED = Path(__file__).resolve().parent / "data"


def data_path(name: str, *, config_dir: Path | str | None = None) -> Path:
    """The file ``name`` (relative to ``serviq/data``), taking the centre's override first.

    ``config_dir`` defaults to ``SERVIQ_CONFIG_DIR`` from the environment.
    """
    override_dir = config_dir if config_dir is not None else os.environ.get("SERVIQ_CONFIG_DIR")
    if override_dir:
        candidate = Path(override_dir) / name
        if candidate.exists():
            return candidate
    bundled = BUNDLED / name
    if not bundled.exists():
        raise NotFound(f"no bundled data file {name}", where=Where(file=str(bundled)))
    return bundled
