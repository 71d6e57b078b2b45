"""The schema: numbered migrations, applied when a store opens. A shipped migration is never
edited again; a change to the schema is a new migration."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ..errors import StoreError
from ..scales import DEFAULT_SCALE, PRESETS

migrations = Migrations("workbench")


def _script(db: Database, script: str) -> None:
    """Run statements one by one: executescript() would COMMIT the migration's transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise StoreError("incomplete statement in a migration")


@migrations()
def m001_initial(db: Database) -> None:
    _script(
        db,
        """
        -- AUTOINCREMENT on the tables reviewer actions change: a deleted row's id is never
        -- given to a new row, so the ids in the action log always name one row (undo/redo).
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT, date TEXT, byline TEXT, url TEXT,
            format TEXT NOT NULL, encoding TEXT NOT NULL, filename TEXT,
            imported_at TEXT NOT NULL, imported_by TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            kind TEXT NOT NULL DEFAULT 'body',
            text TEXT NOT NULL
        );
        CREATE UNIQUE INDEX sentences_position ON sentences(article_id, start);
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id),
            tag TEXT NOT NULL CHECK (tag IN ('claim', 'quote', 'figure')),
            set_by TEXT NOT NULL, set_at TEXT NOT NULL,
            UNIQUE (sentence_id, tag)
        );
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            url TEXT, title TEXT, publisher TEXT, published TEXT, accessed_at TEXT,
            snapshot TEXT, snapshot_hash TEXT,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE INDEX sources_url ON sources(url);
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id),
            source_id INTEGER NOT NULL REFERENCES sources(id),
            excerpt TEXT,
            stance TEXT NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
            note TEXT,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE INDEX evidence_sentence ON evidence(sentence_id);
        CREATE INDEX evidence_source ON evidence(source_id);
        CREATE TABLE verdicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id),
            scale TEXT NOT NULL, label TEXT NOT NULL, value REAL NOT NULL,
            rationale TEXT, claim TEXT, claimant TEXT,
            reviewer TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE INDEX verdicts_sentence ON verdicts(sentence_id, id);
        CREATE TABLE scales (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            description TEXT NOT NULL DEFAULT '',
            labels TEXT NOT NULL,
            builtin INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE settings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            value TEXT NOT NULL
        );
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('do', 'undo', 'redo')),
            target INTEGER REFERENCES actions(id),
            verb TEXT NOT NULL,
            summary TEXT NOT NULL,
            article_id INTEGER,
            sentence_id INTEGER,
            undoable INTEGER NOT NULL,
            changes TEXT NOT NULL
        );
        CREATE INDEX actions_reviewer ON actions(reviewer, id);
        CREATE INDEX actions_article ON actions(article_id, id);
        -- The log is append-only: the database itself refuses edits and deletions.
        CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
            BEGIN SELECT RAISE(ABORT, 'the action log is append-only'); END;
        CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions
            BEGIN SELECT RAISE(ABORT, 'the action log is append-only'); END;
        """,
    )
    for scale in PRESETS:
        db.execute(
            "INSERT INTO scales (name, description, labels, builtin) VALUES (?, ?, ?, 1)",
            [scale.name, scale.description, _labels_json(scale.labels)],
        )
    db.execute("INSERT INTO settings (key, value) VALUES ('active_scale', ?)", [DEFAULT_SCALE])


@migrations()
def m002_search_and_suggestions(db: Database) -> None:
    """Derived data: full-text indexes for evidence search and "checked before", the tag
    suggestions and the results of quote and figure checks. All of it can be rebuilt from the
    record, so none of it is in the action log."""
    _script(
        db,
        """
        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX passages_source ON passages(source_id);
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, content='passages', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        -- Sentences that have a verdict, by sentence id: what "checked before" searches.
        CREATE VIRTUAL TABLE checked_fts USING fts5(
            text, tokenize='unicode61 remove_diacritics 2'
        );
        -- Document frequencies, to query by the rarest words of a sentence.
        CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');
        CREATE VIRTUAL TABLE checked_vocab USING fts5vocab(checked_fts, 'row');
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            sentence_id INTEGER NOT NULL,
            tag TEXT NOT NULL,
            reason TEXT NOT NULL,
            score REAL NOT NULL,
            UNIQUE (sentence_id, tag)
        );
        CREATE TABLE sentence_scores (
            sentence_id INTEGER PRIMARY KEY,
            checkworthiness REAL NOT NULL
        );
        CREATE TABLE evidence_checks (
            evidence_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('quote', 'figure')),
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL,
            basis TEXT NOT NULL,
            PRIMARY KEY (evidence_id, kind)
        );
        """,
    )
    # A database from before this migration gets its existing verdicts indexed now.
    db.execute(
        "INSERT INTO checked_fts (rowid, text) SELECT s.id, s.text FROM sentences s "
        "WHERE EXISTS (SELECT 1 FROM verdicts v WHERE v.sentence_id = s.id)"
    )


