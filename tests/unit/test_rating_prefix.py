"""A rating given by the start of its label: an ambiguous start names only the labels it could
be, on the scale and through the CLI."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SEED
from workbench.core.errors import ValidationError
from workbench.core.scales import PRESETS

NEWSROOM = next(scale for scale in PRESETS if scale.name == "newsroom")


def test_an_ambiguous_prefix_names_only_the_labels_it_matches() -> None:
    with pytest.raises(ValidationError) as refused:
        NEWSROOM.resolve("Mostly")
    message = str(refused.value)
    assert "Mostly true" in message and "Mostly false" in message
    for other in ("Half true", "Misleading", "Unverifiable", "False,", "True,"):
        assert other not in message


def test_an_unknown_rating_lists_every_label() -> None:
    with pytest.raises(ValidationError) as refused:
        NEWSROOM.resolve("Bogus")
    message = str(refused.value)
    assert all(label.name in message for label in NEWSROOM.labels)


def test_the_cli_lists_only_the_matching_labels(run) -> None:  # noqa: ANN001
    run("import", str(SEED))
    run("tag", "1", "6", "claim")
    result = run("verdict", "1", "6", "Mostly", code=1)
    line = result.stderr.strip()
    assert line.startswith("error: ") and "\n" not in line
    assert "Mostly true" in line and "Mostly false" in line
    assert "Half true" not in line and "Unverifiable" not in line
    assert json.loads(run("sentence", "1", "6", "--json").stdout)["verdicts"] == []
