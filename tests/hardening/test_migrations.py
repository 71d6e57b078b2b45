"""Databases made by every earlier schema version open with this one: their migrations run,
all their data is kept, suggestions are made, and actions (undo of old actions included)
work. The shipped migrations are never edited."""

from __future__ import annotations

import hashlib
import inspect
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from workbench.core.models import NewSource
from workbench.core.service import Workbench
from workbench.core.sources import content_hash
from workbench.core.store import KNOWN
from workbench.core.store.schema import migrations
from workbench.core.suggest import RULES_VERSION

from .support import integrity, rows

# Adding a migration means adding a line here. Editing a line is forbidden: a database that
# ran the old text keeps what it made and never runs the new one. (m002 was once edited after
# it shipped; m005 makes up for it.)
SHIPPED = {
    "m001_initial": "51fe7f6a22654d795569d154bfc358809db6b73a9ce2a21700fc95c7369e64c6",
    "m002_search_and_suggestions": (
        "dc7c05ff0e92ff71d014af7afae52a6d058d76272be0ccc2e9baf0dc492ee28a"
    ),
    "m003_suggestion_rules": "f6257bb595eda3e925e17dad0db976aa78f8e09c4d0bf2767dd5017c02b73352",
    "m004_import_state": "8dbd2b3764778394ca683995066a891022eff740f2da7ec42f3a3607efc66f41",
    "m005_search_for_older_records": (
        "b734f1abecfbcf2fc2a9699baafcd9626fd0d2a45151e6113d31dd5754e79491"
    ),
    "m006_finished_and_removed": "61586de6a27b3403f715e98dbd9f87a5d2cf4d8786952b883ab40809dc399e03",
    "m007_fetch_archive": "61efc9ca76737be1817131fdde3d025be288d3428f8d3be52c0e7f969b764211",
    "m008_revisions": "fce82cb27ade39ab48fa49039954bc9f4738c705b11d908ecce2ca86b212904b",
    "m009_desk": "529f99e53f27c8701232dd4ef726bf1ed8c8f8d3b0054f6efe6b57ea5bf455c2",
    "m010_reviewer_tokens": "16ff2b78737c8332a635541f87aed7ea0ca58a16e2e9eafa3d315d62801b0f48",
    "m011_blind_review": "1d7bda9398eca52e037d29f4fb79b002f0c64d2ae6e2ddf8b0d469bed20b53ee",
    "m012_bundles": "66af4c08192a5b552a33228cb5989013b19ca666b26c2e55b86b01090042a9a3",
    "m013_sentence_status": "13537be0ecb0bcc952d230aeb5d5a5e74c8d4ce6c1bbf4d34566ebe797b0cf9e",
}


def test_shipped_migrations_are_never_edited() -> None:
    found = {
        m.name: hashlib.sha256(inspect.getsource(m.fn).encode()).hexdigest()
        for m in migrations._migrations
    }
    assert list(found)[: len(SHIPPED)] == list(SHIPPED), "migrations are only ever appended"
    assert {name: found[name] for name in SHIPPED} == SHIPPED
    assert list(found) == list(KNOWN)


# ------------------------------------------------------------------ old files
PARAGRAPHS = [
    "The council approved a budget of 4.2 million pounds on Monday.",
    "“We will fix every road,” the mayor said. Critics called it a stunt.",
    "Bus fares rise by 10 per cent in April. The river is 12 miles long.",
]
SNAPSHOT = (
    "Minutes of the meeting. The council approved a budget of 4.2 million pounds on Monday, "
    "after a long debate about roads and buses."
)


def _article_rows(text: str, at: str) -> tuple[dict[str, Any], list[tuple[int, int, int, str]]]:
    sentences, start = [], 0
    for paragraph_number, paragraph in enumerate(text.split("\n\n")):
        for piece in _split(paragraph):
            begin = text.index(piece, start)
            sentences.append((begin, begin + len(piece), paragraph_number, piece))
            start = begin + len(piece)
    article = {
        "content_hash": content_hash(text),
        "title": f"Old article {at}",
        "date": "2024-11-11",
        "byline": None,
        "url": None,
        "format": "txt",
        "encoding": "utf-8",
        "filename": f"old-{at}.txt",
        "imported_at": f"2024-11-11T09:00:0{at}Z",
        "imported_by": "alice",
        "text": text,
    }
    return article, sentences


def _split(paragraph: str) -> list[str]:
    """Sentences as the segmenter of the day made them: at '. ' here."""
    out, rest = [], paragraph
    while ". " in rest:
        head, rest = rest.split(". ", 1)
        out.append(head + ".")
    return [*out, rest]


