"""The check-worthiness model: what it ranks first, how it explains a score, that its fast
scorer gives what the model gives, that it runs without the training libraries, and that the
training script rebuilds the shipped weights byte for byte (where the training data is)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import SEED
from workbench.cli import main
from workbench.core import worth
from workbench.core.suggest import signals_of, suggest, worth_reasons

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "workbench" / "core" / "data" / worth.MODEL_FILE

DEBATE = [
    ("Good evening and welcome to the debate in Harlow.", 1),
    ("Senator, what would you do about prices?", 1),
    ("Thank you for the question.", 2),
    ("Under my plan, unemployment fell from 9 percent to 4 percent in three years.", 2),
    ("We cut taxes for 40 million working families.", 2),
    ("I think we can do better.", 2),
    ("That's just not true.", 3),
    ("Let's move on to the next question.", 4),
]


def test_a_statistic_of_ones_record_ranks_above_courtesies_and_views() -> None:
    scores = [h.score for h in suggest(DEBATE)]
    ranked = sorted(range(len(DEBATE)), key=lambda i: -scores[i])
    assert set(ranked[:2]) == {3, 4}
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert max(scores[i] for i in (0, 2, 5, 7)) < min(scores[3], scores[4])


def test_the_fast_scorer_gives_what_the_model_gives() -> None:
    texts = [t for t, _ in DEBATE]
    paragraphs = [p for _, p in DEBATE]
    signals = signals_of(DEBATE)
    features = worth.article_features(texts, paragraphs, signals)
    model = worth.model()
    assert worth.score_article(texts, paragraphs, signals) == [model.score(f) for f in features]


def test_news_conventions_cap_the_score() -> None:
    rows = [("Headline", 0), ("The museum is open from 10am to 5pm, with 40 rooms.", 1)]
    [_, service] = suggest(rows)
    assert "service" in service.signals and service.score <= 0.25


def test_the_reason_for_a_score_is_a_few_readable_words() -> None:
    reasons = worth_reasons(DEBATE)
    statistic = reasons[3]
    assert 1 <= len(statistic) <= 3 and "a figure" in statistic
    for found in reasons:
        for reason in found:
            assert "#" not in reason and ":" not in reason and "<s>" not in reason
            if reason.startswith("“"):
                assert reason.endswith("”") and 0 < len(reason[1:-1].split()) <= 2


def test_the_weights_are_read_once_and_scoring_needs_no_training_library() -> None:
    assert worth.model() is worth.model()
    code = (
        "import sys\n"
        "from workbench.core.suggest import suggest\n"
        "suggest([('Prices rose 4% in 2023.', 1)])\n"
        "bad = {'sklearn', 'scipy', 'numpy', 'torch'} & {m.split('.')[0] for m in sys.modules}\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_shipped_weights_are_small() -> None:
    assert SHIPPED.stat().st_size < 400_000


def test_suggest_shows_what_raised_each_score(db_path: Path) -> None:
    runner = CliRunner()
    base = ["--db", str(db_path)]
    assert runner.invoke(main, [*base, "import", str(SEED)]).exit_code == 0
    rows = json.loads(runner.invoke(main, [*base, "suggest", "1", "--json"]).output)
    casualties = next(row for row in rows if row["number"] == 13)
    assert "a figure" in casualties["worth_raised_by"]
    assert all(len(row["worth_raised_by"]) <= 3 for row in rows)
    text = runner.invoke(main, [*base, "suggest", "1", "--by-worth"]).output
    assert "worth raised by: a figure" in text


def test_the_detail_pane_shows_what_raised_the_score_as_suggest_does(db_path: Path) -> None:
    from workbench.core.service import Workbench
    from workbench.tui.widgets.detail import render_suggestions

    with Workbench(db_path, "tester") as workbench:
        workbench.import_file(SEED)
        whole = workbench.worth_reasons(1)
        for number in (1, 6, 13):
            detail = workbench.sentence(1, number)
            assert list(detail.worth_raised_by) == whole[number]
        shown = "\n".join(str(part) for part in render_suggestions(workbench.sentence(1, 13)))
    assert "worth raised by a figure" in shown