@migrations()
def m003_suggestion_rules(db: Database) -> None:
    """Which version of the suggestion rules made each article's suggestions, so better rules
    make them again; and the evidence checks by evidence id."""
    _script(
        db,
        """
        CREATE TABLE suggested_articles (
            article_id INTEGER PRIMARY KEY,
            rules INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS suggestions_sentence ON suggestions(sentence_id);
        """,
    )


def _labels_json(labels: Iterable[Any]) -> str:
    return json.dumps([{"name": label.name, "value": label.value} for label in labels])


@migrations()
def m004_import_state(db: Database) -> None:
    """An article is written a chunk of sentences at a time, so a long import never holds the
    write lock for long; until its last chunk is in, it is marked as importing (with a number
    only that import holds) and hidden, and `import_beat` says when its last chunk went in, so
    a second import of the same text can tell a live import from an interrupted one."""
    _script(
        db,
        """
        ALTER TABLE articles ADD COLUMN importing INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE articles ADD COLUMN import_beat REAL;
        """,
    )


@migrations()
def m005_search_for_older_records(db: Database) -> None:
    """Two gaps in databases made before m002 was final. m002 gained its fts5vocab tables
    after it first shipped, so a database migrated by that first m002 lacks them and every
    evidence search failed ("no such table: passages_vocab"). (The sources m002 did not index
    are indexed when the database opens, as derived data is: see `unindexed_sources`.)"""
    _script(
        db,
        """
        CREATE VIRTUAL TABLE IF NOT EXISTS passages_vocab USING fts5vocab(passages_fts, 'row');
        CREATE VIRTUAL TABLE IF NOT EXISTS checked_vocab USING fts5vocab(checked_fts, 'row');
        """,
    )


@migrations()
def m006_finished_and_removed(db: Database) -> None:
    """What lets a review be finished and corrected. `marks`: sentences a reviewer marked
    "reviewed, nothing to check" (an action, undone like any). `removed_articles`: articles
    taken out of the library; the record stays, so the removal is undone like any action.
    `places`: where each reviewer left each article (the sentence and the `o` order), which
    is not review work and so not in the action log."""
    _script(
        db,
        """
        CREATE TABLE marks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sentence_id INTEGER NOT NULL UNIQUE REFERENCES sentences(id),
            set_by TEXT NOT NULL, set_at TEXT NOT NULL
        );
        CREATE TABLE removed_articles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL UNIQUE REFERENCES articles(id),
            removed_by TEXT NOT NULL, removed_at TEXT NOT NULL
        );
        CREATE TABLE places (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            reviewer TEXT NOT NULL,
            sentence_id INTEGER,
            by_worth INTEGER NOT NULL DEFAULT 0,
            UNIQUE (article_id, reviewer)
        );
        """,
    )


@migrations()
def m007_fetch_archive(db: Database) -> None:
    """What was fetched from the web, as a newsroom archiver keeps it: the body as received
    (zlib-compressed), the address asked for and the one that answered after redirects, the
    status, the headers that say what it was, when and by whom it was fetched, and the
    body's SHA-256, so a report can show what a source said that day, offline, later. The
    article or source it became is named; the archive row outlives an undo."""
    _script(
        db,
        """
        CREATE TABLE fetches (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            final_url TEXT NOT NULL,
            status INTEGER NOT NULL,
            media_type TEXT NOT NULL,
            headers TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            fetched_by TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            body BLOB NOT NULL,
            article_id INTEGER,
            source_id INTEGER
        );
        CREATE INDEX fetches_article ON fetches(article_id);
        CREATE INDEX fetches_source ON fetches(source_id);
        """,
    )


@migrations()
def m008_revisions(db: Database) -> None:
    """Articles that change. `revisions`: every text an article has had, numbered from 1, when
    and by whom it came in, and what changed in words (`summary`) and sentence by sentence
    (`changes`, JSON: kind, old wording, new sentence number, the review the old one had).
    `after_action` is the last action before the revision: a reviewer action on a flagged
    sentence after it means the change was reviewed. `revision_flags`: the sentences changed
    since review (edited, changed, added, or standing where a removed one stood), with the
    old wording, so the reviewer sees what changed word by word."""
    _script(
        db,
        """
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            number INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            text TEXT NOT NULL,
            made_at TEXT NOT NULL,
            made_by TEXT NOT NULL,
            summary TEXT NOT NULL,
            changes TEXT NOT NULL,
            after_action INTEGER NOT NULL,
            UNIQUE (article_id, number)
        );
        CREATE TABLE revision_flags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            revision_id INTEGER NOT NULL REFERENCES revisions(id),
            sentence_id INTEGER NOT NULL REFERENCES sentences(id),
            kind TEXT NOT NULL CHECK (kind IN ('edited', 'changed', 'added', 'removed')),
            old_text TEXT,
            review TEXT
        );
        CREATE INDEX revision_flags_sentence ON revision_flags(sentence_id);
        """,
    )