class OldWorkbench:
    """Writes what a workbench at an earlier schema wrote: rows and their action log
    entries, by hand, with no code of this version involved."""

    def __init__(self, conn: sqlite3.Connection, tables: set[str]) -> None:
        self.conn = conn
        self.tables = tables
        self.clock = 0

    def now(self) -> str:
        self.clock += 1
        return f"2024-11-11T10:{self.clock // 60:02d}:{self.clock % 60:02d}Z"

    def insert(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        columns = ", ".join(f'"{c}"' for c in values)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )
        row = self.conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", [cursor.lastrowid])
        names = [d[0] for d in row.description]
        return dict(zip(names, row.fetchone(), strict=True))

    def log(self, reviewer: str, verb: str, summary: str, changes: list[Any], **where: Any) -> None:
        self.conn.execute(
            "INSERT INTO actions (at, reviewer, kind, target, verb, summary, article_id,"
            " sentence_id, undoable, changes) VALUES (?, ?, 'do', NULL, ?, ?, ?, ?, ?, ?)",
            [
                self.now(),
                reviewer,
                verb,
                summary,
                where.get("article_id"),
                where.get("sentence_id"),
                int(verb != "import"),
                json.dumps(changes),
            ],
        )

    def import_article(self, text: str, at: str) -> list[int]:
        article, sentences = _article_rows(text, at)
        article_id = self.insert("articles", article)["id"]
        ids = []
        for start, end, paragraph, piece in sentences:
            ids.append(
                self.insert(
                    "sentences",
                    {
                        "article_id": article_id,
                        "start": start,
                        "end": end,
                        "paragraph": paragraph,
                        "kind": "body",
                        "text": piece,
                    },
                )["id"]
            )
            if "suggestions" in self.tables:  # suggestions of older rules, to be remade
                self.conn.execute(
                    "INSERT INTO suggestions (sentence_id, tag, reason, score) "
                    "VALUES (?, 'figure', 'older rules', 0.5)",
                    [ids[-1]],
                )
                self.conn.execute(
                    "INSERT INTO sentence_scores (sentence_id, checkworthiness) VALUES (?, 0.5)",
                    [ids[-1]],
                )
        if "suggested_articles" in self.tables:
            self.conn.execute(
                "INSERT INTO suggested_articles (article_id, rules) VALUES (?, 1)", [article_id]
            )
        self.log(
            "alice",
            "import",
            f"imported {article['title']} ({len(ids)} sentences)",
            [],
            article_id=article_id,
        )
        return ids

    def do(self, reviewer: str, verb: str, summary: str, *inserts: tuple[str, dict]) -> int:
        changes = []
        for table, values in inserts:
            after = self.insert(table, values)
            changes.append({"table": table, "id": after["id"], "before": None, "after": after})
        sentence_id = next(v["sentence_id"] for _, v in inserts if "sentence_id" in v)
        self.log(reviewer, verb, summary, changes, article_id=1, sentence_id=sentence_id)
        return int(changes[-1]["id"])

    def fill(self) -> None:
        first = self.import_article("\n\n".join(PARAGRAPHS), "1")
        self.import_article("A second article. It says little.", "2")
        self.do("alice", "tag", "tagged sentence 1 as claim", ("tags", self._tag(first[0])))
        self.do(
            "alice", "tag", "tagged sentence 2 as quote", ("tags", self._tag(first[1], "quote"))
        )
        self.do(
            "bob", "tag", "tagged sentence 4 as figure", ("tags", self._tag(first[3], "figure"))
        )
        source = {
            "url": "https://example.org/minutes",
            "title": "Minutes",
            "publisher": "Council",
            "published": "2024-11-11",
            "accessed_at": "2024-11-12",
            "snapshot": SNAPSHOT,
            "snapshot_hash": content_hash(SNAPSHOT),
            "created_by": "alice",
            "created_at": self.now(),
        }
        source_row = self.insert("sources", source)
        if "passages" in self.tables:  # its snapshot indexed for evidence search, as one passage
            passage = self.conn.execute(
                'INSERT INTO passages (source_id, start, "end", text) VALUES (?, 0, ?, ?)',
                [source_row["id"], len(SNAPSHOT), SNAPSHOT],
            ).lastrowid
            self.conn.execute(
                "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)", [passage, SNAPSHOT]
            )
        self.log(
            "alice",
            "source",
            "added source 1: Minutes",
            [{"table": "sources", "id": source_row["id"], "before": None, "after": source_row}],
        )
        evidence = {
            "sentence_id": first[0],
            "source_id": source_row["id"],
            "excerpt": "approved a budget of 4.2 million pounds",
            "stance": "supports",
            "note": None,
            "created_by": "alice",
            "created_at": self.now(),
        }
        self.do(
            "alice", "link", "linked source 1 to sentence 1 as supports", ("evidence", evidence)
        )
        verdict = {
            "sentence_id": first[0],
            "scale": "newsroom",
            "label": "True",
            "value": 5.0,
            "rationale": "The minutes say so.",
            "claim": "The budget is 4.2 million pounds",
            "claimant": "Council",
            "reviewer": "alice",
            "created_at": self.now(),
        }
        self.do("alice", "verdict", "rated sentence 1 True", ("verdicts", verdict))
        if "checked_fts" in self.tables:
            self.conn.execute(
                "INSERT INTO checked_fts (rowid, text) SELECT id, text FROM sentences WHERE id = ?",
                [first[0]],
            )
        self.conn.commit()

    def _tag(self, sentence_id: int, tag: str = "claim") -> dict[str, Any]:
        return {"sentence_id": sentence_id, "tag": tag, "set_by": "alice", "set_at": self.now()}


