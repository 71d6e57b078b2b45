"""Blind double review through the facade: each reviewer tags their own layer, sees only it,
outsiders are refused, agreement is measured tag by tag, and disagreements are settled into
the real tags, each step one undoable action."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Clock
from workbench.core.errors import NothingToDoError, ValidationError
from workbench.core.kappa import NO_VARIANCE
from workbench.core.service import Workbench

from ..hardening.support import dump

# On the 13-sentence sample article: alice and bob agree on quotes, differ on three claims.
ALICE = {2: ["claim"], 3: ["claim"], 4: ["claim"], 5: ["claim"], 7: ["claim"], 6: ["quote"]}
ALICE_8 = ["quote"]
BOB = {2: ["claim"], 3: ["claim"], 4: ["claim"], 6: ["quote"], 8: ["claim", "quote"]}


@pytest.fixture
def sessions(db_path: Path, workbench: Workbench, seed: int) -> Iterator[dict[str, Workbench]]:
    with (
        Workbench(db_path, "bob", clock=Clock()) as bob,
        Workbench(db_path, "erin", clock=Clock()) as erin,
    ):
        yield {"alice": workbench, "bob": bob, "erin": erin}


def _tag_round(s: dict[str, Workbench], seed: int) -> None:
    s["alice"].start_blind(seed, ["alice", "bob"])
    for number, tags in ALICE.items():
        s["alice"].set_tags(seed, number, tags)
    s["alice"].toggle_tag(seed, 8, ALICE_8[0])
    for number, tags in BOB.items():
        s["bob"].set_tags(seed, number, tags)


def test_each_reviewer_tags_and_sees_only_their_own_layer(
    sessions: dict[str, Workbench], seed: int
) -> None:
    alice, bob, erin = sessions["alice"], sessions["bob"], sessions["erin"]
    started = alice.start_blind(seed, ["alice", " bob ", "alice"])
    assert started.message == "started blind review of article 1 by alice and bob"
    outcome = alice.toggle_tag(seed, 3, "claim")
    assert outcome.message == "tagged sentence 3 as claim (blind review)"
    assert outcome.action.verb == "blind tag"
    bob.set_tags(seed, 3, ["quote", "figure"])
    # Each sees their own tags, in the list, the detail and the progress count.
    assert alice.sentences(seed)[2].tags == ("claim",)
    assert bob.sentences(seed)[2].tags == ("quote", "figure")
    assert [t.tag for t in alice.sentence(seed, 3).tags] == ["claim"]
    assert [(t.tag, t.set_by) for t in bob.sentence(seed, 3).tags] == [
        ("quote", "bob"),
        ("figure", "bob"),
    ]
    assert alice.progress(seed)["tagged"] == 1
    # No suggestion either: the rules' hints are not shown in a blind round.
    assert all(not s.suggested for s in alice.sentences(seed))
    assert alice.sentence(seed, 2).suggestions == ()
    # The article's real tags are untouched; someone outside the round sees them (none).
    assert erin.sentences(seed)[2].tags == ()
    assert erin.sentence(seed, 2).suggestions != ()
    # The history hides the other reviewer's blind tags from a reviewer in the round.
    assert [a.reviewer for a in bob.history(seed) if a.verb == "blind tag"] == ["bob"]
    assert "blind start" in [a.verb for a in bob.history(seed)]
    assert {a.reviewer for a in erin.history(seed) if a.verb == "blind tag"} == {
        "alice",
        "bob",
    }


def test_blind_tags_are_undone_and_redone_like_any_action(
    sessions: dict[str, Workbench], seed: int
) -> None:
    alice = sessions["alice"]
    alice.start_blind(seed, ["alice", "bob"])
    alice.set_tags(seed, 4, ["claim", "figure"])
    assert alice.sentences(seed)[3].tags == ("claim", "figure")
    undone = alice.undo(seed)
    assert undone.message.startswith("undid: tagged sentence 4 as claim, figure (blind review)")
    assert alice.sentences(seed)[3].tags == ()
    alice.redo(seed)
    assert alice.sentences(seed)[3].tags == ("claim", "figure")
    removed = alice.set_tags(seed, 4, ["figure"], on=False)
    assert removed.message == "removed tag figure from sentence 4 (blind review)"
    with pytest.raises(NothingToDoError, match="not tagged figure in your blind review"):
        alice.set_tags(seed, 4, ["figure"], on=False)
    with pytest.raises(NothingToDoError, match="already has those tags"):
        alice.set_tags(seed, 4, ["claim"])


def test_outsiders_and_held_actions_are_refused_and_change_nothing(
    sessions: dict[str, Workbench], seed: int, db_path: Path
) -> None:
    alice, erin = sessions["alice"], sessions["erin"]
    alice.start_blind(seed, ["alice", "bob"])
    before = dump(db_path)
    with pytest.raises(ValidationError, match="under blind review by alice and bob, and erin"):
        erin.toggle_tag(seed, 2, "claim")
    with pytest.raises(ValidationError, match="erin is not in the round"):
        erin.set_tags(seed, 2, ["claim"])
    with pytest.raises(ValidationError, match="erin is not in the round"):
        erin.toggle_done(seed, 2)
    with pytest.raises(ValidationError, match="accepting suggestions waits until the round"):
        alice.accept(seed, 2)
    with pytest.raises(ValidationError, match="marking sentences nothing to check waits"):
        alice.mark_done(seed, [9])
    with pytest.raises(ValidationError, match="merging sentences waits"):
        alice.merge(seed, 2)
    with pytest.raises(ValidationError, match="splitting sentences waits"):
        alice.split(seed, 2, 10)
    with pytest.raises(ValidationError, match="rating sentences waits until the round stops"):
        alice.set_verdict(seed, 2, "True")
    with pytest.raises(NothingToDoError, match="under blind review by alice and bob already"):
        alice.start_blind(seed, ["alice", "carol"])
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["alice"], "at least two different reviewers"),
        (["alice", "Alice ", "alice"], None),  # case differs: two names
        (["alice", "both"], "it names a way to settle"),
        (["alice", "bad\udcff"], "reviewer name"),
        (["alice", "x" * 101], "at most 100 characters"),
    ],
)
def test_a_round_needs_two_different_reviewers(
    workbench: Workbench, seed: int, names: list[str], message: str | None
) -> None:
    if message is None:
        assert workbench.start_blind(seed, names).message.endswith("by alice and Alice")
        return
    with pytest.raises(ValidationError, match=message):
        workbench.start_blind(seed, names)


def test_starting_over_real_tags_warns_that_they_are_hidden(
    workbench: Workbench, seed: int
) -> None:
    workbench.set_tag(seed, 2, "claim")
    outcome = workbench.start_blind(seed, ["alice", "bob"])
    assert outcome.warnings == (
        "the article has 1 tag already: the reviewers in the round do not see them, and "
        "settling a disagreement replaces a sentence's tags",
    )
    assert workbench.sentences(seed)[1].tags == ()  # alice is in the round: her layer only


def test_agreement_per_tag_matches_the_hand_computed_kappa(
    sessions: dict[str, Workbench], seed: int
) -> None:
    _tag_round(sessions, seed)
    alice, erin = sessions["alice"], sessions["erin"]
    with pytest.raises(ValidationError, match="you are in the round: agreement is shown once"):
        alice.agreement(seed)
    interim = erin.agreement(seed)  # someone outside the round may look while it runs
    assert interim.round.open
    alice.stop_blind(seed)
    result = alice.agreement(seed)
    assert (result.sentences, result.disagreements, result.settled) == (13, 3, 0)
    by_tag = {t.tag: t for t in result.tags}
    claim = by_tag["claim"]
    assert claim.method == "cohen"
    (pair,) = claim.pairs
    assert (pair.a, pair.b) == ("alice", "bob")
    assert (pair.counts.both, pair.counts.only_a, pair.counts.only_b, pair.counts.neither) == (
        3,
        2,
        1,
        7,
    )
    # po = 10/13; pe = (5·4 + 8·9)/13² = 92/169; κ = (130 − 92)/(169 − 92) = 38/77.
    assert claim.kappa.observed == pytest.approx(10 / 13)
    assert claim.kappa.value == pytest.approx(38 / 77)
    assert by_tag["quote"].kappa.value == pytest.approx(1.0)
    figure = by_tag["figure"].kappa
    assert (figure.value, figure.observed, figure.note) == (None, 1.0, NO_VARIANCE)


def test_three_reviewers_get_fleiss_kappa_and_every_pair(
    db_path: Path, workbench: Workbench, seed: int
) -> None:
    workbench.start_blind(seed, ["alice", "bob", "carol"])
    answers = {"alice": [2, 3, 4], "bob": [2, 3], "carol": [2, 5]}
    for name, numbers in answers.items():
        with Workbench(db_path, name, clock=Clock()) as wb:
            for number in numbers:
                wb.set_tag(seed, number, "claim")
    workbench.stop_blind(seed)
    claim = workbench.agreement(seed).tags[0]
    assert claim.method == "fleiss"
    assert [(p.a, p.b) for p in claim.pairs] == [
        ("alice", "bob"),
        ("alice", "carol"),
        ("bob", "carol"),
    ]
    # Yes counts per sentence: s2 3, s3 2, s4 1, s5 1, nine sentences 0 (of 3 reviewers).
    # P_i: 1, 1/3, 1/3, 1/3, and 1 nine times → P̄ = (10 + 1)/13 = 11/13.
    # p_yes = 7/39, p_no = 32/39 → P̄e = (49 + 1024)/1521 = 1073/1521.
    observed, expected = 11 / 13, 1073 / 1521
    assert claim.kappa.observed == pytest.approx(observed)
    assert claim.kappa.value == pytest.approx((observed - expected) / (1 - expected))


def test_disagreements_are_settled_into_the_real_tags(
    sessions: dict[str, Workbench], seed: int, db_path: Path
) -> None:
    _tag_round(sessions, seed)
    alice, erin = sessions["alice"], sessions["erin"]
    with pytest.raises(ValidationError, match="you are in the round: the disagreements are shown"):
        alice.disagreements(seed)
    with pytest.raises(ValidationError, match="still under blind review: stop the round"):
        erin.reconcile(seed, 5, "A")
    stopped = alice.stop_blind(seed)
    assert stopped.message == "stopped blind review of article 1 (13 blind tags kept for audit)"
    found = erin.disagreements(seed)
    assert [(d.number, d.tags) for d in found] == [
        (5, {"alice": ("claim",), "bob": ()}),
        (7, {"alice": ("claim",), "bob": ()}),
        (8, {"alice": ("quote",), "bob": ("claim", "quote")}),
    ]
    assert (found[2].agreed, found[2].disputed) == (("quote",), ("claim",))
    # Everyone sees the real tags again: none yet.
    assert alice.sentences(seed)[4].tags == ()
    settled = erin.reconcile(seed, 5, "A")
    assert settled.message == "settled sentence 5 with alice’s tags: claim"
    assert [t.tag for t in erin.sentence(seed, 5).tags] == ["claim"]
    assert erin.sentence(seed, 5).tags[0].set_by == "erin"
    erin.reconcile(seed, 7, "bob")
    assert erin.sentence(seed, 7).tags == ()
    erin.reconcile(seed, 8, "none")  # only what both set
    assert erin.sentence(seed, 8).sentence.tags == ("quote",)
    erin.reconcile(seed, 8, "both")  # changed her mind: a new decision replaces it
    assert erin.sentence(seed, 8).sentence.tags == ("claim", "quote")
    progress = [(d.number, d.settled, d.settled_tags) for d in erin.disagreements(seed)]
    assert progress == [(5, "alice", ("claim",)), (7, "bob", ()), (8, "both", ("claim", "quote"))]
    assert erin.agreement(seed).settled == 3
    # Undo takes the decision and its tags back.
    erin.undo(seed)
    assert erin.sentence(seed, 8).sentence.tags == ("quote",)
    assert erin.disagreements(seed)[2].settled == "none"
    before = dump(db_path)
    with pytest.raises(NothingToDoError, match="the reviewers agree on sentence 2"):
        erin.reconcile(seed, 2, "A")
    with pytest.raises(ValidationError, match=r"Choose A \(alice\), B \(bob\), both or none"):
        erin.reconcile(seed, 5, "carol")
    assert dump(db_path) == before


def test_exports_leave_the_blind_layers_out(sessions: dict[str, Workbench], seed: int) -> None:
    _tag_round(sessions, seed)
    exported = json.loads(sessions["alice"].export(seed, "json").text)
    assert "blind" not in json.dumps(exported)
    tagged = [s for s in exported["sentences"] if s.get("tags")]
    assert tagged == []


def test_a_round_is_stopped_once_and_its_layers_kept(
    sessions: dict[str, Workbench], seed: int
) -> None:
    _tag_round(sessions, seed)
    bob = sessions["bob"]
    open_round = bob.blind_round(seed)
    assert open_round.open
    assert open_round.tagged == {"bob": 5}  # his own count only while blind
    bob.stop_blind(seed)
    with pytest.raises(NothingToDoError, match="not under blind review"):
        bob.stop_blind(seed)
    closed = bob.blind_round(seed)
    assert (closed.open, closed.stopped_by, closed.tagged) == (
        False,
        "bob",
        {"alice": 7, "bob": 5},
    )
    # Tags go to the real record again, and a new round can start.
    assert bob.toggle_tag(seed, 9, "figure").action.verb == "tag"
    assert bob.start_blind(seed, ["alice", "bob"]).action.verb == "blind start"
    with pytest.raises(NothingToDoError, match="has had no blind review"):
        bob.agreement(bob.import_file(Path(__file__)).article.id)
