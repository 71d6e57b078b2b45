"""The detail pane: the current sentence in its paragraph, its tags, evidence and verdicts.

Every piece of article or evidence text goes in as `rich.text.Text`, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...core.models import EvidenceCheck, PriorCheck, Sentence, SentenceDetail
from ...core.status import DEFAULT_NAMES, StatusNames
from ...core.textsafe import terminal_safe
from ..keys import DEFAULT_KEYS, KeyNames, key_names

if TYPE_CHECKING:
    from ...core.bundle import Conflict

STANCE_STYLE = {"supports": "green", "refutes": "red", "context": "cyan"}
CHECK_STYLE = {
    "exact": "green",
    "agree": "green",
    "rounded": "green",
    "near": "yellow",
    "missing": "yellow",
    "differ": "red",
    "not found": "red",
}


def _plain(text: str | None) -> str:
    return terminal_safe(text or "")


def paragraph_text(paragraph: list[tuple[Sentence, str]], current: Sentence) -> Text:
    """The paragraph around the current sentence (its sentences and their texts), with the
    current one highlighted."""
    text = Text(no_wrap=False)
    for index, (sentence, body) in enumerate(paragraph):
        if index:
            text.append(" ")
        text.append(_plain(body), style="bold reverse" if sentence.id == current.id else "dim")
    return text


def render_changes(changes: list[dict[str, Any]]) -> list[RenderableType]:
    """What revisions of the article changed in the sentence since review: old → new word by
    word (removed words struck through, added ones underlined), a sentence added, or one
    removed from where this one stands, with the review the old one had."""
    parts: list[RenderableType] = []
    for change in changes:
        line = Text(f"Δ Changed since review — revision {change['revision']}", style="bold")
        line.append(f", {change['made_at']}", style="dim")
        parts.append(line)
        kind, old = change["kind"], change["old_text"]
        if change["words"]:
            words = Text(f"  {kind}: ")
            previous = ""
            for op, text in change["words"]:
                if previous == "-" and op == "+":
                    words.append("→ ", style="dim")
                style = {"-": "strike red", "+": "bold underline green"}.get(op, "")
                words.append(_plain(text), style=style)
                words.append(" ")
                previous = op
            parts.append(words)
        elif kind == "added":
            parts.append(Text("  added: this sentence is new in this revision", style="dim"))
        elif kind == "removed" and old:
            removed = Text("  removed here: ", style="dim")
            removed.append(_plain(old), style="strike")
            parts.append(removed)
        if change["review"]:
            parts.append(Text(f"  the old sentence was {_plain(change['review'])}", style="dim"))
    if parts:
        parts.append(Text())
    return parts


def render_detail(
    detail: SentenceDetail,
    context: Text | None,
    names: KeyNames = DEFAULT_KEYS,
    changes: list[dict[str, Any]] | None = None,
    conflicts: Sequence[Conflict] = (),
    statuses: StatusNames = DEFAULT_NAMES,
) -> RenderableType:
    """The detail; its hints name the keys in `names` (the user's keymap); `changes`: what
    revisions changed in it since review; `conflicts`: ratings a merged bundle brought
    that differ from this database's; `statuses`: the desk's names for the stages."""
    return Group(
        render_sentence(detail, context, changes),
        render_review(detail, names, conflicts, statuses),
    )


def render_sentence(
    detail: SentenceDetail, context: Text | None, changes: list[dict[str, Any]] | None = None
) -> RenderableType:
    """The top of the detail: the sentence in its paragraph, and what revisions changed."""
    s = detail.sentence
    heading = Text(f"Sentence {s.number}", style="bold")
    heading.append(
        f"  {s.kind} · paragraph {s.paragraph + 1} · characters {s.start}–{s.end}", style="dim"
    )
    return Group(
        heading,
        context if context is not None else Text(_plain(s.text)),
        Text(),
        *render_changes(changes or []),
    )


def render_review(
    detail: SentenceDetail,
    names: KeyNames = DEFAULT_KEYS,
    conflicts: Sequence[Conflict] = (),
    statuses: StatusNames = DEFAULT_NAMES,
) -> RenderableType:
    """The rest of the detail, what an action changes: tags, evidence, verdicts, the desk."""
    parts: list[RenderableType] = []
    tags = Text("Tags  ", style="bold")
    if detail.tags:
        for mark in detail.tags:
            tags.append(f" {mark.tag} ", style="reverse")
            tags.append(f" by {_plain(mark.set_by)}  ", style="dim")
    else:
        tags.append(
            names.format("none — {tag-claim} claim, {tag-quote} quote, {tag-figure} figure"),
            style="dim",
        )
    parts.append(tags)
    if detail.mark is not None:
        done = Text("  ✓ reviewed, nothing to check", style="bold")
        done.append(
            f" — by {_plain(detail.mark.set_by)}, {detail.mark.set_at}"
            + names.format(" ({done} takes the mark away)"),
            style="dim",
        )
        parts.append(done)
    elif not detail.tags:
        parts.append(Text(names.format("  or {done}: reviewed, nothing to check"), style="dim"))
    parts.extend(render_suggestions(detail, names))
    parts.append(Text())

    parts.extend(render_evidence(detail, names))
    parts.append(Text())

    parts.append(Text("Verdict", style="bold"))
    if not detail.verdicts:
        hint = "{verdict} gives one"
        if not detail.tags:
            hint = "tag the sentence first, then " + hint
        parts.append(Text(names.format(f"  none — {hint}"), style="dim"))
    for index, verdict in enumerate(reversed(detail.verdicts)):
        line = Text("  ")
        line.append(f" {_plain(verdict.label)} ", style="bold reverse" if index == 0 else "dim")
        line.append(
            f"  {verdict.value:g} on {_plain(verdict.scale)} · "
            f"{_plain(verdict.reviewer)} · {verdict.created_at}",
            style="" if index == 0 else "dim",
        )
        parts.append(line)
        if index == 0:
            for name, value in (
                ("claim", verdict.claim),
                ("claimant", verdict.claimant),
                ("rationale", verdict.rationale),
            ):
                if value:
                    row = Text(f"    {name}: ", style="dim")
                    row.append(_plain(value))
                    parts.append(row)
    parts.extend(render_conflicts(conflicts, names))
    parts.extend(render_desk(detail, names, statuses))
    return Group(*parts)


def render_conflicts(
    conflicts: Sequence[Conflict], names: KeyNames = DEFAULT_KEYS
) -> list[RenderableType]:
    """Two databases rated the sentence differently (a merged bundle): both verdicts stay,
    and the conflict shows until someone rates the sentence again."""
    parts: list[RenderableType] = []
    for conflict in conflicts:
        line = Text("  ⚠ conflict: ", style="bold yellow")
        line.append(_plain(conflict.describe()))
        parts.append(line)
        parts.append(
            Text(names.format("    both are kept; {verdict} rates it again to settle"), style="dim")
        )
    return parts


def _stage_line(detail: SentenceDetail, names: KeyNames, statuses: StatusNames) -> Text:
    assert detail.stage is not None
    line = Text("  status: ", style="dim")
    line.append(_plain(statuses.name(detail.stage)), style="bold")
    if detail.stage_set is not None:
        by, at = detail.stage_set
        line.append(f" by {_plain(by)}, {at}", style="dim")
    elif detail.stage == "approved":
        line.append(" (the editor approved the verdict)", style="dim")
    line.append(names.format(" ({sentence-status} moves it)"), style="dim")
    return line


def render_desk(
    detail: SentenceDetail,
    names: KeyNames = DEFAULT_KEYS,
    statuses: StatusNames = DEFAULT_NAMES,
) -> list[RenderableType]:
    """The editor's decision on the current verdict, the sentence's stage in the desk's work,
    and its comments."""
    parts: list[RenderableType] = []
    approval = detail.approval
    if detail.verdict is not None:
        line = Text("  editor: ", style="dim")
        if approval is None:
            line.append("not approved yet", style="yellow")
            line.append(
                names.format(" ({approve} approves, {return-verdict} returns)"), style="dim"
            )
        elif approval.decision == "approved":
            line.append("approved", style="bold green")
            line.append(f" by {_plain(approval.reviewer)}, {approval.at}", style="dim")
        else:
            line.append("returned", style="bold red")
            line.append(f" by {_plain(approval.reviewer)}, {approval.at}", style="dim")
        parts.append(line)
        if approval is not None and approval.comment:
            said = Text("    ", style="dim")
            said.append(_plain(approval.comment))
            parts.append(said)
        if detail.stage is not None:
            parts.append(_stage_line(detail, names, statuses))
    parts.append(Text())
    heading = Text("Comments", style="bold")
    if not detail.comments:
        heading.append(names.format("  none — {comment} adds one"), style="dim")
    parts.append(heading)
    for comment in detail.comments:
        row = Text(f"  {_plain(comment.reviewer)} · {comment.at}: ", style="dim")
        row.append(_plain(comment.text))
        parts.append(row)
    return parts


def render_evidence(
    detail: SentenceDetail, names: KeyNames = DEFAULT_KEYS, *, compact: bool = False
) -> list[RenderableType]:
    """The sentence's evidence, each with its source, excerpt, note and check results.

    `compact` is for a dialog's few rows: the check results come first, one line each and
    naming their source, then the evidence with one line of excerpt, without URL or note."""
    parts: list[RenderableType] = []
    if compact:
        for ev in detail.evidence:
            for check in ev.checks:
                line = _check_line(check, "")
                name = ev.source.title or ev.source.url or f"source {ev.source.id}"
                line.append(f" · {_plain(name)}", style="dim")
                line.no_wrap = True
                line.overflow = "ellipsis"
                parts.append(line)
    heading = Text(f"Evidence ({len(detail.evidence)})", style="bold")
    if detail.evidence and not compact:
        heading.append(
            names.format("  {edit-evidence} edit or remove · {edit-source} edit its source"),
            style="dim",
        )
    parts.append(heading)
    if not detail.evidence:
        parts.append(Text(names.format("  none — {evidence} links a source"), style="dim"))
    for ev in detail.evidence:
        src = ev.source
        line = Text("  ")
        line.append(f"{ev.stance:<8}", style=f"bold {STANCE_STYLE.get(ev.stance, '')}")
        line.append(" ")
        line.append(_plain(src.title or src.url or f"source {src.id}"), style="bold")
        meta = ", ".join(_plain(p) for p in (src.publisher, src.published) if p)
        if meta:
            line.append(f" — {meta}", style="dim")
        parts.append(line)
        if src.url and src.title and not compact:
            parts.append(Text("    " + _plain(src.url), style="dim underline"))
        if ev.excerpt:
            excerpt = Text("    “" + _plain(ev.excerpt) + "”", style="italic")
            if compact:
                excerpt.no_wrap = True
                excerpt.overflow = "ellipsis"
            parts.append(excerpt)
        if ev.note and not compact:
            parts.append(Text("    note: " + _plain(ev.note), style="dim"))
        if not compact:
            parts.extend(_check_line(check, "    ") for check in ev.checks)
    return parts


def _check_line(check: EvidenceCheck, indent: str) -> Text:
    line = Text(indent)
    line.append(
        f"{check.kind} check: {check.outcome}",
        style=f"bold {CHECK_STYLE.get(check.outcome, '')}",
    )
    line.append(" — " + _plain(check.summary), style="")
    return line


def render_suggestions(
    detail: SentenceDetail, names: KeyNames = DEFAULT_KEYS
) -> list[RenderableType]:
    """The tags the rules suggest, each with its reason; a suggestion is not a tag until the
    reviewer accepts it or sets the tag."""
    if not detail.suggestions:
        return []
    pending = [h for h in detail.suggestions if h.tag not in detail.sentence.tags]
    heading = Text("Suggested  ", style="bold")
    heading.append(f"check-worthiness {detail.sentence.worth:.2f}", style="dim")
    if pending:
        accepts = names.format(" · {accept} accepts ")
        heading.append(accepts + ", ".join(h.tag for h in pending), style="dim")
    lines: list[RenderableType] = [heading]
    if detail.worth_raised_by:
        raised = ", ".join(_plain(reason) for reason in detail.worth_raised_by)
        lines.append(Text(f"  worth raised by {raised}", style="dim"))
    for hint in detail.suggestions:
        line = Text("  ")
        done = hint.tag in detail.sentence.tags
        line.append(f"{hint.tag:<6}", style="dim" if done else "bold")
        line.append(" ✓ " if done else "   ", style="green")
        line.append(_plain(hint.reason), style="dim" if done else "")
        lines.append(line)
    return lines


def render_prior(found: list[PriorCheck]) -> RenderableType:
    """Earlier verdicts on similar sentences of other articles ("checked before")."""
    parts: list[RenderableType] = [Text(f"Checked before ({len(found)})", style="bold")]
    for prior in found:
        line = Text("  ")
        line.append(f" {_plain(prior.verdict.label)} ", style="reverse")
        line.append(
            f"  {prior.score:.0f}% alike · article {prior.article_id} "
            f"({_plain(prior.article_title)}) sentence {prior.number}",
            style="dim",
        )
        parts.append(line)
        parts.append(Text("    “" + _plain(prior.text) + "”", style="italic"))
        if prior.verdict.rationale:
            parts.append(Text("    rationale: " + _plain(prior.verdict.rationale), style="dim"))
    return Group(*parts)


def fitted_height(static: Static, content: RenderableType) -> int | None:
    """How many lines `content` takes in `static` at its present width; None when the
    widget has no size yet (not laid out)."""
    width = static.content_size.width
    if not static.is_mounted or width <= 0:
        return None
    app = static.app
    options = app.console_options.update_width(width).update(highlight=False)
    return sum(text.count("\n") for text, _, _ in app.console.render(content, options))


def update_in_place(static: Static, content: RenderableType) -> None:
    """Show new content; the screen is laid out again only if its height changes. A layout
    re-renders every widget it touches (the list, the scroll bars, the footer): laying out
    on every key costs several times what painting the changed lines does."""
    height = fitted_height(static, content)
    static.update(content, layout=height is None or height != static.content_size.height)


class DetailPane(VerticalScroll, can_focus=False):
    """Scrollable detail of the current sentence."""

    # The sentence in its paragraph, its review, and "checked before": each its own widget,
    # so an action paints the review again, not the paragraph (the costliest part to wrap).
    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="detail-sentence")
        yield Static(id="detail-body")
        yield Static(id="detail-prior")

    _sentence_key: tuple[Any, ...] | None = None  # what the sentence part shows

    def show(
        self,
        detail: SentenceDetail,
        context: Text | None,
        *,
        keep_scroll: bool = False,
        changes: list[dict[str, Any]] | None = None,
        conflicts: Sequence[Conflict] = (),
    ) -> None:
        """Show a sentence; `keep_scroll` when it is the one shown already (read again after
        an action or another reviewer's change), so the reader keeps their place."""
        workbench = getattr(self.app, "workbench", None)
        statuses = workbench.status_names if workbench is not None else DEFAULT_NAMES
        s = detail.sentence
        key = (s.id, s.number, s.kind, s.paragraph, s.start, s.end, id(context), changes)
        if key != self._sentence_key:
            self._sentence_key = key
            update_in_place(
                self.query_one("#detail-sentence", Static),
                render_sentence(detail, context, changes),
            )
        update_in_place(
            self.query_one("#detail-body", Static),
            render_review(detail, key_names(self), conflicts, statuses),
        )
        if not keep_scroll:
            self.query_one("#detail-prior", Static).update("")
            self.scroll_home(animate=False)

    def show_prior(self, found: list[PriorCheck]) -> None:
        self.query_one("#detail-prior", Static).update(render_prior(found) if found else "")

    def clear(self, message: str) -> None:
        self._sentence_key = None
        self.query_one("#detail-sentence", Static).update("")
        self.query_one("#detail-body", Static).update(Text(message, style="dim"))
        self.query_one("#detail-prior", Static).update("")
