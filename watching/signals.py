"""What watching announces to the apps above it.

`postings_found` is sent once after each successful read of a board that listed postings we had
not seen on it before (or that it lists again after closing them), with `board` (a Board) and
`posting_ids` (a list of Posting ids, all of that board) and `first_read` (True when the board
had never been read: every posting it lists is new to us, not necessarily new on the board),
after the read's transaction commits. A board watched by many seekers sends it once: the
receiver finds the watches (Board.watches, muted ones included) and decides who is told."""

from django.dispatch import Signal

postings_found = Signal()