@migrations()
def m009_desk(db: Database) -> None:
    """The desk's workflow. `reviewers`: the people the database knows, each a reviewer or
    an editor (a name not listed acts as a reviewer). `approvals`: an editor's decision on one
    verdict row, approved or returned with a comment; a new rating or rationale is a new
    verdict row, so it needs a decision of its own. `comments`: remarks on a sentence.
    `article_status`: where an article is in the desk's work, and who it is assigned to.
    Verdict and sentence ids are not foreign keys here: undoing a rating, or merging
    sentences, must not be refused because an editor looked at them (ids are never reused)."""
    _script(
        db,
        """
        CREATE TABLE reviewers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('reviewer', 'editor')),
            added_by TEXT NOT NULL, added_at TEXT NOT NULL
        );
        CREATE TABLE approvals (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            verdict_id INTEGER NOT NULL,
            sentence_id INTEGER NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('approved', 'returned')),
            comment TEXT,
            reviewer TEXT NOT NULL, at TEXT NOT NULL
        );
        CREATE INDEX approvals_verdict ON approvals(verdict_id, id);
        CREATE INDEX approvals_sentence ON approvals(sentence_id, id);
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sentence_id INTEGER NOT NULL,
            text TEXT NOT NULL,
            reviewer TEXT NOT NULL, at TEXT NOT NULL
        );
        CREATE INDEX comments_sentence ON comments(sentence_id, id);
        CREATE TABLE article_status (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL UNIQUE REFERENCES articles(id),
            status TEXT NOT NULL,
            assignee TEXT,
            set_by TEXT NOT NULL, set_at TEXT NOT NULL
        );
        """,
    )


@migrations()
def m010_reviewer_tokens(db: Database) -> None:
    """Signing in to a served desk. `reviewer_tokens`: one row per token made for a listed
    reviewer, holding only the SHA-256 of the token (the token itself is shown once, when it
    is made), who made it and when, and when and by whom it was revoked. A reviewer has at
    most one live token: making a new one revokes the last."""
    _script(
        db,
        """
        CREATE TABLE reviewer_tokens (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            reviewer TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL,
            revoked_by TEXT, revoked_at TEXT
        );
        CREATE INDEX reviewer_tokens_reviewer ON reviewer_tokens(reviewer, revoked_at);
        """,
    )


@migrations()
def m011_blind_review(db: Database) -> None:
    """Blind double review. `blind_rounds`: an article tagged by several reviewers at once,
    each without seeing the others' tags, from when it started until it stopped (at most one
    open round per article). `blind_reviewers`: who is in a round. `blind_tags`: each
    reviewer's own tags per sentence in a round, apart from the article's real tags.
    `blind_decisions`: how a disagreement was settled into the real tags (whose tags were
    taken, and which). Sentence ids are not foreign keys here: a merge or split after the
    round must not be refused because the round once tagged the sentence (ids are never
    reused). The layers stay when a round stops, for audit."""
    _script(
        db,
        """
        CREATE TABLE blind_rounds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            started_by TEXT NOT NULL, started_at TEXT NOT NULL,
            stopped_by TEXT, stopped_at TEXT
        );
        CREATE UNIQUE INDEX blind_rounds_open ON blind_rounds(article_id)
            WHERE stopped_at IS NULL;
        CREATE TABLE blind_reviewers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            round_id INTEGER NOT NULL REFERENCES blind_rounds(id),
            reviewer TEXT NOT NULL,
            UNIQUE (round_id, reviewer)
        );
        CREATE TABLE blind_tags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            round_id INTEGER NOT NULL REFERENCES blind_rounds(id),
            sentence_id INTEGER NOT NULL,
            reviewer TEXT NOT NULL,
            tag TEXT NOT NULL CHECK (tag IN ('claim', 'quote', 'figure')),
            set_at TEXT NOT NULL,
            UNIQUE (round_id, sentence_id, reviewer, tag)
        );
        CREATE INDEX blind_tags_sentence ON blind_tags(sentence_id);
        CREATE TABLE blind_decisions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            round_id INTEGER NOT NULL REFERENCES blind_rounds(id),
            sentence_id INTEGER NOT NULL,
            take TEXT NOT NULL,
            tags TEXT NOT NULL,
            decided_by TEXT NOT NULL, decided_at TEXT NOT NULL
        );
        CREATE INDEX blind_decisions_round ON blind_decisions(round_id, sentence_id, id);
        """,
    )


