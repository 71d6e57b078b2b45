"""The claim rules: words that only look like events or verbs of speech, names, a speaker's own
record, and the conventions by which news writing marks a sentence as no claim."""

from __future__ import annotations

import pytest

from workbench.core.suggest import SentenceHints, article_names, suggest


def hints_of(text: str, before: str | None = None) -> SentenceHints:
    """Hints for a sentence of the body, opening its paragraph (after a headline and, if
    given, a sentence of its own paragraph before it)."""
    rows = [("Headline", 0)]
    if before is not None:
        rows.append((before, 1))
    rows.append((text, 2))
    return suggest(rows)[-1]


def claim_reason(text: str) -> str:
    return next(h.reason for h in hints_of(text).hints if h.tag == "claim")


# ------------------------------------------------------- words that look like something else
def test_united_is_a_name_not_a_past_event() -> None:
    hints = hints_of("Talks between the United Nations and the rebels resume on the coast.")
    assert "past" not in hints.signals
    assert "reports" not in claim_reason("The United Nations team lands in Bremen after dark.")


def test_states_in_a_name_is_not_a_verb_of_speech() -> None:
    hints = hints_of("The United States and Canada share the longest land border on earth.")
    assert "attributed" not in hints.signals
    # As a verb it still attributes.
    assert "attributed" in hints_of("The report states that rents rose by 9% in 2023.").signals


def test_curly_contractions_and_months_are_not_names() -> None:
    names = article_names(
        [
            "Then he said I’m not leaving, and We’re staying put.",
            "The vote is in October, said Washington's envoy.",
        ]
    )
    assert "I’m" not in names and "We’re" not in names and "October" not in names
    assert "Washington" in names and "Washington's" not in names


def test_didnt_is_read_as_past() -> None:
    hints = hints_of("The mayor didn't sign the contract with Harlow Freight.")
    assert "past" in hints.signals and "claim" in hints.tags
    assert "past" in hints_of("The council didn’t publish the audit.").signals


# ------------------------------------------------------------- a speaker's own record
@pytest.mark.parametrize(
    "text",
    [
        "I voted against the war in the Senate.",
        "We cut taxes for every working family in Ohio.",
        "I have never raised the sales tax.",
        "We didn't close a single hospital.",
    ],
)
def test_a_speakers_own_record_is_a_claim(text: str) -> None:
    assert "claim" in hints_of(text).tags


@pytest.mark.parametrize(
    "text",
    [
        "I believe our town deserves a better deal.",
        "We need a government that listens.",
        "My family loves this coast.",
    ],
)
def test_the_first_person_view_is_still_not_a_claim(text: str) -> None:
    assert "claim" not in hints_of(text).tags


# ---------------------------------------------------- what news writing marks as no claim
@pytest.mark.parametrize(
    "text",
    [
        "Forecasters expect the storm to weaken over the hills.",
        "Economists predict a slower recovery in the north.",
        "The deal will secure 900 jobs at the plant for the next 30 years.",
        "The merger would cost the region £5m a year.",
        "Forecasters expect rain on 3 May, with 40mm in the hills.",
        "The union said it would not move until the board resigns.",
        "The minister wants to reopen the Carrow line.",
        "Any strike on the port will be met with force.",
        "It would be a pity if Corvale lost its library.",
    ],
)
def test_forecasts_intentions_and_conditions_are_not_claims(text: str) -> None:
    hints = hints_of(text)
    assert "claim" not in hints.tags and "forecast" in hints.signals


@pytest.mark.parametrize(
    "text",
    [
        "A sentencing hearing will take place in February.",
        "The Tarn bridge will close on Monday for repairs.",
        "The budget will fund 14 new schools and 3,200 teachers.",
        "The board predicted a loss in March, and the shares fell 8%.",
        "The chief executive said profits could fall by 12% next year.",
    ],
)
def test_schedules_plans_with_figures_and_reported_events_stay_claims(text: str) -> None:
    assert "claim" in hints_of(text).tags


@pytest.mark.parametrize(
    "text",
    [
        "Residents can check their records at www.harlow-council.example.org/records.",
        "The museum is open from 10am to 5pm, Tuesday to Sunday.",
        "Opening hours are 9am to 1pm on weekdays.",
        "Flood maps are available online at https://example.org/flood-help.",
        "Anyone affected can call the helpline on 0800 123 456.",
    ],
)
def test_service_information_is_not_a_claim(text: str) -> None:
    hints = hints_of(text)
    assert "claim" not in hints.tags and "service" in hints.signals


def test_a_web_address_in_a_reported_event_keeps_the_claim() -> None:
    hints = hints_of("The ministry published the audit of 212 schools at www.example.org.")
    assert "claim" in hints.tags


@pytest.mark.parametrize(
    "text",
    [
        "The figure could not be independently verified.",
        "The video could not be verified by reporters.",
        "Brightwell Holdings did not respond to a request for comment.",
        "A spokesman for the council declined to comment.",
    ],
)
def test_editorial_caveats_are_not_claims(text: str) -> None:
    hints = hints_of(text)
    assert "claim" not in hints.tags and "caveat" in hints.signals


def test_a_caveat_aside_leaves_the_claim_it_qualifies() -> None:
    text = "Footage, which could not be verified, showed 30 trucks crossing at Anvik."
    assert "claim" in hints_of(text).tags
    text = "The group has claimed 40 raids since May, many of which could not be verified."
    assert "claim" in hints_of(text).tags


@pytest.mark.parametrize(
    "text",
    [
        "Maria Ostrova is a senior reporter at the Coastal Herald.",
        "The author is a professor of economics at Lund University.",
        "Tom Reyes was a correspondent in Cairo for 12 years.",
    ],
)
def test_author_biography_lines_are_not_claims(text: str) -> None:
    hints = hints_of(text)
    assert "claim" not in hints.tags and "biography" in hints.signals


@pytest.mark.parametrize("text", ["About Northwind Energy", "Background to the Harlow scheme"])
def test_section_headings_are_not_claims(text: str) -> None:
    hints = hints_of(text)
    assert "claim" not in hints.tags and "heading" in hints.signals


def test_a_list_item_or_a_headline_is_no_section_heading() -> None:
    assert "claim" in hints_of("• free bus passes for Year 6 pupils in Westmoor").tags
    assert "heading" not in suggest([("Harlow Council Approves Bridge", 0)])[0].signals


@pytest.mark.parametrize(
    "text",
    [
        "Many residents, however, say the bridge came too late.",
        "Critics argue the Harlow scheme favoured developers.",
    ],
)
def test_views_of_an_unnamed_group_are_not_claims(text: str) -> None:
    assert "claim" not in hints_of(text).tags


@pytest.mark.parametrize(
    "text",
    [
        "Minister Ana Lind said the reform was long overdue.",  # a copula is no event
        "“You need to think of every family in Corvale.",  # addressed to someone
    ],
)
def test_judgements_and_address_are_not_claims(text: str) -> None:
    assert "claim" not in hints_of(text).tags


def test_what_you_did_is_a_record_and_a_claim() -> None:
    assert "claim" in hints_of("You voted against the Harlow bridge.").tags
