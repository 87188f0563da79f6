"""Do two servers send the same HTML? Compares, for the seekers of bench/pages.py's database,
each page (and its htmx partial) as served by two code trees or settings, after normalising
what may differ without a reader seeing it: runs of whitespace become one space, and the CSRF
token (new on every request, in the forms and the htmx headers) becomes "CSRF".

Uses:
- before swapping a page's rendering for a faster one (issue 17): the previous code against
  the new, `--a /tmp/before --b .`;
- a benchmark floor (minimal views that must send the same HTML as the pages): the same tree
  with another settings module, `--b .:bench.floor_settings --as-measured` (the floor serves
  each page as bench/pages.py loads it; its list ignores filters, sorting and paging).

Run by hand from the repository root after `bench/pages.py --keep-db` (or the seed alone):

    .venv/bin/python bench/same_html.py --a /tmp/before --b . [--pages board,pipeline]

Seeker 1 is the measured one (500 applications, plain names); seeker 2's rows are given names
that need escaping, a pinned viable #2, a manual order, upcoming interviews and tags first
(the board is also loaded filtered by a tag, the list filtered and paged: LIST_QUERIES) (idempotent
UPDATEs and INSERTs on that seeker only, so the measured figures do not move); the
20-application seeker (pages_seed.SMALL_EMAIL) loads them too. Exits 1 if any page differs, with
both versions of the lines around each difference."""

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg2
from common import PYTHON, BenchmarkError, check, log
from pages import ENV, PAGES, collectstatic
from pages_seed import SMALL_EMAIL

# Who loads the pages (User.objects.get(**lookup)) under a label.
SEEKERS = {
    "seeker 1": {"pk": 1},
    "seeker 2": {"pk": 2},
    "the 20-application seeker": {"email": SMALL_EMAIL},
}
# A page and its htmx partial (what a move or a pin swaps in).
HTMX = {"board", "pipeline"}

TRICKY_SQL = """
UPDATE applications_company SET name = 'Smith & <Sons> "Q" ''' || id || ''''
WHERE owner_id = 2 AND id IN (SELECT id FROM applications_company WHERE owner_id = 2
                              ORDER BY id LIMIT 10);
UPDATE applications_application SET role_title = 'R&D <b>lead</b> "' || id || '" it''s'
WHERE owner_id = 2 AND id % 3 = 0;
UPDATE applications_application SET is_pinned_second = false WHERE owner_id = 2;
UPDATE applications_application SET is_pinned_second = true
WHERE id = (SELECT id FROM applications_application WHERE owner_id = 2 AND NOT is_dream_job
            AND stage IN ('applied', 'screening', 'interviewing', 'offer') ORDER BY id LIMIT 1);
UPDATE applications_application SET pipeline_position = id % 4 + 1
WHERE owner_id = 2 AND NOT is_dream_job AND id % 5 = 0;
INSERT INTO applications_interview
    (starts_at, kind, preparation, created_at, updated_at, application_id, owner_id)
SELECT date_trunc('hour', now()) + interval '3 days 30 minutes', 'video', '', now(), now(), id, 2
FROM applications_application WHERE owner_id = 2 AND stage IN ('screening', 'interviewing')
ON CONFLICT DO NOTHING;
INSERT INTO applications_tag (name, created_at, owner_id)
VALUES ('Remote', now(), 2), ('R&D <x> "q"', now(), 2)
ON CONFLICT DO NOTHING;
INSERT INTO applications_application_tags (application_id, tag_id)
SELECT a.id, t.id FROM applications_application AS a
JOIN applications_tag AS t ON t.owner_id = 2 AND (a.id % 2 = 0 OR t.name = 'Remote')
WHERE a.owner_id = 2
ON CONFLICT DO NOTHING;
"""
# The board filtered by a tag (seeker 2's): every move keeps the filter.
TAG_QUERY = {"tag": 'R&D <x> "q"'}
# The list filtered every way its form allows: each tag's badge keeps the other filters.
LIST_QUERIES = {
    " (tag)": TAG_QUERY,
    " (filtered)": {"q": "a", "stage": "open", "sort": "company", "tag": "remote"},
    " (open, page 2)": {"stage": "open", "sort": "excitement", "page": "2"},
    " (sorted, page 3)": {"sort": "applied", "page": "3"},
    " (nothing)": {"q": "no such application"},
    " (not understood)": {"stage": "nonsense", "sort": "nonsense"},
}