def _old_database(path: Path, stop_before: str) -> None:
    conn = sqlite3.connect(path)
    migrations.apply(Database(conn), stop_before=stop_before.removesuffix("-first"))
    if stop_before.endswith("-first"):
        # m002 as it first shipped, before its fts5vocab tables were added to its text.
        conn.execute("DROP TABLE passages_vocab")
        conn.execute("DROP TABLE checked_vocab")
    conn.execute("PRAGMA journal_mode = WAL")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    OldWorkbench(conn, tables).fill()
    conn.close()


def _record(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The rows a reviewer made (not derived data), by table."""
    return {
        table: rows(path, f"SELECT * FROM {table} ORDER BY rowid")
        for table in (
            "articles",
            "sentences",
            "tags",
            "sources",
            "evidence",
            "verdicts",
            "scales",
            "settings",
            "actions",
        )
    }


EARLIER = [*KNOWN[1:], "m003_suggestion_rules-first"]


@pytest.mark.parametrize(
    "stop_before",
    EARLIER,
    ids=[f"before-{n[:4]}" for n in KNOWN[1:]] + ["first-m002"],
)
def test_a_database_of_an_earlier_schema_opens_with_everything_kept(
    tmp_path: Path, stop_before: str
) -> None:
    db = tmp_path / "old.db"
    _old_database(db, stop_before)
    old = _record(db)
    with Workbench(db, "alice") as wb:
        assert not wb.read_only
        articles = wb.articles()
        assert [(a.title, a.sentences) for a in articles] == [
            ("Old article 1", 5),
            ("Old article 2", 2),
        ]
        new = _record(db)
        # Every old row is there with every old value; new columns only add.
        for table, old_rows in old.items():
            assert len(new[table]) == len(old_rows), table
            for before, after in zip(old_rows, new[table], strict=True):
                assert {k: after[k] for k in before} == before, table
        assert {r["importing"] for r in new["articles"]} == {0}
        # Suggestions by this version's rules, for every article.
        assert {r["rules"] for r in rows(db, "SELECT rules FROM suggested_articles")} == {
            RULES_VERSION
        }
        assert rows(db, "SELECT count(*) AS n FROM suggestions WHERE reason = 'older rules'") == [
            {"n": 0}
        ]
        table = wb.suggestion_table(1)
        assert [s.number for s, hints in table if hints] != []
        # What the record says reads back through the facade.
        first = wb.sentence(1, 1)
        assert [v.label for v in first.verdicts] == ["True"]
        assert [e.source.title for e in first.evidence] == ["Minutes"]
        assert [t.tag for t in first.tags] == ["claim"]
        # Search finds the old source's snapshot and the old verdict.
        assert [hit.source.id for hit in wb.find_evidence(1, 1)] == [1]
        assert [prior.verdict.label for prior in wb.checked_before(2, 1)] in ([], ["True"])
        # Actions work, undo of an action the old version logged among them.
        assert wb.undo().message == "undid: rated sentence 1 True — in article 1 “Old article 1”"
        assert wb.sentence(1, 1).verdicts == ()
        assert wb.redo().message == "redid: rated sentence 1 True — in article 1 “Old article 1”"
        assert wb.set_tag(1, 3, "claim").message == "tagged sentence 3 as claim"
        assert wb.merge(1, 4).message == "merged sentences 4 and 5"
        link = wb.link(1, 2, new_source=NewSource(url="https://example.org/new"), stance="context")
        assert link.message.startswith("linked new source 2")
        assert "True" in wb.export(1, "json").text
    assert rows(db, "SELECT name FROM _sqlite_migrations ORDER BY id")[-len(KNOWN) :] == [
        {"name": name} for name in KNOWN
    ]
    assert integrity(db) == ["ok"]


def _made_columns() -> dict[str, tuple[str, ...]]:
    """The columns of every ordinary table the migrations make, read from a database migrated
    in memory."""
    conn = sqlite3.connect(":memory:")
    try:
        migrations.apply(Database(conn, execute_plugins=False))
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            )
        ]
        return {
            table: tuple(row[1] for row in conn.execute(f"PRAGMA table_info([{table}])"))
            for table in tables
        }
    finally:
        conn.close()


def test_what_opening_checks_matches_the_migrations() -> None:
    """`versions.py` lets a database open without loading the migrations; it must say what
    the migrations make, no more and no less."""
    from workbench.core.store import versions

    assert tuple(m.name for m in migrations._migrations) == versions.KNOWN
    made = {
        table: columns
        for table, columns in _made_columns().items()
        if "_fts_" not in table and not table.startswith("_")
    }
    assert made == versions.COLUMNS
    assert set(made) >= versions.OUR_TABLES
    assert (
        migrations.name,
        migrations.migrations_table,
    ) == (versions.MIGRATION_SET, versions.MIGRATIONS_TABLE)
