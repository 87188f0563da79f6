"""Property-based tests (Hypothesis): whatever a browser, a script or a paste sends, the app holds.

1. Every form page of the seeker app, posted arbitrary text, numbers, dates, missing fields,
   very long strings, unicode, NUL bytes and CR/LF by its owner, answers a page with the form's
   errors (200) or a redirect, never a server error; and a 200 leaves nothing half-saved.
2. CR/LF in a name or title never becomes an email header (the reminder and the coach
   invitation, built by the app's own functions) nor a raw line break in a mailto: link.
3. A seeker's `<script>` is shown escaped wherever their text appears: the app's pages, the
   coach's admin and the reminder email.

One file per part of the app (each well under a minute with CI's 200 examples, so the files
spread over pytest-xdist's workers); what they share is in harness.py and conftest.py.

Speed: the objects are made once per test (pytest-django's `db` fixture wraps the test in a
transaction), and each example runs in a savepoint that is rolled back, so examples never see
each other's rows. Strings are short, with a few long ones made by repetition (cheap to make).
Drawing the page is most of a request's time (crispy-forms, a time zone select of ~600
options), so a form example draws it one time in RENDER_ONE_IN: the view, its form, its queries
and its context run every time, and the page is rendered for a drawn 0, which is also where
Hypothesis shrinks to, so a failure that needs the page keeps it. The escaping tests always
render: that is what they check.
"""
