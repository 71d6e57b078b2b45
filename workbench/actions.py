"""Every action the TUI binds to a key, once: its id, default keys, what it says and where it
applies. The bindings, the command palette, the help screen, the config's `[keys]` check and
every "press x to …" hint are made from this table, so a key remapped in the config is right
everywhere. Textual-free: the config reads it without starting the UI.

Keys are Textual key names ("c", "question_mark", "ctrl+s"), comma-separated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .core.exports import FORMATS


@dataclass(frozen=True, slots=True)
class Variant:
    """One more palette entry running the action's method with its own parameters."""

    title: str
    help: str
    run: str


@dataclass(frozen=True, slots=True)
class Action:
    """One action.

    `run` is the action string the key runs on the node of its scope ("tag('claim')" calls
    `action_tag("claim")`); `scopes` name the screens, modals or widgets that bind it;
    `applies` names the condition under which it does something (each scope's
    `check_action` evaluates it; the palette offers only what applies); `show` puts it in
    the footer.
    """

    id: str
    keys: str
    run: str
    description: str
    help: str
    title: str | None
    scopes: tuple[str, ...]
    show: bool = False
    applies: str | None = None
    priority: bool = False
    variants: tuple[Variant, ...] = ()

    @property
    def method(self) -> str:
        """The name of the action method the key calls (without `action_`)."""
        return self.run.partition("(")[0]

    @property
    def default_keys(self) -> tuple[str, ...]:
        return tuple(key.strip() for key in self.keys.split(","))


# Why an action that does not apply does nothing: shown when its key is pressed anyway.
# `{action-id}` stands for the key bound to that action.
CONDITIONS: dict[str, str] = {
    "sentence": "No sentence is selected",
    "tagged": "Tag the sentence first ({tag-claim}, {tag-quote} or {tag-figure}), "
    "then give a verdict",
    "suggested": "This sentence has no suggested tags left to accept",
    "mergeable": "The next sentence is in another paragraph (or there is none): nothing to merge",
    "filtering": "No filter is set",
    "has-evidence": "This sentence has no evidence: {evidence} links some",
    "rated": "This sentence has no verdict to withdraw",
    "has-verdict": "This sentence has no verdict for an editor to decide on",
    "articles": "No article to open: {import-file} imports one",
    "disagreement": "No disagreement is selected: the reviewers agree on every sentence",
    "article": "No article is selected",
    "stage": "This sentence has no verdict: a status follows a rating ({verdict} rates it)",
}

