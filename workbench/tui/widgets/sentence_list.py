"""A virtual list of sentences: only the rows on screen are rendered, so 100,000 is as quick
as ten. One line per sentence; the detail pane shows the whole text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.models import TAGS, Sentence
from ...core.textsafe import terminal_safe
from ..keys import bindings

NUMBER_WIDTH = 6
VERDICT_WIDTH = 12
STAGE_WIDTH = 11  # the stage column, once the desk uses stages on the article


def tag_marks(sentence: Sentence) -> list[tuple[str, bool]]:
    """One mark per tag: the capital if the reviewer set it, the small letter if the rules
    suggest it, a dot otherwise; with whether it is set."""
    return [
        (t[0].upper(), True)
        if t in sentence.tags
        else (t[0], False)
        if t in sentence.suggested
        else ("·", False)
        for t in TAGS
    ]


def badge_text(sentence: Sentence) -> tuple[str, str, str]:
    tags = "".join(mark for mark, _ in tag_marks(sentence))
    evidence = f"e{sentence.evidence_count}" if sentence.evidence_count else ""
    # A sentence marked "reviewed, nothing to check" shows it where a verdict would be.
    verdict = sentence.verdict or ("✓ nothing" if sentence.marked else "")
    if len(verdict) > VERDICT_WIDTH:
        verdict = verdict[: VERDICT_WIDTH - 1] + "…"
    return tags, evidence, verdict


@dataclass(frozen=True, slots=True)
class RowStyles:
    base: Style
    cursor: Style
    number: Style
    tags: Style
    evidence: Style
    verdict: Style
    headline: Style
    dim: Style


class SentenceList(ScrollView, can_focus=True):
    """The article's sentences, one per line, with a cursor."""

    COMPONENT_CLASSES = {
        "sentence-list--cursor",
        "sentence-list--number",
        "sentence-list--tags",
        "sentence-list--evidence",
        "sentence-list--verdict",
        "sentence-list--headline",
        "sentence-list--dim",
    }

    DEFAULT_CSS = """
    SentenceList {
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    SentenceList > .sentence-list--cursor { background: $primary 40%; text-style: bold; }
    SentenceList:focus > .sentence-list--cursor { background: $primary 70%; }
    SentenceList > .sentence-list--number { color: $text-muted; }
    SentenceList > .sentence-list--tags { color: $accent; text-style: bold; }
    SentenceList > .sentence-list--evidence { color: $success; }
    SentenceList > .sentence-list--verdict { color: $warning; text-style: bold; }
    SentenceList > .sentence-list--headline { text-style: bold; }
    SentenceList > .sentence-list--dim { color: $text-disabled; }
    """

    SCOPE = "sentences"
    BINDINGS = bindings(SCOPE)

    # watch_cursor repaints the two rows concerned: the whole list is not painted again.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor moved to another sentence."""

        def __init__(self, sentence_list: SentenceList, index: int) -> None:
            super().__init__()
            self.sentence_list = sentence_list
            self.index = index

        @property
        def control(self) -> SentenceList:
            return self.sentence_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[Sentence] = []
        self._styles: RowStyles | None = None
        # Rows may come without their text; the screen that owns the list supplies it.
        self.text_for: Callable[[Sentence], str] = lambda sentence: sentence.text
        # A long article's rows arrive a chunk at a time; the owner reads the rest on demand.
        self.read_to_end: Callable[[], None] = lambda: None
        # A rated sentence's stage in the desk's work, by sentence id, as the desk names it;
        # the column shows only while some sentence has one worth showing.
        self.stages: dict[int, str] = {}
        self._scrolled_size: Size | None = None  # the virtual size the scroll bar shows

    # ------------------------------------------------------------- data
    def set_rows(self, rows: list[Sentence], cursor: int = 0) -> None:
        self.rows = rows
        self.virtual_size = Size(self.size.width, len(rows))
        self._styles = None
        self.set_reactive(SentenceList.cursor, max(0, min(cursor, len(rows) - 1)))
        self.refresh()
        self.scroll_to_cursor(animate=False)
        self.post_message(self.Highlighted(self, self.cursor))

    def rows_changed(self) -> None:
        """Rows were appended to the list this widget shows."""
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.refresh()

    def set_stages(self, stages: dict[int, str]) -> None:
        if stages != self.stages:
            self.stages = stages
            self.refresh()

    def replace_row(self, index: int, sentence: Sentence) -> None:
        self.rows[index] = sentence
        self.refresh_line(index)

    @property
    def current(self) -> Sentence | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    # ---------------------------------------------------------- cursor
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_cursor()
        self.post_message(self.Highlighted(self, new))

    def scroll_to_cursor(self, animate: bool = False) -> None:
        self.scroll_to_region(
            Region(0, self.cursor, 1, 1), animate=animate, force=True, immediate=True
        )

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.read_to_end()  # the last sentence, not the last one read so far
        self.cursor = len(self.rows) - 1

    def on_click(self, event: events.Click) -> None:
        index = event.y + int(self.scroll_offset.y)
        if 0 <= index < len(self.rows):
            self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.scroll_to_cursor()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """The compositor hands a scroll view without children a virtual size of its own
        making, never the rows' (set here): Textual would then take every layout of the
        screen (a new detail, a notice) for a change of this list's size and redraw its
        scroll bar. It is redrawn when the rows or the list's own size change."""
        if self.virtual_size == self._scrolled_size:
            virtual_size = self.virtual_size
        self._scrolled_size = self.virtual_size
        return super()._size_updated(size, virtual_size, container_size, layout)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    # ---------------------------------------------------------- render
    def _row_styles(self) -> RowStyles:
        if self._styles is None:
            get = self.get_component_rich_style
            self._styles = RowStyles(
                base=self.rich_style,
                cursor=get("sentence-list--cursor"),
                number=get("sentence-list--number"),
                tags=get("sentence-list--tags"),
                evidence=get("sentence-list--evidence"),
                verdict=get("sentence-list--verdict"),
                headline=get("sentence-list--headline"),
                dim=get("sentence-list--dim"),
            )
        return self._styles

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        styles = self._row_styles()
        if index >= len(self.rows):
            return Strip.blank(width, styles.base)
        sentence = self.rows[index]
        _, evidence, verdict = badge_text(sentence)
        on_cursor = index == self.cursor
        row_style = styles.base + styles.cursor if on_cursor else styles.base
        # The cursor's background goes over the columns' own styles, so the whole row shows it.
        over = Style(bgcolor=styles.cursor.bgcolor) if on_cursor else Style()
        text = terminal_safe(self.text_for(sentence), one_line=True)
        text_style = styles.headline if sentence.kind == "headline" else Style()
        segments = [
            # Δ after the number: a revision of the article changed it since review.
            Segment(
                f"{sentence.number:>{NUMBER_WIDTH - 1}}{'Δ' if sentence.changed else ' '}",
                row_style + styles.number + over,
            ),
            *[
                Segment(mark, row_style + (styles.tags if is_set else styles.dim) + over)
                for mark, is_set in tag_marks(sentence)
            ],
            Segment(" ", row_style),
            Segment(f"{evidence:>3} ", row_style + styles.evidence + over),
            Segment(f"{verdict:<{VERDICT_WIDTH}} ", row_style + styles.verdict + over),
        ]
        if self.stages:
            stage = terminal_safe(self.stages.get(sentence.id, ""), one_line=True)
            if len(stage) > STAGE_WIDTH:
                stage = stage[: STAGE_WIDTH - 1] + "…"
            segments.append(Segment(f"{stage:<{STAGE_WIDTH}} ", row_style + styles.dim + over))
        segments.append(Segment(text, row_style + text_style))
        return Strip(segments).adjust_cell_length(width, row_style).simplify()
