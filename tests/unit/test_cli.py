"""The command line, through click's CliRunner: one call per command, clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SEED
from workbench.cli import main


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, code: int = 0):
        result = runner.invoke(main, list(args), input=input, catch_exceptions=False)
        assert result.exit_code == code, result.output + result.stderr
        return result

    return invoke


def test_full_loop_through_the_cli(run, tmp_path: Path) -> None:
    out = run("import", str(SEED))
    assert "imported article 1" in out.stdout and "13 sentences" in out.stdout
    assert "already stored as article 1" in run("import", str(SEED)).stdout
    listing = json.loads(run("sentences", "1", "--json").stdout)
    assert len(listing) == 13
    assert listing[12]["text"].endswith("103,000 people injured.")
    assert set(listing[12]) >= {"number", "text", "start", "end", "tags", "verdict"}
    run("tag", "1", "13", "claim", "figure")
    snapshot = tmp_path / "snap.txt"
    snapshot.write_text("The ministry said 43,603 people had been killed.", encoding="utf-8")
    added = json.loads(
        run(
            "source",
            "add",
            "--url",
            "https://example.org/moh",
            "--title",
            "Ministry update",
            "--publisher",
            "MoH",
            "--published",
            "2024-11-10",
            "--snapshot",
            str(snapshot),
            "--json",
        ).stdout
    )
    assert added["created"] and added["source"]["snapshot"].startswith("The ministry")
    run("link", "1", "13", "1", "--stance", "supports", "--excerpt", "43,603 people")
    out = run(
        "verdict",
        "1",
        "13",
        "Mostly true",
        "--rationale",
        "Close to the ministry's count",
        "--claim",
        "At least 43,600 Palestinians killed",
        "--claimant",
        "Al-Ahed",
    )
    assert "rated sentence 13 Mostly true" in out.stdout
    listing = json.loads(run("sentences", "1", "--json").stdout)
    assert listing[12]["tags"] == ["claim", "figure"]
    assert listing[12]["verdict"] == "Mostly true"
    assert listing[12]["evidence_count"] == 1
    assert "undid: rated sentence 13" in run("undo").stdout
    assert json.loads(run("sentences", "1", "--json").stdout)[12]["verdict"] is None
    assert "redid" in run("redo").stdout
    history = json.loads(run("history", "1", "--json").stdout)
    assert [h["verb"] for h in history] == [
        "import",
        "tag",
        "link",
        "verdict",
        "verdict",
        "verdict",
    ]
    articles = json.loads(run("articles", "--json").stdout)
    assert articles[0]["with_verdict"] == 1 and articles[0]["tagged"] == 1


def test_errors_are_one_line_and_non_zero(run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = run("import", str(empty), code=1)
    assert out.stderr.startswith("error: ") and out.stderr.count("\n") == 1
    assert "Traceback" not in out.output
    out = run("sentences", "42", code=1)
    assert "no article 42" in out.stderr
    run("import", str(SEED))
    out = run("verdict", "1", "2", "False", code=1)
    assert "not tagged" in out.stderr
    out = run("undo", code=1)
    assert "nothing to undo" in out.stderr
    out = run("tag", "1", "2", "opinion", code=2)


def test_reviewer_from_option_env_and_config(run, tmp_path: Path, monkeypatch) -> None:
    run("import", str(SEED))
    run("--reviewer", "dana", "tag", "1", "2", "claim")
    monkeypatch.delenv("WORKBENCH_REVIEWER")
    (tmp_path / "config.toml").write_text('reviewer = "erin"\n')
    run("tag", "1", "3", "claim")
    history = json.loads(run("history", "--json").stdout)
    assert [h["reviewer"] for h in history[-2:]] == ["dana", "erin"]
    (tmp_path / "config.toml").write_text('reviewr = "typo"\n')
    out = run("tag", "1", "4", "claim", code=1)
    assert "unknown key reviewr" in out.stderr and "config.toml" in out.stderr


def test_locate_reports_env_overrides(run, tmp_path: Path) -> None:
    data = json.loads(run("locate", "--json").stdout)
    assert data["database"] == str(tmp_path / "workbench.db")
    assert data["database_from"] == "WORKBENCH_DB"
    assert data["config_from"] == "WORKBENCH_CONFIG"
    other = tmp_path / "other.db"
    assert json.loads(run("--db", str(other), "locate", "--json").stdout)["database"] == str(other)


def test_merge_split_scale_and_export_commands(run, tmp_path: Path) -> None:
    run("import", str(SEED))
    run("tag", "1", "10", "claim")
    assert "merged sentences 10 and 11" in run("merge", "1", "10").stdout
    assert len(json.loads(run("sentences", "1", "--json").stdout)) == 12
    run("split", "1", "10", "--before", "The Iraqi resistance group")
    assert len(json.loads(run("sentences", "1", "--json").stdout)) == 13
    run("split", "1", "10", code=2)
    run("scale", "add", "house", "Right=2", "Wrong=1")
    run("scale", "use", "house")
    scales = json.loads(run("scales", "--json").stdout)
    assert [s["scale"]["name"] for s in scales if s["active"]] == ["house"]
    run("verdict", "1", "10", "wrong")
    out_file = tmp_path / "review.csv"
    assert "wrote" in run("export", "1", "--format", "csv", "-o", str(out_file)).stdout
    assert out_file.read_text(encoding="utf-8-sig").splitlines()[0].startswith("article_id,")
    markdown = run("export", "1").stdout
    assert "**Wrong**" in markdown


def test_terminal_output_shows_escape_sequences_literally(run, tmp_path: Path) -> None:
    article = tmp_path / "evil.txt"
    article.write_text(
        "Headline here\n\nThe [bold]minister[/bold] said \x1b[31mred\x1b[0m things. Then more.\n",
        encoding="utf-8",
    )
    run("import", str(article))
    out = run("sentences", "1").stdout
    assert "\x1b" not in out
    assert "\\x1b[31mred" in out and "[bold]minister[/bold]" in out


def test_similar_and_find_evidence(run, tmp_path: Path) -> None:
    run("import", str(SEED))
    run("tag", "1", "13", "figure")
    run("verdict", "1", "13", "Mostly true", "--rationale", "Ministry count")
    snapshot = tmp_path / "snap.txt"
    snapshot.write_text(
        "The ministry said the war has resulted in the deaths of 43,603 "
        "Palestinians. Most were women and children.",
        encoding="utf-8",
    )
    run(
        "source",
        "add",
        "--url",
        "https://example.org/m",
        "--title",
        "Ministry",
        "--snapshot",
        str(snapshot),
    )
    other = tmp_path / "other.txt"
    other.write_text(
        "Toll rises\n\nThe war has resulted in the deaths of at least 43,600 "
        "Palestinians, officials said.\n",
        encoding="utf-8",
    )
    run("import", str(other))
    found = json.loads(run("similar", "2", "2", "--json").stdout)
    assert [(f["article"], f["number"], f["verdict"]["label"]) for f in found] == [
        (1, 13, "Mostly true")
    ]
    assert "Ministry count" in run("similar", "2", "2").stdout
    hits = json.loads(run("find-evidence", "2", "2", "--json").stdout)
    assert hits and hits[0]["source_title"] == "Ministry" and "43,603" in hits[0]["passage"]


def test_removing_several_tags_is_one_action_or_nothing(run) -> None:
    run("import", str(SEED))
    run("tag", "1", "13", "claim", "figure")
    # quote is not set: nothing is removed, not claim first and then a failure on quote.
    out = run("tag", "1", "13", "claim", "quote", "--remove", code=1)
    assert out.stderr == "error: sentence 13 is not tagged quote; nothing removed\n"
    assert json.loads(run("sentences", "1", "--json").stdout)[12]["tags"] == ["claim", "figure"]
    out = run("tag", "1", "13", "claim", "figure", "--remove")
    assert out.stdout == "removed tags claim, figure from sentence 13\n"
    assert json.loads(run("sentences", "1", "--json").stdout)[12]["tags"] == []
    untag = json.loads(run("history", "1", "--json").stdout)[-1]
    assert untag["verb"] == "untag"
    assert "undid: removed tags claim, figure" in run("undo").stdout
    assert json.loads(run("sentences", "1", "--json").stdout)[12]["tags"] == ["claim", "figure"]


def test_a_source_snapshot_from_standard_input(run) -> None:
    text = "The ministry said 43,603 people had been killed.\n"
    added = json.loads(
        run("source", "add", "--title", "Ministry", "--snapshot", "-", "--json", input=text).stdout
    )
    assert added["source"]["snapshot"] == text


def test_sentence_shows_the_verdicts_claim_and_claimant(run) -> None:
    run("import", str(SEED))
    run("tag", "1", "13", "claim")
    run("verdict", "1", "13", "False", "--claim", "Nobody was hurt", "--claimant", "A spokesman")
    run("verdict", "1", "13", "Mostly true", "--rationale", "Close")
    out = run("sentence", "1", "13").stdout
    lines = out.splitlines()
    first = lines.index(next(line for line in lines if "verdict False" in line))
    assert lines[first + 1] == "    claim: Nobody was hurt"
    assert lines[first + 2] == "    claimant: A spokesman"
    current = next(line for line in lines if "verdict Mostly true (current)" in line)
    after = lines[lines.index(current) + 1 :]
    assert not any(line.startswith("    claim") for line in after[:1])