ACTIONS: tuple[Action, ...] = (
    # -------------------------------------------------------------- the app
    Action(
        "quit",
        "ctrl+q",
        "quit",
        "Quit",
        "Quit the workbench (everything is saved as you go)",
        None,  # Textual's own palette entry "Quit" runs it
        ("app",),
        priority=True,
    ),
    Action(
        "command-palette",
        "ctrl+p",
        "command_palette",
        "Command palette",
        "Every action by name",
        None,  # the palette itself
        ("app",),
    ),
    # ------------------------------------------------------- the review screen
    Action(
        "tag-claim",
        "c",
        "tag('claim')",
        "Claim",
        "Toggle the claim tag on the current sentence",
        "tag: claim",
        ("review",),
        show=True,
        applies="sentence",
    ),
    Action(
        "tag-quote",
        "q",
        "tag('quote')",
        "Quote",
        "Toggle the quote tag on the current sentence",
        "tag: quote",
        ("review",),
        show=True,
        applies="sentence",
    ),
    Action(
        "tag-figure",
        "f",
        "tag('figure')",
        "Figure",
        "Toggle the figure tag on the current sentence",
        "tag: figure",
        ("review",),
        show=True,
        applies="sentence",
    ),
    Action(
        "evidence",
        "e",
        "evidence",
        "Evidence",
        "Link evidence (a stored or a new source) to the current sentence",
        "evidence: link a source",
        ("review",),
        show=True,
        applies="sentence",
    ),
    Action(
        "verdict",
        "v",
        "verdict",
        "Verdict",
        "Give the current sentence a verdict (it must be tagged)",
        "verdict: rate the sentence",
        ("review",),
        show=True,
        applies="tagged",
    ),
    Action(
        "accept",
        "a",
        "accept",
        "Accept",
        "Make the suggested tags of the current sentence tags (one undoable action)",
        "accept: suggested tags",
        ("review",),
        show=True,
        applies="suggested",
    ),
    Action(
        "done",
        "d",
        "done",
        "Done",
        "Mark the sentence reviewed, nothing to check (press again to take the mark away)",
        "done: nothing to check (toggle)",
        ("review",),
        applies="sentence",
    ),
    Action(
        "edit-evidence",
        "E",
        "edit_evidence",
        "Edit evidence",
        "Edit or remove the sentence's evidence: stance, excerpt, note (asks which of several)",
        "evidence: edit or remove",
        ("review",),
        applies="has-evidence",
    ),
    Action(
        "edit-source",
        "S",
        "edit_source",
        "Edit source",
        "Edit the source of the sentence's evidence: fields, snapshot (or from a file), "
        "accessed date",
        "source: edit",
        ("review",),
        applies="has-evidence",
    ),
    Action(
        "withdraw",
        "W",
        "withdraw",
        "Withdraw",
        "Withdraw the sentence's verdict (asks first; undo brings it back)",
        "verdict: withdraw",
        ("review",),
        applies="rated",
    ),
    Action(
        "approve",
        "A",
        "approve",
        "Approve",
        "Approve the sentence's verdict for publishing (editors only; not your own verdict)",
        "verdict: approve (editors)",
        ("review",),
        applies="has-verdict",
    ),
    Action(
        "return-verdict",
        "R",
        "return_verdict",
        "Return",
        "Return the sentence's verdict to its reviewer with a comment (editors only)",
        "verdict: return with a comment (editors)",
        ("review",),
        applies="has-verdict",
    ),
    Action(
        "comment",
        "C",
        "comment",
        "Comment",
        "Comment on the sentence (shown in the detail pane, the JSON and the reports)",
        "comment: add one to the sentence",
        ("review",),
        applies="sentence",
    ),
    # The desk's stages and assignment: each opens a short list to pick from.
    Action(
        "sentence-status",
        "t",
        "sentence_status",
        "Stage",
        "Move the sentence (its verdict) to another stage of the desk's work: to do, in "
        "progress, in review, approved, published (approved and published: editors)",
        "status: move the sentence to a stage",
        ("review",),
        applies="stage",
    ),
    Action(
        "article-status",
        "T",
        "article_status",
        "Article stage",
        "Move the article to another stage of the desk's work (approved and published: editors)",
        "status: move the article to a stage",
        ("review", "library"),
        applies="article",
    ),
    Action(
        "assign",
        "at",
        "assign",
        "Assign",
        "Assign the article to a reviewer the desk lists, to you, or to nobody",
        "assign: give the article to a reviewer",
        ("review", "library"),
        applies="article",
    ),
    Action(
        "next-work",
        "n",
        "next_work(1)",
        "Next",
        "Next sentence that needs work (untagged, or tagged without verdict)",
        "go: next sentence to do",
        ("review",),
        show=True,
    ),
    Action(
        "previous-work",
        "N",
        "next_work(-1)",
        "Previous to do",
        "Previous sentence that needs work",
        "go: previous sentence to do",
        ("review",),
    ),
    Action(
        "work-order",
        "o",
        "work_order",
        "Order",
        "Order of next/previous: through the article, or by check-worthiness",
        "order: article / check-worthiness",
        ("review",),
    ),
    Action(
        "detail-down",
        "J",
        "scroll_detail(1)",
        "Detail down",
        "Scroll the detail pane down",
        "scroll: detail down",
        ("review",),
    ),
    Action(
        "detail-up",
        "K",
        "scroll_detail(-1)",
        "Detail up",
        "Scroll the detail pane up",
        "scroll: detail up",
        ("review",),
    ),
    Action(
        "merge",
        "m",
        "merge",
        "Merge next",
        "Join the current sentence and the next (same paragraph)",
        "merge: with the next sentence",
        ("review",),
        applies="mergeable",
    ),
    Action(
        "split",
        "s",
        "split",
        "Split",
        "Choose a point and split the current sentence in two",
        "split: the current sentence",
        ("review",),
        applies="sentence",
    ),
    Action(
        "undo",
        "u",
        "undo",
        "Undo",
        "Undo your last action (in a review: in this article)",
        "undo: last action",
        ("review", "library"),
        show=True,
    ),
    Action(
        "redo",
        "U",
        "redo",
        "Redo",
        "Redo what you last undid",
        "redo: last undone action",
        ("review",),
    ),
    Action(
        "filter",
        "slash",
        "filter",
        "Filter",
        "Filter by words or state (is:claim, no:verdict, has:evidence…)",
        "filter: sentences",
        ("review",),
    ),
    Action(
        "clear-filter",
        "escape",
        "clear_filter",
        "Clear filter",
        "Clear the filter and show every sentence",
        "filter: clear",
        ("review",),
        applies="filtering",
    ),
    Action(
        "export",
        "x",
        "export",
        "Export",
        "Export this review (choose a format and a file)",
        "export: choose a format",
        ("review",),
        variants=tuple(
            Variant(f"export: {fmt}", f"Export this review as {fmt}", f"export('{fmt}')")
            for fmt in FORMATS
        ),
    ),
    Action(
        "library",
        "l",
        "library",
        "Library",
        "Back to the article library",
        "library: show",
        ("review",),
    ),
    Action(
        "help",
        "question_mark",
        "help",
        "Help",
        "List every key of this screen",
        "help: keys",
        ("review", "library", "reconcile"),
        show=True,
    ),
    # ------------------------------------------- blind double review: reconcile
    Action(
        "reconcile",
        "B",
        "reconcile",
        "Reconcile",
        "Blind review: walk the sentences the reviewers tagged differently and settle them",
        "blind review: reconcile disagreements",
        ("review",),
    ),
    Action(
        "reconcile-take-a",
        "a",
        "take('A')",
        "Take A",
        "Settle the sentence with the first reviewer's tags",
        "reconcile: take the first reviewer's tags",
        ("reconcile",),
        show=True,
        applies="disagreement",
    ),
    Action(
        "reconcile-take-b",
        "b",
        "take('B')",
        "Take B",
        "Settle the sentence with the second reviewer's tags",
        "reconcile: take the second reviewer's tags",
        ("reconcile",),
        show=True,
        applies="disagreement",
    ),
    Action(
        "reconcile-take-both",
        "o",
        "take('both')",
        "Both",
        "Settle the sentence with every tag any reviewer set",
        "reconcile: take every reviewer's tags",
        ("reconcile",),
        show=True,
        applies="disagreement",
    ),
    Action(
        "reconcile-take-none",
        "x",
        "take('none')",
        "None",
        "Settle the sentence with only the tags every reviewer set (drop the disputed ones)",
        "reconcile: drop the disputed tags",
        ("reconcile",),
        show=True,
        applies="disagreement",
    ),
    Action(
        "reconcile-down",
        "j",
        "move(1)",
        "Next",
        "Go to the next disagreement",
        None,
        ("reconcile",),
    ),
    Action(
        "reconcile-up",
        "k",
        "move(-1)",
        "Previous",
        "Go to the previous disagreement",
        None,
        ("reconcile",),
    ),
    Action(
        "reconcile-close",
        "escape",
        "close",
        "Back",
        "Back to the article",
        None,
        ("reconcile",),
        show=True,
    ),
    # ------------------------------------------------------ the sentence list
    Action(
        "cursor-down",
        "j,down",
        "cursor_down",
        "Down",
        "Next sentence",
        "go: next sentence",
        ("sentences",),
    ),
    Action(
        "cursor-up",
        "k,up",
        "cursor_up",
        "Up",
        "Previous sentence",
        "go: previous sentence",
        ("sentences",),
    ),
    Action(
        "page-down",
        "pagedown",
        "page_down",
        "Page down",
        "A page of sentences down",
        "go: page down",
        ("sentences",),
    ),
    Action(
        "page-up",
        "pageup",
        "page_up",
        "Page up",
        "A page of sentences up",
        "go: page up",
        ("sentences",),
    ),
    Action(
        "first",
        "g,home",
        "first",
        "First",
        "First sentence",
        "go: first sentence",
        ("sentences",),
    ),
    Action(
        "last",
        "G,end",
        "last",
        "Last",
        "Last sentence (read to the end of a long article first)",
        "go: last sentence",
        ("sentences",),
    ),
    # ------------------------------------------------------------ the library
    Action(
        "open-article",
        "enter,o",
        "open",
        "Open",
        "Open the selected article",
        "open: selected article",
        ("library",),
        show=True,
        applies="articles",
    ),
    Action(
        "import-file",
        "i",
        "import",
        "Import file",
        "Import a .txt, .md or .html article",
        "import: a file",
        ("library",),
        show=True,
    ),
    Action(
        "remove-article",
        "D,delete",
        "remove",
        "Remove",
        "Remove the selected article from the library (asks first; undo brings it back)",
        "article: remove from the library",
        ("library",),
        show=True,
        applies="articles",
    ),
    Action(
        "library-mine",
        "m",
        "mine",
        "Mine",
        "Show only the articles assigned to you (press again for all)",
        "library: only mine (toggle)",
        ("library",),
    ),
    Action(
        "library-status",
        "t",
        "next_status",
        "Status",
        "Show only articles of one status: each press goes to the next (to do, in progress, "
        "in review, approved, published, then all)",
        "library: filter by status (cycle)",
        ("library",),
    ),
    Action(
        "library-assignee",
        "a",
        "assignee",
        "Assignee",
        "Show only articles assigned to a reviewer you name (empty: everyone's)",
        "library: filter by assignee",
        ("library",),
    ),
    Action(
        "library-down",
        "j",
        "cursor_down",
        "Down",
        "Next article",
        "go: next article",
        ("library",),
    ),
    Action(
        "library-up",
        "k",
        "cursor_up",
        "Up",
        "Previous article",
        "go: previous article",
        ("library",),
    ),
    # --------------------------------------------------------------- dialogs
    Action(
        "help-close",
        "escape,question_mark,q",
        "close",
        "Close",
        "Close the help",
        "help: close",
        ("help",),
    ),
    Action(
        "modal-cancel",
        "escape",
        "cancel",
        "Cancel",
        "Close the dialog without saving",
        "dialog: cancel",
        (
            "verdict",
            "evidence",
            "export",
            "prompt",
            "split",
            "evidence-edit",
            "source-edit",
            "pick",
            "confirm",
        ),
    ),
    Action(
        "modal-save",
        "ctrl+s",
        "save",
        "Save",
        "Save the dialog and close it",
        "dialog: save",
        ("verdict", "evidence", "export", "evidence-edit", "source-edit"),
        priority=True,
    ),
    Action(
        "evidence-unlink",
        "ctrl+d",
        "unlink",
        "Remove evidence",
        "Remove this evidence from the sentence (asks first; undo brings it back)",
        "evidence: remove",
        ("evidence-edit",),
        priority=True,
    ),
    Action(
        "confirm-yes",
        "y,enter",
        "confirm",
        "Yes",
        "Go ahead",
        None,
        ("confirm",),
    ),
    Action(
        "confirm-no",
        "n",
        "cancel",
        "No",
        "Do not do it",
        None,
        ("confirm",),
    ),
    Action(
        "split-confirm",
        "enter",
        "confirm",
        "Split here",
        "Split the sentence at the marked point",
        "split: here",
        ("split",),
    ),
    Action(
        "split-next-break",
        "down,j",
        "break(1)",
        "Next break",
        "Move the split point to the next break (after . ! ? ; : or a clause comma)",
        "split: next break",
        ("split",),
    ),
    Action(
        "split-previous-break",
        "up,k",
        "break(-1)",
        "Previous break",
        "Move the split point to the previous break (after . ! ? ; : or a clause comma)",
        "split: previous break",
        ("split",),
    ),
    Action(
        "split-next-word",
        "right,l",
        "word(1)",
        "Next word",
        "Move the split point to the next word",
        "split: next word",
        ("split",),
    ),
    Action(
        "split-previous-word",
        "left,h",
        "word(-1)",
        "Previous word",
        "Move the split point to the previous word",
        "split: previous word",
        ("split",),
    ),
    Action(
        "split-next-char",
        "shift+right",
        "char(1)",
        "Next character",
        "Move the split point one character on",
        "split: next character",
        ("split",),
    ),
    Action(
        "split-previous-char",
        "shift+left",
        "char(-1)",
        "Previous character",
        "Move the split point one character back",
        "split: previous character",
        ("split",),
    ),
    # Priority in the verdict dialog: the focus moves before the next key is handed on, so
    # keys typed right after a rating key, Enter or Tab go to the field they were meant for.
    *(
        Action(
            f"rating-{n}",
            str(n),
            f"pick({n - 1})",
            f"Rating {n}",
            f"Pick the rating labelled {n} on the scale",
            f"rating: label {n}",
            ("verdict-labels",),
            priority=True,
        )
        for n in range(1, 10)
    ),
    Action(
        "rating-pick",
        "enter",
        "pick_highlighted",
        "Pick",
        "Pick the highlighted rating and go to the rationale",
        None,
        ("verdict-labels",),
        priority=True,
    ),
    Action(
        "field-next",
        "tab",
        "move_field(1)",
        "Next field",
        "Go to the next field of the dialog",
        None,
        ("verdict", "evidence", "export", "evidence-edit", "source-edit"),
        priority=True,
    ),
    Action(
        "field-previous",
        "shift+tab",
        "move_field(-1)",
        "Previous field",
        "Go to the previous field of the dialog",
        None,
        ("verdict", "evidence", "export", "evidence-edit", "source-edit"),
        priority=True,
    ),
)