@migrations()
def m012_bundles(db: Database) -> None:
    """Reviews exchanged as files between desks that share no server. `bundles`: each bundle
    merged into this database, whose reviewers made it, what it added and the article's
    action history as the sending database had it (that log is the sender's, so it is kept
    here as a record, not replayed). `verdict_conflicts`: a sentence both databases rated
    differently; both verdicts stay, and the conflict is listed until someone rates the
    sentence again. Verdict ids are not foreign keys, as in the desk's tables."""
    _script(
        db,
        """
        CREATE TABLE bundles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            digest TEXT NOT NULL,
            exported_by TEXT NOT NULL,
            reviewers TEXT NOT NULL,
            added TEXT NOT NULL,
            history TEXT NOT NULL,
            imported_by TEXT NOT NULL, imported_at TEXT NOT NULL
        );
        CREATE INDEX bundles_article ON bundles(article_id, id);
        CREATE TABLE verdict_conflicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            bundle_id INTEGER NOT NULL REFERENCES bundles(id),
            sentence_id INTEGER NOT NULL,
            here_verdict_id INTEGER NOT NULL,
            imported_verdict_id INTEGER NOT NULL
        );
        CREATE INDEX verdict_conflicts_sentence ON verdict_conflicts(sentence_id, id);
        """,
    )


@migrations()
def m013_sentence_status(db: Database) -> None:
    """Where each rated sentence is in the desk's work, and two views any SQLite tool can read.
    `sentence_status`: a sentence's stage (to do, in progress, in review, approved,
    published), who set it and when, and the verdict row it was set on: like an editor's
    decision it belongs to that verdict, so a new rating or rationale puts the sentence back
    in progress (and an undo of the rating brings the stage back). The sentence id is not a
    foreign key, as in `approvals`. Views: `current_verdicts`, each rated sentence's latest
    verdict; `sentence_numbers`, every sentence of every article with its number as the
    workbench shows it (from 1, in order of its start), its tags, its current verdict and its
    stage. Articles still being imported are left out of both."""
    _script(
        db,
        """
        CREATE TABLE sentence_status (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sentence_id INTEGER NOT NULL UNIQUE,
            verdict_id INTEGER,
            status TEXT NOT NULL CHECK (
                status IN ('to do', 'in progress', 'in review', 'approved', 'published')),
            set_by TEXT NOT NULL, set_at TEXT NOT NULL
        );
        CREATE VIEW current_verdicts AS
        SELECT s.article_id, v.sentence_id, v.id AS verdict_id, v.scale, v.label, v.value,
               v.rationale, v.claim, v.claimant, v.reviewer, v.created_at,
               (SELECT decision FROM approvals p WHERE p.verdict_id = v.id
                ORDER BY p.id DESC LIMIT 1) AS decision
        FROM verdicts v
        JOIN sentences s ON s.id = v.sentence_id
        JOIN articles a ON a.id = s.article_id
        WHERE v.id = (SELECT max(id) FROM verdicts WHERE sentence_id = v.sentence_id)
          AND a.importing = 0;
        CREATE VIEW sentence_numbers AS
        SELECT s.article_id,
               row_number() OVER (PARTITION BY s.article_id ORDER BY s.start) AS number,
               s.id AS sentence_id, s.paragraph + 1 AS paragraph, s.kind, s.text,
               (SELECT group_concat(tag, ', ') FROM (
                  SELECT tag FROM tags WHERE sentence_id = s.id
                  ORDER BY CASE tag WHEN 'claim' THEN 0 WHEN 'quote' THEN 1 ELSE 2 END)) AS tags,
               c.label AS verdict, c.verdict_id,
               CASE
                 WHEN c.verdict_id IS NULL THEN NULL
                 WHEN st.verdict_id = c.verdict_id THEN st.status
                 WHEN c.decision = 'approved' THEN 'approved'
                 ELSE 'in progress'
               END AS status
        FROM sentences s
        JOIN articles a ON a.id = s.article_id
        LEFT JOIN current_verdicts c ON c.sentence_id = s.id
        LEFT JOIN sentence_status st ON st.sentence_id = s.id
        WHERE a.importing = 0;
        """,
    )