def dump(pages: list[str], as_measured: bool) -> None:
    """In the child process (cwd = the tree, settings from the environment): every page of
    every seeker as JSON on stdout; `as_measured`: only as bench/pages.py loads them."""
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User

    paths = {name: path for name, path, *_ in PAGES}
    out = {}
    for seeker, lookup in SEEKERS.items():
        client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(**lookup))
        for name in pages:
            variants = {"": ({}, {})}
            if name in HTMX:
                variants[" (htmx)"] = ({}, {"HTTP_HX_REQUEST": "true"})
            if name == "board" and not as_measured:
                variants[" (tag)"] = (TAG_QUERY, {})
                variants[" (tag, htmx)"] = (TAG_QUERY, {"HTTP_HX_REQUEST": "true"})
            if name == "list" and not as_measured:
                variants.update((variant, (query, {})) for variant, query in LIST_QUERIES.items())
            for variant, (query, headers) in variants.items():
                response = client.get(paths[name], query, secure=True, **headers)
                # A page past the last is a 404 for the 20-application seeker: the same on both
                # sides too.
                status = response.status_code
                check(status in (200, 404), f"{seeker}, {name}{variant}: {status}")
                out[f"{seeker}, {name}{variant}"] = f"{status} {response.content.decode()}"
    json.dump(out, sys.stdout)


def pages_of(tree: str, pages: list[str], as_measured: bool) -> dict[str, str]:
    directory, _, settings = tree.partition(":")
    env = {**os.environ, **ENV, "DJANGO_SETTINGS_MODULE": settings or "config.settings"}
    made_static = collectstatic(Path(directory).resolve())
    try:
        run = subprocess.run(  # noqa: S603
            [str(PYTHON), __file__, "--dump", ",".join(pages)]
            + (["--as-measured"] if as_measured else []),
            cwd=Path(directory).resolve(),
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        if made_static:
            shutil.rmtree(made_static)
    check(run.returncode == 0, f"{tree} failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout)


def normalise(html: str) -> str:
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*', r"\1CSRF", html)
    html = re.sub(r'("X-CSRFToken": ")[^"]*', r"\1CSRF", html)
    return re.sub(r"\s+", " ", html).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", default=".", help="DIR[:settings module] (config.settings)")
    parser.add_argument("--b", default=".", help="DIR[:settings module]")
    parser.add_argument("--pages", default=",".join(page[0] for page in PAGES))
    parser.add_argument(
        "--as-measured",
        action="store_true",
        help="each page (and htmx partial) only as bench/pages.py loads it, without the "
        "filtered, sorted and paged variants: what its floor serves",
    )
    parser.add_argument("--dump", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        dump(args.dump.split(","), args.as_measured)
        return
    pages = args.pages.split(",")
    with psycopg2.connect(ENV["DATABASE_URL"]) as connection, connection.cursor() as cursor:
        cursor.execute(TRICKY_SQL)
    a, b = (pages_of(tree, pages, args.as_measured) for tree in (args.a, args.b))
    different = 0
    for key, html in a.items():
        left, right = normalise(html), normalise(b[key])
        if left == right:
            log(f"{key}: the same ({len(left):,} characters normalised)")
            continue
        different += 1
        lines = difflib.unified_diff(
            left.replace("> <", ">\n<").splitlines(),
            right.replace("> <", ">\n<").splitlines(),
            args.a,
            args.b,
            n=2,
            lineterm="",
        )
        log(f"{key}: DIFFERENT\n" + "\n".join(list(lines)[:40]))
    if different:
        raise BenchmarkError(f"{different} of {len(a)} pages differ")


if __name__ == "__main__":
    try:
        main()
    except BenchmarkError as error:
        sys.exit(f"bench/same_html.py: {error}")