BY_ID: dict[str, Action] = {action.id: action for action in ACTIONS}

# The ids `[keys]` in the config may remap.
BINDING_IDS: frozenset[str] = frozenset(BY_ID)


def in_scope(scope: str) -> tuple[Action, ...]:
    """The actions a screen, modal or widget binds, in the order the footer shows them."""
    return tuple(action for action in ACTIONS if scope in action.scopes)


def conditions(scope: str) -> dict[str, str | None]:
    """Action method -> the condition it needs, for a scope's `check_action`."""
    return {action.method: action.applies for action in in_scope(scope)}


def resolve(keymap: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """The keys of every action once `keymap` (id -> keys, normalised key names) applies.

    As Textual applies a keymap: a remapped action has only its new keys, and a default key
    the keymap gives to another action of the same scope no longer runs this one.
    """
    mapped = {action_id: tuple(keys) for action_id, keys in keymap.items() if action_id in BY_ID}
    resolved: dict[str, tuple[str, ...]] = {}
    for action in ACTIONS:
        if action.id in mapped:
            resolved[action.id] = mapped[action.id]
            continue
        taken = {
            key
            for other, keys in mapped.items()
            if set(BY_ID[other].scopes) & set(action.scopes)
            for key in keys
        }
        resolved[action.id] = tuple(key for key in action.default_keys if key not in taken)
    return resolved
