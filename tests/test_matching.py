"""Title matching (chances.matching) measured on the labelled pairs of tests/title_pairs.py."""

import pytest

from chances.matching import THRESHOLD, is_match, parse_title, place_factor, score
from tests.title_pairs import HELD_OUT, POSITIVE, TUNING


def measure(table) -> tuple[float, float, list]:
    """Precision and recall at THRESHOLD, and the rows it gets wrong."""
    found = right = positives = 0
    wrong = []
    for rejected, rejected_at, posting, posting_at, label in table:
        matched = is_match(score(rejected, rejected_at, posting, posting_at))
        positive = label in POSITIVE
        found += matched
        right += matched and positive
        positives += positive
        if matched != positive:
            wrong.append((rejected, posting, label))
    return (right / found if found else 1.0), right / positives, wrong


def test_the_table_is_big_enough_and_covers_every_kind():
    assert len(TUNING) >= 60
    assert {row[-1] for row in TUNING} == {"same", "near", "related", "unrelated"}


@pytest.mark.parametrize(("name", "table"), [("tuning", TUNING), ("held out", HELD_OUT)])
def test_precision_and_recall_at_the_default_threshold(name, table):
    precision, recall, wrong = measure(table)
    print(f"\n{name}: precision {precision:.2f}, recall {recall:.2f} at {THRESHOLD}")
    print(f"wrong: {wrong}")
    assert precision >= 0.9
    assert recall >= 0.8


@pytest.mark.parametrize(
    ("title", "head", "specifics", "level"),
    [
        ("Sr. Software Engineer", "engineer", set(), 3),
        ("Senior Platform Engineer II", "engineer", {"platform"}, 3),
        ("Software Engineer III", "engineer", set(), 3),
        ("SRE", "engineer", {"reliability"}, 2),
        ("Front-End Developer", "engineer", {"frontend"}, 2),
        ("Engineer, Machine Learning", "engineer", {"ml"}, 2),
        ("Director of Engineering", "director", {"engineer"}, 2),
        ("Warehouse Associate", "warehouse", set(), 1),
        ("Über-Engineer", "engineer", {"uber"}, 2),
        ("", "", set(), 2),
    ],
)
def test_a_title_is_read_as_a_role(title, head, specifics, level):
    role = parse_title(title)
    assert (role.head, set(role.specifics), role.level) == (head, specifics, level)


def test_a_remote_posting_is_anywhere_and_another_city_lowers_the_score():
    assert place_factor("Berlin", "Remote (EU)") == 1
    assert place_factor("Berlin", "Munich", remote=True) == 1
    assert place_factor("Remote", "Munich") == 1
    assert place_factor("Berlin", "") == 1
    assert place_factor("New York, NY", "NYC; London") == 1
    assert place_factor("Berlin, Germany", "Munich, Germany") < 1
    same_city = score("Backend Engineer", "Berlin", "Backend Engineer", "Berlin")
    assert score("Backend Engineer", "Berlin", "Backend Engineer", "Munich") < same_city


def test_nothing_in_common_scores_zero():
    assert score("Backend Engineer", "", "Executive Assistant", "") == 0
    assert score("", "", "Backend Engineer", "") == 0
