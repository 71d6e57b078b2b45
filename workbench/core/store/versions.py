"""What this program knows of the schema, without loading the migrations: opening a
database compares the migrations it has applied and the columns it holds with these. A test
checks them against `schema.py`, which stays the one place the schema is made."""

MIGRATION_SET = "workbench"
MIGRATIONS_TABLE = "_sqlite_migrations"

# Every migration this program knows, oldest first: a database that has applied one not in
# this list was written by a newer workbench. Adding a migration adds a name here.
KNOWN = (
    "m001_initial",
    "m002_search_and_suggestions",
    "m003_suggestion_rules",
    "m004_import_state",
    "m005_search_for_older_records",
    "m006_finished_and_removed",
    "m007_fetch_archive",
    "m009_desk",
)

# The tables that make a database a workbench database.
OUR_TABLES = frozenset(
    (
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
)

# The columns of every ordinary table the migrations make (full-text shadow tables aside).
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id",
        "content_hash",
        "title",
        "date",
        "byline",
        "url",
        "format",
        "encoding",
        "filename",
        "imported_at",
        "imported_by",
        "text",
        "importing",
        "import_beat",
    ),
    "sentences": ("id", "article_id", "start", "end", "paragraph", "kind", "text"),
    "tags": ("id", "sentence_id", "tag", "set_by", "set_at"),
    "sources": (
        "id",
        "url",
        "title",
        "publisher",
        "published",
        "accessed_at",
        "snapshot",
        "snapshot_hash",
        "created_by",
        "created_at",
    ),
    "evidence": (
        "id",
        "sentence_id",
        "source_id",
        "excerpt",
        "stance",
        "note",
        "created_by",
        "created_at",
    ),
    "verdicts": (
        "id",
        "sentence_id",
        "scale",
        "label",
        "value",
        "rationale",
        "claim",
        "claimant",
        "reviewer",
        "created_at",
    ),
    "scales": ("id", "name", "description", "labels", "builtin"),
    "settings": ("id", "key", "value"),
    "actions": (
        "id",
        "at",
        "reviewer",
        "kind",
        "target",
        "verb",
        "summary",
        "article_id",
        "sentence_id",
        "undoable",
        "changes",
    ),
    "passages": ("id", "source_id", "start", "end", "text"),
    "suggestions": ("id", "sentence_id", "tag", "reason", "score"),
    "sentence_scores": ("sentence_id", "checkworthiness"),
    "evidence_checks": ("evidence_id", "kind", "outcome", "detail", "basis"),
    "suggested_articles": ("article_id", "rules"),
    "marks": ("id", "sentence_id", "set_by", "set_at"),
    "removed_articles": ("id", "article_id", "removed_by", "removed_at"),
    "places": ("id", "article_id", "reviewer", "sentence_id", "by_worth"),
    "fetches": (
        "id",
        "url",
        "final_url",
        "status",
        "media_type",
        "headers",
        "fetched_at",
        "fetched_by",
        "sha256",
        "size",
        "body",
        "article_id",
        "source_id",
    ),
    "reviewers": ("id", "name", "role", "added_by", "added_at"),
    "approvals": ("id", "verdict_id", "sentence_id", "decision", "comment", "reviewer", "at"),
    "comments": ("id", "sentence_id", "text", "reviewer", "at"),
    "article_status": ("id", "article_id", "status", "assignee", "set_by", "set_at"),
}
