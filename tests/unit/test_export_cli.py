"""`workbench import` and `workbench export` on the command line: several files, progress,
warnings, --strict, ClaimReview URLs and standard output."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from tests.unit.test_export import reviewed
from workbench.cli import exchange

REPORT = "https://factcheck.example.org/2024/drone-claims"


@pytest.fixture
def two_reviews(db_path: Path) -> tuple[int, int]:
    """The reviewed seed (article 1; sentence 2's verdict fails the ClaimReview length rule)
    and a second article with one verdict that passes."""
    wb, first = reviewed(db_path)
    with wb:
        second = wb.import_file(SAMPLES / "press_release_harbour_ministry.txt").article.id
        wb.set_tags(second, 2, ["claim"])
        wb.set_verdict(second, 2, "Mostly true", claim="Harbour works are on schedule")
    return first, second


# ------------------------------------------------------------------- import
def test_import_goes_on_past_refused_files(run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    missing = tmp_path / "missing.txt"
    other = SAMPLES / "press_release_harbour_ministry.txt"
    out = run("import", str(SEED), str(empty), str(missing), str(other), code=1)
    assert out.stdout.count("imported article") == 2
    assert "imported article 1: " in out.stdout and "imported article 2: " in out.stdout
    errors = out.stderr.splitlines()
    assert len(errors) == 2 and all(line.startswith("error: ") for line in errors)
    assert str(empty) in errors[0] and "empty" in errors[0]
    assert str(missing) in errors[1] and "no such file" in errors[1]
    assert [a["id"] for a in json.loads(run("articles", "--json").stdout)] == [1, 2]


def test_import_json_lists_what_was_imported_even_when_a_file_fails(run, tmp_path: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    out = run("import", str(binary), str(SEED), "--json", code=1)
    data = json.loads(out.stdout)
    assert [(d["article"], d["created"], d["sentences"]) for d in data] == [(1, True, 13)]
    assert out.stderr.count("\n") == 1 and str(binary) in out.stderr


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so click draws its progress bar."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_never_shares_a_line_with_messages(monkeypatch) -> None:
    screen = Terminal()  # stdout and stderr on one screen, as in a terminal
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setattr(sys, "stderr", screen)
    with exchange._progress(3, "importing") as progress:
        for n in range(3):
            progress.echo(f"message {n}")
            progress.echo(f"problem {n}", err=True)
            progress.advance()
    text = screen.getvalue()
    assert "importing" in text  # the bar was drawn
    for piece in re.split(r"[\r\n]", text):
        assert not ("importing" in piece and ("message" in piece or "problem" in piece)), piece
    assert text.index("message 0") > text.rindex("importing")
    assert text[text.index("message 0") - 1] == "\n"
    assert text.endswith("message 0\nproblem 0\nmessage 1\nproblem 1\nmessage 2\nproblem 2\n")


@pytest.mark.parametrize("stdout_tty,stderr_tty", [(False, True), (True, False)])
def test_progress_bar_is_silent_unless_on_a_terminal(
    monkeypatch, stdout_tty: bool, stderr_tty: bool
) -> None:
    out = Terminal() if stdout_tty else io.StringIO()
    err = Terminal() if stderr_tty else io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with exchange._progress(3, "importing") as progress:
        for n in range(3):
            progress.echo(f"message {n}")
            progress.advance()
    assert "importing" not in out.getvalue() + err.getvalue()
    assert out.getvalue() == "message 0\nmessage 1\nmessage 2\n"


# ------------------------------------------------------------------- export
def test_warnings_are_printed_once_per_article_with_all_formats(
    run, two_reviews, tmp_path: Path
) -> None:
    out = run(
        "export",
        "--all",
        "--all-formats",
        "-o",
        str(tmp_path / "out"),
        "--parents",
        "--org-name",
        "Example Fact Check",
        "--org-url",
        "https://factcheck.example.org",
        "--report-url",
        REPORT,
    )
    warnings = out.stderr.splitlines()
    assert len(warnings) == len(set(warnings))
    assert (
        warnings.count("warning: article 1: sentence 6 is tagged claim, quote but has no verdict")
        == 1
    )
    assert sum("article 1: sentence 2: claimReviewed has" in w for w in warnings) == 1
    assert len(list((tmp_path / "out").iterdir())) == 2 * 7


def test_dash_writes_to_standard_output(run, two_reviews, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = run("export", "1", "--format", "json", "-o", "-")
    assert json.loads(out.stdout)["article"]["id"] == 1
    assert not (tmp_path / "-").exists()
    assert "wrote" not in out.stdout
    run("export", "1", "2", "-o", "-", code=2)  # several exports still need a directory


def test_strict_claimreview_writes_nothing_when_any_article_fails(
    run, two_reviews, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    out = run(
        "export",
        "2",
        "1",
        "--all-formats",
        "--strict",
        "-o",
        str(target),
        "--parents",
        "--report-url",
        REPORT,
        code=1,
    )
    assert not target.exists()  # not even article 2's files, which passed
    assert out.stdout == ""
    error = out.stderr.strip().splitlines()[-1]
    assert error.startswith("error: ClaimReview refused (--strict), nothing written: ")
    assert "article 1 sentence 2: claimReviewed has 153 characters" in error
    assert "[rule claimReviewed-length]" in error
    single = tmp_path / "one.jsonld"
    run(
        "export",
        "1",
        "--format",
        "claimreview",
        "--strict",
        "-o",
        str(single),
        "--report-url",
        REPORT,
        code=1,
    )
    assert not single.exists()
    run(
        "export",
        "2",
        "--format",
        "claimreview",
        "--strict",
        "-o",
        str(single),
        "--report-url",
        REPORT,
    )
    assert json.loads(single.read_text())[0]["claimReviewed"] == "Harbour works are on schedule"


def _claim_urls(directory: Path) -> list[str]:
    return [
        document["url"]
        for path in sorted(directory.glob("*.claimreview.jsonld"))
        for document in json.loads(path.read_text(encoding="utf-8"))
    ]


def test_claimreview_urls_are_unique_across_articles(run, two_reviews, tmp_path: Path) -> None:
    run("verdict", "1", "2", "Unverifiable", "--claim", "Group struck targets in Israel")
    run(
        "export",
        "--all",
        "--format",
        "claimreview",
        "-o",
        str(tmp_path / "shared"),
        "--parents",
        "--report-url",
        REPORT,
    )
    shared = _claim_urls(tmp_path / "shared")
    assert len(shared) == len(set(shared)) == 3
    assert all(url.startswith(f"{REPORT}#sentence-") for url in shared)
    run(
        "export",
        "--all",
        "--format",
        "claimreview",
        "-o",
        str(tmp_path / "pages"),
        "--parents",
        "--report-url",
        "https://factcheck.example.org/review/{article}",
    )
    pages = _claim_urls(tmp_path / "pages")
    assert sorted(url.partition("#")[0] for url in pages) == [
        "https://factcheck.example.org/review/1",
        "https://factcheck.example.org/review/1",
        "https://factcheck.example.org/review/2",
    ]
    assert sorted(url.partition("#")[2] for url in pages) == sorted(
        url.partition("#")[2] for url in shared
    )


def test_claimreview_without_a_report_url_is_refused(run, two_reviews, tmp_path: Path) -> None:
    """The organisation's home page is no review's page: claims of different articles would
    share it, so without a report URL nothing is published."""
    target = tmp_path / "org"
    out = run(
        "export",
        "--all",
        "--all-formats",
        "-o",
        str(target),
        "--parents",
        "--org-url",
        "https://factcheck.example.org",
        code=1,
    )
    assert "ClaimReview needs the page where the review is published" in out.stderr
    assert "--report-url" in out.stderr and not target.exists()
    (tmp_path / "config.toml").write_text(
        '[organisation]\nreport_url = "https://factcheck.example.org/r/{article}"\n'
    )
    out = run("export", "2", "--format", "claimreview")
    assert json.loads(out.stdout)[0]["url"].startswith("https://factcheck.example.org/r/2#")


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ("--org-url", "ftp://factcheck.example.org"),
            "--org-url 'ftp://factcheck.example.org' must start with http:// or https://",
        ),
        (("--org-url", "factcheck.example.org"), "--org-url 'factcheck.example.org' must start"),
        (("--report-url", "javascript:alert(1)"), "--report-url 'javascript:alert(1)' must"),
        (("--report-url", f"{REPORT}#top"), "--report-url must not have a #fragment"),
        (("--report-url", f"{REPORT}/a b"), f"--report-url '{REPORT}/a b' contains a space"),
        (
            ("--org-url", "https://factcheck.example.org:70000"),
            "--org-url 'https://factcheck.example.org:70000' has the port 70000, over",
        ),
    ],
)
def test_export_refuses_urls_that_are_not_http(run, two_reviews, args, message) -> None:
    out = run("export", "1", "--format", "markdown", *args, code=1)
    assert out.stderr.startswith(f"error: {message}") and out.stdout == ""


def test_config_organisation_url_is_checked_for_claimreview(
    run, two_reviews, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text('[organisation]\nname = "Example"\nurl = "www.x"\n')
    out = run("export", "2", "--format", "claimreview", code=1)
    assert "organisation.url in" in out.stderr and "config.toml" in out.stderr
    assert "'www.x' must start with http:// or https://" in out.stderr
    run("export", "2", "--format", "markdown")  # only ClaimReview publishes it


def test_claimreview_warns_without_an_organisation(run, two_reviews, tmp_path: Path) -> None:
    out = run("export", "2", "--format", "claimreview", "--report-url", REPORT)
    assert "warning: no organisation name or URL configured" in out.stderr
    assert json.loads(out.stdout)[0]["url"].startswith(f"{REPORT}#sentence-")
    (tmp_path / "config.toml").write_text(
        '[organisation]\nname = "Example"\nurl = "https://factcheck.example.org"\n'
    )
    out = run("export", "2", "--format", "claimreview", "--report-url", REPORT)
    assert "no organisation" not in out.stderr
    assert json.loads(out.stdout)[0]["author"]["name"] == "Example"
    assert "no organisation" not in run("export", "2", "--format", "markdown").stderr


def test_export_writes_what_the_facade_renders(run, two_reviews, db_path: Path, tmp_path: Path):
    from workbench.core.export import FORMATS, ExportOptions
    from workbench.core.service import Workbench

    run(
        "export",
        "1",
        "2",
        "--all-formats",
        "-o",
        str(tmp_path / "out"),
        "--parents",
        "--report-url",
        REPORT,
    )
    options = ExportOptions(report_url=REPORT)
    with Workbench(db_path, "tester") as wb:
        expected = {
            exported.filename: exported.text.encode("utf-8")
            for article in (1, 2)
            for exported in (wb.export(article, fmt, options) for fmt in FORMATS)
        }
    written = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    assert written == expected and len(written) == 2 * len(FORMATS)


def test_an_unknown_article_among_several_writes_nothing(run, two_reviews, tmp_path: Path):
    target = tmp_path / "out"
    out = run("export", "1", "2", "99", "--all-formats", "-o", str(target), code=1)
    assert out.stderr == "error: no article 99; `workbench articles` lists them\n"
    assert out.stdout == "" and not target.exists()


# ------------------------------------------------------------ files on disk
def test_export_never_overwrites_without_force(run, two_reviews, tmp_path: Path) -> None:
    target = tmp_path / "review.md"
    target.write_text("the editor's copy\n", encoding="utf-8")
    out = run("export", "1", "-o", str(target), code=1)
    # The refusal only: the coverage warnings are for a file that is written.
    assert out.stderr.strip().splitlines() == [
        f"error: {target} exists; give --force to replace it"
    ]
    assert target.read_text(encoding="utf-8") == "the editor's copy\n"
    out = run("export", "1", "-o", str(target), "--force")
    assert "warning: article 1: " in out.stderr
    assert out.stdout == f"wrote {target} (markdown, {target.stat().st_size:,} bytes, replaced)\n"
    assert target.read_text(encoding="utf-8").startswith("# Fact-check review: ")


def test_export_makes_a_missing_folder_only_with_parents(run, two_reviews, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "november" / "review.md"
    out = run("export", "1", "-o", str(target), code=1)
    assert out.stderr.strip().splitlines() == [
        f"error: folder {target.parent} does not exist; give --parents to create it"
    ]
    assert not (tmp_path / "reports").exists()
    run("export", "1", "-o", str(target), "--parents")
    assert target.exists()


def test_one_existing_file_among_several_writes_none(run, two_reviews, tmp_path: Path) -> None:
    from workbench.core.service import Workbench

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with Workbench(tmp_path / "workbench.db", "tester") as wb:
        name = wb.export(2, "markdown").filename
    clash = out_dir / name  # the second article's file is there already
    clash.write_text("keep me\n", encoding="utf-8")
    out = run("export", "1", "2", "-o", str(out_dir), code=1)
    assert f"{clash} exists; give --force" in out.stderr
    assert [p.name for p in out_dir.iterdir()] == [name]  # not even article 1's file
    assert clash.read_text(encoding="utf-8") == "keep me\n"
    run("export", "1", "2", "-o", str(out_dir), "--force")
    assert len(list(out_dir.iterdir())) == 2


def test_a_folder_as_output_gets_the_file_by_its_name(run, two_reviews, tmp_path: Path) -> None:
    out = run("export", "2", "--format", "csv", "-o", str(tmp_path))
    written = [p for p in tmp_path.glob("review-2-*.csv")]
    assert len(written) == 1 and out.stdout.startswith(f"wrote {written[0]} (csv, ")
